// Runs the saturation search for every renderer x scenario (x CPU profile) through the real browser: a ramp run
// aims it, fixed-rate probes confirm the keeps-up and throughput brackets (see docs/sweep.md).
import { computeRunMetrics } from '../metrics/run-metrics.ts';
import { shownMarkers } from '../metrics/shown.ts';
import { DEFAULT_FRAME_INTERVAL_MS, onTimeFrames } from '../common/frame.ts';
import { mulberry32, shuffled } from '../common/random.ts';
import { formatSeconds } from '../common/format.ts';
import type { BrowserSession } from './browser-session.ts';
import { medianCI } from '../stats/basic.ts';
import {
  buildCellSchedule,
  settleTimeoutFor,
  toPageRequest,
  WARMUP_TOKENS,
  type StreamOptions,
} from '../schedule/cell-request.ts';
import {
  DEFAULT_SEARCH,
  majorityDecided,
  maxDroppedFramesFor,
  maxLateMarkersForP95,
  pointThroughputOk,
  runKeepsUp,
  searchFromRamp,
  searchSaturation,
  summarizePoint,
  type ProbeMode,
  type ProbeRun,
  type SweepCriteria,
} from '../stats/saturation-search.ts';
import { readRamp, type RampReading } from '../stats/ramp-analysis.ts';
import {
  burstOf,
  lastTokensOf,
  PROBE_TAIL_MARKERS,
  PROBE_TAIL_MS,
  settleAfterBurstMs,
  tailOf,
} from '../schedule/tail.ts';
import { tailRun } from '../metrics/tail-run.ts';
import { RAMP_MAX_TOKENS, rampRateAt, rampSchedule, rampStartRate } from '../schedule/ramp.ts';
import type { PageRunRequest, RawRun } from '../page/protocol.ts';
import type { Rate, Schedule } from '../schedule/types.ts';
import type { TailCut } from '../schedule/tail.ts';
import type { SweepConfig, SweepEntry, SweepResults } from '../results/types.ts';
import { defaultTtftMs } from '../../scenarios/rates.ts';

/** Streams longer than this stop as soon as they have failed the budget (slow low-rate probes). */
const FAIL_FAST_AFTER_MS = 4_000;

class StopSweep extends Error {}

export interface SweepHooks {
  onLog?: (line: string) => void;
  onPoint?: () => void | Promise<void>;
  aborted: () => boolean;
}

/** What a sweep takes from the suite's settings: the matrix to sweep, how streams are made, and run limits. */
export interface SweepSettings {
  renderers: readonly string[];
  scenarios: readonly string[];
  cpuThrottles: readonly number[];
  stream: StreamOptions;
  /** A run may take this long beyond its last due time. */
  cellTimeoutMs: number;
  /** Truncate contents to this many tokens, or null for full contents. */
  maxTokens: number | null;
  /** `--shard`: whether this slice sweeps a scenario x CPU profile (harness/run/shard.ts); absent: all. */
  include?: (entry: { scenario: string; cpuThrottle: number }) => boolean;
}

export function sweepRate(tokPerS: number): Rate {
  return { name: String(tokPerS), tokPerS, ttftMs: defaultTtftMs(tokPerS) };
}

export async function runSweep(
  session: BrowserSession,
  settings: SweepSettings,
  sweep: SweepConfig,
  out: SweepResults,
  hooks: SweepHooks,
): Promise<void> {
  for (const cpuThrottle of settings.cpuThrottles)
    for (const renderer of settings.renderers)
      for (const scenario of settings.scenarios) {
        if (settings.include && !settings.include({ scenario, cpuThrottle })) continue;
        out.entries.push({
          renderer,
          scenario,
          cpuThrottle,
          status: 'pending',
          saturationRate: null,
          bracket: { lo: null, hi: null },
          points: [],
        });
      }
  const order = shuffled(out.entries, mulberry32(settings.stream.seed ^ 0x5a5a));
  const sweepStarted = performance.now();
  for (const [index, entry] of order.entries()) {
    if (hooks.aborted()) return;
    const started = performance.now();
    entry.cost = { runs: 0, wallS: 0 };
    try {
      await sweepEntry(session, settings, sweep, entry, hooks);
    } catch (error) {
      if (error instanceof StopSweep) return;
      entry.status = 'failed';
      entry.error = error instanceof Error ? error.message : String(error);
    }
    entry.cost.wallS = Math.round((performance.now() - started) / 100) / 10;
    const progress = `${index + 1}/${order.length}: ${entry.cost.runs} runs in ${entry.cost.wallS.toFixed(0)} s`;
    hooks.onLog?.(
      `sweep ${entryLabel(entry)}: ${describeOutcome(entry)}  [${progress}; ` +
        `sweep elapsed ${formatSeconds((performance.now() - sweepStarted) / 1000, 'clock')}]`,
    );
    await hooks.onPoint?.();
  }
}

