import { defineRenderer } from '../harness/renderer/contract.ts';

// Chunks are buffered and written once per animation frame, so the number of DOM writes follows the
// display (60/s), not the model (981/s).
export default defineRenderer({
  description: 'chunks buffered and appended once per animation frame; plain text',
  output: 'text',
  family: 'text',
  packages: [],
  source: {
    name: 'one DOM write per animation frame',
    url: 'https://developer.mozilla.org/docs/Web/API/Window/requestAnimationFrame',
  },
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    let buffer = '';
    let frame = 0;
    const flush = (): void => {
      frame = 0;
      if (buffer && target) target.append(buffer);
      buffer = '';
    };
    return {
      mount(el) {
        root = el;
        target = document.createElement('div');
        target.style.whiteSpace = 'pre-wrap';
        el.append(target);
      },
      push(chunk) {
        buffer += chunk;
        if (!frame) frame = requestAnimationFrame(flush);
      },
      end() {
        if (frame) cancelAnimationFrame(frame);
        flush();
      },
      dispose() {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        buffer = '';
        root?.replaceChildren();
        root = target = null;
      },
    };
  },
});
