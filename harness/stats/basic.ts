// Pure statistics used by the metrics and the cross-run summaries. No DOM, no I/O.
// Convention: +Infinity means "never happened" (e.g. a marker that never became visible). It sorts
// above every real value, so it can sit inside a percentile or a median, and it is reported as null
// because JSON has no Infinity.
import type { CellSummary, Stat } from '../results/types.ts';
import type { Percentiles, RunMetrics } from '../metrics/types.ts';
import type { NotVisibleCounts } from '../metrics/visibility.ts';

export { linearSlope } from './slope.ts';

/** Finite values pass through; Infinity (and NaN) become null, the JSON-safe "never". */
export function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

function sortedAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * Nearest-rank percentile: the smallest value with at least p% of the values at or below it, i.e.
 * sorted[ceil(p/100 * n) - 1]. Nearest-rank always returns an observed value (no interpolation), so a
 * tail made of "never" markers reads as never rather than as a made-up number.
 * Returns null for no values or when the selected value is Infinity.
 */
export function percentile(values: readonly number[], p: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  // p * n / 100 rather than p / 100 * n: with integer p the product is exact, so e.g. p95 of 20 values
  // lands exactly on rank 19 instead of 19.000000000000004 -> rank 20.
  const rank = Math.ceil((p * n) / 100);
  const index = Math.min(n - 1, Math.max(0, rank - 1));
  return finiteOrNull(sortedAscending(values)[index]);
}

/** p50, p95, p99 (nearest rank) and max; any of them is null when it is "never" (Infinity) or there are no values. */
export function percentiles(values: readonly number[]): Percentiles {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    // reduce, not Math.max(...values): spreading a long series can overflow the call stack.
    max: values.length === 0 ? null : finiteOrNull(values.reduce((a, b) => (b > a ? b : a))),
  };
}

/** Median of sorted values: the middle one, or the mean of the two middle ones for an even count (NaN for none). */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const mid = n >> 1;
  const upper = sorted[mid] ?? Number.NaN;
  if (n % 2 === 1) return upper;
  const lower = sorted[mid - 1] ?? Number.NaN;
  // Infinity + finite stays Infinity: if the upper middle run "never" happened, neither did the median.
  return upper === lower ? upper : (lower + upper) / 2;
}

/** Conventional median (mean of the two middle values for even n); null for no values or an infinite result. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return finiteOrNull(medianOfSorted(sortedAscending(values)));
}

/** Bit length of a non-negative bigint. */
function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** numerator / 2^exp as a double, accurate to double precision even when 2^exp overflows a double. */
function ratioToPow2(numerator: bigint, exp: number): number {
  const shift = Math.max(0, bitLength(numerator) - 64);
  return Number(numerator >> BigInt(shift)) * 2 ** (shift - exp);
}

/**
 * Cumulative counts of the symmetric binomial: sums[j] = C(n,0) + ... + C(n,j), for j = 0..n, as exact
 * bigints. BinomCDF(j; n, 1/2) = sums[j] / 2^n. Exact integers, so the "<= 5%" decision in medianCI
 * can never be flipped by rounding. With weights a, b: sums[j] = sum of C(n,i) a^i b^(n-i) for i <= j, and
 * BinomCDF(j; n, a/(a+b)) = sums[j] / (a+b)^n (percentileCI).
 */
function binomialCumulativeCounts(n: number, a = 1n, b = 1n): bigint[] {
  const sums: bigint[] = [];
  let coefficient = 1n;
  let sum = 0n;
  for (let j = 0; j <= n; j++) {
    sum += coefficient * a ** BigInt(j) * b ** BigInt(n - j);
    sums.push(sum);
    coefficient = (coefficient * BigInt(n - j)) / BigInt(j + 1);
  }
  return sums;
}

/** A distribution-free interval for a percentile: order statistics, null on a side it cannot bound. */
export interface PercentileInterval {
  low: number | null;
  high: number | null;
  n: number;
  /** The achieved coverage (exact, for continuous data). */
  level: number;
}

