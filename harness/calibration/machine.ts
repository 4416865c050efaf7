// This machine's model constants, measured through the real page before the calibration cases. The model's
// defaults (DEFAULT_MODEL_PARAMS) were measured on another machine, and such constants differ between machines
// of one kind (a fresh machine showed a post-frame message 2.09 ms after the rAF timestamp against 1.4 ms), so
// `npm run calibrate` and the short calibration in `npm test` measure them on every run: the zero-cost renderer
// on its short stream (an idle main thread: delivery, frame dispatch, frame work and latency), the 8 ms-write
// renderer on its (per-message overhead: frames queued behind a write) and the stall renderer on its (frames
// that end a long animation frame). Samples come from the raw timeline the page records for any run
// (harness/page/protocol.ts RawRun); the statistics are exact (nearest-rank percentiles over all samples of all
// runs, no smoothing).
import { lateFrameStartMs } from '../common/frame.ts';
import type { PageRunRequest, RawRun } from '../page/protocol.ts';
import type { RunOutcome } from '../run/fresh-context.ts';
import { toPageRequest } from '../schedule/cell-request.ts';
import { median, percentile } from '../stats/basic.ts';
import { caseSchedule, findCase } from './cases.ts';
import { FIXED_WRITE_COSTS_MS } from './costs.ts';
import { DEFAULT_MODEL_PARAMS, type ModelParams } from './model.ts';

/** The model parameters measured here; the rest (frame interval, batching, long-frame threshold) are definitions. */
export const MEASURED_PARAMS = [
  'deliveryMs',
  'writeOverheadMs',
  'frameDispatchMs',
  'frameWorkMs',
  'frameLatencyMs',
  'longFrameWorkMs',
] as const satisfies ReadonlyArray<keyof ModelParams>;
export type MeasuredParam = (typeof MEASURED_PARAMS)[number];

/** What each constant is, as measured (printed beside it). */
export const MEASURED_HOW: Record<MeasuredParam, string> = {
  deliveryMs: 'chunk delivered - due (zero-cost runs, idle main thread)',
  writeOverheadMs:
    "rAF callback start of a frame queued behind a write - the write's start - its busy-wait: the " +
    'rest of the task (append, probe scan) and the switch to the frame (8 ms-write runs)',
  frameDispatchMs: 'rAF callback start - rAF timestamp (zero-cost runs)',
  frameWorkMs:
    "post-frame - rAF callback start of every frame that ends no long frame: the frame's main-thread " +
    'work ends before its post-frame message runs (zero-cost runs)',
  frameLatencyMs:
    'post-frame - rAF callback start of the frames that showed a marker, i.e. a tiny append ' + '(zero-cost runs)',
  longFrameWorkMs:
    'post-frame - rAF callback start of frames starting > 50 ms after the previous post-frame ' +
    '(all measurement runs; the stall run has two)',
};

/** Fewer samples than this and the default is kept (and the report says so). */
export const MIN_SAMPLES = 3;
/** The dispatch delay's spread goes to the model as this many evenly spaced quantiles (model A3). */
export const DISPATCH_QUANTILES = 20;
/** ...from at least this many samples (a zero-cost short stream gives ~100 frames). */
export const MIN_DISPATCH_SAMPLES = 40;

/** Median and 10th-90th percentiles (nearest rank) of the samples. */
export interface Spread {
  median: number;
  p10: number;
  p90: number;
  n: number;
}

export interface MeasuredConstant {
  param: MeasuredParam;
  how: string;
  /** null: fewer than MIN_SAMPLES samples, the default is used. */
  measured: Spread | null;
  /** The value it replaced: DEFAULT_MODEL_PARAMS (measured on another machine). */
  replaced: number;
  /** The value the model uses: the measured median, or the default when not measured. */
  used: number;
}

export interface MachineConstants {
  /** Measurement runs: asked for, usable, and why the others were not. */
  runs: { requested: number; ok: number; errors: string[] };
  constants: MeasuredConstant[];
  /**
   * DEFAULT_MODEL_PARAMS with every measured constant in place, the on-time slack derived from them and the
   * dispatch delay's spread (frameDispatchQuantilesMs).
   */
  params: ModelParams;
}

