// Pairwise comparison of two renderers' per-run samples of a lower-is-better metric, tachometer-style:
// the difference of medians (b - a) and the relative difference (b / a - 1), each with a seeded bootstrap
// confidence interval, and a verdict that is only called when the whole interval is on one side. Pure.
//
// Method: the plain percentile bootstrap of the difference of medians (each sample resampled on its own,
// DEFAULT_RESAMPLES times). Unlike the one-sample median (bootstrap.ts) it needs no smoothing: the
// difference of two resampled medians already takes many values, so the percentiles do not snap onto a
// few order statistics. Measured coverage of the true difference of medians by nominal-95% intervals
// (normal, lognormal, negative-binomial counts, and lognormal with 1/6 "never"): 95.3-96.4% at 10/10 runs,
// 95.6-96.9% at 20/20, 95.9-97.2% at 5/5 and 5/20; the relative interval likewise. So it is slightly
// conservative (more so at lower levels: ~85% at a nominal 80%), which only makes verdicts more careful.
// Below MIN_COMPARE_RUNS runs on either side the bootstrap under-covers (measured ~92% at 4/4, ~89% at
// 3/3, ~65% at 2/2, 50-80% with a single run on one side, which shows no spread at all). There the
// intervals are the exact distribution-free rank-based ones instead (Moses; the k-th smallest and largest
// of all pairwise differences b_j - a_i, k from the exact Mann-Whitney null distribution), with the
// achieved level reported like stats.ts medianCI does: 97.1% at 4/4, 95.1% at 3/10, 90% at 3/3 (so 3/3
// can never be called at 95%: even complete separation has p = 0.1). Exact when b is a shifted a;
// conservative otherwise (measured 94.8-98.5% coverage of the difference of medians at 4/4, 3/10, 4/20).
// The relative interval uses the same ranks on the pairwise ratios (exact for a change of scale). Nothing
// is called when the achieved level falls short of the requested one.
//
// "Never" (null; also NaN) is +Infinity, an ordinal value slower than any time, as in stats.ts. Medians
// and their bootstrap are order statistics, so they handle an atom at +Infinity: a median is "never" only
// when half the runs or more (more than half, for an odd count) never happened. In differences, never - finite =
// +Infinity, and never - never = 0 (both never: a tie, no evidence either way); in ratios, never / finite = +Infinity,
// finite / never - 1 = -1, never / never - 1 = 0. So one side all-never against the other all-finite is decided
// (every resample and every pair agrees; given 4/4 runs or more, as 3/3 never reaches 95%); mixed cases
// go through the same intervals like any other value, with no special rule. Infinite estimates
// and interval ends are reported as null (JSON has no Infinity); the sentence spells them out.
//
// The relative difference is only defined when every finite value on both sides is >= 0 (times, counts);
// a median of 0 against a positive one gives +Infinity (reported as null).
//
// Resolution (for the --auto loop), following google/tachometer's `horizonsResolved` (its src/stats.ts;
// "targets" in its README): a comparison is resolved when its difference interval lies on one side of
// every horizon, an interval that contains a horizon (ends included) being unresolved. Tachometer's
// default horizon is 0% ("is X faster or slower at all?"); a horizon of 10% means -10% and +10%, resolved
// when the interval is wholly beyond them or wholly between them ("neither is more than 10% faster").
// Here the horizon is 0 when minRelativeDiff is 0, and +-minRelativeDiff (on the relative difference)
// otherwise. So:
//   - 'faster' / 'slower' are resolved;
//   - with a margin m > 0, a relative interval wholly inside (-m, +m) is resolved as "practically equal"
//     (the verdict stays 'undecided': differences inside the margin are not called);
//   - one addition to tachometer: with at least MIN_COMPARE_RUNS runs each, an interval that is exactly
//     [0, 0] (every resample gave equal medians, e.g. both sides 0 dropped frames in most runs, or both
//     never) counts as resolved, since more runs of a deterministic outcome cannot separate the two;
//     tachometer would sample such a pair until its timeout.
import { percentileInterval, resampleMedian, resolveOptions, sortedExtended } from './bootstrap.ts';
import { finiteOrNull, medianOfSorted } from './basic.ts';
import { formatLevel } from '../common/format.ts';
import { mulberry32 } from '../common/random.ts';

export interface Sample {
  name: string;
  values: ReadonlyArray<number | null>;
}

