import { describe, expect, it } from 'vitest';
import {
  MIN_COMPARE_RUNS,
  allResolved,
  compareSamples,
  isResolved,
  pairwiseComparisons,
  type Comparison,
} from '../../harness/stats/pairwise.ts';
import { mulberry32 } from '../../harness/common/random.ts';
import { gaussian, lognormal, negativeBinomial, Z_0_6, type Truth } from '../support/distributions.ts';

// ---- simulated data with a known true difference of medians (tests/support/distributions.ts) ----

interface Scenario {
  name: string;
  a: Truth;
  b: Truth;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'normal: N(100, 15) vs N(110, 25)',
    a: { draw: (r) => 100 + 15 * gaussian(r), median: 100 },
    b: { draw: (r) => 110 + 25 * gaussian(r), median: 110 },
  },
  { name: 'lognormal: median 50 sigma 0.8 vs median 65 sigma 1', a: lognormal(50, 0.8), b: lognormal(65, 1) },
  {
    name: 'counts: negative binomial mean 20 vs mean 30, size 2',
    a: negativeBinomial(20, 2),
    b: negativeBinomial(30, 2),
  },
  {
    name: 'never: lognormal vs lognormal with 1/6 never',
    a: lognormal(50, 0.8),
    // With P(never) = 1/6 the median is the 0.6 quantile of the finite part.
    b: { draw: (r) => (r() < 1 / 6 ? null : 40 * Math.exp(0.8 * gaussian(r))), median: 40 * Math.exp(0.8 * Z_0_6) },
  },
];

const TRIALS = 2000;
/** Fewer than the default 2000 resamples to keep the self-test short; coverage measured the same (+-0.2%) at 2000. */
const TEST_RESAMPLES = 500;

/**
 * Share of trials whose diff (and relative) interval covers the true b - a (and b / a - 1). Null ends are
 * +-infinity.
 */
function coverage(s: Scenario, nA: number, nB: number, seed: number, level = 0.95): { diff: number; relative: number } {
  const random = mulberry32(seed);
  const truth = s.b.median - s.a.median;
  const truthRelative = s.b.median / s.a.median - 1;
  const within = (x: number, lo: number | null, hi: number | null): boolean =>
    (lo ?? Number.NEGATIVE_INFINITY) <= x && x <= (hi ?? Number.POSITIVE_INFINITY);
  let diff = 0;
  let relative = 0;
  for (let t = 0; t < TRIALS; t++) {
    const a = Array.from({ length: nA }, () => s.a.draw(random));
    const b = Array.from({ length: nB }, () => s.b.draw(random));
    const c = compareSamples(
      { name: 'a', values: a },
      { name: 'b', values: b },
      { resamples: TEST_RESAMPLES, seed: Math.floor(random() * 2 ** 32), level },
    );
    if (within(truth, c.diff.ciLow, c.diff.ciHigh)) diff++;
    if (within(truthRelative, c.relative.ciLow, c.relative.ciHigh)) relative++;
  }
  return { diff: diff / TRIALS, relative: relative / TRIALS };
}

