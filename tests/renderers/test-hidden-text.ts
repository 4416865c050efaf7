import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: writes every chunk promptly, but into an element nobody can see (display: none).
// The text is in the DOM, so only a visibility check can catch it.
export default defineRenderer({
  description: 'TEST: writes all text into a display:none element',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let hidden: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        hidden = document.createElement('div');
        hidden.style.display = 'none';
        el.append(hidden);
      },
      push(chunk) {
        hidden?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
