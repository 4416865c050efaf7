// What the HTML report embeds: the results minus what it never draws, so a large suite still makes a report a
// browser opens quickly (issue: 12 cells x 3 runs embedded 3.4 MB of raw timelines). Left out: every run's raw
// timeline, the backlog series of every run but the one each cell's backlog chart shows (its median-TTV-p95 run),
// the traces' per-marker presentation times, and digits past the 6th. Everything else (summaries, per-run metrics
// the tables and long-frame attribution read, comparisons) stays. Pure, no Node or DOM imports.
import { medianTtvP95Run } from './data.ts';
import type { Results, RunResult } from '../results/types.ts';

function slimRun(run: RunResult, keepBacklog: boolean): RunResult {
  const { metrics, trace } = run;
  const slim: RunResult = { ...run, raw: null };
  if (metrics && !keepBacklog) slim.metrics = { ...metrics, backlog: { ...metrics.backlog, series: [] } };
  if (trace?.analysis.valid) {
    const analysis = { valid: true as const, metrics: { ...trace.analysis.metrics, markerPresentedMs: [] } };
    slim.trace = { ...trace, analysis };
  }
  return slim;
}

/** Significant digits kept of non-integer numbers: the report shows at most 4; 17-digit floats doubled its size. */
export const EMBED_DIGITS = 6;

const rounded = (_key: string, v: unknown): unknown =>
  typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(EMBED_DIGITS)) : v;

/** A copy of `results` holding only what the report draws, numbers rounded (the input is not changed). */
export function forReport(results: Results): Results {
  const cells = results.cells.map((cell) => {
    const shown = medianTtvP95Run(cell)?.index;
    return { ...cell, runs: cell.runs.map((run) => slimRun(run, run.index === shown)) };
  });
  return JSON.parse(JSON.stringify({ ...results, cells }, rounded)) as Results;
}
