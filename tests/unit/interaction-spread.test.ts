// The typing p95's spread (harness/stats/basic.ts percentileCI, harness/metrics/interaction.ts, report/feel-text.ts):
// a distribution-free interval from order statistics, the same as medianCI's at p = 50, with each side decided by
// the exact binomial (checked here against a plain floating-point sum), unbounded on a side too few values can
// bound (a p95 of 24 keystrokes has no upper bound), and shown beside the figure as "[lo–hi]" with "…" there.
import { describe, expect, it } from 'vitest';
import { medianCI, percentileCI } from '../../harness/stats/basic.ts';
import { summarizeInteraction, type InteractionMetrics } from '../../harness/metrics/interaction.ts';
import { typingSpread } from '../../harness/report/feel-text.ts';

const ramp = (n: number): number[] => Array.from({ length: n }, (_, i) => (i * 7) % n); // 0..n-1, shuffled

/** P(B <= j) for B ~ Binomial(n, q), by a plain floating-point sum. */
function cdf(j: number, n: number, q: number): number {
  let sum = 0;
  let term = (1 - q) ** n;
  for (let i = 0; i <= j; i++) {
    sum += term;
    term *= ((n - i) / (i + 1)) * (q / (1 - q));
  }
  return sum;
}

describe('percentileCI', () => {
  it('is medianCI at p = 50 once both sides can be bounded', () => {
    for (const n of [6, 9, 10, 17, 30, 61]) {
      const values = ramp(n);
      const median = medianCI(values);
      const interval = percentileCI(values, 50);
      expect([interval.low, interval.high]).toEqual([median.ciLow, median.ciHigh]);
      expect(interval.level).toBeCloseTo(median.level, 12);
    }
  });

  it('takes the widest-inside order statistics whose tails are each at most 2.5%', () => {
    for (const [n, p] of [
      [24, 95],
      [40, 95],
      [100, 95],
      [150, 98],
      [30, 10],
    ] as const) {
      const { low, high, level } = percentileCI(ramp(n), p);
      const q = p / 100;
      // Sorted values are 0..n-1, so x(l) = l - 1 and x(u) = u - 1.
      const l = low === null ? 0 : low + 1;
      const u = high === null ? n + 1 : high + 1;
      if (l > 0) expect(cdf(l - 1, n, q)).toBeLessThanOrEqual(0.025);
      if (l < n) expect(cdf(l, n, q)).toBeGreaterThan(0.025);
      // P(B >= u) at most 2.5%, and P(B >= u - 1) over it (u is the smallest such).
      if (u <= n) expect(1 - cdf(u - 1, n, q)).toBeLessThanOrEqual(0.025 + 1e-12);
      if (u > 1) expect(1 - cdf(u - 2, n, q)).toBeGreaterThan(0.025 - 1e-12);
      expect(level).toBeCloseTo((u <= n ? cdf(u - 1, n, q) : 1) - (l > 0 ? cdf(l - 1, n, q) : 0), 9);
      expect(level).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('leaves a p95 of 24 keystrokes unbounded above, and bounds it from 72 on', () => {
    expect(percentileCI(ramp(24), 95)).toMatchObject({ low: 19, high: null });
    expect(percentileCI(ramp(71), 95).high).toBeNull();
    expect(percentileCI(ramp(72), 95).high).toBe(71);
    expect(percentileCI([], 95)).toEqual({ low: null, high: null, n: 0, level: 0 });
  });
});

describe('the typing p95 spread', () => {
  const run = (latenciesMs: number[]): InteractionMetrics => ({
    typing: {
      keystrokes: latenciesMs.length,
      latenciesMs,
      latencyMs: { p50: null, p95: null, p98: null, max: null },
      over100Pct: 0,
      keyToNextPaintP95Ms: null,
      breakdownP95Ms: { inputDelay: null, processing: null, presentation: null },
    },
    following: { frames: 0, pct: null },
    layoutShift: { cls: 0, shifts: 0, edgeShifts: 0 },
  });

  it('pools the keystrokes of every typing run and shows "[lo–hi]" beside the figure', () => {
    const summary = summarizeInteraction([run(ramp(12).map((v) => v + 10)), run(ramp(12).map((v) => v + 22))]);
    expect(summary.typingP95CI).toEqual({ lowMs: 29, highMs: null, level: expect.any(Number) });
    expect(summary.typingP95CI?.level).toBeGreaterThanOrEqual(0.95);
    expect(typingSpread(summary)?.text).toBe('[29 ms–…]');
    expect(typingSpread(summary)?.title).toMatch(
      /^typing p95 of 24 keystrokes, with its 95% interval from order statistics \(coverage 9\d\.\d+%\)/,
    );
    expect(summarizeInteraction([run([])]).typingP95CI).toBeUndefined();
  });
});
