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
  /** A run stopped early (fail-fast): on late markers (TTV) or on dropped frames. */
  stoppedOn?: 'ttv' | 'dropped';
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

export const DEFAULT_SEARCH: SearchOptions = {
  minRate: 10,
  maxRate: 20_000,
  resolution: 1.25,
  maxProbes: 10,
  criteria: DEFAULT_CRITERIA,
};

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
export async function searchSaturation(
  probe: (rateTokPerS: number) => Promise<ProbeRun[]>,
  options: Partial<SearchOptions> = {},
): Promise<SweepOutcome> {
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
    if (!(await measure(o.minRate)).pass)
      return { status: 'below-range', saturationRate: null, bracket: { lo: null, hi: o.minRate }, points };
    lo = o.minRate;
  }
  if (!sawFail) {
    if ((await measure(o.maxRate)).pass)
      return { status: 'above-range', saturationRate: o.maxRate, bracket: { lo: o.maxRate, hi: null }, points };
    hi = o.maxRate;
  }
  return { status: 'found', saturationRate: lo, bracket: { lo, hi }, points };
}

/** Markers allowed past the budget before TTV p95 (nearest rank) must exceed it: n - ceil(0.95 n). */
export function maxLateMarkersForP95(markers: number): number {
  return markers - Math.ceil((95 * markers) / 100);
}

/**
 * Dropped frames allowed in a stream of `streamMs` (first to last due time) whose window ends by the TTV budget
 * after its last due time: maxDroppedPct of the frames such a window holds. One more fails the run, unless its
 * window runs on past that, which only text shown (or, never shown, written) later than that can make it do.
 */
export function maxDroppedFramesFor(streamMs: number, criteria: SweepCriteria, frameIntervalMs: number): number {
  const expected = Math.max(1, Math.round((streamMs + criteria.ttvBudgetMs) / frameIntervalMs));
  return Math.floor((criteria.maxDroppedPct / 100) * expected);
}

// ---- ramp + confirm: aim fixed-rate probes with a ramp run's guesses ----

/** A limit stated as a bracket: kept up at `lo`, fell behind at `hi`; a null bound is open (below / above range). */
export interface LimitBracket {
  lo: number | null;
  hi: number | null;
}

/** What a fixed-rate probe is for: `keeps-up` may stop failing runs early; `throughput` runs every stream out. */
export type ProbeMode = 'keeps-up' | 'throughput';

export interface ModePoint extends SweepPoint {
  mode: ProbeMode;
}

export interface RampSweepOutcome extends SweepOutcome {
  points: ModePoint[];
  /** Throughput (the backlog does not grow) and smoothness (TTV p95 and dropped frames) apart. */
  limits: { throughput: LimitBracket; smoothness: LimitBracket };
}

/** Runs at one point are decided once the rest cannot change the strict majority of `runsPerPoint`. */
export function majorityDecided(passes: number, fails: number, runsPerPoint: number): boolean {
  return passes * 2 > runsPerPoint || fails * 2 >= runsPerPoint;
}

/** A run's backlog verdict; null when it stopped early (fail-fast), before a backlog could show. */
export function runThroughputOk(run: ProbeRun): boolean | null {
  return run.note ? null : !run.uiBound;
}

export function runSmooth(run: ProbeRun, criteria: SweepCriteria): boolean {
  if (run.note) return false;
  if (run.ttvP95Ms === null || run.ttvP95Ms > criteria.ttvBudgetMs) return false;
  return run.droppedFramePct !== null && run.droppedFramePct <= criteria.maxDroppedPct;
}

/** A point's throughput verdict by strict majority of its runs; null when stopped-early runs leave it open. */
export function pointThroughputOk(point: SweepPoint): boolean | null {
  const verdicts = point.runs.map(runThroughputOk);
  const n = point.runs.length;
  if (verdicts.filter((v) => v === true).length * 2 > n) return true;
  return verdicts.filter((v) => v === false).length * 2 >= n ? false : null;
}

/** Rounds to 2 significant digits (as geometricMid) unless that lands outside (lo, hi). */
function readable(rate: number, lo: number, hi: number): number {
  const magnitude = 10 ** (Math.floor(Math.log10(rate)) - 1);
  const rounded = Math.round(rate / magnitude) * magnitude;
  return rounded > lo && rounded < hi ? rounded : rate;
}

/** Bracket from points already measured: lowest failure, highest pass below it (monotone assumption). */
function knownBracket(known: ReadonlyArray<{ rate: number; pass: boolean }>): LimitBracket {
  const fails = known.filter((k) => !k.pass).map((k) => k.rate);
  const hi = fails.length ? Math.min(...fails) : null;
  const passes = known.filter((k) => k.pass && (hi === null || k.rate < hi)).map((k) => k.rate);
  return { lo: passes.length ? Math.max(...passes) : null, hi };
}

type Verdict = (rate: number) => Promise<boolean>;

/**
 * Confirms a bracket around `guess` with fixed-rate probes: first guess / sqrt(resolution) (maxRate itself when
 * the guess is at or past it), then galloping (steps resolution, resolution^2, resolution^4...) until one rate
 * passes and one fails, then bisection down to the resolution. `known` verdicts are reused, never re-measured. A
 * bound that reaches the range's end stays open.
 */
