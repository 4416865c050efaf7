// The calibration report (what `npm run calibrate -- --out FILE` writes) and its terminal table. Pure.
import type { Metric } from './cases.ts';
import type { MachineConstants } from './machine.ts';
import type { ModelParams, Predicted } from './model.ts';
import { DEFAULT_FRAME_INTERVAL_MS } from '../common/frame.ts';

export interface Tolerance {
  /** Relative tolerance (0.1 = +-10%). */
  relative: number;
  /** Absolute floor for dropped frames (frames). */
  droppedFrames: number;
  /** Absolute floor for TTV (ms): one frame interval. */
  ttvMs: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { relative: 0.1, droppedFrames: 1, ttvMs: DEFAULT_FRAME_INTERVAL_MS };

/** What the model predicts for one run, at that run's vsync phase. */
export interface RunExpectation {
  droppedFrames: number;
  ttvP50Ms: number | null;
  ttvP95Ms: number | null;
  completionLagMs: number;
  /** Diagnostic: what gaps between rAF timestamps show when late frames carry stale timestamps (model A4). */
  rafVisibleDropped: number;
  /** Diagnostic: missed vsyncs with DEFAULT_MODEL_PARAMS (the constants this machine's measured ones replaced). */
  droppedWithDefaults: number;
}

/** One measured run of a case: the instrument's figures, the model's figures at the run's phase, diagnostics. */
export interface CalibrationRun {
  round: number;
  ok: boolean;
  error?: string;
  wallMs: number;
  /** The run's vsync phase (stream time modulo the frame interval), from its rAF timestamps. */
  phaseMs: number | null;
  /** Largest distance of a rAF timestamp from that vsync grid (they should be quantised: ~0). */
  phaseResidualMs: number | null;
  expected: RunExpectation | null;
  /** harness/metrics/run-metrics.ts computeRunMetrics: the instrument under calibration. */
  droppedFrames: number | null;
  ttvP50Ms: number | null;
  ttvP95Ms: number | null;
  completionLagMs: number | null;
  /**
   * Diagnostic: dropped frames counted over frames whose post-frame came at most LATE_FRAME_MS after their rAF
   * timestamp.
   */
  lateAwareDropped: number | null;
  /**
   * Diagnostic: frames in the window whose post-frame message came more than LATE_FRAME_MS after their rAF timestamp.
   */
  lateFrames: number | null;
  /** Diagnostic: median post-frame minus rAF timestamp over the run's frames. */
  frameLatencyMs: number | null;
  /** Diagnostic: median delivery delay over chunks (the model's deliveryMs). */
  deliveryMs: number | null;
}

export interface CalibrationCheck {
  metric: Metric;
  /** The model's figure compared: median over runs of the prediction at each run's own vsync phase. */
  expected: number | null;
  /** The model's figure over all vsync phases (what a run with an unknown phase draws from). */
  expectedOverPhases: Predicted;
  /** Median over valid runs (null: some run failed or a marker was never visible). */
  measured: number | null;
  measuredRange: { min: number; max: number } | null;
  /** measured - expected */
  error: number | null;
  errorPct: number | null;
  tolerance: number;
  /** null: shown, not checked (see note). */
  pass: boolean | null;
  note?: string;
}

export interface CalibrationCaseResult {
  name: string;
  renderer: string;
  summary: string;
  stream: { tokPerS: number; tokensPerChunk: number; chunks: number; markers: number; streamMs: number; chars: number };
  /** Main-thread demand inside the stream (busy time / stream time) per the model. */
  demand: number;
  /** Missed vsyncs per write, mean over phases. */
  droppedPerWrite: number;
  checks: CalibrationCheck[];
  diagnostics: {
    /** Model: what rAF-timestamp gaps show (median over runs at their phases). */
    rafVisibleExpected: number | null;
    /** Model with DEFAULT_MODEL_PARAMS (median over runs at their phases): what the measured constants changed. */
    defaultsExpected: number | null;
    lateAwareMeasured: number | null;
  };
  runs: CalibrationRun[];
  pass: boolean;
}

export interface NoiseFloorRun {
  ok: boolean;
  error?: string;
  windowMs: number;
  droppedFrames: number | null;
  /** Gaps > 25 ms between consecutive rAF timestamps inside the window. */
  rafGapsOver25Ms: number | null;
  /** Gaps > 25 ms between consecutive post-frame timestamps (performance.now()) inside the window. */
  postFrameGapsOver25Ms: number | null;
  lateAwareDropped: number | null;
  frameLatencyMs: number | null;
}

export interface NoiseFloorReport {
  runs: number;
  idleMs: number;
  renderer: string;
  droppedFrames: { median: number | null; max: number | null };
  rafGapsOver25Ms: { median: number | null; max: number | null };
  postFrameGapsOver25Ms: { median: number | null; max: number | null };
  lateAwareDropped: { median: number | null; max: number | null };
  frameLatencyMs: number | null;
  samples: NoiseFloorRun[];
}

export interface CalibrationEnvironment {
  chromiumVersion: string;
  chromiumPath: string;
  cores: number;
  cpuModel: string;
  nodeVersion: string;
  platform: string;
  loadAverage: { atStart: number[]; atEnd: number[] };
  date: string;
}

export interface CalibrationReport {
  tool: 'streambench-calibrate';
  status: 'complete' | 'interrupted';
  pass: boolean;
  startedAt: string;
  wallS: number;
  environment: CalibrationEnvironment;
  config: {
    runs: number;
    quick: boolean;
    seed: number;
    cases: string[];
    warmupRuns: number;
    tolerance: Tolerance;
    lateFrameMs: number;
  };
  /** This machine's model constants, measured before the cases (null: not measured, the model used its defaults). */
  machine: MachineConstants | null;
  model: { params: ModelParams; phases: number; assumptions: string[] };
  cases: CalibrationCaseResult[];
  noiseFloor: NoiseFloorReport | null;
}

const METRIC_LABEL: Record<Metric, string> = {
  droppedFrames: 'dropped frames',
  ttvP50Ms: 'TTV p50 (ms)',
  ttvP95Ms: 'TTV p95 (ms)',
  completionLagMs: 'completion lag (ms)',
};

function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined) return 'n/a';
  if (!Number.isFinite(v)) return 'never';
  return v.toFixed(digits);
}

