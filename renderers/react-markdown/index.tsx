// Copies LibreChat / chatbot-ui: the answer lives in React state and every network chunk calls setState with the
// text so far; the message re-renders <ReactMarkdown> (remark-gfm), which re-parses the WHOLE text into mdast ->
// hast -> React elements, and React diffs the whole tree. React 19 batches updates that land in the same task, so
// the cost is one full parse + render per batch of chunks (per worker message here), O(length so far) each: the
// answer costs O(n^2). No sanitiser needed: react-markdown escapes raw HTML and filters URLs (defaultUrlTransform).
import { useEffect, useState } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { defineRenderer } from '../../harness/renderer/contract.ts';
import { AnswerStore, storeRenderer } from './answer-store.ts';

const REMARK_PLUGINS = [remarkGfm];

function Answer({ store }: { store: AnswerStore }) {
  const [text, setText] = useState(store.text);
  // setState on every chunk, as the products' stream readers do; on subscribing, catch up with chunks that
  // arrived between the first render and this effect (else a stream that ends before it stays cut short).
  useEffect(() => {
    const unsubscribe = store.subscribeText(() => setText(store.text));
    setText(store.text);
    return unsubscribe;
  }, [store]);
  useEffect(() => store.committed(text), [store, text]);
  return (
    <div className="message">
      <Markdown remarkPlugins={REMARK_PLUGINS}>{text}</Markdown>
    </div>
  );
}

export default defineRenderer({
  description: 'React 19 + react-markdown (remark-gfm): answer in useState, setState on every chunk',
  output: 'markdown',
  family: 'framework',
  packages: ['react', 'react-dom', 'react-markdown', 'remark-gfm'],
  source: {
    name: 'LibreChat / chatbot-ui (react-markdown, setState per chunk)',
    url: 'https://github.com/danny-avila/LibreChat',
  },
  create() {
    const store = new AnswerStore();
    return storeRenderer(store, <Answer store={store} />, () => store.settled());
  },
});
