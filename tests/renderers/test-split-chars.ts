import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: writes every character as its own node, every other one inside a <b>, so no marker is ever in one
// text node: the probe must find markers across adjacent text nodes and element boundaries.
export default defineRenderer({
  description: 'TEST: appends each character as its own text node, alternating plain and <b>',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    let count = 0;
    return {
      mount(el) {
        root = el;
        target = document.createElement('div');
        target.style.whiteSpace = 'pre-wrap';
        el.append(target);
      },
      push(chunk) {
        for (const char of chunk) {
          if (count++ % 2 === 0) {
            target?.append(char);
          } else {
            const bold = document.createElement('b');
            bold.textContent = char;
            target?.append(bold);
          }
        }
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
