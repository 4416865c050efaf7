// CPU profiles in a report: results measured under several CPU throttles are read one profile at a time, so
// every table, chart and verdict compares like with like. Pure.
import type { Results } from '../results/types.ts';

export interface ProfileView {
  cpuThrottle: number;
  /** `No CPU throttling` or `CPU 4× slower`. */
  label: string;
  /** The results restricted to this profile's cells, sweep entries and comparisons. */
  results: Results;
}

export function profileLabel(cpuThrottle: number): string {
  return cpuThrottle === 1 ? 'No CPU throttling (1×)' : `CPU ${cpuThrottle}× slower (Chromium CPU throttling)`;
}

/** Profiles in the order they were configured (then any others found in the cells), each with its own view. */
export function profileViews(results: Results): ProfileView[] {
  const throttles = [...new Set([...(results.config.cpuThrottles ?? [1]), ...results.cells.map((c) => c.cpuThrottle)])];
  return throttles.map((cpuThrottle) => ({
    cpuThrottle,
    label: profileLabel(cpuThrottle),
    results: {
      ...results,
      cells: results.cells.filter((c) => c.cpuThrottle === cpuThrottle),
      ...(results.sweep
        ? { sweep: { ...results.sweep, entries: results.sweep.entries.filter((e) => e.cpuThrottle === cpuThrottle) } }
        : {}),
      ...(results.comparisons ? { comparisons: results.comparisons.filter((c) => c.cpuThrottle === cpuThrottle) } : {}),
    },
  }));
}
