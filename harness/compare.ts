// Pairwise comparison of two renderers' per-run samples of a lower-is-better metric (TTV p95), with a seeded
// percentile bootstrap of the difference of medians. Pure.
import { mulberry32 } from './random.ts';
import { median } from './stats.ts';

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
  diff: Estimate;
  relative: Estimate;
  level: number;
  verdict: 'faster' | 'slower' | 'undecided';
  sentence: string;
}

export interface CompareOptions {
  metric?: string;
  seed?: number;
  resamples?: number;
  level?: number;
}

const never = (v: number | null): number => (v === null ? Number.POSITIVE_INFINITY : v);

function medianOf(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function resample(values: readonly number[], random: () => number): number[] {
  return values.map(() => values[Math.floor(random() * values.length)] as number);
}

function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)));
  return sorted[i] as number;
}

export function compareSamples(
  a: { name: string; values: ReadonlyArray<number | null> },
  b: { name: string; values: ReadonlyArray<number | null> },
  options: CompareOptions = {},
): Comparison {
  const metric = options.metric ?? 'value';
  const level = options.level ?? 0.95;
  const xs = a.values.map(never);
  const ys = b.values.map(never);
  const base = { a: a.name, b: b.name, metric, nA: xs.length, nB: ys.length, level };
  const none: Estimate = { estimate: null, ciLow: null, ciHigh: null };
  if (!xs.length || !ys.length) return { ...base, diff: none, relative: none, verdict: 'undecided', sentence: `${a.name} vs ${b.name}: not enough runs` };
  const random = mulberry32(options.seed ?? 1);
  const diffs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < (options.resamples ?? 2000); i++) {
    const ma = medianOf(resample(xs, random));
    const mb = medianOf(resample(ys, random));
    diffs.push(mb - ma);
    ratios.push(mb / ma - 1);
  }
  diffs.sort((x, y) => x - y);
  ratios.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const ma = median(a.values.map(never));
  const mb = median(b.values.map(never));
  const lo = quantile(diffs, tail);
  const hi = quantile(diffs, 1 - tail);
  const verdict = lo > 0 ? 'faster' : hi < 0 ? 'slower' : 'undecided';
  return {
    ...base,
    diff: { estimate: ma !== null && mb !== null ? mb - ma : null, ciLow: finite(lo), ciHigh: finite(hi) },
    relative: { estimate: ma !== null && mb !== null && ma !== 0 ? mb / ma - 1 : null, ciLow: finite(quantile(ratios, tail)), ciHigh: finite(quantile(ratios, 1 - tail)) },
    verdict,
    sentence: verdict === 'undecided' ? `${a.name} vs ${b.name}: undecided` : `${a.name} is ${verdict} than ${b.name}`,
  };
}

export function allResolved(comparisons: readonly Comparison[]): boolean {
  return comparisons.every((c) => c.verdict !== 'undecided');
}
