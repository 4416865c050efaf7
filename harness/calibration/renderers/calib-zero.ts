import { calibrationRenderer } from '../renderer-kit.ts';

// Calibration control: appends each chunk with no injected cost. Expected: ~0 dropped frames, TTV under a frame.
export default calibrationRenderer('TEST: calibration control, appends each chunk with no injected cost', {});
