import { spin } from '../../harness/calibration/costs.ts';
import { textRenderer } from '../../harness/renderer/test-kit.ts';

// Test-only: locks the main thread on the 5th chunk (bounded at 10 minutes so a stray page can't spin
// forever). The harness must time the cell out, fail it, and go on.
export default textRenderer('TEST: blocks the main thread on the 5th chunk', {
  beforeAppend(index) {
    if (index === 4) spin(600_000);
  },
});
