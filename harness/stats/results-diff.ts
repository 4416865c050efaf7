// `npm run compare`: two results of the same suite, cell by cell. For each headline metric, the difference of
// medians across the two runs' per-run values (new - base) with its confidence interval, from the same
// bootstrap / exact rank-based intervals as the renderer comparisons (pairwise.ts compareSamples), and a
// tachometer-style verdict against a horizon: regressed (the whole interval beyond +horizon, the worse side),
// improved (wholly beyond -horizon), unchanged (wholly inside), undecided (it straddles a horizon, or too few
// runs for the level). The saturation rate, a single search per renderer x scenario, is compared by its brackets
// instead. Environment differences are warned about, never refused. Pure.
import { compareSamples } from './pairwise.ts';
import { bootstrapMedianCI, sortedExtended } from './bootstrap.ts';
import { finiteOrNull, medianOfSorted } from './basic.ts';
import { validRunMetrics } from './cell-comparisons.ts';
import type { RunMetrics } from '../metrics/types.ts';
import type { CellResult, Environment, Results, SweepEntry } from '../results/types.ts';

export type DiffVerdict = 'regressed' | 'improved' | 'unchanged' | 'undecided';
export type RunMetricName = 'ttvP95' | 'firstTokenTtv' | 'completionLag' | 'droppedPct';
export type MetricName = RunMetricName | 'saturation';

/** A horizon: relative (0.1 = 10% of the base) or absolute (in the metric's unit). Symmetric, >= 0. */
export interface Horizon {
  kind: 'relative' | 'absolute';
  value: number;
}

interface MetricSpec {
  label: string;
  unit: 'ms' | '%' | 'tok/s';
  /** Which way is worse: times and dropped frames up, the saturation rate down. */
  worse: 'up' | 'down';
  horizon: Horizon;
}

export const METRICS: Record<MetricName, MetricSpec> = {
  ttvP95: { label: 'TTV p95', unit: 'ms', worse: 'up', horizon: { kind: 'relative', value: 0.1 } },
  firstTokenTtv: { label: 'first-token TTV', unit: 'ms', worse: 'up', horizon: { kind: 'relative', value: 0.1 } },
  completionLag: { label: 'completion lag', unit: 'ms', worse: 'up', horizon: { kind: 'relative', value: 0.1 } },
  droppedPct: { label: 'dropped frames', unit: '%', worse: 'up', horizon: { kind: 'absolute', value: 1 } },
  saturation: { label: 'saturation rate', unit: 'tok/s', worse: 'down', horizon: { kind: 'relative', value: 0.1 } },
};

export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];
const RUN_METRICS: Record<RunMetricName, (m: RunMetrics) => number | null> = {
  ttvP95: (m) => m.ttvMs.p95,
  firstTokenTtv: (m) => m.firstTokenTtvMs,
  completionLag: (m) => m.completionLagMs,
  droppedPct: (m) => m.droppedFramePct,
};

export class BadFailOnError extends Error {}

/** The horizons in force, and which metrics gate (exit 1): all of them by default, only the named with --fail-on. */
export interface Gate {
  horizons: Record<MetricName, Horizon>;
  gating: MetricName[];
}

export function defaultGate(): Gate {
  const horizons = Object.fromEntries(METRIC_NAMES.map((m) => [m, METRICS[m].horizon])) as Gate['horizons'];
  return { horizons, gating: [...METRIC_NAMES] };
}

/** `ttvP95:+10%,droppedPct:+1`: horizons for the named metrics, which alone then gate. The sign is optional. */
export function parseFailOn(text: string): Gate {
  const gate = defaultGate();
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) throw new BadFailOnError(`empty --fail-on "${text}": use e.g. ttvP95:+10%,droppedPct:+1`);
  gate.gating = [];
  for (const item of items) {
    const [name = '', value = ''] = item.split(':');
    if (!(METRIC_NAMES as string[]).includes(name)) {
      throw new BadFailOnError(`unknown metric "${name}" in --fail-on; valid: ${METRIC_NAMES.join(', ')}`);
    }
    const match = /^[+-]?(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
    if (!match) throw new BadFailOnError(`bad --fail-on "${item}": use NAME:+N% (relative) or NAME:+N (absolute)`);
    const n = Number(match[1]);
    gate.horizons[name as MetricName] = match[2]
      ? { kind: 'relative', value: n / 100 }
      : { kind: 'absolute', value: n };
    gate.gating.push(name as MetricName);
  }
  return gate;
}

