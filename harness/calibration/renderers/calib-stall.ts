import { STALL } from '../costs.ts';
import { calibrationRenderer } from '../renderer-kit.ts';

// Calibration: free writes, but a periodic main-thread stall independent of them (a timer started at mount).
export default calibrationRenderer(
  `TEST: calibration, appends each chunk for free but stalls the main thread ${STALL.durationMs} ms every ` +
    `${STALL.everyMs} ms from mount`,
  { stall: STALL },
);
