import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: throws on the 10th chunk. The harness must fail this cell, with the error, and go on.
export default defineRenderer({
  description: 'TEST: throws on the 10th chunk',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let count = 0;
    return {
      mount(el) {
        root = el;
      },
      push(chunk) {
        if (++count === 10) throw new Error('renderer exploded on chunk 10');
        root?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
