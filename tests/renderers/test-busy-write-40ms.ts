import { defineRenderer } from '../../harness/renderer/contract.ts';

/** The injected cost: every write blocks the main thread this long. */
export const BUSY_MS = 40;

// Test-only calibration renderer: appends each chunk, after busy-waiting a known 40 ms. The instrument
// must measure at least that much delay and show dropped frames.
export default defineRenderer({
  description: `TEST: busy-waits ${BUSY_MS} ms before each chunk's append`,
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        target = document.createElement('div');
        target.style.whiteSpace = 'pre-wrap';
        el.append(target);
      },
      push(chunk) {
        const until = performance.now() + BUSY_MS;
        while (performance.now() < until) {
          // spin: the cost under test
        }
        target?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