/** One renderer x scenario: a discarded warm-up, a ramp run, then confirming probes; the outcome goes into `entry`. */
async function sweepEntry(
  session: BrowserSession,
  settings: SweepSettings,
  sweep: SweepConfig,
  entry: SweepEntry,
  hooks: SweepHooks,
): Promise<void> {
  const criteria: SweepCriteria = { ttvBudgetMs: sweep.ttvBudgetMs, maxDroppedPct: sweep.maxDroppedPct };
  // Warm-up (discarded): JIT and caches, as for the cells.
  const warmUpTokens = Math.min(WARMUP_TOKENS, settings.maxTokens ?? Infinity);
  await runSchedule(
    session,
    settings,
    entry,
    buildCellSchedule(settings.stream, entry.scenario, sweepRate(sweep.minRate * 10), warmUpTokens),
    null,
  );
  const joinLate = lateJoiner(session, settings, entry);
  const probeAt = async (rate: number, mode: ProbeMode): Promise<ProbeRun[]> => {
    const runs: ProbeRun[] = [];
    const ok = mode === 'keeps-up' ? (r: ProbeRun) => runKeepsUp(r, criteria) : (r: ProbeRun) => !r.uiBound;
    // Stop once the remaining runs cannot change the strict majority (the point's verdict is the same).
    while (runs.length < sweep.runsPerPoint) {
      runs.push(await probe(session, settings, sweep, entry, rate, mode === 'keeps-up', joinLate.probe));
      const passes = runs.filter(ok).length;
      if (majorityDecided(passes, runs.length - passes, sweep.runsPerPoint)) break;
    }
    await recordPoint(entry, rate, mode, runs, criteria, hooks);
    return runs;
  };
  const search = { minRate: sweep.minRate, maxRate: sweep.maxRate, resolution: sweep.resolution, criteria };
  const guesses = isRampable(settings, entry)
    ? await rampRun(session, settings, sweep, entry, hooks, joinLate.ramp)
    : null;
  if (guesses) {
    const outcome = await searchFromRamp(probeAt, guesses, { ...search, maxProbes: DEFAULT_SEARCH.maxProbes });
    entry.limits = outcome.limits;
    Object.assign(entry, { status: outcome.status, saturationRate: outcome.saturationRate, bracket: outcome.bracket });
  } else {
    // Agent loops (sequential calls) cannot be ramped: plain bisection.
    const outcome = await searchSaturation((rate) => probeAt(rate, 'keeps-up'), {
      ...search,
      maxProbes: DEFAULT_SEARCH.maxProbes,
    });
    Object.assign(entry, { status: outcome.status, saturationRate: outcome.saturationRate, bracket: outcome.bracket });
  }
}

async function recordPoint(
  entry: SweepEntry,
  rate: number,
  mode: ProbeMode,
  runs: ProbeRun[],
  criteria: SweepCriteria,
  hooks: SweepHooks,
): Promise<void> {
  const point = summarizePoint(rate, runs, criteria);
  const ttvP95Ms = medianCI(runs.map((r) => r.ttvP95Ms)).median;
  entry.points.push({ rateTokPerS: rate, passRuns: point.passRuns, pass: point.pass, ttvP95Ms, runs, mode });
  const ttv = ttvP95Ms === null ? 'over budget' : `${ttvP95Ms.toFixed(0)} ms`;
  const what = mode === 'throughput' ? `backlog ${pointThroughputOk(point) ? 'steady' : 'grows'}, ` : '';
  hooks.onLog?.(
    `sweep ${entryLabel(entry)} @ ${rate} tok/s: ${point.pass ? 'keeps up' : 'falls behind'} ` +
      `(${point.passRuns}/${runs.length} runs), ${what}TTV p95 ${ttv}`,
  );
  await hooks.onPoint?.();
}

function isRampable(settings: SweepSettings, entry: SweepEntry): boolean {
  return !buildCellSchedule(settings.stream, entry.scenario, sweepRate(100), 1).calls;
}

/**
 * The ramp run: one stream from a start rate up to maxRate; its reading aims the confirming probes. A content
 * longer than RAMP_MAX_TOKENS ramps over its last RAMP_MAX_TOKENS, joined late as the probes are, so a renderer
 * that slows as the document grows is read where the probes will judge it.
 */
