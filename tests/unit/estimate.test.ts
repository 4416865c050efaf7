import { describe, expect, it } from 'vitest';
import { estimateSuite, RUN_OVERHEAD_S } from '../../harness/cli/estimate.ts';
import { formatSeconds } from '../../harness/common/format.ts';
import { DEFAULT_SEARCH } from '../../harness/stats/saturation-search.ts';

describe('suite duration estimate', () => {
  it('adds stream time and per-run overhead for every measured and warm-up run (by hand)', () => {
    const cells = [
      { streamS: 10, warmupS: 1 },
      { streamS: 0.5, warmupS: 0.1 },
    ];
    // 5 runs: 5 * (10 + o) + 5 * (0.5 + o); 1 warm-up: (1 + o) + (0.1 + o).
    const o = RUN_OVERHEAD_S;
    expect(estimateSuite(cells, 5, 1, null)).toEqual({
      cellsS: 5 * (10 + o) + 5 * (0.5 + o) + (1 + o) + (0.1 + o),
      sweepMinS: 0,
      sweepMaxS: 0,
    });
  });

  it('gives the sweep as a range whose dearest case streams slowly at low rates', () => {
    const config = {
      ttvBudgetMs: 50,
      maxDroppedPct: 2,
      minRate: DEFAULT_SEARCH.minRate,
      maxRate: DEFAULT_SEARCH.maxRate,
      resolution: 1.5,
      runsPerPoint: 1,
    };
    const tokens = 500;
    const { sweepMinS, sweepMaxS } = estimateSuite([], 1, 0, { config, entries: [(r) => tokens / r] });
    expect(sweepMinS).toBeGreaterThan(0);
    expect(sweepMaxS).toBeGreaterThan(sweepMinS);
    // Dearest includes a full 500-token stream at some rate near the bottom (<= 20 tok/s: >= 25 s).
    expect(sweepMaxS).toBeGreaterThan(25);
  });

  it('formats seconds and minutes', () => {
    expect(formatSeconds(42, 'estimate')).toBe('42 s');
    expect(formatSeconds(300, 'estimate')).toBe('5.0 min');
  });
});
