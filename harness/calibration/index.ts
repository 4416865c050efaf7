// Public API of the calibration (npm run calibrate): run it, print it, or plan it without a browser.
export { CALIBRATION_CASES, type CalibrationCase } from './cases.ts';
export { expectOverPhases, simulate, vsyncPhase, DEFAULT_MODEL_PARAMS, type ModelParams } from './model.ts';
export { formatCalibrationTable, type CalibrationReport } from './report.ts';
export { measureMachineConstants, type MachineConstants } from './machine.ts';
export { modelAssumptions, planCalibration, runCalibration, type CalibrationOptions } from './run.ts';
