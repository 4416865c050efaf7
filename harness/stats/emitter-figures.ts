// The emitter's timing per rate over the whole suite (results.emitter): the worker's own send error (sent - due)
// and the main thread's receipt delay (delivered - sent), pooled over every chunk of every valid measured run, so
// the report can say how far the stream's clock itself can be trusted at each rate. Pure.
import { emitterSamples } from '../metrics/run-metrics.ts';
import { percentiles } from './basic.ts';
import type { CellResult, EmitterFigures } from '../results/types.ts';

/** One entry per rate that has send times, in order of rate; empty for results from before send times. */
export function emitterFigures(cells: readonly CellResult[]): EmitterFigures[] {
  const byRate = new Map<string, { tokPerS: number; sendError: number[]; receiptDelay: number[]; runs: number }>();
  for (const cell of cells) {
    for (const run of cell.runs) {
      if (!run.raw || run.invalid !== undefined || !run.raw.chunks.some((c) => c.sentMs !== undefined)) continue;
      const empty = { tokPerS: cell.rate.tokPerS, sendError: [], receiptDelay: [], runs: 0 };
      const pool = byRate.get(cell.rate.name) ?? empty;
      const { sendError, receiptDelay } = emitterSamples(run.raw.chunks);
      // push in a loop, not push(...a): a long run's samples could overflow the argument list.
      for (const v of sendError) pool.sendError.push(v);
      for (const v of receiptDelay) pool.receiptDelay.push(v);
      pool.runs++;
      byRate.set(cell.rate.name, pool);
    }
  }
  const brief = (values: readonly number[]): EmitterFigures['sendErrorMs'] => {
    const { p50, p99, max } = percentiles(values);
    return { p50, p99, max };
  };
  return [...byRate.entries()]
    .sort((a, b) => a[1].tokPerS - b[1].tokPerS)
    .map(([rate, pool]) => ({
      rate,
      tokPerS: pool.tokPerS,
      sendErrorMs: brief(pool.sendError),
      receiptDelayMs: brief(pool.receiptDelay),
      chunks: pool.sendError.length,
      runs: pool.runs,
    }));
}
