// Copies the AI SDK cookbook "Markdown chatbot with memoization": marked.lexer splits the answer into top-level
// blocks, each rendered by a React.memo'd react-markdown (remark-gfm added, as in react-markdown and
// react-markdown-throttled, so the three differ only in what they copy). A re-render lexes the whole text with
// marked (cheap, O(length so far)) but re-parses and re-renders only the blocks whose source changed: the last,
// growing one. Like the cookbook, useChat runs with experimental_throttle: 50 (a useSyncExternalStore read,
// throttled; status unthrottled). Costs creep back when the last block is long (a big code block or list).
import { memo, useEffect, useMemo, useSyncExternalStore } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { defineRenderer } from '../harness/renderer/contract.ts';
import { marked } from '../harness/renderer/marked.ts';
import { markdownToSafeHtml } from '../harness/renderer/markdown.ts';
import { AnswerStore, storeRenderer } from './react-markdown/answer-store.ts';

/** The cookbook's useChat({ experimental_throttle: 50 }). */
export const THROTTLE_MS = 50;
const REMARK_PLUGINS = [remarkGfm];

function parseMarkdownIntoBlocks(markdown: string): string[] {
  return marked.lexer(markdown).map((token) => token.raw);
}

const MemoizedMarkdownBlock = memo(
  function MemoizedMarkdownBlock({ content }: { content: string }) {
    return <Markdown remarkPlugins={REMARK_PLUGINS}>{content}</Markdown>;
  },
  (prev, next) => prev.content === next.content,
);

const MemoizedMarkdown = memo(function MemoizedMarkdown({ content, id }: { content: string; id: string }) {
  const blocks = useMemo(() => parseMarkdownIntoBlocks(content), [content]);
  return blocks.map((block, index) => <MemoizedMarkdownBlock content={block} key={`${id}-block_${index}`} />);
});

/**
 * What the blocks show: each block rendered on its own. Each is a separate react-markdown document, so nothing
 * separates one block's text from the next in textContent (the page still lays them out as separate blocks):
 * the newlines marked writes between top-level elements are not there.
 */
function blocksText(source: string): string {
  const scratch = document.createElement('div');
  return parseMarkdownIntoBlocks(source)
    .map((block) => {
      scratch.innerHTML = markdownToSafeHtml(block);
      const elements = [...scratch.childNodes].filter((node) => node.nodeType === Node.ELEMENT_NODE);
      return elements.map((node) => node.textContent ?? '').join('');
    })
    .join('');
}

function Answer({ store }: { store: AnswerStore }) {
  const text = useSyncExternalStore(store.subscribeText, store.getText);
  const status = useSyncExternalStore(store.subscribeStatus, store.getStatus);
  useEffect(() => store.committed(text), [store, text]);
  return (
    <div className="message" data-status={status}>
      <MemoizedMarkdown id="answer" content={text} />
    </div>
  );
}

export default defineRenderer({
  description: `React 19: marked.lexer blocks, each a memoized react-markdown; updates throttled to ${THROTTLE_MS} ms`,
  output: 'markdown',
  family: 'framework',
  packages: ['react', 'react-dom', 'react-markdown', 'remark-gfm', 'marked'],
  source: {
    name: 'AI SDK cookbook: markdown chatbot with memoization',
    url: 'https://ai-sdk.dev/cookbook/next/markdown-chatbot-with-memoization',
  },
  expectedText: blocksText,
  create() {
    const store = new AnswerStore(THROTTLE_MS);
    return storeRenderer(store, <Answer store={store} />, () => store.finish());
  },
});
