// A cell's summary from its runs: invalid runs are left out (and counted), and in trace mode Chromium's own
// figures are summarised beside the rAF-derived ones.
import { bootstrapMedianCI } from './bootstrap.ts';
import { summarizeCell } from './basic.ts';
import type { CellSummary, RunResult, Stat, TraceCellSummary } from '../results/types.ts';
import type { RunMetrics } from '../metrics/types.ts';
import type { TraceMetrics } from '../trace/types.ts';

type StatOf = (values: ReadonlyArray<number | null>) => Stat;

/**
 * Every figure is the median over runs with a 95% interval: a smoothed bootstrap from 9 runs on (percentiles
 * and frame counts tie a lot, which makes order-statistic intervals coarse), the exact order-statistic
 * interval below that (harness/stats/bootstrap.ts says why).
 */
const defaultStat: StatOf = (values) => bootstrapMedianCI(values);

export function summarizeTraces(
  runs: ReadonlyArray<{ metrics: RunMetrics; trace: TraceMetrics }>,
  stat: StatOf = defaultStat,
): TraceCellSummary {
  const of = (pick: (t: TraceMetrics) => number | null): Stat => stat(runs.map((r) => pick(r.trace)));
  const withMainThread = runs.every((r) => r.trace.mainThreadMs !== null);
  return {
    runs: runs.length,
    droppedFrames: of((t) => t.frames.droppedAffectingSmoothness),
    droppedFramePct: of((t) => t.droppedFramePct),
    pdfWorstPct: of((t) => t.pdfWindows.worstPct),
    pdfP95Pct: of((t) => t.pdfWindows.p95Pct),
    pdfMedianPct: of((t) => t.pdfWindows.medianPct),
    ttvP50Ms: of((t) => t.ttvMs.p50),
    ttvP95Ms: of((t) => t.ttvMs.p95),
    ...(withMainThread && runs.length
      ? {
          mainThreadMs: {
            script: of((t) => t.mainThreadMs?.script ?? null),
            styleLayout: of((t) => t.mainThreadMs?.styleLayout ?? null),
            paint: of((t) => t.mainThreadMs?.paint ?? null),
            other: of((t) => t.mainThreadMs?.other ?? null),
          },
        }
      : {}),
    droppedFramesDiff: stat(runs.map((r) => r.metrics.droppedFrames - r.trace.frames.droppedAffectingSmoothness)),
  };
}

/** Summary over the valid measured runs, or null when none has metrics. */
export function summarizeRuns(runs: readonly RunResult[], stat: StatOf = defaultStat): CellSummary | null {
  const valid = runs.filter(
    (r): r is RunResult & { metrics: RunMetrics } => r.metrics !== null && r.invalid === undefined,
  );
  if (!valid.length) return null;
  const summary = summarizeCell(
    valid.map((r) => r.metrics),
    stat,
  );
  summary.invalidRuns = runs.filter((r) => r.invalid !== undefined).length;
  const traced = valid.flatMap((r) =>
    r.trace?.analysis.valid ? [{ metrics: r.metrics, trace: r.trace.analysis.metrics }] : [],
  );
  if (traced.length) summary.trace = summarizeTraces(traced, stat);
  return summary;
}
