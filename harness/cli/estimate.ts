// How long a suite will take, printed before it starts. Pure: stream durations come from the schedules.
import { geometricMid } from '../stats/saturation-search.ts';
import type { SweepConfig } from '../results/types.ts';

/** Context creation, page load and teardown per run, measured here: ~1-1.5 s. */
import { RUN_SETUP_S } from '../run/setup-cost.ts';

export const RUN_OVERHEAD_S = RUN_SETUP_S;
/** Sweep probes stop this soon once a probe has provably failed (fail-fast), roughly. */
const FAIL_FAST_S = 4;

export interface SuiteEstimate {
  cellsS: number;
  sweepMinS: number;
  sweepMaxS: number;
}

/**
 * cells: per cell its full stream duration (s) and warm-up duration (s). sweep: per renderer x scenario, a
 * function giving the stream duration (s) at a rate. The sweep's cost depends on where each renderer saturates,
 * so it is a range.
 */
export function estimateSuite(
  cells: ReadonlyArray<{ streamS: number; warmupS: number }>,
  runs: number,
  warmupRuns: number,
  sweep: { config: SweepConfig; entries: ReadonlyArray<(tokPerS: number) => number> } | null,
): SuiteEstimate {
  const cellsS = cells.reduce((sum, c) => sum + runs * (c.streamS + RUN_OVERHEAD_S) + warmupRuns * (c.warmupS + RUN_OVERHEAD_S), 0);
  if (!sweep) return { cellsS, sweepMinS: 0, sweepMaxS: 0 };
  const { minRate, maxRate, resolution, runsPerPoint } = sweep.config;
  const climb: number[] = [];
  const descend: number[] = [];
  for (let lo = minRate, hi = maxRate; hi / lo > resolution; ) climb.push((lo = geometricMid(lo, hi)));
  for (let lo = minRate, hi = maxRate; hi / lo > resolution; ) descend.push((hi = geometricMid(lo, hi)));
  let sweepMinS = 0;
  let sweepMaxS = 0;
  for (const duration of sweep.entries) {
    const up = [...climb, maxRate].reduce((s, r) => s + runsPerPoint * (duration(r) + RUN_OVERHEAD_S), 0);
    const cost = (rates: number[], failing: boolean): number =>
      rates.reduce((s, r) => s + runsPerPoint * ((failing ? Math.min(duration(r), FAIL_FAST_S) : duration(r)) + RUN_OVERHEAD_S), 0);
    // Cheapest: climbs to the top, or descends failing fast. Dearest: descends but keeps up low down, where
    // every passing probe streams the whole content slowly.
    sweepMinS += Math.min(cost([...climb, maxRate], false), cost([...descend, minRate], true));
    sweepMaxS += Math.max(cost([...climb, maxRate], false), cost(descend, false));
  }
  return { cellsS, sweepMinS, sweepMaxS };
}