/**
 * Distribution-free 95% interval for the p-th percentile (integer p, 1..99) from order statistics, as medianCI
 * gives the median's. The count B of values below the true percentile is Binomial(n, p/100), so [x(l), x(u)]
 * covers it with probability P(l <= B <= u - 1): l is the largest with P(B <= l - 1) <= 2.5%, u the smallest with
 * P(B >= u) <= 2.5%, decided in exact integers. A side no order statistic can bound (a tail percentile of few
 * values: a p95's upper side needs n >= 72) is null, and `level` is the coverage of what is left.
 */
export function percentileCI(values: readonly number[], p: number): PercentileInterval {
  const n = values.length;
  if (n === 0) return { low: null, high: null, n: 0, level: 0 };
  const sorted = sortedAscending(values);
  const sums = binomialCumulativeCounts(n, BigInt(p), BigInt(100 - p));
  const total = 100n ** BigInt(n);
  // P(B <= j) = sums[j] / total, and <= 2.5% <=> 40 * sums[j] <= total.
  let l = 0;
  while (l + 1 <= n && 40n * (sums[l] ?? total) <= total) l++;
  let u = n + 1;
  while (u - 1 >= 1 && 40n * (total - (sums[u - 2] ?? 0n)) <= total) u--;
  const below = l === 0 ? 0n : (sums[l - 1] ?? 0n);
  const upTo = u === n + 1 ? total : (sums[u - 1] ?? total);
  // The coverage as a double: the exact ratio scaled by 2^53 before the division.
  const level = Number(((upTo - below) << 53n) / total) / 2 ** 53;
  return {
    low: l === 0 ? null : finiteOrNull(sorted[l - 1]),
    high: u === n + 1 ? null : finiteOrNull(sorted[u - 1]),
    n,
    level,
  };
}

/** P(X <= k) for X ~ Binomial(n, 1/2), computed exactly and rounded once to a double. */
export function binomCdfHalf(k: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomCdfHalf: n must be a non-negative integer, got ${n}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  const sums = binomialCumulativeCounts(n);
  return ratioToPow2(sums[Math.floor(k)] ?? 0n, n);
}

/**
 * Median across runs with a distribution-free 95% confidence interval from order statistics.
 * null inputs mean "never" and count as +Infinity. With sorted x(1..n), k is the largest k >= 1 with
 * 2 * BinomCDF(k-1; n, 1/2) <= 0.05 and the interval is [x(k), x(n-k+1)] with achieved coverage
 * 1 - 2 * BinomCDF(k-1; n, 1/2). For n <= 5 no k qualifies and the interval is [min, max] at
 * coverage 1 - 2 * 0.5^n (the same formula with k = 1). Infinite results are reported as null.
 */
export function medianCI(values: ReadonlyArray<number | null>): Stat {
  const n = values.length;
  if (n === 0) return { median: null, ciLow: null, ciHigh: null, n: 0, level: 0 };
  const sorted = sortedAscending(values.map((v) => (v === null ? Number.POSITIVE_INFINITY : v)));
  const sums = binomialCumulativeCounts(n);
  const total = 1n << BigInt(n);
  // 2 * sums[k-1] / 2^n <= 0.05  <=>  40 * sums[k-1] <= 2^n, in exact integers.
  let k = 1;
  while (k + 1 <= n && 40n * (sums[k] ?? total) <= total) k++;
  const tail = sums[k - 1] ?? 0n;
  return {
    median: finiteOrNull(medianOfSorted(sorted)),
    ciLow: finiteOrNull(sorted[k - 1]),
    ciHigh: finiteOrNull(sorted[n - k]),
    n,
    level: ratioToPow2(total - 2n * tail, n),
  };
}

