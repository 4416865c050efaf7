import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: appends each chunk inside a 100 px scroll box, below a 300 px spacer, and never scrolls the box.
// The window shows the box, but the text lies outside the box's visible area: never visible, off-screen.
export default defineRenderer({
  description: 'TEST: appends all text below the visible area of a small scroll box',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        const box = document.createElement('div');
        Object.assign(box.style, { height: '100px', overflowY: 'auto' });
        const spacer = document.createElement('div');
        spacer.style.height = '300px';
        target = document.createElement('div');
        target.style.whiteSpace = 'pre-wrap';
        box.append(spacer, target);
        el.append(box);
      },
      push(chunk) {
        target?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
