// Runs the saturation search for every renderer x scenario (x CPU profile) through the real browser: a ramp run
// aims it, fixed-rate probes confirm the keeps-up and throughput brackets (see docs/sweep.md).
import { computeRunMetrics, DEFAULT_FRAME_INTERVAL_MS, onTimeFrames } from '../metrics/run-metrics.ts';
import { mulberry32, shuffled } from '../common/random.ts';
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
import { RAMP_MAX_TOKENS, rampRateAt, rampSchedule, rampStartRate } from '../schedule/ramp.ts';
import type { PageRunRequest, RawRun } from '../page/protocol.ts';
import type { Rate, Schedule } from '../schedule/types.ts';
import type { SweepConfig, SweepEntry, SweepResults } from '../results/types.ts';
import { defaultTtftMs } from '../../scenarios/rates.ts';

/** Streams longer than this stop as soon as they have provably failed the TTV budget (slow low-rate probes). */
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
  for (const entry of order) {
    if (hooks.aborted()) return;
    try {
      await sweepEntry(session, settings, sweep, entry, hooks);
    } catch (error) {
      if (error instanceof StopSweep) return;
      entry.status = 'failed';
      entry.error = error instanceof Error ? error.message : String(error);
      hooks.onLog?.(`sweep ${entryLabel(entry)}: failed: ${entry.error}`);
    }
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
  await probe(
    session,
    settings,
    sweep,
    entry,
    sweep.minRate * 10,
    Math.min(WARMUP_TOKENS, settings.maxTokens ?? Infinity),
  );
  const probeAt = async (rate: number, mode: ProbeMode): Promise<ProbeRun[]> => {
    const runs: ProbeRun[] = [];
    const ok = mode === 'keeps-up' ? (r: ProbeRun) => runKeepsUp(r, criteria) : (r: ProbeRun) => !r.uiBound;
    // Stop once the remaining runs cannot change the strict majority (the point's verdict is the same).
    while (runs.length < sweep.runsPerPoint) {
      runs.push(await probe(session, settings, sweep, entry, rate, settings.maxTokens, mode === 'keeps-up'));
      const passes = runs.filter(ok).length;
      if (majorityDecided(passes, runs.length - passes, sweep.runsPerPoint)) break;
    }
    await recordPoint(entry, rate, mode, runs, criteria, hooks);
    return runs;
  };
  const search = { minRate: sweep.minRate, maxRate: sweep.maxRate, resolution: sweep.resolution, criteria };
  const guesses = isRampable(settings, entry) ? await rampRun(session, settings, sweep, entry, hooks) : null;
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
  hooks.onLog?.(`sweep ${entryLabel(entry)}: ${describeOutcome(entry)}`);
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

/** The ramp run: one stream from a start rate up to maxRate; its reading aims the confirming probes. */
async function rampRun(
  session: BrowserSession,
  settings: SweepSettings,
  sweep: SweepConfig,
  entry: SweepEntry,
  hooks: SweepHooks,
): Promise<RampReading> {
  const maxTokens = Math.min(RAMP_MAX_TOKENS, settings.maxTokens ?? Infinity);
  const base = buildCellSchedule(settings.stream, entry.scenario, sweepRate(1000), maxTokens);
  const start = rampStartRate(base.tokenCount, sweep.maxRate, sweep.minRate);
  const { schedule, spec } = rampSchedule(base, start, sweep.maxRate);
  const raw = await runSchedule(session, settings, entry, schedule, null);
  const ttft = schedule.rate.ttftMs;
  const markers = raw.markers.map((m) => ({
    dueMs: m.dueMs,
    visibleMs: m.visibleMs !== null && raw.finalVisibleText.includes(m.text) ? m.visibleMs : null,
    tokenIndex: m.tokenIndex,
    rateTokPerS: rampRateAt(m.dueMs - ttft, spec),
  }));
  const frames = onTimeFrames(raw.frames, DEFAULT_FRAME_INTERVAL_MS);
  const reading = readRamp(
    markers,
    frames,
    { ttvBudgetMs: sweep.ttvBudgetMs, maxDroppedPct: sweep.maxDroppedPct },
    DEFAULT_FRAME_INTERVAL_MS,
  );
  const round = (r: number | null): number | null => (r === null ? null : Math.round(r));
  entry.ramp = {
    startTokPerS: start,
    endTokPerS: sweep.maxRate,
    tokens: schedule.tokenCount,
    durationMs: Math.round(schedule.lastDueMs),
    throughputGuess: round(reading.throughputGuess),
    smoothnessGuess: round(reading.smoothnessGuess),
  };
  const guess = (r: number | null): string => (r === null ? 'none in range' : `~${Math.round(r)} tok/s`);
  hooks.onLog?.(
    `sweep ${entryLabel(entry)} ramp ${start}-${sweep.maxRate} tok/s ` +
      `over ${(schedule.lastDueMs / 1000).toFixed(1)} s: ` +
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
  if (failFast) request.failFast = failFast;
  const outcome = await session.run(request, entry.cpuThrottle, schedule.lastDueMs + settings.cellTimeoutMs);
  if (outcome === 'aborted') throw new StopSweep();
  if (!outcome.ok) throw new Error(outcome.error);
  if (outcome.raw.errors.length) throw new Error(outcome.raw.errors[0]);
  return outcome.raw;
}

/**
 * One fixed-rate run of `entry` at `tokPerS`. `failFast`: a long stream stops as soon as it has provably failed
 * the TTV budget (its backlog verdict is then unknown).
 */
async function probe(
  session: BrowserSession,
  settings: SweepSettings,
  sweep: SweepConfig,
  entry: SweepEntry,
  tokPerS: number,
  maxTokens: number | null,
  failFast = true,
): Promise<ProbeRun> {
  const schedule = buildCellSchedule(settings.stream, entry.scenario, sweepRate(tokPerS), maxTokens);
  const stopEarly =
    failFast && schedule.lastDueMs > FAIL_FAST_AFTER_MS
      ? { ttvBudgetMs: sweep.ttvBudgetMs, maxLateMarkers: maxLateMarkersForP95(schedule.markers.length) }
      : null;
  const raw = await runSchedule(session, settings, entry, schedule, stopEarly);
  if (raw.stoppedEarly) {
    return { ttvP95Ms: null, droppedFramePct: null, uiBound: true, note: `stopped early: ${raw.stoppedEarly}` };
  }
  const metrics = computeRunMetrics(raw);
  return { ttvP95Ms: metrics.ttvMs.p95, droppedFramePct: metrics.droppedFramePct, uiBound: metrics.uiBound };
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
