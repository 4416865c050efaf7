import { calibrationRenderer } from '../../harness/calibration/renderer-kit.ts';

/** The injected cost: every write blocks the main thread this long. */
export const BUSY_MS = 40;

// Test-only calibration renderer: appends each chunk, after busy-waiting a known 40 ms. The instrument
// must measure at least that much delay and show dropped frames.
export default calibrationRenderer(`TEST: busy-waits ${BUSY_MS} ms before each chunk's append`, {
  perWriteMs: () => BUSY_MS,
});