export interface Estimate {
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface MetricDiff {
  metric: MetricName;
  /** Medians (saturation: the found rates); null: never / none. */
  base: number | null;
  new: number | null;
  /** new - base. */
  diff: Estimate;
  /** new / base - 1. */
  relative: Estimate;
  /** Confidence level of the intervals (saturation: 1, the brackets are bounds). */
  level: number;
  /** Each side's median's own 95% interval (bootstrap.ts; saturation: the bracket); null ends: never / open. */
  baseCi: [number | null, number | null];
  newCi: [number | null, number | null];
  nBase: number;
  nNew: number;
  horizon: Horizon;
  verdict: DiffVerdict;
  gating: boolean;
  /** Why it stays undecided, when that is not the interval itself. */
  note?: string;
}

export interface CellDiff {
  id: string;
  renderer: string;
  scenario: string;
  rate: string;
  cpuThrottle: number;
  metrics: MetricDiff[];
  /** The worst gating verdict: regressed, then improved, then undecided, then unchanged. */
  verdict: DiffVerdict;
  /** What differs between the two machines that ran this cell (empty: nothing). */
  environment: string[];
}

export interface ResultsDiff {
  gate: Gate;
  base: SideInfo;
  new: SideInfo;
  cells: CellDiff[];
  /** Saturation rate per renderer x scenario x CPU profile (both ran the sweep). */
  sweep: Array<{ renderer: string; scenario: string; cpuThrottle: number; metric: MetricDiff }>;
  onlyBase: string[];
  onlyNew: string[];
  warnings: string[];
  counts: Record<DiffVerdict, number>;
  regressed: boolean;
}

export interface SideInfo {
  label: string;
  commit: string | null;
  dirty: boolean;
  date: string;
  chromiumVersion: string;
}

/** Worse-up interval [lo, hi] of the change the horizon applies to; infinite ends as +-Infinity. */
function oriented(e: Estimate, worse: 'up' | 'down', base: number, next: number): [number, number] {
  const infinite = next === base ? 0 : next > base ? Infinity : -Infinity;
  let lo = e.ciLow ?? (e.ciHigh !== null ? -Infinity : infinite);
  let hi = e.ciHigh ?? (e.ciLow !== null ? Infinity : infinite);
  if (e.ciLow === null && e.ciHigh === null && infinite === 0) [lo, hi] = [-Infinity, Infinity];
  return worse === 'up' ? [lo, hi] : [-hi, -lo];
}

/** Tachometer's rule: called only when the whole interval is on one side of each horizon. */
export function verdictOf(lo: number, hi: number, h: number): DiffVerdict {
  if (lo === 0 && hi === 0) return 'unchanged';
  if (lo > h) return 'regressed';
  if (hi < -h) return 'improved';
  if (lo > -h && hi < h) return 'unchanged';
  return 'undecided';
}

function ciOf(values: ReadonlyArray<number | null>): [number | null, number | null] {
  const s = bootstrapMedianCI(values);
  return [s.ciLow, s.ciHigh];
}

function runValues(cell: CellResult, metric: RunMetricName): Array<number | null> {
  return validRunMetrics(cell).map(RUN_METRICS[metric]);
}

/** One per-run metric of one cell, base against new. */
export function diffRunMetric(base: CellResult, next: CellResult, metric: RunMetricName, gate: Gate): MetricDiff {
  const horizon = gate.horizons[metric];
  const a = runValues(base, metric);
  const b = runValues(next, metric);
  const c = compareSamples({ name: 'base', values: a }, { name: 'new', values: b }, { metric });
  const medBase = a.length ? medianOfSorted(sortedExtended(a)) : NaN;
  const medNew = b.length ? medianOfSorted(sortedExtended(b)) : NaN;
  const out = {
    metric,
    base: finiteOrNull(medBase),
    new: finiteOrNull(medNew),
    diff: c.diff,
    relative: c.relative,
    level: c.level,
    baseCi: ciOf(a),
    newCi: ciOf(b),
    nBase: c.nA,
    nNew: c.nB,
    horizon,
    gating: gate.gating.includes(metric),
  };
  const undecided = (note: string): MetricDiff => ({ ...out, verdict: 'undecided', note });
  if (!a.length || !b.length) return undecided('no valid runs on one side');
  if (c.level < 0.95 - 1e-9) return undecided(`too few runs for a 95% interval (n = ${c.nA}/${c.nB})`);
  if (horizon.kind === 'relative' && [...a, ...b].some((v) => v !== null && v < 0)) {
    return undecided('a relative horizon needs values >= 0; use an absolute one');
  }
  const interval = horizon.kind === 'relative' ? c.relative : c.diff;
  const [lo, hi] = oriented(interval, METRICS[metric].worse, medBase, medNew);
  return { ...out, verdict: verdictOf(lo, hi, horizon.value) };
}

/** Saturation rates: the change is bounded by the two brackets [lo, hi) (an open end is unbounded). */
export function diffSaturation(base: SweepEntry, next: SweepEntry, gate: Gate): MetricDiff {
  const horizon = gate.horizons.saturation;
  const bLo = base.bracket.lo ?? 0;
  const bHi = base.bracket.hi ?? Infinity;
  const nLo = next.bracket.lo ?? 0;
  const nHi = next.bracket.hi ?? Infinity;
  const rel = (x: number, y: number): number => (y === 0 ? Infinity : x / y - 1);
  const relative = { lo: bHi === Infinity ? -1 : rel(nLo, bHi), hi: bLo === 0 ? Infinity : rel(nHi, bLo) };
  const diff = { lo: nLo - bHi, hi: nHi - bLo };
  const [lo, hi] = horizon.kind === 'relative' ? [relative.lo, relative.hi] : [diff.lo, diff.hi];
  const ok = base.status !== 'failed' && next.status !== 'failed' && base.status !== 'pending';
  const estimate = (x: number | null, y: number | null, f: (x: number, y: number) => number) =>
    x !== null && y !== null ? finiteOrNull(f(x, y)) : null;
  return {
    metric: 'saturation',
    base: base.saturationRate,
    new: next.saturationRate,
    diff: {
      estimate: estimate(next.saturationRate, base.saturationRate, (x, y) => x - y),
      ciLow: finiteOrNull(diff.lo),
      ciHigh: finiteOrNull(diff.hi),
    },
    relative: {
      estimate: estimate(next.saturationRate, base.saturationRate, rel),
      ciLow: finiteOrNull(relative.lo),
      ciHigh: finiteOrNull(relative.hi),
    },
    level: 1,
    baseCi: [base.bracket.lo, base.bracket.hi],
    newCi: [next.bracket.lo, next.bracket.hi],
    nBase: base.points.length,
    nNew: next.points.length,
    horizon,
    // Worse is down: flip the interval.
    verdict: ok ? verdictOf(-hi, -lo, horizon.value) : 'undecided',
    gating: gate.gating.includes('saturation'),
    ...(ok ? {} : { note: 'the sweep failed or did not finish on one side' }),
  };
}

const ORDER: DiffVerdict[] = ['regressed', 'improved', 'undecided', 'unchanged'];

/** The cell's verdict: the first of ORDER among its gating metrics (unchanged when none gates). */
export function worstVerdict(metrics: readonly MetricDiff[]): DiffVerdict {
  const gating = metrics.filter((m) => m.gating);
  return ORDER.find((v) => gating.some((m) => m.verdict === v)) ?? 'unchanged';
}

/** The environment a cell ran in: its shard's machine in merged results, else the suite's. */
export function environmentOf(results: Results, cell: Pick<CellResult, 'scenario' | 'rate' | 'cpuThrottle'>) {
  const key = `${cell.scenario}|${cell.rate.name}|${cell.cpuThrottle}`;
  return results.shards?.find((s) => s.groups.includes(key))?.environment ?? results.environment;
}

/** What differs between two machines, as `Chromium 140.0 vs 141.0`-style phrases. */
export function environmentDifferences(a: Environment, b: Environment): string[] {
  const out: string[] = [];
  if (a.chromiumVersion !== b.chromiumVersion) out.push(`Chromium ${a.chromiumVersion} vs ${b.chromiumVersion}`);
  if (a.cores !== b.cores) out.push(`cores ${a.cores} vs ${b.cores}`);
  if (a.cpuModel !== b.cpuModel) out.push(`CPU model "${a.cpuModel}" vs "${b.cpuModel}"`);
  return out;
}

/** Config differences that change what a cell streams (a different seed is just another rerun). */
function configWarnings(base: Results, next: Results): string[] {
  const out: string[] = [];
  const a = base.config;
  const b = next.config;
  const profiles = (r: Results) => [...r.config.cpuThrottles].sort((x, y) => x - y).join(',');
  if (profiles(base) !== profiles(next))
    out.push(`CPU profiles differ: ${profiles(base)}x vs ${profiles(next)}x (cells are matched per profile)`);
  if (a.maxTokens !== b.maxTokens)
    out.push(`streams differ in length: max tokens ${a.maxTokens ?? 'all'} vs ${b.maxTokens ?? 'all'}`);
  if (a.tokensPerChunk !== b.tokensPerChunk || a.jitter !== b.jitter)
    out.push('streams differ in chunking or jitter (--tokens-per-chunk, --jitter)');
  return out;
}

function sideInfo(results: Results, label: string): SideInfo {
  const e = results.environment;
  return { label, commit: e.gitCommit, dirty: e.gitDirty, date: results.startedAt, chromiumVersion: e.chromiumVersion };
}

/**
 * A cell measured on one side only (it failed, or every run was invalid, on the other) is a regression when it is
 * the new side that lost it, an improvement when it is the base; measured on neither, undecided.
 */
function oneSided(metric: MetricDiff, a: CellResult, b: CellResult): MetricDiff {
  const hasA = validRunMetrics(a).length > 0;
  const hasB = validRunMetrics(b).length > 0;
  if (hasA && hasB) return metric;
  const failed = (c: CellResult) =>
    c.status === 'failed' ? `failed${c.error ? `: ${c.error}` : ''}` : 'no valid runs';
  if (hasA) return { ...metric, verdict: 'regressed', note: `new ${failed(b)}` };
  if (hasB) return { ...metric, verdict: 'improved', note: `base ${failed(a)}` };
  return { ...metric, verdict: 'undecided', note: 'measured on neither side' };
}

function diffCell(base: Results, next: Results, a: CellResult, b: CellResult, gate: Gate): CellDiff {
  const names: RunMetricName[] = ['ttvP95', 'firstTokenTtv', 'completionLag', 'droppedPct'];
  const metrics = names.map((m) => oneSided(diffRunMetric(a, b, m, gate), a, b));
  const environment = environmentDifferences(environmentOf(base, a), environmentOf(next, b));
  const { id, renderer, scenario, cpuThrottle } = b;
  return {
    id,
    renderer,
    scenario,
    rate: b.rate.name,
    cpuThrottle,
    metrics,
    verdict: worstVerdict(metrics),
    environment,
  };
}

function diffSweep(base: Results, next: Results, gate: Gate): ResultsDiff['sweep'] {
  const key = (e: SweepEntry) => `${e.renderer}|${e.scenario}|${e.cpuThrottle}`;
  const baseEntries = new Map((base.sweep?.entries ?? []).map((e) => [key(e), e]));
  return (next.sweep?.entries ?? []).flatMap((e) => {
    const b = baseEntries.get(key(e));
    if (!b) return [];
    return [
      { renderer: e.renderer, scenario: e.scenario, cpuThrottle: e.cpuThrottle, metric: diffSaturation(b, e, gate) },
    ];
  });
}

/** Groups cells by what differs in their environments: one warning per distinct difference. */
function environmentWarnings(cells: readonly CellDiff[]): string[] {
  const byText = new Map<string, number>();
  for (const c of cells)
    if (c.environment.length) byText.set(c.environment.join('; '), (byText.get(c.environment.join('; ')) ?? 0) + 1);
  return [...byText].map(
    ([text, n]) => `environments differ (${text}) for ${n} of ${cells.length} shared cells: compared anyway`,
  );
}

const rank = (v: DiffVerdict): number => ORDER.indexOf(v);

/** Compares every cell the two share (regressions first), and lists the cells on one side only. */
export function diffResults(base: Results, next: Results, gate: Gate, labels = { base: 'base', new: 'new' }) {
  const baseCells = new Map(base.cells.map((c) => [c.id, c]));
  const nextIds = new Set(next.cells.map((c) => c.id));
  const cells = next.cells
    .flatMap((b) => {
      const a = baseCells.get(b.id);
      return a ? [diffCell(base, next, a, b, gate)] : [];
    })
    .sort((x, y) => rank(x.verdict) - rank(y.verdict));
  const sweep = diffSweep(base, next, gate).sort((x, y) => rank(x.metric.verdict) - rank(y.metric.verdict));
  const counts: Record<DiffVerdict, number> = { regressed: 0, improved: 0, unchanged: 0, undecided: 0 };
  for (const c of cells) counts[c.verdict]++;
  for (const s of sweep) if (s.metric.gating) counts[s.metric.verdict]++;
  const diff: ResultsDiff = {
    gate,
    base: sideInfo(base, labels.base),
    new: sideInfo(next, labels.new),
    cells,
    sweep,
    onlyBase: base.cells.filter((c) => !nextIds.has(c.id)).map((c) => c.id),
    onlyNew: next.cells.filter((c) => !baseCells.has(c.id)).map((c) => c.id),
    warnings: [...configWarnings(base, next), ...environmentWarnings(cells)],
    counts,
    regressed: counts.regressed > 0,
  };
  return diff;
}
