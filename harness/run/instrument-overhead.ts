// What the instrument itself costs, measured in the same browser as the suite (trace mode): the probe (a
// renderer that does nothing, with and without the probe, seen through the trace) and tracing (one cell
// with and without a trace, seen through the probe). Pairs are interleaved so drift hits both sides.
import { settleTimeoutFor, toPageRequest } from '../schedule/cell-request.ts';
import { computeRunMetrics } from '../metrics/run-metrics.ts';
import { analyzeWindowOnly } from './trace-of-run.ts';
import type { BrowserSession } from './browser-session.ts';
import { medianCI } from '../stats/basic.ts';
import { MAIN_THREAD_CATEGORIES, TRACE_CATEGORIES } from './trace-recorder.ts';
import type { CellResult, NoiseFloor, Overhead } from '../results/types.ts';
import type { Schedule } from '../schedule/types.ts';
import { countDroppedFrames, DEFAULT_FRAME_INTERVAL_MS, onTimeFrames } from '../common/frame.ts';

/** The no-op renderer (harness/calibration/renderers/test-noop.ts). */
export const NOOP_RENDERER = 'test-noop';

export function traceCategoriesFor(trace: { mainThread: boolean }): string[] {
  return [...TRACE_CATEGORIES, ...(trace.mainThread ? MAIN_THREAD_CATEGORIES : [])];
}

/** How to measure the overhead: what the suite decides, nothing more. */
export interface OverheadSettings {
  /** With/without pairs per measurement. */
  pairs: number;
  /** CPU profile of the probe-overhead runs. */
  cpuThrottle: number;
  /** A run may take this long beyond its last due time. */
  cellTimeoutMs: number;
  /** The categories the suite traces its runs with (the traced side of the tracing overhead). */
  traceCategories: readonly string[];
}

/** Per-run values on each side of a with/without pair. */
interface Sides {
  with: Array<number | null>;
  without: Array<number | null>;
}

const sides = (): Sides => ({ with: [], without: [] });

export async function measureOverhead(
  session: BrowserSession,
  settings: OverheadSettings,
  reference: { cell: CellResult; schedule: Schedule } | null,
  aborted: () => boolean,
): Promise<Overhead> {
  if (!reference) return { probe: null, tracing: null };
  const probe = await measureProbeOverhead(session, settings, reference.schedule, aborted);
  const tracing = await measureTracingOverhead(session, settings, reference, aborted);
  return { probe, tracing };
}

/** The probe's cost: main-thread time per frame and dropped frames of the no-op renderer, with and without it. */
async function measureProbeOverhead(
  session: BrowserSession,
  settings: OverheadSettings,
  schedule: Schedule,
  aborted: () => boolean,
): Promise<Overhead['probe']> {
  const perFrame = sides();
  const dropped = sides();
  const windowMs = Math.max(DEFAULT_FRAME_INTERVAL_MS, schedule.lastDueMs - (schedule.chunks[0]?.dueMs ?? 0));
  for (let i = 0; i < settings.pairs && !aborted(); i++) {
    for (const withProbe of [true, false]) {
      // Short settle: nothing ever shows, so the run ends at its settle timeout.
      const request = { ...toPageRequest(NOOP_RENDERER, schedule, 300), ...(withProbe ? {} : { withoutProbe: true }) };
      const timeoutMs = schedule.lastDueMs + settings.cellTimeoutMs;
      const categories = traceCategoriesFor({ mainThread: true });
      const outcome = await session.run(request, settings.cpuThrottle, timeoutMs, categories);
      if (outcome === 'aborted' || !outcome.ok || !outcome.trace) continue;
      const analysis = analyzeWindowOnly(outcome.trace, outcome.raw);
      if (!analysis.valid) continue;
      const { metrics } = analysis;
      const side = withProbe ? 'with' : 'without';
      const ms = metrics.mainThreadMs;
      const busy = ms ? ms.script + ms.styleLayout + ms.paint + ms.other : null;
      perFrame[side].push(busy === null ? null : busy / (windowMs / DEFAULT_FRAME_INTERVAL_MS));
      dropped[side].push(metrics.frames.droppedAffectingSmoothness);
    }
  }
  if (!perFrame.with.length || !perFrame.without.length) return null;
  return {
    runs: Math.min(perFrame.with.length, perFrame.without.length),
    mainThreadMsPerFrame: { with: medianCI(perFrame.with), without: medianCI(perFrame.without) },
    droppedFrames: { with: medianCI(dropped.with), without: medianCI(dropped.without) },
  };
}

/** Tracing's cost: TTV p95 and dropped frames of the reference cell, traced and not, as the probe sees them. */
async function measureTracingOverhead(
  session: BrowserSession,
  settings: OverheadSettings,
  reference: { cell: CellResult; schedule: Schedule },
  aborted: () => boolean,
): Promise<Overhead['tracing']> {
  const { cell, schedule } = reference;
  const ttv = sides();
  const dropped = sides();
  for (let i = 0; i < settings.pairs && !aborted(); i++) {
    for (const traced of [true, false]) {
      const request = toPageRequest(cell.renderer, schedule, settleTimeoutFor(settings.cellTimeoutMs));
      const timeoutMs = schedule.lastDueMs + settings.cellTimeoutMs;
      const categories = traced ? settings.traceCategories : undefined;
      const outcome = await session.run(request, cell.cpuThrottle, timeoutMs, categories);
      if (outcome === 'aborted' || !outcome.ok || outcome.raw.errors.length) continue;
      const metrics = computeRunMetrics(outcome.raw);
      const side = traced ? 'with' : 'without';
      ttv[side].push(metrics.ttvMs.p95);
      dropped[side].push(metrics.droppedFrames);
    }
  }
  if (!ttv.with.length || !ttv.without.length) return null;
  return {
    cell: cell.id,
    runs: Math.min(ttv.with.length, ttv.without.length),
    ttvP95Ms: { with: medianCI(ttv.with), without: medianCI(ttv.without) },
    droppedFrames: { with: medianCI(dropped.with), without: medianCI(dropped.without) },
  };
}

export async function measureNoiseFloor(session: BrowserSession, runs: number): Promise<NoiseFloor> {
  const durationMs = 3_000;
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await session.idleFrames(durationMs));
  const interval = DEFAULT_FRAME_INTERVAL_MS;
  const dropped = samples.map((frames) =>
    countDroppedFrames(onTimeFrames(frames, interval), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, interval),
  );
  const gaps = samples.map(({ rafTimestampsMs: t }) => t.slice(1).filter((b, k) => b - (t[k] ?? b) > 25).length);
  return { runs: samples.length, durationMs, droppedFrames: medianCI(dropped), longGaps: medianCI(gaps) };
}
