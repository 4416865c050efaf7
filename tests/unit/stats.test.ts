import { describe, expect, it } from 'vitest';
import {
  binomCdfHalf,
  linearSlope,
  median,
  medianCI,
  percentile,
  percentiles,
  summarizeCell,
} from '../../harness/stats/basic.ts';
import type { Percentiles, RunMetrics } from '../../harness/metrics/types.ts';

const INF = Number.POSITIVE_INFINITY;

describe('percentile (nearest rank)', () => {
  it('picks sorted[ceil(p/100*n)-1]', () => {
    // sorted 25, 30, 50: p50 -> rank ceil(1.5)=2 -> 30; p95 -> rank ceil(2.85)=3 -> 50.
    expect(percentile([30, 25, 50], 50)).toBe(30);
    expect(percentile([30, 25, 50], 95)).toBe(50);
    expect(percentile([30, 25, 50], 99)).toBe(50);
    expect(percentile([30, 25, 50], 100)).toBe(50);
  });

  it('clamps rank 0 to the smallest value', () => {
    expect(percentile([30, 25, 50], 0)).toBe(25);
  });

  it('lands on exact ranks without float drift', () => {
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
    // 95% of 20 is exactly 19: the 19th value, not the 20th.
    expect(percentile(oneToTwenty, 95)).toBe(19);
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 50)).toBe(50);
  });

  it('returns null for no values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('returns null when the selected value is Infinity ("never")', () => {
    expect(percentile([1, 2, INF], 50)).toBe(2);
    expect(percentile([1, 2, INF], 95)).toBeNull();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentiles', () => {
  it('gives p50, p95, p99 and max', () => {
    expect(percentiles([30, 25, 50])).toEqual({ p50: 30, p95: 50, p99: 50, max: 50 });
  });

  it('reports an Infinity max as null', () => {
    // sorted 10, Inf: p50 -> rank 1 -> 10; the rest select Infinity.
    expect(percentiles([10, INF])).toEqual({ p50: 10, p95: null, p99: null, max: null });
  });

  it('is all null for no values', () => {
    expect(percentiles([])).toEqual({ p50: null, p95: null, p99: null, max: null });
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('is null for no values or an infinite middle', () => {
    expect(median([])).toBeNull();
    expect(median([1, INF])).toBeNull();
    expect(median([1, 2, INF])).toBe(2);
  });
});

describe('binomCdfHalf', () => {
  it('matches exact small cases', () => {
    expect(binomCdfHalf(0, 5)).toBe(1 / 32);
    expect(binomCdfHalf(1, 2)).toBe(0.75);
    expect(binomCdfHalf(1, 10)).toBe(11 / 1024);
    expect(binomCdfHalf(2, 10)).toBe(56 / 1024);
    // Symmetric with odd n: P(X <= 4) for n = 9 is exactly one half.
    expect(binomCdfHalf(4, 9)).toBe(0.5);
  });

  it('handles the edges', () => {
    expect(binomCdfHalf(-1, 5)).toBe(0);
    expect(binomCdfHalf(5, 5)).toBe(1);
    expect(binomCdfHalf(7, 5)).toBe(1);
    expect(binomCdfHalf(0, 0)).toBe(1);
    expect(() => binomCdfHalf(0, -1)).toThrow(RangeError);
    expect(() => binomCdfHalf(0, 2.5)).toThrow(RangeError);
  });

  it('does not overflow for large n', () => {
    // Reference values from exact rational arithmetic (Python fractions).
    expect(binomCdfHalf(499, 1000)).toBeCloseTo(0.4873874909108196, 14);
    expect(binomCdfHalf(1000, 2000)).toBeCloseTo(0.5089195055729272, 14);
    expect(binomCdfHalf(39, 100)).toBeCloseTo(0.017600100108852407, 15);
    expect(binomCdfHalf(0, 1100)).toBe(0); // 2^-1100 underflows a double
    expect(binomCdfHalf(1099, 1100)).toBe(1);
  });
});

describe('medianCI', () => {
  it('is empty for no values', () => {
    expect(medianCI([])).toEqual({ median: null, ciLow: null, ciHigh: null, n: 0, level: 0 });
  });

  it('n = 1: the value itself, coverage 0', () => {
    expect(medianCI([7])).toEqual({ median: 7, ciLow: 7, ciHigh: 7, n: 1, level: 0 });
  });

  it('n = 3: [min, max] at 1 - 2/8', () => {
    expect(medianCI([20, 10, 30])).toEqual({ median: 20, ciLow: 10, ciHigh: 30, n: 3, level: 0.75 });
  });

  it('n = 5: no k reaches 95%, so [min, max] at 1 - 2/32', () => {
    expect(medianCI([5, 1, 4, 2, 3])).toEqual({ median: 3, ciLow: 1, ciHigh: 5, n: 5, level: 0.9375 });
  });

  it('n = 6: k = 1 is the first that qualifies (2/64 <= 5%)', () => {
    expect(medianCI([6, 5, 4, 3, 2, 1])).toEqual({ median: 3.5, ciLow: 1, ciHigh: 6, n: 6, level: 0.96875 });
  });

  it('n = 10: k = 2 -> [x2, x9] at 1 - 22/1024', () => {
    const values = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50];
    expect(medianCI(values)).toEqual({ median: 55, ciLow: 20, ciHigh: 90, n: 10, level: 0.978515625 });
  });

  it('n = 17: k = 5 even though 2*CDF(4) = 0.049 is close to the limit', () => {
    const values = Array.from({ length: 17 }, (_, i) => 17 - i); // 17..1
    // 2 * (1 + 17 + 136 + 680 + 2380) / 2^17 = 6428 / 131072 = 0.04904...
    expect(medianCI(values)).toEqual({ median: 9, ciLow: 5, ciHigh: 13, n: 17, level: 1 - 6428 / 131072 });
  });

  it('n = 20 and n = 100 match the textbook order statistics', () => {
    const twenty = medianCI(Array.from({ length: 20 }, (_, i) => i + 1));
    expect([twenty.ciLow, twenty.ciHigh, twenty.level]).toEqual([6, 15, 0.9586105346679688]);
    const hundred = medianCI(Array.from({ length: 100 }, (_, i) => i + 1));
    expect([hundred.ciLow, hundred.ciHigh, hundred.level]).toEqual([40, 61, 0.9647997997822951]);
  });

  it('picks the largest qualifying k for every n up to 300', () => {
    for (let n = 6; n <= 300; n++) {
      const values = Array.from({ length: n }, (_, i) => i + 1);
      const { ciLow, ciHigh, level } = medianCI(values);
      const k = ciLow as number;
      expect(ciHigh).toBe(n - k + 1);
      expect(2 * binomCdfHalf(k - 1, n)).toBeLessThanOrEqual(0.05);
      expect(2 * binomCdfHalf(k, n)).toBeGreaterThan(0.05);
      expect(level).toBeCloseTo(1 - 2 * binomCdfHalf(k - 1, n), 15);
    }
  });

  it('treats null as never (+Infinity) and reports it as null', () => {
    expect(medianCI([10, null, 20])).toEqual({ median: 20, ciLow: 10, ciHigh: null, n: 3, level: 0.75 });
    expect(medianCI([null, 5, null])).toEqual({ median: null, ciLow: 5, ciHigh: null, n: 3, level: 0.75 });
    // Even n: the mean of 2 and "never" is never.
    expect(medianCI([1, 2, null, null]).median).toBeNull();
    expect(medianCI([1, 2, 3, null]).median).toBe(2.5);
  });
});

