// How long a suite will take, printed before it starts. Pure: stream durations come from the schedules.
import { RAMP_TARGET_MS } from '../schedule/ramp.ts';
import { PROBE_TAIL_MARKERS, PROBE_TAIL_MS, settleAfterBurstMs } from '../schedule/tail.ts';
import { DEFAULT_MARKER_EVERY as MARKER_EVERY } from '../schedule/schedule.ts';
import type { SweepConfig } from '../results/types.ts';

/** Context creation, page load and teardown per run, measured here: ~1-1.5 s. */
import { RUN_SETUP_S } from '../run/setup-cost.ts';

export const RUN_OVERHEAD_S = RUN_SETUP_S;
/** Sweep probes stop this soon once a probe has provably failed (fail-fast), roughly. */
const FAIL_FAST_S = 4;
/** Showing a whole answer at once (the late-join pause comes from it): a fast renderer; a slow one on 12k tokens. */
const BURST_S = { best: 0.1, worst: 2 };

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
  const cellsS = cells.reduce(
    (sum, c) => sum + runs * (c.streamS + RUN_OVERHEAD_S) + warmupRuns * (c.warmupS + RUN_OVERHEAD_S),
    0,
  );
  if (!sweep) return { cellsS, sweepMinS: 0, sweepMaxS: 0 };
  let sweepMinS = 0;
  let sweepMaxS = 0;
  for (const duration of sweep.entries) {
    const { min, max } = sweepEntryRange(sweep.config, duration);
    sweepMinS += min;
    sweepMaxS += max;
  }
  return { cellsS, sweepMinS, sweepMaxS };
}

/** Saturation rates the estimate tries (a geometric grid over the range): the cost depends on where it lies. */
function saturationGrid(minRate: number, maxRate: number): number[] {
  const grid: number[] = [];
  for (let r = minRate; r <= maxRate; r *= 2) grid.push(r);
  return grid;
}

/**
 * One renderer x scenario: a ramp run, then confirming probes around its guess (see docs/sweep.md). Cheapest: the
 * guess is right, so one passing and one failing (fail-fast) keeps-up probe of 2 runs each, and one throughput
 * probe streamed out. Dearest: the guess is off, so two more probes galloping and one bisecting, 3 runs each.
 */
export function sweepEntryRange(
  config: SweepConfig,
  duration: (tokPerS: number) => number,
): { min: number; max: number } {
  const { minRate, maxRate, resolution } = config;
  const runs = (n: number): number => Math.min(n, config.runsPerPoint);
  const ramp = Math.min(RAMP_TARGET_MS / 1000, duration(minRate)) + RUN_OVERHEAD_S;
  const half = Math.sqrt(resolution);
  const costs = (burstS: number): Array<{ best: number; worst: number }> => {
    // A probe longer than PROBE_TAIL_MS streams its tail only, after the prefix and a pause (harness/schedule/tail.ts).
    const settleS = settleAfterBurstMs(burstS * 1000) / 1000;
    const tailS = (rate: number): number => Math.max(PROBE_TAIL_MS / 1000, (PROBE_TAIL_MARKERS * MARKER_EVERY) / rate);
    const streamS = (rate: number): number => Math.min(duration(rate), tailS(rate) + settleS);
    const run = (rate: number, failing: boolean): number =>
      (failing ? Math.min(streamS(rate), FAIL_FAST_S) : streamS(rate)) + RUN_OVERHEAD_S;
    const fixed = ramp + (duration(minRate) > PROBE_TAIL_MS / 1000 ? burstS + RUN_OVERHEAD_S : 0);
    return saturationGrid(minRate, maxRate).map((s) => {
      const lo = Math.max(minRate, s / half);
      const hi = Math.min(maxRate, s * half);
      const best = runs(2) * (run(lo, false) + run(hi, true) + run(hi, false));
      const worst = best + runs(3) * (run(lo, false) + run(hi, true) + run(s, false)) + runs(3) * run(hi, false);
      return { best: fixed + best, worst: fixed + worst };
    });
  };
  return {
    min: Math.min(...costs(BURST_S.best).map((c) => c.best)),
    max: Math.max(...costs(BURST_S.worst).map((c) => c.worst)),
  };
}
