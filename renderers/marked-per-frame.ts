import { markdownToSafeHtml } from '../harness/renderer/markdown.ts';
import { defineRenderer } from '../harness/renderer/contract.ts';

// The usual fix for the per-chunk habit: chunks are buffered and the whole message is re-parsed (marked +
// DOMPurify) and swapped in with innerHTML once per animation frame. The number of rebuilds now follows the
// display (60/s), but each one still costs O(length so far), so a long answer still grows to miss frames.
export default defineRenderer({
  description: 'whole markdown re-parsed (marked + DOMPurify) and innerHTML replaced once per animation frame',
  output: 'markdown',
  family: 'markdown',
  packages: ['marked', 'dompurify'],
  source: {
    name: 'full re-render batched to requestAnimationFrame',
    url: 'https://developer.mozilla.org/docs/Web/API/Window/requestAnimationFrame',
  },
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    let source = '';
    let frame = 0;
    const render = (): void => {
      frame = 0;
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
        if (!frame) frame = requestAnimationFrame(render);
      },
      end() {
        if (frame) cancelAnimationFrame(frame);
        render();
      },
      dispose() {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        source = '';
        root?.replaceChildren();
        root = target = null;
      },
    };
  },
});
