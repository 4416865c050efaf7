// Copies the AI SDK's useChat({ experimental_throttle: 50 }): the chat state lives outside React and components
// read it with useSyncExternalStore; the messages subscription is throttled (throttleit: at most one re-render
// per 50 ms, leading and trailing), the status subscription is not, so the 'ready' re-render shows the final
// text at once. Each re-render still re-parses the WHOLE answer with react-markdown (remark-gfm) and diffs the
// whole tree, so each costs O(length so far); the throttle caps how many there are (about 20/s instead of one
// per batch of chunks). useSyncExternalStore updates render synchronously (in a microtask), as in the product.
import { useEffect, useSyncExternalStore } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { defineRenderer } from '../harness/renderer/contract.ts';
import { AnswerStore, storeRenderer } from './react-markdown/answer-store.ts';

/** useChat's experimental_throttle, in ms: the value the AI SDK docs suggest. */
export const THROTTLE_MS = 50;
const REMARK_PLUGINS = [remarkGfm];

function Answer({ store }: { store: AnswerStore }) {
  const text = useSyncExternalStore(store.subscribeText, store.getText);
  // Read, as useChat's caller does (a stop button, a caret): a status change re-renders with the latest text.
  const status = useSyncExternalStore(store.subscribeStatus, store.getStatus);
  useEffect(() => store.committed(text), [store, text]);
  return (
    <div className="message" data-status={status}>
      <Markdown remarkPlugins={REMARK_PLUGINS}>{text}</Markdown>
    </div>
  );
}

export default defineRenderer({
  description: `React 19 + react-markdown (remark-gfm): useSyncExternalStore, updates throttled to ${THROTTLE_MS} ms`,
  output: 'markdown',
  family: 'framework',
  packages: ['react', 'react-dom', 'react-markdown', 'remark-gfm'],
  source: {
    name: 'AI SDK useChat({ experimental_throttle: 50 })',
    url: 'https://ai-sdk.dev/docs/reference/ai-sdk-ui/use-chat',
  },
  create() {
    const store = new AnswerStore(THROTTLE_MS);
    return storeRenderer(store, <Answer store={store} />, () => store.finish());
  },
});