function withinBand(observed: number, target = 0.95, tolerance = 0.02): boolean {
  return Math.abs(observed - target) <= tolerance;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

describe('compareSamples self-test: 95% intervals cover the true difference of medians 95% +- 2% of the time', () => {
  // The sample sizes we use: n = 10 and n = 20 runs per renderer. Fixed seeds: deterministic.
  for (const [i, s] of SCENARIOS.entries()) {
    it(`${s.name}, n = 10/10 and 20/20, ${TRIALS} trials each`, () => {
      for (const n of [10, 20]) {
        const observed = coverage(s, n, n, 2000 + 100 * i + n);
        console.log(
          `compareSamples coverage, ${s.name}, n = ${n}/${n}: ` +
            `diff ${pct(observed.diff)}, relative ${pct(observed.relative)}`,
        );
        expect(withinBand(observed.diff), `diff ${pct(observed.diff)}`).toBe(true);
        expect(withinBand(observed.relative), `relative ${pct(observed.relative)}`).toBe(true);
      }
    });
  }

  // Stated coverage below n = 10: 95% to 98% (conservative, like every closed interval on tied data: the
  // counts scenario measured 97.2% at 5/5 in exploration at 2,000 resamples too). Checked against that band.
  it(
    `the smallest compared size n = ${MIN_COMPARE_RUNS}/${MIN_COMPARE_RUNS} and an unequal 5/20: ` +
      'within the stated 93% to 98%',
    () => {
      for (const [i, s] of SCENARIOS.slice(0, 3).entries()) {
        for (const [nA, nB] of [
          [MIN_COMPARE_RUNS, MIN_COMPARE_RUNS],
          [MIN_COMPARE_RUNS, 20],
        ] as const) {
          const observed = coverage(s, nA, nB, 3000 + 10 * i + nB);
          console.log(
            `compareSamples coverage, ${s.name}, n = ${nA}/${nB}: ` +
              `diff ${pct(observed.diff)}, relative ${pct(observed.relative)}`,
          );
          expect(observed.diff, `${nA}/${nB} diff ${pct(observed.diff)}`).toBeGreaterThanOrEqual(0.93);
          expect(observed.diff, `${nA}/${nB} diff ${pct(observed.diff)}`).toBeLessThanOrEqual(0.98);
        }
      }
    },
  );

  it('fewer runs (4/4, 3/10, 2/10): the exact rank-based interval covers at least its stated level - 2%', () => {
    for (const [i, s] of SCENARIOS.entries()) {
      for (const [nA, nB] of [
        [4, 4],
        [3, 10],
        [2, 10],
      ] as const) {
        const stated = compareSamples(
          { name: 'a', values: Array.from({ length: nA }, (_, k) => k) },
          { name: 'b', values: Array.from({ length: nB }, (_, k) => k) },
        ).level;
        const observed = coverage(s, nA, nB, 3500 + 10 * i + nA);
        console.log(
          `compareSamples coverage, ${s.name}, n = ${nA}/${nB}: ` +
            `diff ${pct(observed.diff)}, relative ${pct(observed.relative)} (stated ${pct(stated)})`,
        );
        expect(observed.diff, `${nA}/${nB}`).toBeGreaterThanOrEqual(stated - 0.02);
        expect(observed.relative, `${nA}/${nB}`).toBeGreaterThanOrEqual(stated - 0.02);
      }
    }
  });

  it('the check can fail: a too-narrow interval (level 0.8) does not pass the 95% +- 2% check', () => {
    const observed = coverage(SCENARIOS[1] as Scenario, 10, 10, 4000, 0.8);
    console.log(`level 0.8 coverage, n = 10/10: diff ${pct(observed.diff)}`);
    expect(withinBand(observed.diff)).toBe(false);
    // It is conservative at 80% as at 95% (measured ~85%), but nowhere near 95%.
    expect(observed.diff).toBeGreaterThan(0.78);
    expect(observed.diff).toBeLessThan(0.9);
  });
});

const FAST = [100, 104, 97, 110, 102, 99, 106, 101, 95, 103];
const SLOW = FAST.map((v) => v * 1.3);

describe('compareSamples', () => {
  it('a lower: "a is faster than b", with b - a and b / a - 1 and their intervals', () => {
    const c = compareSamples({ name: 'lit', values: FAST }, { name: 'react', values: SLOW }, { metric: 'TTV p95' });
    expect(c.verdict).toBe('faster');
    expect([c.a, c.b, c.metric, c.nA, c.nB, c.level]).toEqual(['lit', 'react', 'TTV p95', 10, 10, 0.95]);
    expect(c.diff.estimate).toBeCloseTo(101.5 * 0.3, 9);
    expect(c.diff.ciLow as number).toBeGreaterThan(0);
    expect(c.diff.ciLow as number).toBeLessThanOrEqual(c.diff.estimate as number);
    expect(c.diff.ciHigh as number).toBeGreaterThanOrEqual(c.diff.estimate as number);
    // Every resample's medians are of the same values scaled by 1.3 ... but resampled independently, so the
    // relative interval brackets +30% rather than being exactly it.
    expect(c.relative.estimate).toBeCloseTo(0.3, 12);
    expect(c.relative.ciLow as number).toBeLessThan(0.3);
    expect(c.relative.ciHigh as number).toBeGreaterThan(0.3);
    expect(c.relative.ciLow as number).toBeGreaterThan(0);
    expect(c.sentence).toMatch(
      /^lit is faster than react on TTV p95: median 102 vs 132, react - lit = \+30\.4 \[\+[\d.]+, \+[\d.]+\] \(\+30% \[\+\d+%, \+\d+%\]\), 95% CI, n = 10\/10\.$/,
    );
    expect(isResolved(c)).toBe(true);
  });

  it('a higher: "a is slower than b"', () => {
    const c = compareSamples({ name: 'react', values: SLOW }, { name: 'lit', values: FAST });
    expect(c.verdict).toBe('slower');
    expect(c.diff.ciHigh as number).toBeLessThan(0);
    expect(c.relative.estimate).toBeCloseTo(1 / 1.3 - 1, 12);
    expect(c.sentence).toMatch(/^react is slower than lit/);
  });

  it('overlapping samples: undecided, and the interval includes 0', () => {
    const c = compareSamples(
      { name: 'a', values: FAST },
      { name: 'b', values: FAST.map((v, i) => v + (i % 2 ? 3 : -3)) },
    );
    expect(c.verdict).toBe('undecided');
    expect(c.diff.ciLow as number).toBeLessThanOrEqual(0);
    expect(c.diff.ciHigh as number).toBeGreaterThanOrEqual(0);
    expect(c.sentence).toMatch(/undecided; the 95% CI of the difference includes 0/);
    expect(isResolved(c)).toBe(false);
  });

  it('one side all never, the other all finite: decided, with infinite ends reported as null', () => {
    const never = FAST.map(() => null);
    const c = compareSamples({ name: 'a', values: FAST }, { name: 'b', values: never });
    expect(c.verdict).toBe('faster');
    expect(c.diff).toEqual({ estimate: null, ciLow: null, ciHigh: null });
    expect(c.relative).toEqual({ estimate: null, ciLow: null, ciHigh: null });
    expect(c.sentence).toContain('median 102 vs never');
    const reversed = compareSamples({ name: 'b', values: never }, { name: 'a', values: FAST });
    expect(reversed.verdict).toBe('slower');
    // finite / never - 1 = -1: a is "100% faster".
    expect(reversed.relative).toEqual({ estimate: -1, ciLow: -1, ciHigh: -1 });
  });

  it('both all never: a tie, not called, but resolved (more runs cannot separate them)', () => {
    const never = FAST.map(() => null);
    const c = compareSamples({ name: 'a', values: never }, { name: 'b', values: never });
    expect(c.verdict).toBe('undecided');
    expect(c.diff).toEqual({ estimate: 0, ciLow: 0, ciHigh: 0 });
    expect(c.sentence).toContain('tied');
    expect(isResolved(c)).toBe(true);
  });

  it('mixed never: never counts as slower than any time, and the bootstrap decides only when it is clear', () => {
    const finite = [100, 101, 102, 103, 104, 105, 106, 107, 108, 109];
    // b is fast when it works (50 ms) but never in 6 of 10 runs: its median is never, yet 4 of 10 finite runs
    // give resamples with a finite median often enough (P ~ 17%) that nothing can be called.
    const sixNever = compareSamples(
      { name: 'a', values: finite },
      { name: 'b', values: [50, 50, 50, 50, null, null, null, null, null, null] },
    );
    expect(sixNever.diff.estimate).toBeNull();
    expect(sixNever.verdict).toBe('undecided');
    expect(sixNever.diff.ciLow as number).toBeLessThan(0);
    expect(sixNever.diff.ciHigh).toBeNull();
    // Never in 8 of 10: a resample with a finite median is rare (P ~ 0.6%), so a is faster.
    const eightNever = compareSamples(
      { name: 'a', values: finite },
      { name: 'b', values: [50, 50, null, null, null, null, null, null, null, null] },
    );
    expect(eightNever.verdict).toBe('faster');
    // Two never among slow-ish runs: the median stays finite and the never runs only widen the interval.
    const twoNever = compareSamples(
      { name: 'a', values: finite },
      { name: 'b', values: [150, 151, 152, 153, 154, 155, 156, 157, null, null] },
    );
    expect(twoNever.verdict).toBe('faster');
    expect(twoNever.diff.estimate).toBe(154.5 - 104.5);
  });

  it(
    'relative difference: undefined (null) when values go below 0; ' +
      'a zero median against a positive one is +infinity',
    () => {
      const negative = compareSamples(
        { name: 'a', values: FAST.map((v) => v - 200) },
        { name: 'b', values: FAST.map((v) => v - 100) },
      );
      expect(negative.verdict).toBe('faster');
      expect(negative.relative).toEqual({ estimate: null, ciLow: null, ciHigh: null });
      expect(negative.sentence).not.toContain('%]');
      const zeros = compareSamples(
        { name: 'a', values: Array(10).fill(0) },
        { name: 'b', values: [3, 4, 5, 3, 4, 5, 3, 4, 5, 4] },
      );
      expect(zeros.verdict).toBe('faster');
      expect(zeros.relative.estimate).toBeNull();
      expect(zeros.diff.estimate).toBe(4);
    },
  );

  it(`fewer than ${MIN_COMPARE_RUNS} runs on a side: exact rank-based intervals with their achieved level`, () => {
    // 4/4, completely separated: the interval is [min, max] of the 16 pairwise differences at 1 - 2/70.
    const four = compareSamples({ name: 'a', values: FAST.slice(0, 4) }, { name: 'b', values: SLOW.slice(0, 4) });
    expect(four.verdict).toBe('faster');
    expect(four.level).toBeCloseTo(1 - 2 / 70, 12);
    const diffs = FAST.slice(0, 4).flatMap((x) => SLOW.slice(0, 4).map((y) => y - x));
    expect([four.diff.ciLow, four.diff.ciHigh]).toEqual([Math.min(...diffs), Math.max(...diffs)]);
    expect(four.sentence).toContain('97.1% CI (exact, rank-based: few runs), n = 4/4');
    // 3/10: k = 4 (P(U <= 3) = 7/286), the 4th smallest and largest of 30 differences.
    const a3 = [10, 20, 30];
    const b10 = [5, 12, 18, 25, 33, 41, 47, 52, 60, 71];
    const threeTen = compareSamples({ name: 'a', values: a3 }, { name: 'b', values: b10 });
    expect(threeTen.level).toBeCloseTo(1 - 14 / 286, 12);
    const sorted = a3.flatMap((x) => b10.map((y) => y - x)).sort((x, y) => x - y);
    expect([threeTen.diff.ciLow, threeTen.diff.ciHigh]).toEqual([sorted[3], sorted[26]]);
    // 3/3 reaches only 90% even when completely separated: never called at 95%.
    const three = compareSamples({ name: 'a', values: FAST.slice(0, 3) }, { name: 'b', values: SLOW.slice(0, 3) });
    expect(three.verdict).toBe('undecided');
    expect(three.level).toBeCloseTo(0.9, 12);
    expect(three.diff.ciLow as number).toBeGreaterThan(0);
    expect(three.sentence).toContain('too few runs for a 95% interval (at most 90% with n = 3/3)');
    expect(isResolved(three)).toBe(false);
    // ... but it is called at a 90% level.
    expect(
      compareSamples({ name: 'a', values: FAST.slice(0, 3) }, { name: 'b', values: SLOW.slice(0, 3) }, { level: 0.9 })
        .verdict,
    ).toBe('faster');
  });

  it('n = 1 on a side: the estimate, an interval at a low achieved level, and no verdict', () => {
    const one = compareSamples({ name: 'a', values: [50] }, { name: 'b', values: SLOW });
    expect(one.verdict).toBe('undecided');
    expect(one.level).toBeCloseTo(1 - 2 / 11, 12);
    expect(one.diff.estimate).toBeCloseTo(131.95 - 50, 9);
    expect(one.sentence).toMatch(
      /^a vs b on value: undecided; too few runs for a 95% interval \(at most 81\.8% with n = 1\/10\): median 50 vs 132, /,
    );
    expect(isResolved(one)).toBe(false);
    const single = compareSamples({ name: 'a', values: [1] }, { name: 'b', values: [2] });
    expect(single).toMatchObject({
      verdict: 'undecided',
      level: 0,
      diff: { estimate: 1, ciLow: 1, ciHigh: 1 },
      relative: { estimate: 1, ciLow: 1, ciHigh: 1 },
    });
    // Both never in a single run each: tied, but not resolved (one run says little).
    const never = compareSamples({ name: 'a', values: [null] }, { name: 'b', values: [null] });
    expect(never.diff).toEqual({ estimate: 0, ciLow: 0, ciHigh: 0 });
    expect(isResolved(never)).toBe(false);
  });

  it('no runs on a side: all null', () => {
    const c = compareSamples({ name: 'a', values: [] }, { name: 'b', values: FAST });
    expect(c).toMatchObject({
      nA: 0,
      nB: 10,
      level: 0,
      verdict: 'undecided',
      diff: { estimate: null, ciLow: null, ciHigh: null },
    });
    expect(c.sentence).toBe('a vs b on value: no runs for a.');
  });

  it('is reproducible: the same seed gives the same comparison; input order does not matter', () => {
    const noisyA = [100, 120, 90, 130, 95, 115, 105, 125, 85, 110];
    const noisyB = noisyA.map((v, i) => v + 8 + (i % 3) * 5);
    const one = compareSamples({ name: 'a', values: noisyA }, { name: 'b', values: noisyB }, { seed: 9 });
    expect(compareSamples({ name: 'a', values: noisyA }, { name: 'b', values: noisyB }, { seed: 9 })).toEqual(one);
    expect(
      compareSamples(
        { name: 'a', values: [...noisyA].reverse() },
        { name: 'b', values: [...noisyB].reverse() },
        { seed: 9 },
      ),
    ).toEqual(one);
    const other = compareSamples({ name: 'a', values: noisyA }, { name: 'b', values: noisyB }, { seed: 10 });
    expect(other.diff.estimate).toBe(one.diff.estimate);
    expect([other.diff.ciLow, other.diff.ciHigh]).not.toEqual([one.diff.ciLow, one.diff.ciHigh]);
  });

  it('minRelativeDiff: a difference inside the margin is not called, but is resolved as practically equal', () => {
    const base = [100, 101, 100.5, 99.5, 100.2, 99.8, 100.1, 100.4, 99.6, 100.3];
    const plus3 = base.map((v) => v * 1.03);
    expect(compareSamples({ name: 'a', values: base }, { name: 'b', values: plus3 }).verdict).toBe('faster');
    const withMargin = compareSamples(
      { name: 'a', values: base },
      { name: 'b', values: plus3 },
      { minRelativeDiff: 0.1 },
    );
    expect(withMargin.verdict).toBe('undecided');
    expect(withMargin.minRelativeDiff).toBe(0.1);
    expect(withMargin.relative.ciLow as number).toBeGreaterThan(0);
    expect(withMargin.relative.ciHigh as number).toBeLessThan(0.1);
    expect(withMargin.sentence).toContain('within ±10%');
    expect(isResolved(withMargin)).toBe(true);
    // A 30% difference clears a 10% margin.
    const big = compareSamples(
      { name: 'a', values: base },
      { name: 'b', values: base.map((v) => v * 1.3) },
      { minRelativeDiff: 0.1 },
    );
    expect(big.verdict).toBe('faster');
    expect(big.sentence).toContain('faster than b on value by more than 10%');
    // Straddling the margin: not called, not resolved (keep sampling).
    const noisy = [100, 104, 97, 110, 102, 99, 106, 101, 95, 103];
    const straddle = compareSamples(
      { name: 'a', values: noisy },
      { name: 'b', values: noisy.map((v) => v * 1.1) },
      { minRelativeDiff: 0.1 },
    );
    expect(straddle.verdict).toBe('undecided');
    expect(straddle.relative.ciLow as number).toBeLessThan(0.1);
    expect(straddle.relative.ciHigh as number).toBeGreaterThan(0.1);
    expect(straddle.sentence).toContain('may be inside the ±10% margin');
    expect(isResolved(straddle)).toBe(false);
    // Relative undefined (negative values): the margin cannot be checked, so nothing is called.
    const negative = compareSamples(
      { name: 'a', values: base.map((v) => v - 500) },
      { name: 'b', values: base.map((v) => v - 300) },
      { minRelativeDiff: 0.1 },
    );
    expect(negative.verdict).toBe('undecided');
    expect(negative.sentence).toContain('margin cannot be checked');
  });

  it('rejects bad options', () => {
    const a = { name: 'a', values: FAST };
    expect(() => compareSamples(a, a, { minRelativeDiff: -0.1 })).toThrow(RangeError);
    expect(() => compareSamples(a, a, { level: 95 })).toThrow(RangeError);
    expect(() => compareSamples(a, a, { resamples: -1 })).toThrow(RangeError);
  });
});

describe('pairwiseComparisons and allResolved', () => {
  const groups = [
    { name: 'fast', values: FAST },
    { name: 'slow', values: SLOW },
    { name: 'same', values: FAST.map((v, i) => v + (i % 2 ? 2 : -2)) },
  ];

  it('compares every unordered pair once, in input order', () => {
    const cs = pairwiseComparisons(groups, { metric: 'TTV p95', seed: 5 });
    expect(cs.map((c) => [c.a, c.b])).toEqual([
      ['fast', 'slow'],
      ['fast', 'same'],
      ['slow', 'same'],
    ]);
    expect(cs.map((c) => c.verdict)).toEqual(['faster', 'undecided', 'slower']);
    expect(cs[0]).toEqual(
      compareSamples(groups[0] as (typeof groups)[0], groups[1] as (typeof groups)[0], { metric: 'TTV p95', seed: 5 }),
    );
    expect(pairwiseComparisons([groups[0] as (typeof groups)[0]])).toEqual([]);
  });

  it('allResolved: true only when every pair is called (or practically equal)', () => {
    const cs = pairwiseComparisons(groups);
    expect(allResolved(cs)).toBe(false);
    expect(allResolved(cs.filter((c) => c.verdict !== 'undecided'))).toBe(true);
    expect(allResolved([])).toBe(true);
  });

  it('allResolved reads plain copies (e.g. CellComparison objects without minRelativeDiff)', () => {
    const c = compareSamples({ name: 'a', values: FAST }, { name: 'b', values: SLOW });
    const { minRelativeDiff: _unused, ...copy } = c;
    expect(allResolved([{ ...copy } as Comparison])).toBe(true);
    expect(allResolved([{ ...copy, verdict: 'undecided' } as Comparison])).toBe(false);
  });
});