export type MachineSamples = Record<MeasuredParam, number[]>;

const emptySamples = (): MachineSamples => ({
  deliveryMs: [],
  writeOverheadMs: [],
  frameDispatchMs: [],
  frameWorkMs: [],
  frameLatencyMs: [],
  longFrameWorkMs: [],
});

/**
 * Message overhead as the model uses it (A2: a frame queued behind a message begins at the message's start +
 * its busy-wait + writeOverheadMs): for each frame whose vsync ticked during a write (within an interval of
 * its start) and that began after it, within 3 ms (no other task in between), its rAF start - (the write's
 * start + its busy-wait). Chunks delivered at one time are one message: its busy-wait is perWriteMs each.
 */
export function queuedFrameGaps(raw: RawRun, perWriteMs: number): number[] {
  const F = DEFAULT_MODEL_PARAMS.frameIntervalMs;
  const chunksAt = new Map<number, number>();
  for (const c of raw.chunks) {
    if (c.deliveredMs !== null) chunksAt.set(c.deliveredMs, (chunksAt.get(c.deliveredMs) ?? 0) + 1);
  }
  const messages = [...chunksAt].sort((a, b) => a[0] - b[0]);
  const { rafTimestampsMs: stamps, rafStartMs: starts = [] } = raw.frames;
  const gaps: number[] = [];
  let m = -1;
  stamps.forEach((stamp, i) => {
    const start = starts[i];
    if (start === undefined) return;
    while (m + 1 < messages.length && (messages[m + 1] as [number, number])[0] < start) m++;
    const message = messages[m];
    if (!message) return;
    const end = message[0] + perWriteMs * message[1];
    if (stamp < end && stamp > message[0] - F && start > end && start - end < 3) gaps.push(start - end);
  });
  return gaps;
}

/**
 * Samples from one run's raw timeline. `idle`: the renderer adds no cost, so delivery, dispatch and latency
 * are the page's own; `perWriteMs` > 0: a fixed busy-wait per write shows the message overhead (see
 * queuedFrameGaps); any run shows the frames that end a long animation frame. The first
 * frame is skipped (the page has just loaded), and so is a frame whose post-frame message is missing. Frame
 * work is every frame's (the model charges it to every frame); frame latency is that of the frames that
 * showed a marker (a marker's visible time is its frame's post-frame time, the same clock reading), which
 * is what TTV adds (A5): a frame with an append paints more than an unchanged one.
 */
export function runSamples(raw: RawRun, idle: boolean, perWriteMs = 0): MachineSamples {
  const s = emptySamples();
  if (perWriteMs > 0) s.writeOverheadMs.push(...queuedFrameGaps(raw, perWriteMs));
  const { longFrameMs } = DEFAULT_MODEL_PARAMS;
  const { rafTimestampsMs: stamps, rafStartMs: starts = [], postFrameMs: posts } = raw.frames;
  const shown = new Set(raw.markers.map((m) => m.visibleMs));
  for (let i = 1; i < stamps.length; i++) {
    const start = starts[i];
    const post = posts[i];
    const previousPost = posts[i - 1];
    if (start === undefined || post === undefined || previousPost === undefined) continue;
    const long = start - previousPost > longFrameMs;
    if (long) s.longFrameWorkMs.push(post - start);
    if (!idle) continue;
    s.frameDispatchMs.push(start - (stamps[i] as number));
    if (long) continue;
    s.frameWorkMs.push(post - start);
    if (shown.has(post)) s.frameLatencyMs.push(post - start);
  }
  if (!idle) return s;
  for (const c of raw.chunks) if (c.deliveredMs !== null) s.deliveryMs.push(c.deliveredMs - c.dueMs);
  return s;
}

export function spreadOf(values: readonly number[]): Spread | null {
  if (values.length < MIN_SAMPLES) return null;
  return {
    median: median(values) as number,
    p10: percentile(values, 10) as number,
    p90: percentile(values, 90) as number,
    n: values.length,
  };
}