/** The emitter's own send error and the main thread's receipt delay, p99 per run; absent without send times. */
function emitterSummary(
  runs: readonly RunMetrics[],
  stat: (pick: (m: RunMetrics) => number | null) => Stat,
): Pick<CellSummary, 'sendErrorP99Ms' | 'receiptDelayP99Ms'> {
  if (runs.length === 0 || !runs.every((m) => m.delivery.sendErrorMs)) return {};
  return {
    sendErrorP99Ms: stat((m) => m.delivery.sendErrorMs?.p99 ?? null),
    receiptDelayP99Ms: stat((m) => m.delivery.receiptDelayMs?.p99 ?? null),
  };
}

/** Never-visible markers by reason, summed over runs, and the runs that could not be measured at all. */
function visibilitySummary(runs: readonly RunMetrics[]): Pick<CellSummary, 'notVisible' | 'unmeasurableRuns'> {
  const withReasons = runs.flatMap((m) => (m.visibility ? [m.visibility] : []));
  if (withReasons.length === 0) return {};
  const notVisible: NotVisibleCounts = { 'never-in-dom': 0, hidden: 0, 'off-screen': 0, removed: 0, 'no-frame': 0 };
  for (const v of withReasons) {
    for (const key of Object.keys(notVisible) as Array<keyof NotVisibleCounts>) notVisible[key] += v.notVisible[key];
  }
  return { notVisible, unmeasurableRuns: withReasons.filter((v) => v.unmeasurable).length };
}

/**
 * Cross-run summary of one cell: each Stat is `statOf` (by default medianCI) of the matching per-run metric.
 * `invalidRuns` is 0 here: callers that exclude runs (cell-summary.ts) set it.
 */
export function summarizeCell(
  runs: readonly RunMetrics[],
  statOf: (values: ReadonlyArray<number | null>) => Stat = medianCI,
): CellSummary {
  const stat = (pick: (m: RunMetrics) => number | null): Stat => statOf(runs.map(pick));
  const uiBoundRuns = runs.filter((m) => m.uiBound).length;
  return {
    ttvP50Ms: stat((m) => m.ttvMs.p50),
    ttvP95Ms: stat((m) => m.ttvMs.p95),
    ttvP99Ms: stat((m) => m.ttvMs.p99),
    ttvMaxMs: stat((m) => m.ttvMs.max),
    firstTokenTtvMs: stat((m) => m.firstTokenTtvMs),
    completionLagMs: stat((m) => m.completionLagMs),
    deliveryP95Ms: stat((m) => m.breakdownMs.delivery.p95),
    bufferingP95Ms: stat((m) => m.breakdownMs.buffering.p95),
    renderP95Ms: stat((m) => m.breakdownMs.render.p95),
    droppedFrames: stat((m) => m.droppedFrames),
    droppedFramePct: stat((m) => m.droppedFramePct),
    longFrames: stat((m) => m.longFrames.count),
    longFrameBlockingMs: stat((m) => m.longFrames.blockingDurationMs),
    deliveryErrorP95Ms: stat((m) => m.delivery.errorMs.p95),
    achievedRateTokPerS: stat((m) => m.delivery.achievedRateTokPerS),
    ...emitterSummary(runs, stat),
    ...visibilitySummary(runs),
    // Strict majority: a tie (e.g. 1 of 2 runs) is not enough evidence to call the UI the bottleneck.
    uiBound: uiBoundRuns * 2 > runs.length,
    uiBoundRuns,
    incompleteRuns: runs.filter((m) => !m.textComplete).length,
    invalidRuns: 0,
    ...(runs.length > 0 && runs.every((m) => m.agentLoop)
      ? {
          loopWallMs: stat((m) => m.agentLoop?.loopWallMs ?? null),
          idealWallMs: stat((m) => m.agentLoop?.idealWallMs ?? null),
          uiAddedMs: stat((m) => m.agentLoop?.uiAddedMs ?? null),
          uiSharePct: stat((m) => m.agentLoop?.uiSharePct ?? null),
        }
      : {}),
  };
}
