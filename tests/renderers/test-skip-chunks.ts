import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: a dishonest renderer that drops every 4th chunk on the floor while "rendering" the rest.
// The probe must report the skipped markers as never visible.
export default defineRenderer({
  description: 'TEST: silently skips every 4th chunk',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let count = 0;
    return {
      mount(el) {
        root = el;
      },
      push(chunk) {
        if (count++ % 4 !== 3) root?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
