// Saturation search: the highest token rate at which a renderer keeps up. Pure: the probe (which runs
// the real browser) is passed in, so the search itself is tested on simulated renderers.

/** What "keeps up" means at one rate. */
export interface SweepCriteria {
  /** TTV p95 must not exceed this (default 50 ms, about three frames). */
  ttvBudgetMs: number;
  /** Dropped frames must not exceed this share of expected frames, in %. */
  maxDroppedPct: number;
}

export const DEFAULT_CRITERIA: SweepCriteria = { ttvBudgetMs: 50, maxDroppedPct: 2 };

/** One measured run at a probe rate. */
export interface ProbeRun {
  ttvP95Ms: number | null;
  droppedFramePct: number | null;
  uiBound: boolean;
  /** Why the run failed or stopped early, if it did. */
  note?: string;
}

export interface SweepPoint {
  rateTokPerS: number;
  runs: ProbeRun[];
  passRuns: number;
  pass: boolean;
}

export interface SweepOutcome {
  /** `found`: bracketed; `below-range`: fails even at minRate; `above-range`: keeps up even at maxRate. */
  status: 'found' | 'below-range' | 'above-range';
  /** Highest rate measured as keeping up (null when below range). */
  saturationRate: number | null;
  /** The answer lies in [lo, hi): lo kept up, hi did not. Null bounds are open. */
  bracket: { lo: number | null; hi: number | null };
  /** Every probed point, in the order probed. */
  points: SweepPoint[];
}

export interface SearchOptions {
  minRate: number;
  maxRate: number;
  /** Stop when hi / lo is at most this (geometric resolution of the answer). */
  resolution: number;
  /** Upper bound on probe points, endpoints included. */
  maxProbes: number;
  criteria: SweepCriteria;
}

export const DEFAULT_SEARCH: SearchOptions = { minRate: 10, maxRate: 20_000, resolution: 1.25, maxProbes: 10, criteria: DEFAULT_CRITERIA };

export function runKeepsUp(run: ProbeRun, criteria: SweepCriteria): boolean {
  if (run.note) return false;
  if (run.ttvP95Ms === null || run.ttvP95Ms > criteria.ttvBudgetMs) return false;
  if (run.droppedFramePct === null || run.droppedFramePct > criteria.maxDroppedPct) return false;
  return !run.uiBound;
}

/** A point passes when a strict majority of its runs keep up (one lucky run is not enough). */
export function summarizePoint(rateTokPerS: number, runs: ProbeRun[], criteria: SweepCriteria): SweepPoint {
  const passRuns = runs.filter((r) => runKeepsUp(r, criteria)).length;
  return { rateTokPerS, runs, passRuns, pass: passRuns * 2 > runs.length };
}

/** Geometric midpoint, rounded to 2 significant digits so probe rates read well (e.g. 450, not 447.2). */
export function geometricMid(lo: number, hi: number): number {
  const mid = Math.sqrt(lo * hi);
  const magnitude = 10 ** (Math.floor(Math.log10(mid)) - 1);
  const rounded = Math.round(mid / magnitude) * magnitude;
  // Rounding must not land on a bound, or the bisection would stall.
  return rounded > lo && rounded < hi ? rounded : mid;
}

/**
 * Geometric bisection between minRate and maxRate, assuming a renderer that keeps up at some rate also
 * keeps up at every lower one. Starts in the middle (cheap rates first), probes an endpoint only when the
 * bisection never saw a pass (then minRate) or never saw a failure (then maxRate).
 */
export async function searchSaturation(probe: (rateTokPerS: number) => Promise<ProbeRun[]>, options: Partial<SearchOptions> = {}): Promise<SweepOutcome> {
  const o: SearchOptions = { ...DEFAULT_SEARCH, ...options };
  if (!(o.minRate > 0 && o.maxRate > o.minRate)) throw new RangeError(`bad sweep range ${o.minRate}..${o.maxRate}`);
  if (!(o.resolution > 1)) throw new RangeError(`sweep resolution must be > 1, got ${o.resolution}`);
  const points: SweepPoint[] = [];
  const measure = async (rate: number): Promise<SweepPoint> => {
    const point = summarizePoint(rate, await probe(rate), o.criteria);
    points.push(point);
    return point;
  };
  let lo = o.minRate;
  let hi = o.maxRate;
  let sawPass = false;
  let sawFail = false;
  // Keep two probes in reserve for the endpoints.
  while (hi / lo > o.resolution && points.length < o.maxProbes - 2) {
    const mid = geometricMid(lo, hi);
    if ((await measure(mid)).pass) {
      lo = mid;
      sawPass = true;
    } else {
      hi = mid;
      sawFail = true;
    }
  }
  if (!sawPass) {
    if (!(await measure(o.minRate)).pass) return { status: 'below-range', saturationRate: null, bracket: { lo: null, hi: o.minRate }, points };
    lo = o.minRate;
  }
  if (!sawFail) {
    if ((await measure(o.maxRate)).pass) return { status: 'above-range', saturationRate: o.maxRate, bracket: { lo: o.maxRate, hi: null }, points };
    hi = o.maxRate;
  }
  return { status: 'found', saturationRate: lo, bracket: { lo, hi }, points };
}

/** Markers allowed past the budget before TTV p95 (nearest rank) must exceed it: n - ceil(0.95 n). */
export function maxLateMarkersForP95(markers: number): number {
  return markers - Math.ceil((95 * markers) / 100);
}