async function rampRun(
  session: BrowserSession,
  settings: SweepSettings,
  sweep: SweepConfig,
  entry: SweepEntry,
  hooks: SweepHooks,
  joinLate: (full: Schedule) => Promise<TailCut | null>,
): Promise<RampReading> {
  const full = buildCellSchedule(settings.stream, entry.scenario, sweepRate(1000), settings.maxTokens);
  const cut = await joinLate(full);
  const fromChunk = cut ? 1 : 0;
  const base = cut?.schedule ?? full;
  const start = rampStartRate(base.tokenCount - (cut?.prefixTokens ?? 0), sweep.maxRate, sweep.minRate);
  const { schedule, spec, originMs } = rampSchedule(base, start, sweep.maxRate, fromChunk);
  const raw = await runSchedule(session, settings, entry, schedule, null);
  const markers = shownMarkers(raw).map((m) => ({
    dueMs: m.dueMs,
    visibleMs: m.visibleMs,
    tokenIndex: m.tokenIndex,
    rateTokPerS: rampRateAt(m.dueMs - originMs, spec),
  }));
  const frames = onTimeFrames(raw.frames, DEFAULT_FRAME_INTERVAL_MS);
  const reading = readRamp(
    markers,
    frames,
    { ttvBudgetMs: sweep.ttvBudgetMs, maxDroppedPct: sweep.maxDroppedPct },
    DEFAULT_FRAME_INTERVAL_MS,
  );
  const durationMs = schedule.lastDueMs - originMs;
  const round = (r: number | null): number | null => (r === null ? null : Math.round(r));
  entry.ramp = {
    startTokPerS: start,
    endTokPerS: sweep.maxRate,
    tokens: spec.tokens,
    durationMs: Math.round(durationMs),
    throughputGuess: round(reading.throughputGuess),
    smoothnessGuess: round(reading.smoothnessGuess),
  };
  const guess = (r: number | null): string => (r === null ? 'none in range' : `~${Math.round(r)} tok/s`);
  hooks.onLog?.(
    `sweep ${entryLabel(entry)} ramp ${start}-${sweep.maxRate} tok/s over ${(durationMs / 1000).toFixed(1)} s` +
      `${cut ? ` (last ${spec.tokens} tokens)` : ''}: ` +
      `backlog grows from ${guess(reading.throughputGuess)}, smoothness breaks from ${guess(reading.smoothnessGuess)}`,
  );
  await hooks.onPoint?.();
  return reading;
}

/** One run of `schedule`, fail-fast when given. Throws StopSweep when the suite was interrupted, else an Error. */
async function runSchedule(
  session: BrowserSession,
  settings: SweepSettings,
  entry: SweepEntry,
  schedule: Schedule,
  failFast: PageRunRequest['failFast'] | null,
): Promise<RawRun> {
  const request = toPageRequest(entry.renderer, schedule, settleTimeoutFor(settings.cellTimeoutMs));
  // Text left hidden on a still page stays hidden: no run waits out its settle time for it.
  request.endWhenStill = true;
  if (failFast) request.failFast = failFast;
  const outcome = await session.run(request, entry.cpuThrottle, schedule.lastDueMs + settings.cellTimeoutMs);
  if (outcome === 'aborted') throw new StopSweep();
  if (entry.cost) entry.cost.runs++;
  if (!outcome.ok) throw new Error(outcome.error);
  if (outcome.raw.errors.length) throw new Error(outcome.raw.errors[0]);
  return outcome.raw;
}

/**
 * One fixed-rate run of `entry` at `tokPerS`. `failFast`: a long stream stops as soon as it has failed the TTV
 * budget or dropped too many frames (failFastFor; its backlog verdict is then unknown). A stream longer than
 * PROBE_TAIL_MS joins the answer late (harness/schedule/tail.ts): only its last PROBE_TAIL_MS stream at the rate,
 * and only they are judged.
 */
async function probe(
  session: BrowserSession,
  settings: SweepSettings,
  sweep: SweepConfig,
  entry: SweepEntry,
  tokPerS: number,
  failFast: boolean,
  joinLate: (full: Schedule) => Promise<TailCut | null>,
): Promise<ProbeRun> {
  const full = buildCellSchedule(settings.stream, entry.scenario, sweepRate(tokPerS), settings.maxTokens);
  const cut = await joinLate(full);
  const schedule = cut?.schedule ?? full;
  const stopEarly = failFast ? failFastFor(schedule, cut !== null, sweep) : null;
  const raw = await runSchedule(session, settings, entry, schedule, stopEarly);
  if (raw.stoppedEarly) {
    const note = `stopped early: ${raw.stoppedEarly}`;
    return { ttvP95Ms: null, droppedFramePct: null, uiBound: true, note, stoppedOn: raw.stoppedOn ?? 'ttv' };
  }
  const metrics = computeRunMetrics(cut ? tailRun(raw, cut.prefixTokens) : raw);
  return { ttvP95Ms: metrics.ttvMs.p95, droppedFramePct: metrics.droppedFramePct, uiBound: metrics.uiBound };
}

