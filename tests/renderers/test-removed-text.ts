import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: appends each chunk and removes it again in a microtask, before any frame can render it. The text
// was in the DOM (the probe's mutation callback runs first and sees it), but never on screen.
export default defineRenderer({
  description: 'TEST: appends each chunk and removes it before a frame can show it',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
      },
      push(chunk) {
        const node = document.createTextNode(chunk);
        root?.append(node);
        queueMicrotask(() => node.remove());
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