/**
 * The model's parameters from measured values: the on-time slack follows the dispatch delay, so a frame in the
 * model is late exactly when the harness calls it late (rAF callback start more than half an interval after
 * its vsync, harness/metrics/run-metrics.ts), whatever the dispatch delay is.
 */
export function paramsWith(measured: Partial<Record<MeasuredParam, number>>): ModelParams {
  const p: ModelParams = { ...DEFAULT_MODEL_PARAMS, ...measured };
  return { ...p, onTimeSlackMs: lateFrameStartMs(p.frameIntervalMs) - p.frameDispatchMs };
}

/** Quantiles at (i + 0.5) / count, nearest rank: observed values, ascending. Empty below MIN_DISPATCH_SAMPLES. */
export function evenQuantiles(values: readonly number[], count = DISPATCH_QUANTILES): number[] {
  if (values.length < MIN_DISPATCH_SAMPLES) return [];
  return Array.from({ length: count }, (_, i) => percentile(values, ((i + 0.5) * 100) / count) as number);
}

/** Pure: the constants from the samples of all runs. */
export function machineConstants(samples: readonly MachineSamples[], runs: MachineConstants['runs']): MachineConstants {
  const constants = MEASURED_PARAMS.map((param): MeasuredConstant => {
    const measured = spreadOf(samples.flatMap((s) => s[param]));
    const replaced = DEFAULT_MODEL_PARAMS[param];
    return { param, how: MEASURED_HOW[param], measured, replaced, used: measured ? measured.median : replaced };
  });
  const params = paramsWith(Object.fromEntries(constants.map((c) => [c.param, c.used])));
  const frameDispatchQuantilesMs = evenQuantiles(samples.flatMap((s) => s.frameDispatchMs));
  return { runs, constants, params: { ...params, frameDispatchQuantilesMs } };
}

export interface MeasurementRun {
  /** The renderer adds no cost: the run measures the page's own latencies. */
  idle: boolean;
  /** The renderer's fixed busy-wait per write (0: none). */
  perWriteMs: number;
  request: PageRunRequest;
  lastDueMs: number;
}

const [WRITE_8MS] = FIXED_WRITE_COSTS_MS;

/** The measurement streams: the zero-cost, 8 ms-write and stall cases' short streams (about 1.6, 2 and 2 s). */
export function measurementRequests(settleTimeoutMs: number): MeasurementRun[] {
  return [
    { idle: true, perWriteMs: 0, name: 'zero-cost' },
    { idle: false, perWriteMs: WRITE_8MS, name: `write-${WRITE_8MS}ms` },
    { idle: false, perWriteMs: 0, name: 'stall' },
  ].map(({ name, ...cost }) => {
    const def = findCase(name);
    if (!def) throw new Error(`calibration case ${name} is missing`);
    const schedule = caseSchedule(def, true);
    return { ...cost, request: toPageRequest(def.renderer, schedule, settleTimeoutMs), lastDueMs: schedule.lastDueMs };
  });
}

export type Execute = (request: PageRunRequest, lastDueMs: number) => Promise<RunOutcome>;

/** Runs `rounds` rounds of the measurement streams through the real page and derives the constants. */
export async function measureMachineConstants(
  execute: Execute,
  rounds: number,
  settleTimeoutMs: number,
  log: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<MachineConstants> {
  const samples: MachineSamples[] = [];
  const errors: string[] = [];
  const streams = measurementRequests(settleTimeoutMs);
  for (let round = 0; round < rounds && !signal?.aborted; round++) {
    for (const { idle, perWriteMs, request, lastDueMs } of streams) {
      const outcome = await execute(request, lastDueMs);
      const timedOut = outcome.ok && outcome.raw.timedOut ? 'timed out' : '';
      const problem = outcome.ok ? outcome.raw.errors.join('; ') || timedOut : outcome.error;
      const status = problem ? `FAILED: ${problem}` : 'ok';
      log(`machine constants round ${round + 1}/${rounds}: ${request.renderer} ${status}`);
      if (!outcome.ok || problem) errors.push(`${request.renderer}: ${problem}`);
      else samples.push(runSamples(outcome.raw, idle, perWriteMs));
    }
  }
  return machineConstants(samples, { requested: rounds * streams.length, ok: samples.length, errors });
}