export interface Estimate {
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface Comparison {
  a: string;
  b: string;
  metric: string;
  nA: number;
  nB: number;
  /** b's median - a's median, with CI (positive: a is lower, i.e. faster). null: infinite ("never") or not computed. */
  diff: Estimate;
  /** Relative: b / a - 1, with CI. null: undefined (negative values), infinite, or not computed. */
  relative: Estimate;
  /**
   * Confidence level of the intervals: the nominal level (bootstrap), or the exact achieved level with few runs
   * (rank-based); 0 with no runs.
   */
  level: number;
  /** Reads "a is <verdict> than b". */
  verdict: 'faster' | 'slower' | 'undecided';
  sentence: string;
  /** The practical-equivalence margin used (relative, >= 0); absent means 0. */
  minRelativeDiff?: number;
}

export interface CompareOptions {
  /** Metric name for the sentence; default 'value'. */
  metric?: string;
  seed?: number;
  resamples?: number;
  level?: number;
  /** Practical-equivalence margin on the relative difference (e.g. 0.05 = 5%): differences inside it are not called. */
  minRelativeDiff?: number;
}

/** Fewer runs than this on either side: exact rank-based intervals instead of the bootstrap (see above). */
export const MIN_COMPARE_RUNS = 5;

/** b - a on the extended reals, with a tie (including never vs never) as 0. */
function difference(b: number, a: number): number {
  return b === a ? 0 : b - a;
}

/** b / a - 1 on the extended non-negative reals, with a tie (including 0 vs 0 and never vs never) as 0. */
function ratio(b: number, a: number): number {
  return b === a ? 0 : b / a - 1;
}

/**
 * Null distribution of the Mann-Whitney count U (pairs with b below a) for sample sizes m and n, as
 * cumulative probabilities P(U <= u), u = 0..m*n. The counts are the coefficients of the Gaussian binomial
 * [m + n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), built one factor at a time (each partial
 * product is itself a Gaussian binomial, so every coefficient stays a non-negative integer, exact in a
 * double while C(m + n, m) < 2^53: always, for the m <= 4 this is used with).
 */
function mannWhitneyCdf(m: number, n: number): number[] {
  let poly = [1];
  for (let i = 1; i <= m; i++) {
    const next = new Array<number>(i * n + i + 1).fill(0);
    for (let u = 0; u < next.length; u++) next[u] = (poly[u] ?? 0) - (poly[u - n - i] ?? 0);
    for (let u = i; u < next.length; u++) next[u] = (next[u] as number) + (next[u - i] as number);
    poly = next.slice(0, i * n + 1);
  }
  const total = poly.reduce((sum, c) => sum + c, 0);
  let acc = 0;
  return poly.map((c) => (acc += c) / total);
}

/**
 * Distribution-free interval for small samples (Moses 1965; Hollander & Wolfe): the k-th smallest and
 * largest of the m*n pairwise values f(b_j, a_i), with k the largest for which 2 * P(U <= k - 1) <= 1 - level.
 * For f = b - a it is the exact interval for a location shift (under a pure shift, the difference of
 * medians); for f = b / a - 1, for a scale change. Returns the achieved level (below the requested level
 * when even k = 1 does not reach it).
 */
function rankInterval(
  sa: Float64Array,
  sb: Float64Array,
  f: (b: number, a: number) => number,
  cdf: readonly number[],
  level: number,
): { low: number; high: number; level: number } {
  const pairs = new Float64Array(sa.length * sb.length);
  let p = 0;
  for (const x of sa) for (const y of sb) pairs[p++] = f(y, x);
  pairs.sort();
  let k = 1;
  while (k + 1 <= pairs.length && 2 * (cdf[k] ?? 1) <= 1 - level + 1e-12) k++;
  return { low: pairs[k - 1] as number, high: pairs[pairs.length - k] as number, level: 1 - 2 * (cdf[k - 1] ?? 0) };
}

function allFiniteNonNegative(sorted: Float64Array): boolean {
  return sorted.length === 0 || (sorted[0] as number) >= 0;
}

function formatValue(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return 'never';
  const abs = Math.abs(v);
  let s = v.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

function formatSigned(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+inf';
  if (v === Number.NEGATIVE_INFINITY) return '-inf';
  const s = formatValue(v);
  return v > 0 ? `+${s}` : s;
}

function formatPercent(v: number): string {
  if (!Number.isFinite(v)) return formatSigned(v);
  const s = (v * 100).toFixed(Math.abs(v) >= 0.1 ? 0 : 1);
  return `${v > 0 ? '+' : ''}${s}%`;
}

const empty: Estimate = { estimate: null, ciLow: null, ciHigh: null };

/** Interval ends of b - a and b / a - 1 (NaN: relative undefined) at the achieved confidence level. */
interface Intervals {
  dLow: number;
  dHigh: number;
  rLow: number;
  rHigh: number;
  achieved: number;
}

/** Exact rank-based (Moses) intervals; the Mann-Whitney null distribution is symmetric in the two sizes. */
function exactIntervals(sa: Float64Array, sb: Float64Array, level: number, relativeDefined: boolean): Intervals {
  const cdf = mannWhitneyCdf(Math.min(sa.length, sb.length), Math.max(sa.length, sb.length));
  const d = rankInterval(sa, sb, difference, cdf, level);
  const r = relativeDefined ? rankInterval(sa, sb, ratio, cdf, level) : { low: Number.NaN, high: Number.NaN };
  return { dLow: d.low, dHigh: d.high, rLow: r.low, rHigh: r.high, achieved: d.level };
}

/** Percentile bootstrap of the difference (and ratio) of medians, each sample resampled on its own. */
function bootstrapIntervals(
  sa: Float64Array,
  sb: Float64Array,
  options: { seed: number; resamples: number; level: number },
  relativeDefined: boolean,
): Intervals {
  const { seed, resamples, level } = options;
  const random = mulberry32(seed);
  const countsA = new Int32Array(sa.length);
  const countsB = new Int32Array(sb.length);
  const diffs = new Float64Array(resamples);
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    const ma = resampleMedian(sa, random, countsA);
    const mb = resampleMedian(sb, random, countsB);
    diffs[i] = difference(mb, ma);
    ratios[i] = ratio(mb, ma);
  }
  const [dLow, dHigh] = percentileInterval(diffs, level);
  const [rLow, rHigh] = relativeDefined ? percentileInterval(ratios, level) : [Number.NaN, Number.NaN];
  return { dLow, dHigh, rLow, rHigh, achieved: level };
}

/** What a comparison's sentence is made of. */
interface SentenceParts {
  a: string;
  b: string;
  metric: string;
  margin: number;
  level: number;
  reached: boolean;
  relativeDefined: boolean;
  verdict: Comparison['verdict'];
  intervals: Intervals;
  /** `n = nA/nB`. */
  sizes: string;
  /** Medians, estimates, intervals, level and sizes. */
  detail: string;
}

function sentenceOf(p: SentenceParts): string {
  const { a, b, metric, margin, detail } = p;
  const { dLow, dHigh, rLow, rHigh, achieved } = p.intervals;
  const marginText = `±${formatPercent(margin).replace(/^\+/, '')}`;
  const undecided = `${a} vs ${b} on ${metric}: undecided;`;
  if (p.verdict !== 'undecided') {
    const by = margin > 0 ? ` by more than ${marginText.slice(1)}` : '';
    return `${a} is ${p.verdict} than ${b} on ${metric}${by}: ${detail}.`;
  }
  if (!p.reached) {
    const most = `at most ${formatLevel(achieved)} with ${p.sizes}`;
    return `${undecided} too few runs for a ${formatLevel(p.level)} interval (${most}): ${detail}.`;
  }
  if (dLow === 0 && dHigh === 0) {
    return `${a} and ${b} are tied on ${metric} (the whole interval of the difference is 0): ${detail}.`;
  }
  if (margin > 0 && rLow > -margin && rHigh < margin) {
    return `${a} and ${b} are within ${marginText} on ${metric} (not called): ${detail}.`;
  }
  if (margin > 0 && !p.relativeDefined) {
    const why = 'cannot be checked because the relative difference is undefined (values below 0)';
    return `${undecided} the ${marginText} margin ${why}: ${detail}.`;
  }
  if (dLow > 0 || dHigh < 0) return `${undecided} the difference may be inside the ${marginText} margin: ${detail}.`;
  return `${undecided} the ${formatLevel(achieved)} CI of the difference includes 0: ${detail}.`;
}

/**
 * Compares a and b (per-run values of a lower-is-better metric; null = never). Verdict "a is faster than b"
 * when the whole CI of b - a is > 0, "slower" when it is wholly < 0; with minRelativeDiff m > 0 the
 * relative CI must also lie wholly beyond +m (resp. -m), otherwise the difference is not called.
 */
export function compareSamples(a: Sample, b: Sample, options?: CompareOptions): Comparison {
  const resolved = resolveOptions(options);
  const { level } = resolved;
  const metric = options?.metric ?? 'value';
  const margin = options?.minRelativeDiff ?? 0;
  if (!(margin >= 0 && Number.isFinite(margin))) {
    throw new RangeError(`compareSamples: minRelativeDiff must be a finite number >= 0, got ${margin}`);
  }
  const sa = sortedExtended(a.values);
  const sb = sortedExtended(b.values);
  const nA = sa.length;
  const nB = sb.length;
  const base = { a: a.name, b: b.name, metric, nA, nB, ...(margin > 0 ? { minRelativeDiff: margin } : {}) };
  if (nA === 0 || nB === 0) {
    const missing = [nA === 0 ? a.name : null, nB === 0 ? b.name : null].filter((s) => s !== null).join(' and ');
    const sentence = `${a.name} vs ${b.name} on ${metric}: no runs for ${missing}.`;
    return { ...base, diff: empty, relative: empty, level: 0, verdict: 'undecided', sentence };
  }

  const medA = medianOfSorted(sa);
  const medB = medianOfSorted(sb);
  const relativeDefined = allFiniteNonNegative(sa) && allFiniteNonNegative(sb);
  const diffEstimate = difference(medB, medA);
  const relEstimate = relativeDefined ? ratio(medB, medA) : Number.NaN;
  const fewRuns = Math.min(nA, nB) < MIN_COMPARE_RUNS;
  const intervals = fewRuns
    ? exactIntervals(sa, sb, level, relativeDefined)
    : bootstrapIntervals(sa, sb, resolved, relativeDefined);
  // An interval always contains its estimate (a percentile interval nearly always does, a shift interval
  // need not when the shapes differ; then widen).
  intervals.dLow = Math.min(intervals.dLow, diffEstimate);
  intervals.dHigh = Math.max(intervals.dHigh, diffEstimate);
  if (relativeDefined) {
    intervals.rLow = Math.min(intervals.rLow, relEstimate);
    intervals.rHigh = Math.max(intervals.rHigh, relEstimate);
  }
  const { dLow, dHigh, rLow, rHigh, achieved } = intervals;
  // Nothing is called at less than the requested level (few runs can make even [min, max] fall short).
  const reached = achieved >= level - 1e-12;

  // NaN comparisons are false, so an undefined relative interval never clears a margin.
  const beyondMargin = (up: boolean): boolean => margin === 0 || (up ? rLow > margin : rHigh < -margin);
  const called = dLow > 0 && beyondMargin(true) ? 'faster' : dHigh < 0 && beyondMargin(false) ? 'slower' : 'undecided';
  const verdict: Comparison['verdict'] = reached ? called : 'undecided';

  const medians = `median ${formatValue(medA)} vs ${formatValue(medB)}`;
  const diffInterval = `[${formatSigned(dLow)}, ${formatSigned(dHigh)}]`;
  const diffText = `${b.name} - ${a.name} = ${formatSigned(diffEstimate)} ${diffInterval}`;
  const relText = relativeDefined
    ? ` (${formatPercent(relEstimate)} [${formatPercent(rLow)}, ${formatPercent(rHigh)}])`
    : '';
  const exact = fewRuns ? ' (exact, rank-based: few runs)' : '';
  const sizes = `n = ${nA}/${nB}`;
  const detail = `${medians}, ${diffText}${relText}, ${formatLevel(achieved)} CI${exact}, ${sizes}`;
  const parts = { a: a.name, b: b.name, metric, margin, level, reached, relativeDefined, verdict, intervals };
  const sentence = sentenceOf({ ...parts, sizes, detail });

  return {
    ...base,
    diff: { estimate: finiteOrNull(diffEstimate), ciLow: finiteOrNull(dLow), ciHigh: finiteOrNull(dHigh) },
    relative: relativeDefined
      ? { estimate: finiteOrNull(relEstimate), ciLow: finiteOrNull(rLow), ciHigh: finiteOrNull(rHigh) }
      : empty,
    level: achieved,
    verdict,
    sentence,
  };
}

/**
 * Every unordered pair once, in input order: (0,1), (0,2), ..., (1,2), ... Each pair uses the same options (and seed).
 */
export function pairwiseComparisons(groups: readonly Sample[], options?: CompareOptions): Comparison[] {
  const out: Comparison[] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++)
      out.push(compareSamples(groups[i] as Sample, groups[j] as Sample, options));
  }
  return out;
}

/** Resolved: a direction was called, or the two are shown practically equal (see the top of this file). */
export function isResolved(c: Comparison): boolean {
  if (c.verdict !== 'undecided') return true;
  if (Math.min(c.nA, c.nB) >= MIN_COMPARE_RUNS && c.diff.estimate === 0 && c.diff.ciLow === 0 && c.diff.ciHigh === 0)
    return true;
  const m = c.minRelativeDiff ?? 0;
  const { ciLow, ciHigh } = c.relative;
  return m > 0 && ciLow !== null && ciHigh !== null && ciLow > -m && ciHigh < m;
}

/** For --auto: true when every comparison is resolved (vacuously true for none). */
export function allResolved(comparisons: readonly Comparison[]): boolean {
  return comparisons.every(isResolved);
}