describe('linearSlope', () => {
  it('fits a line exactly', () => {
    expect(linearSlope([0, 1, 2], [1, 3, 5])).toBe(2);
    expect(linearSlope([0, 10, 20], [30, 25, 50])).toBe(1);
  });

  it('is 0 with fewer than 2 points or no spread in x', () => {
    expect(linearSlope([], [])).toBe(0);
    expect(linearSlope([5], [5])).toBe(0);
    expect(linearSlope([1, 1, 1], [1, 2, 3])).toBe(0);
  });

  it('stays exact with large x offsets', () => {
    expect(linearSlope([1e9, 1e9 + 1, 1e9 + 2], [0, 0.5, 1])).toBe(0.5);
  });

  it('rejects mismatched lengths', () => {
    expect(() => linearSlope([1, 2], [1])).toThrow(RangeError);
  });
});

describe('summarizeCell', () => {
  const pct = (p50: number | null, p95: number | null, p99: number | null, max: number | null): Percentiles => ({
    p50,
    p95,
    p99,
    max,
  });

  /** A run whose every summarised field is derived from `v`, so each Stat's source is identifiable. */
  function run(v: number, over: Partial<RunMetrics> = {}): RunMetrics {
    return {
      markersTotal: 10,
      markersVisible: 10,
      textComplete: true,
      ttvMs: pct(v, v + 1, v + 2, v + 3),
      breakdownMs: { delivery: pct(0, v + 4, 0, 0), buffering: pct(0, v + 5, 0, 0), render: pct(0, v + 6, 0, 0) },
      firstTokenTtvMs: v + 7,
      completionLagMs: v + 8,
      frameIntervalMs: 1000 / 60,
      expectedFrames: 100,
      droppedFrames: v + 9,
      droppedFramePct: v + 10,
      longFrames: { count: v + 11, blockingDurationMs: v + 12, topScripts: [] },
      backlog: { series: [], lagSlope: 0 },
      uiBound: false,
      delivery: { achievedRateTokPerS: v + 13, errorMs: pct(0, v + 14, 0, 0) },
      ...over,
    };
  }

  it('takes each Stat from the matching per-run field', () => {
    const s = summarizeCell([run(100), run(300), run(200)]);
    const stat = (offset: number) => ({
      median: 200 + offset,
      ciLow: 100 + offset,
      ciHigh: 300 + offset,
      n: 3,
      level: 0.75,
    });
    expect(s.ttvP50Ms).toEqual(stat(0));
    expect(s.ttvP95Ms).toEqual(stat(1));
    expect(s.ttvP99Ms).toEqual(stat(2));
    expect(s.ttvMaxMs).toEqual(stat(3));
    expect(s.deliveryP95Ms).toEqual(stat(4));
    expect(s.bufferingP95Ms).toEqual(stat(5));
    expect(s.renderP95Ms).toEqual(stat(6));
    expect(s.firstTokenTtvMs).toEqual(stat(7));
    expect(s.completionLagMs).toEqual(stat(8));
    expect(s.droppedFrames).toEqual(stat(9));
    expect(s.droppedFramePct).toEqual(stat(10));
    expect(s.longFrames).toEqual(stat(11));
    expect(s.longFrameBlockingMs).toEqual(stat(12));
    expect(s.achievedRateTokPerS).toEqual(stat(13));
    expect(s.deliveryErrorP95Ms).toEqual(stat(14));
  });

  it('counts null per-run values as never', () => {
    const s = summarizeCell([
      run(10),
      run(20, { ttvMs: pct(20, null, null, null), completionLagMs: null }),
      run(30, { ttvMs: pct(30, null, null, null), completionLagMs: null }),
    ]);
    expect(s.ttvP50Ms).toEqual({ median: 20, ciLow: 10, ciHigh: 30, n: 3, level: 0.75 });
    expect(s.ttvP95Ms).toEqual({ median: null, ciLow: 11, ciHigh: null, n: 3, level: 0.75 });
    expect(s.completionLagMs).toEqual({ median: null, ciLow: 18, ciHigh: null, n: 3, level: 0.75 });
  });

  it('calls uiBound by strict majority and counts incomplete runs', () => {
    const two = summarizeCell([run(1, { uiBound: true }), run(2, { uiBound: true, textComplete: false }), run(3)]);
    expect([two.uiBound, two.uiBoundRuns, two.incompleteRuns]).toEqual([true, 2, 1]);
    const tie = summarizeCell([run(1, { uiBound: true }), run(2)]);
    expect([tie.uiBound, tie.uiBoundRuns, tie.incompleteRuns]).toEqual([false, 1, 0]);
  });

  it('summarises no runs as empty stats', () => {
    const s = summarizeCell([]);
    expect(s.ttvP95Ms).toEqual({ median: null, ciLow: null, ciHigh: null, n: 0, level: 0 });
    expect([s.uiBound, s.uiBoundRuns, s.incompleteRuns]).toEqual([false, 0, 0]);
  });
});