export async function confirmBracket(
  passes: Verdict,
  known: ReadonlyArray<{ rate: number; pass: boolean }>,
  guess: number | null,
  o: SearchOptions,
): Promise<LimitBracket> {
  // Known bounds: a floor that kept up and a ceiling that did not. Probing starts from the guess when it lies
  // clearly inside them; galloping stops at them, so a known rate is never measured again.
  const { lo: floor, hi: ceil } = knownBracket(known);
  if (floor !== null && ceil !== null) return bisect(passes, floor, ceil, o);
  const half = Math.sqrt(o.resolution);
  const target = guess ?? geometricMid(o.minRate, o.maxRate);
  const inside = (floor === null || target / half > floor * half) && (ceil === null || target * half < ceil / half);
  let lo: number | null = inside ? null : floor;
  let hi: number | null = inside ? null : ceil;
  if (lo === null && hi === null) {
    // No limit expected in range (the ramp saw none): the range's top decides an above-range renderer in one probe.
    const first =
      target >= o.maxRate ? o.maxRate : Math.min(o.maxRate, Math.max(o.minRate, readable(target / half, 0, Infinity)));
    if (await passes(first)) lo = first;
    else hi = first;
  }
  for (let step = o.resolution; lo === null; step *= step) {
    const top = hi as number;
    if (top <= o.minRate) return { lo: null, hi: o.minRate };
    const rate = Math.max(o.minRate, readable(top / step, 0, top));
    if (floor !== null && rate <= floor) lo = floor;
    else if (await passes(rate)) lo = rate;
    else hi = rate;
  }
  for (let step = o.resolution; hi === null; step *= step) {
    const bottom: number = lo;
    if (bottom >= o.maxRate) return { lo: o.maxRate, hi: null };
    const rate = Math.min(o.maxRate, readable(bottom * step, bottom, Infinity));
    if (ceil !== null && rate >= ceil) hi = ceil;
    else if (await passes(rate)) lo = rate;
    else hi = rate;
  }
  return bisect(passes, lo, hi, o);
}

/** Geometric bisection of [lo, hi) down to the resolution (at most maxProbes probes). */
async function bisect(passes: Verdict, lo: number, hi: number, o: SearchOptions): Promise<LimitBracket> {
  for (let probes = 0; hi / lo > o.resolution && probes < o.maxProbes; probes++) {
    const mid = geometricMid(lo, hi);
    if (await passes(mid)) lo = mid;
    else hi = mid;
  }
  return { lo, hi };
}

/** Status and saturation rate of a keeps-up bracket, as searchSaturation states them. */
function outcomeOf(bracket: LimitBracket): Pick<SweepOutcome, 'status' | 'saturationRate' | 'bracket'> {
  if (bracket.lo === null) return { status: 'below-range', saturationRate: null, bracket };
  if (bracket.hi === null) return { status: 'above-range', saturationRate: bracket.lo, bracket };
  return { status: 'found', saturationRate: bracket.lo, bracket };
}

/**
 * The sweep after a ramp run: confirm the keeps-up bracket around the ramp's smoothness guess (the lower one),
 * then the throughput bracket around its throughput guess, reusing every point whose runs decide it. Keeps-up
 * probes may stop failing runs early; a point left open by that is re-measured in `throughput` mode. The
 * keeps-up bracket has the meaning searchSaturation's has: lo kept up in a strict majority of fixed-rate runs,
 * hi did not. The smoothness bracket is read off every probed point.
 */
export async function searchFromRamp(
  probe: (rateTokPerS: number, mode: ProbeMode) => Promise<ProbeRun[]>,
  guesses: { throughputGuess: number | null; smoothnessGuess: number | null },
  options: Partial<SearchOptions> = {},
): Promise<RampSweepOutcome> {
  const o: SearchOptions = { ...DEFAULT_SEARCH, ...options };
  if (!(o.minRate > 0 && o.maxRate > o.minRate)) throw new RangeError(`bad sweep range ${o.minRate}..${o.maxRate}`);
  if (!(o.resolution > 1)) throw new RangeError(`sweep resolution must be > 1, got ${o.resolution}`);
  const points: ModePoint[] = [];
  const measure = async (rate: number, mode: ProbeMode): Promise<ModePoint> => {
    const point: ModePoint = { ...summarizePoint(rate, await probe(rate, mode), o.criteria), mode };
    points.push(point);
    return point;
  };
  // A null guess: the ramp saw no limit up to its end (maxRate), so the first probes go near the top.
  const keepsUp = await confirmBracket(
    async (r) => (await measure(r, 'keeps-up')).pass,
    [],
    guesses.smoothnessGuess ?? o.maxRate,
    o,
  );
  const decided = (): Array<{ rate: number; pass: boolean }> =>
    points.flatMap((p) => {
      const ok = pointThroughputOk(p);
      return ok === null ? [] : [{ rate: p.rateTokPerS, pass: ok }];
    });
  const throughput = await confirmBracket(
    async (r) => {
      const reused = decided().find((k) => k.rate === r);
      return reused ? reused.pass : pointThroughputOk(await measure(r, 'throughput')) === true;
    },
    decided(),
    guesses.throughputGuess ?? o.maxRate,
    o,
  );
  const smoothness = knownBracket(points.map((p) => ({ rate: p.rateTokPerS, pass: smoothPoint(p, o.criteria) })));
  return { ...outcomeOf(keepsUp), points, limits: { throughput, smoothness } };
}

function smoothPoint(point: SweepPoint, criteria: SweepCriteria): boolean {
  return point.runs.filter((r) => runSmooth(r, criteria)).length * 2 > point.runs.length;
}
