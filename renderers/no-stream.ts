import { markdownToSafeHtml } from '../harness/renderer/markdown.ts';
import { defineRenderer } from '../harness/renderer/contract.ts';

// Wait for the whole answer, then render its markdown once: the cheapest on the main thread, but the
// user sees nothing until the model is done.
export default defineRenderer({
  description: 'nothing shown until the stream ends, then the final markdown rendered once',
  output: 'markdown',
  family: 'markdown',
  packages: ['marked', 'dompurify'],
  source: { name: 'non-streaming chat UIs (render once at the end)', url: 'https://marked.js.org/' },
  create() {
    let root: HTMLElement | null = null;
    let source = '';
    return {
      mount(el) {
        root = el;
      },
      push(chunk) {
        source += chunk;
      },
      end() {
        const target = document.createElement('div');
        target.innerHTML = markdownToSafeHtml(source);
        root?.append(target);
      },
      dispose() {
        source = '';
        root?.replaceChildren();
        root = null;
      },
    };
  },
});
