import { markdownToSafeHtml } from '../harness/renderer/markdown.ts';
import { defineRenderer } from '../harness/renderer/contract.ts';

/** How often the accumulated markdown is re-parsed and swapped in. */
export const BATCH_INTERVAL_MS = 50;

// The common chat-UI habit: keep the whole markdown source, and every batch re-parse all of it with marked,
// sanitise with DOMPurify and replace the container's HTML. Each batch costs O(length so far), so the answer
// costs O(n^2) in total.
export default defineRenderer({
  description: `whole markdown re-parsed (marked + DOMPurify) and innerHTML replaced every ${BATCH_INTERVAL_MS} ms`,
  output: 'markdown',
  family: 'markdown',
  packages: ['marked', 'dompurify'],
  source: { name: 'the common chat-UI habit (batched full re-render)', url: 'https://marked.js.org/' },
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    let source = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const render = (): void => {
      timer = undefined;
      if (target) target.innerHTML = markdownToSafeHtml(source);
    };
    return {
      mount(el) {
        root = el;
        target = document.createElement('div');
        el.append(target);
      },
      push(chunk) {
        source += chunk;
        timer ??= setTimeout(render, BATCH_INTERVAL_MS);
      },
      end() {
        clearTimeout(timer);
        render();
      },
      dispose() {
        clearTimeout(timer);
        timer = undefined;
        source = '';
        root?.replaceChildren();
        root = target = null;
      },
    };
  },
});
