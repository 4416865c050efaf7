import { calibrationRenderer } from '../renderer-kit.ts';

// Calibration: a fixed, known main-thread cost per write (npm run calibrate predicts what it must measure).
export const BUSY_MS = 40;

export default calibrationRenderer(`TEST: calibration, busy-waits ${BUSY_MS} ms per write, then appends the chunk`, {
  perWriteMs: () => BUSY_MS,
});