/**
 * A long stream's fail-fast budget: more markers late than TTV p95 tolerates (provably over budget), or more
 * frames dropped between its first and last due times than a window ending the TTV budget after its last due
 * time allows (it could then pass only by showing its last text later than that: docs/sweep.md). Null for a
 * short stream. An agent loop's due times move with its calls, so it is judged on late markers alone.
 */
function failFastFor(schedule: Schedule, cut: boolean, sweep: SweepConfig): PageRunRequest['failFast'] | null {
  const fromMs = schedule.chunks[cut ? 1 : 0]?.dueMs ?? 0;
  const streamMs = schedule.lastDueMs - fromMs;
  if (streamMs <= FAIL_FAST_AFTER_MS) return null;
  const late = { ttvBudgetMs: sweep.ttvBudgetMs, maxLateMarkers: maxLateMarkersForP95(schedule.markers.length) };
  if (schedule.calls) return late;
  const max = maxDroppedFramesFor(streamMs, sweep, DEFAULT_FRAME_INTERVAL_MS);
  return { ...late, droppedFrames: { fromMs, toMs: schedule.lastDueMs, max } };
}

/** How a probe and the ramp cut a long content (harness/schedule/tail.ts); null: streamed whole. */
interface LateJoin {
  probe: (full: Schedule) => Promise<TailCut | null>;
  ramp: (full: Schedule) => Promise<TailCut | null>;
}

/**
 * Probes stream their last PROBE_TAIL_MS (PROBE_TAIL_MARKERS markers at least), the ramp its last RAMP_MAX_TOKENS.
 * The pause after the prefix comes from one run that shows the whole answer at once (burstOf), made the first time
 * a cut needs it, kept in entry.lateJoin.
 */
function lateJoiner(session: BrowserSession, settings: SweepSettings, entry: SweepEntry): LateJoin {
  let settleMs: Promise<number> | null = null;
  const settle = (full: Schedule): Promise<number> => (settleMs ??= measureSettle(session, settings, entry, full));
  return {
    probe: async (full) =>
      tailOf(full, PROBE_TAIL_MS, 0, PROBE_TAIL_MARKERS)
        ? tailOf(full, PROBE_TAIL_MS, await settle(full), PROBE_TAIL_MARKERS)
        : null,
    ramp: async (full) =>
      lastTokensOf(full, RAMP_MAX_TOKENS, 0) ? lastTokensOf(full, RAMP_MAX_TOKENS, await settle(full)) : null,
  };
}

async function measureSettle(
  session: BrowserSession,
  settings: SweepSettings,
  entry: SweepEntry,
  full: Schedule,
): Promise<number> {
  const burst = burstOf(full);
  const raw = await runSchedule(session, settings, entry, burst, null);
  const dueMs = burst.chunks[0]?.dueMs ?? 0;
  // Text that ends up off-screen (no scroll policy) counts once it is in the DOM.
  const shownMs = Math.max(dueMs, ...raw.markers.map((m) => m.visibleMs ?? m.commitMs ?? raw.stoppedMs));
  const burstMs = Math.round(shownMs - dueMs);
  entry.lateJoin = { tailMs: PROBE_TAIL_MS, burstMs, settleMs: settleAfterBurstMs(burstMs) };
  return entry.lateJoin.settleMs;
}

function entryLabel(entry: SweepEntry): string {
  return `${entry.renderer} x ${entry.scenario}${entry.cpuThrottle === 1 ? '' : ` (CPU ${entry.cpuThrottle}x slower)`}`;
}

export function describeOutcome(entry: SweepEntry): string {
  const limits = entry.limits;
  if (!limits || entry.status === 'failed' || entry.status === 'pending') return describeBracket(entry);
  const { throughput, smoothness } = limits;
  return `${describeBracket(entry)}; throughput ${limitText(throughput)}, smoothness ${limitText(smoothness)}`;
}

/** `keeps up at lo, falls behind at hi` in short: `180-220 tok/s`, `below 10 tok/s`, `above 20000 tok/s`. */
function limitText({ lo, hi }: { lo: number | null; hi: number | null }): string {
  if (lo === null) return hi === null ? 'unknown' : `below ${hi} tok/s`;
  return hi === null ? `above ${lo} tok/s` : `${lo}-${hi} tok/s`;
}

function describeBracket(entry: SweepEntry): string {
  switch (entry.status) {
    case 'found':
      return `keeps up to ${entry.saturationRate} tok/s (falls behind by ${entry.bracket.hi} tok/s)`;
    case 'below-range':
      return `falls behind even at ${entry.bracket.hi} tok/s (below range)`;
    case 'above-range':
      return `keeps up even at ${entry.saturationRate} tok/s (above range)`;
    case 'failed':
      return `failed: ${entry.error ?? ''}`;
    default:
      return 'not run';
  }
}
