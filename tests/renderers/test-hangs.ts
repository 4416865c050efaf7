import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: locks the main thread on the 5th chunk (bounded at 10 minutes so a stray page can't spin
// forever). The harness must time the cell out, fail it, and go on.
export default defineRenderer({
  description: 'TEST: blocks the main thread on the 5th chunk',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let count = 0;
    return {
      mount(el) {
        root = el;
      },
      push(chunk) {
        if (++count === 5) {
          const until = performance.now() + 600_000;
          while (performance.now() < until) {
            // hung
          }
        }
        root?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
