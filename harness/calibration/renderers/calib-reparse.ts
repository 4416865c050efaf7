import { REPARSE_MS_PER_KCHAR, reparseCostMs } from '../costs.ts';
import { calibrationRenderer } from '../renderer-kit.ts';

// Calibration: a per-write cost that grows with the text, like a full re-parse on every chunk (quadratic total).
export default calibrationRenderer(
  `TEST: calibration, busy-waits ${REPARSE_MS_PER_KCHAR} ms per 1,000 characters accumulated on every write (a full ` +
    `re-parse), then appends`,
  { perWriteMs: reparseCostMs },
);