function signed(v: number | null, digits = 1): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  return `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
}

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const ms2 = (v: number): string => v.toFixed(2);

/** One line per constant: measured median [p10-p90] (n), what it replaced, what the model uses. */
export function formatMachineConstants(machine: MachineConstants): string[] {
  const width = Math.max(...machine.constants.map((c) => c.param.length));
  return machine.constants.map((c) => {
    const measured = c.measured
      ? `${ms2(c.measured.median)} ms [p10 ${ms2(c.measured.p10)}, p90 ${ms2(c.measured.p90)}] (n ${c.measured.n})`
      : 'not measured (too few samples)';
    const used = `replaces ${ms2(c.replaced)} ms; model uses ${ms2(c.used)} ms`;
    return `  ${c.param.padEnd(width)}  ${measured}; ${used}: ${c.how}`;
  });
}

function noiseFloorLine(nf: NoiseFloorReport, params: ModelParams): string {
  const of = (f: { median: number | null; max: number | null }): string =>
    `median ${num(f.median, 0)} (max ${num(f.max, 0)})`;
  const idleS = (nf.idleMs / 1000).toFixed(0);
  return (
    `Idle noise floor (${nf.runs} runs, ${nf.renderer}: one chunk, then nothing for ${idleS} s, probe running): ` +
    `dropped frames ${of(nf.droppedFrames)}; rAF gaps > 25 ms ${of(nf.rafGapsOver25Ms)}; ` +
    `post-frame gaps > 25 ms ${of(nf.postFrameGapsOver25Ms)}; late-aware dropped ${of(nf.lateAwareDropped)}; ` +
    `post-frame minus rAF timestamp median ${num(nf.frameLatencyMs, 2)} ms (model, frame dispatch + work of a ` +
    `frame with nothing new: ${num(params.frameDispatchMs + params.frameWorkMs, 2)} ms).`
  );
}

function machineLines(machine: MachineConstants | null): string[] {
  if (!machine) return ['Machine constants: not measured; the model used its defaults (measured on another machine).'];
  const { ok, requested, errors } = machine.runs;
  const q = machine.params.frameDispatchQuantilesMs;
  return [
    `Machine constants, measured here before the cases (${ok} of ${requested} runs usable` +
      `${errors.length ? `; ${errors.join('; ')}` : ''}), each replacing the default measured on another machine:`,
    ...formatMachineConstants(machine),
    ...(q.length
      ? [`  frame dispatch spread, ${q.length} quantiles taken per vsync by the model (A3): ${q.map(ms2).join(' ')} ms`]
      : ['  frame dispatch spread: too few samples; every frame takes the median (A3)']),
  ];
}

/** The lines above the check table: environment, what the columns mean, tolerance, machine constants. */
function calibrationHeader(report: CalibrationReport): string[] {
  const env = report.environment;
  const load = (l: readonly number[]): string => l[0]?.toFixed(1) ?? '?';
  const tol = report.config.tolerance;
  const pct = Math.round(tol.relative * 100);
  return [
    `streambench calibration: Chromium ${env.chromiumVersion}, ${env.cores} cores (${env.cpuModel}), ` +
      `load average ${load(env.loadAverage.atStart)} at start, ${load(env.loadAverage.atEnd)} at end; ` +
      `${report.config.runs} runs per case${report.config.quick ? ' (quick)' : ''}.`,
    "expected = the model at each run's own vsync phase (from its rAF timestamps), median over runs " +
      '[range over all phases]; measured = the harness (harness/metrics/run-metrics.ts), median over runs [min-max].',
    `Tolerance: +-${pct}% or +-${tol.droppedFrames} frame (dropped frames), ` +
      `+-${pct}% or +-${tol.ttvMs.toFixed(1)} ms (times), whichever is larger.`,
    ...machineLines(report.machine),
    '',
  ];
}

/** One table row per check; the case and renderer only on a case's first row. */
function checkRows(report: CalibrationReport): string[][] {
  const rows: string[][] = [];
  for (const c of report.cases) {
    c.checks.forEach((k, i) => {
      const expected = `${num(k.expected)} [${num(k.expectedOverPhases.min)}-${num(k.expectedOverPhases.max)}]`;
      const measured = k.measuredRange
        ? `${num(k.measured)} [${num(k.measuredRange.min)}-${num(k.measuredRange.max)}]`
        : num(k.measured);
      const error =
        k.error === null ? 'n/a' : `${signed(k.error)}${k.errorPct === null ? '' : ` (${signed(k.errorPct, 0)}%)`}`;
      rows.push([
        i === 0 ? c.name : '',
        i === 0 ? c.renderer : '',
        METRIC_LABEL[k.metric],
        expected,
        measured,
        error,
        `+-${num(k.tolerance)}`,
        k.pass === null ? 'not checked' : k.pass ? 'PASS' : 'FAIL',
      ]);
    });
  }
  return rows;
}

export function formatCalibrationTable(report: CalibrationReport): string {
  const out: string[] = calibrationHeader(report);
  const rows = checkRows(report);
  out.push(
    table(
      ['case', 'renderer', 'metric', 'expected [phases]', 'measured [min-max]', 'error', 'tol', 'result'],
      rows,
      new Set([3, 4, 5, 6]),
    ),
  );

  const notes = report.cases.flatMap((c) =>
    c.checks.filter((k) => k.note).map((k) => `  ${c.name} ${METRIC_LABEL[k.metric]}: ${k.note}`),
  );
  if (notes.length) out.push('', 'Not checked:', ...notes);

  out.push(
    '',
    'Dropped frames, diagnosed (same runs, medians): missed vsyncs per the model; ' +
      'what rAF-timestamp gaps can show if late (catch-up) frames',
    'carry the timestamps of the vsyncs they were posted for (model A4); the model with its default constants',
    "(measured on another machine, replaced by this machine's); the harness's count; and a late-aware count from the",
    `same raw data (a frame whose post-frame message came > ${report.config.lateFrameMs} ms after its rAF timestamp ` +
      'began late, so its vsync counts as missed).',
  );
  const diag = report.cases.map((c) => {
    const dropped = c.checks.find((k) => k.metric === 'droppedFrames');
    return [
      c.name,
      num(c.droppedPerWrite, 2),
      num(dropped?.expected ?? null),
      num(c.diagnostics.rafVisibleExpected),
      num(c.diagnostics.defaultsExpected),
      num(dropped?.measured ?? null),
      num(c.diagnostics.lateAwareMeasured),
    ];
  });
  const diagHeader = ['case', 'missed/write', 'missed vsyncs (model)', 'rAF-gap view (model)', 'model, defaults'];
  out.push(table([...diagHeader, 'harness', 'late-aware (measured)'], diag, new Set([1, 2, 3, 4, 5, 6])));

  if (report.noiseFloor) out.push('', noiseFloorLine(report.noiseFloor, report.model.params));
  const failed = report.cases.filter((c) => !c.pass);
  out.push(
    '',
    report.status === 'interrupted'
      ? 'INTERRUPTED: results are partial.'
      : report.pass
        ? `PASS: all ${report.cases.length} cases within tolerance (${report.wallS.toFixed(0)} s).`
        : `FAIL: ${failed.length} of ${report.cases.length} cases out of tolerance: ${failed
            .map(
              (c) =>
                `${c.name} (${c.checks
                  .filter((k) => k.pass === false)
                  .map((k) => METRIC_LABEL[k.metric])
                  .join(', ')})`,
            )
            .join('; ')} (${report.wallS.toFixed(0)} s).`,
  );
  return out.join('\n');
}
