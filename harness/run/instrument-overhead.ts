// What the instrument itself costs, measured in the same browser as the suite (trace mode): the probe (a
// renderer that does nothing, with and without the probe, seen through the trace) and tracing (one cell
// with and without a trace, seen through the probe). Pairs are interleaved so drift hits both sides.
import { SETTLE_MS, toPageRequest } from '../schedule/cell-request.ts';
import { computeRunMetrics, countDroppedFrames, onTimeFrames } from '../metrics/run-metrics.ts';
import { analyzeWindowOnly } from './trace-of-run.ts';
import type { BrowserSession } from './browser-session.ts';
import { medianCI } from '../stats/basic.ts';
import { MAIN_THREAD_CATEGORIES, TRACE_CATEGORIES } from './trace-recorder.ts';
import type { CellResult, NoiseFloor, Overhead, SuiteConfig } from '../results/types.ts';
import type { Schedule } from '../schedule/types.ts';
import { DEFAULT_FRAME_INTERVAL_MS } from '../common/frame.ts';

/** The no-op renderer (harness/calibration/renderers/test-noop.ts). */
export const NOOP_RENDERER = 'test-noop';

export function traceCategoriesFor(trace: { mainThread: boolean }): string[] {
  return [...TRACE_CATEGORIES, ...(trace.mainThread ? MAIN_THREAD_CATEGORIES : [])];
}


export async function measureOverhead(
  session: BrowserSession,
  config: SuiteConfig,
  reference: { cell: CellResult; schedule: Schedule } | null,
  aborted: () => boolean,
): Promise<Overhead> {
  const pairs = config.quick ? 2 : 3;
  const throttle = config.cpuThrottles[0] ?? 1;
  const timeoutOf = (schedule: Schedule): number => schedule.lastDueMs + config.cellTimeoutMs;

  let probe: Overhead['probe'] = null;
  if (reference) {
    const perFrame = { with: [] as Array<number | null>, without: [] as Array<number | null> };
    const dropped = { with: [] as Array<number | null>, without: [] as Array<number | null> };
    for (let i = 0; i < pairs && !aborted(); i++) {
      for (const withProbe of [true, false]) {
        // Short settle: nothing ever shows, so the run ends at its settle timeout.
        const request = { ...toPageRequest(NOOP_RENDERER, reference.schedule, 300), ...(withProbe ? {} : { withoutProbe: true }) };
        const outcome = await session.run(request, throttle, timeoutOf(reference.schedule), traceCategoriesFor({ mainThread: true }));
        if (outcome === 'aborted' || !outcome.ok || !outcome.trace) continue;
        const analysis = analyzeWindowOnly(outcome.trace, outcome.raw);
        if (!analysis.valid) continue;
        const { metrics } = analysis;
        const side = withProbe ? 'with' : 'without';
        const busy = metrics.mainThreadMs ? metrics.mainThreadMs.script + metrics.mainThreadMs.styleLayout + metrics.mainThreadMs.paint + metrics.mainThreadMs.other : null;
        const windowMs = Math.max(DEFAULT_FRAME_INTERVAL_MS, reference.schedule.lastDueMs - (reference.schedule.chunks[0]?.dueMs ?? 0));
        perFrame[side].push(busy === null ? null : busy / (windowMs / DEFAULT_FRAME_INTERVAL_MS));
        dropped[side].push(metrics.frames.droppedAffectingSmoothness);
      }
    }
    if (perFrame.with.length && perFrame.without.length) {
      probe = {
        runs: Math.min(perFrame.with.length, perFrame.without.length),
        mainThreadMsPerFrame: { with: medianCI(perFrame.with), without: medianCI(perFrame.without) },
        droppedFrames: { with: medianCI(dropped.with), without: medianCI(dropped.without) },
      };
    }
  }

  let tracing: Overhead['tracing'] = null;
  if (reference) {
    const ttv = { with: [] as Array<number | null>, without: [] as Array<number | null> };
    const dropped = { with: [] as Array<number | null>, without: [] as Array<number | null> };
    const categories = traceCategoriesFor(config.trace ?? { mainThread: false });
    for (let i = 0; i < pairs && !aborted(); i++) {
      for (const traced of [true, false]) {
        const request = toPageRequest(reference.cell.renderer, reference.schedule, Math.min(SETTLE_MS, config.cellTimeoutMs / 2));
        const outcome = await session.run(request, reference.cell.cpuThrottle, timeoutOf(reference.schedule), traced ? categories : undefined);
        if (outcome === 'aborted' || !outcome.ok || outcome.raw.errors.length) continue;
        const metrics = computeRunMetrics(outcome.raw);
        const side = traced ? 'with' : 'without';
        ttv[side].push(metrics.ttvMs.p95);
        dropped[side].push(metrics.droppedFrames);
      }
    }
    if (ttv.with.length && ttv.without.length) {
      tracing = {
        cell: reference.cell.id,
        runs: Math.min(ttv.with.length, ttv.without.length),
        ttvP95Ms: { with: medianCI(ttv.with), without: medianCI(ttv.without) },
        droppedFrames: { with: medianCI(dropped.with), without: medianCI(dropped.without) },
      };
    }
  }
  return { probe, tracing };
}

export async function measureNoiseFloor(session: BrowserSession, runs: number): Promise<NoiseFloor> {
  const durationMs = 3_000;
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await session.idleFrames(durationMs));
  const dropped = samples.map((frames) => countDroppedFrames(onTimeFrames(frames, DEFAULT_FRAME_INTERVAL_MS), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, DEFAULT_FRAME_INTERVAL_MS));
  const gaps = samples.map(({ rafTimestampsMs: t }) => t.slice(1).filter((b, k) => b - (t[k] ?? b) > 25).length);
  return { runs: samples.length, durationMs, droppedFrames: medianCI(dropped), longGaps: medianCI(gaps) };
}
