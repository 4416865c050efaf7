import { textRenderer } from '../../harness/renderer/test-kit.ts';

// Test-only: throws on the 10th chunk. The harness must fail this cell, with the error, and go on.
export default textRenderer('TEST: throws on the 10th chunk', {
  beforeAppend(index) {
    if (index === 9) throw new Error('renderer exploded on chunk 10');
  },
});
