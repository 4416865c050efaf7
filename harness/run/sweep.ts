// Runs the saturation search for every renderer x scenario (x CPU profile) through the real browser.
import { computeRunMetrics } from '../metrics/run-metrics.ts';
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
  maxLateMarkersForP95,
  searchSaturation,
  summarizePoint,
  type ProbeRun,
  type SweepCriteria,
} from '../stats/saturation-search.ts';
import type { Rate } from '../schedule/types.ts';
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
      for (const scenario of settings.scenarios)
        out.entries.push({
          renderer,
          scenario,
          cpuThrottle,
          status: 'pending',
          saturationRate: null,
          bracket: { lo: null, hi: null },
          points: [],
        });
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

/** One renderer x scenario: a discarded warm-up, then the search; the outcome goes into `entry`. */
async function sweepEntry(
  session: BrowserSession,
  settings: SweepSettings,
  sweep: SweepConfig,
  entry: SweepEntry,
  hooks: SweepHooks,
): Promise<void> {
  const criteria: SweepCriteria = { ttvBudgetMs: sweep.ttvBudgetMs, maxDroppedPct: sweep.maxDroppedPct };
  const probeAt = (tokPerS: number, maxTokens: number | null): Promise<ProbeRun> =>
    probe(session, settings, sweep, entry, tokPerS, maxTokens);
  // Warm-up (discarded): JIT and caches, as for the cells.
  await probeAt(sweep.minRate * 10, Math.min(WARMUP_TOKENS, settings.maxTokens ?? Infinity));
  const outcome = await searchSaturation(
    async (rate) => {
      const runs: ProbeRun[] = [];
      for (let i = 0; i < sweep.runsPerPoint; i++) runs.push(await probeAt(rate, settings.maxTokens));
      const point = summarizePoint(rate, runs, criteria);
      const ttvP95Ms = medianCI(runs.map((r) => r.ttvP95Ms)).median;
      entry.points.push({ rateTokPerS: rate, passRuns: point.passRuns, pass: point.pass, ttvP95Ms, runs });
      const ttv = ttvP95Ms === null ? 'over budget' : `${ttvP95Ms.toFixed(0)} ms`;
      hooks.onLog?.(
        `sweep ${entryLabel(entry)} @ ${rate} tok/s: ${point.pass ? 'keeps up' : 'falls behind'} ` +
          `(${point.passRuns}/${runs.length} runs), TTV p95 ${ttv}`,
      );
      await hooks.onPoint?.();
      return runs;
    },
    {
      minRate: sweep.minRate,
      maxRate: sweep.maxRate,
      resolution: sweep.resolution,
      maxProbes: DEFAULT_SEARCH.maxProbes,
      criteria,
    },
  );
  entry.status = outcome.status;
  entry.saturationRate = outcome.saturationRate;
  entry.bracket = outcome.bracket;
  hooks.onLog?.(`sweep ${entryLabel(entry)}: ${describeOutcome(entry)}`);
}

/** One run of `entry` at `tokPerS`. Throws StopSweep when the suite was interrupted, an Error when the run failed. */
async function probe(
  session: BrowserSession,
  settings: SweepSettings,
  sweep: SweepConfig,
  entry: SweepEntry,
  tokPerS: number,
  maxTokens: number | null,
): Promise<ProbeRun> {
  const schedule = buildCellSchedule(settings.stream, entry.scenario, sweepRate(tokPerS), maxTokens);
  const request = toPageRequest(entry.renderer, schedule, settleTimeoutFor(settings.cellTimeoutMs));
  if (schedule.lastDueMs > FAIL_FAST_AFTER_MS) {
    const maxLateMarkers = maxLateMarkersForP95(schedule.markers.length);
    request.failFast = { ttvBudgetMs: sweep.ttvBudgetMs, maxLateMarkers };
  }
  const outcome = await session.run(request, entry.cpuThrottle, schedule.lastDueMs + settings.cellTimeoutMs);
  if (outcome === 'aborted') throw new StopSweep();
  if (!outcome.ok) throw new Error(outcome.error);
  if (outcome.raw.errors.length) throw new Error(outcome.raw.errors[0]);
  const { stoppedEarly } = outcome.raw;
  if (stoppedEarly) {
    return { ttvP95Ms: null, droppedFramePct: null, uiBound: true, note: `stopped early: ${stoppedEarly}` };
  }
  const metrics = computeRunMetrics(outcome.raw);
  return { ttvP95Ms: metrics.ttvMs.p95, droppedFramePct: metrics.droppedFramePct, uiBound: metrics.uiBound };
}

function entryLabel(entry: SweepEntry): string {
  return `${entry.renderer} x ${entry.scenario}${entry.cpuThrottle === 1 ? '' : ` (CPU ${entry.cpuThrottle}x slower)`}`;
}

export function describeOutcome(entry: SweepEntry): string {
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
