// Runs the saturation search for every renderer x scenario (x CPU profile) through the real browser.
import { computeRunMetrics } from '../metrics/run-metrics.ts';
import { mulberry32, shuffled } from '../common/random.ts';
import type { BrowserSession } from './browser-session.ts';
import { medianCI } from '../stats/basic.ts';
import { buildCellSchedule, SETTLE_MS, toPageRequest, WARMUP_TOKENS } from '../schedule/cell-request.ts';
import { DEFAULT_SEARCH, maxLateMarkersForP95, searchSaturation, summarizePoint, type ProbeRun, type SweepCriteria } from '../stats/saturation-search.ts';
import type { Rate } from '../schedule/types.ts';
import type { SuiteConfig, SweepConfig, SweepEntry, SweepResults } from '../results/types.ts';
import { defaultTtftMs } from '../../scenarios/rates.ts';

/** Streams longer than this stop as soon as they have provably failed the TTV budget (slow low-rate probes). */
const FAIL_FAST_AFTER_MS = 4_000;

class StopSweep extends Error {}

export interface SweepHooks {
  onLog?: (line: string) => void;
  onPoint?: () => void | Promise<void>;
  aborted: () => boolean;
}

export function sweepRate(tokPerS: number): Rate {
  return { name: String(tokPerS), tokPerS, ttftMs: defaultTtftMs(tokPerS) };
}

export async function runSweep(session: BrowserSession, config: SuiteConfig, sweep: SweepConfig, out: SweepResults, hooks: SweepHooks): Promise<void> {
  for (const cpuThrottle of config.cpuThrottles)
    for (const renderer of config.renderers)
      for (const scenario of config.scenarios)
        out.entries.push({ renderer, scenario, cpuThrottle, status: 'pending', saturationRate: null, bracket: { lo: null, hi: null }, points: [] });
  const order = shuffled(out.entries, mulberry32(config.seed ^ 0x5a5a));

  const criteria: SweepCriteria = { ttvBudgetMs: sweep.ttvBudgetMs, maxDroppedPct: sweep.maxDroppedPct };
  for (const entry of order) {
    if (hooks.aborted()) return;
    const probeAt = async (tokPerS: number, maxTokens: number | null): Promise<ProbeRun> => {
      const schedule = buildCellSchedule(config, entry.scenario, sweepRate(tokPerS), maxTokens);
      const request = toPageRequest(entry.renderer, schedule, Math.min(SETTLE_MS, config.cellTimeoutMs / 2));
      if (schedule.lastDueMs > FAIL_FAST_AFTER_MS) {
        request.failFast = { ttvBudgetMs: sweep.ttvBudgetMs, maxLateMarkers: maxLateMarkersForP95(schedule.markers.length) };
      }
      const outcome = await session.run(request, entry.cpuThrottle, schedule.lastDueMs + config.cellTimeoutMs);
      if (outcome === 'aborted') throw new StopSweep();
      if (!outcome.ok) throw new Error(outcome.error);
      if (outcome.raw.errors.length) throw new Error(outcome.raw.errors[0]);
      if (outcome.raw.stoppedEarly) return { ttvP95Ms: null, droppedFramePct: null, uiBound: true, note: `stopped early: ${outcome.raw.stoppedEarly}` };
      const metrics = computeRunMetrics(outcome.raw);
      return { ttvP95Ms: metrics.ttvMs.p95, droppedFramePct: metrics.droppedFramePct, uiBound: metrics.uiBound };
    };
    try {
      // Warm-up (discarded): JIT and caches, as for the cells.
      await probeAt(sweep.minRate * 10, Math.min(WARMUP_TOKENS, config.maxTokens ?? Infinity));
      const outcome = await searchSaturation(
        async (rate) => {
          const runs: ProbeRun[] = [];
          for (let i = 0; i < sweep.runsPerPoint; i++) runs.push(await probeAt(rate, config.maxTokens));
          const point = summarizePoint(rate, runs, criteria);
          const ttvP95Ms = medianCI(runs.map((r) => r.ttvP95Ms)).median;
          entry.points.push({ rateTokPerS: rate, passRuns: point.passRuns, pass: point.pass, ttvP95Ms, runs });
          hooks.onLog?.(
            `sweep ${entryLabel(entry)} @ ${rate} tok/s: ${point.pass ? 'keeps up' : 'falls behind'} ` +
              `(${point.passRuns}/${runs.length} runs), TTV p95 ${ttvP95Ms === null ? 'over budget' : `${ttvP95Ms.toFixed(0)} ms`}`,
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
    } catch (error) {
      if (error instanceof StopSweep) return;
      entry.status = 'failed';
      entry.error = error instanceof Error ? error.message : String(error);
      hooks.onLog?.(`sweep ${entryLabel(entry)}: failed: ${entry.error}`);
    }
    await hooks.onPoint?.();
  }
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
