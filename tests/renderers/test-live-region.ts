import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: like a chat UI with a screen-reader live region, writes each chunk twice: into the visible answer,
// then into a visually hidden copy (1 px, clipped). The marker's text is found last in the hidden copy, yet
// the visible copy shows it: visible within a frame of its commit.
export default defineRenderer({
  description: 'TEST: appends each chunk to the visible answer and to a visually hidden live region',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let shown: HTMLElement | null = null;
    let live: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        shown = document.createElement('div');
        shown.style.whiteSpace = 'pre-wrap';
        live = document.createElement('div');
        live.setAttribute('aria-live', 'polite');
        const srOnly = {
          position: 'absolute',
          width: '1px',
          height: '1px',
          overflow: 'hidden',
          clipPath: 'inset(50%)',
        };
        Object.assign(live.style, srOnly);
        el.append(shown, live);
      },
      push(chunk) {
        shown?.append(chunk);
        live?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
