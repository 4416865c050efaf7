// From a cell (renderer x scenario x rate) to the schedule and the request the page runs.
import { buildSchedule } from './schedule.ts';
import type { PageRunRequest, Rate, Schedule, SuiteConfig } from './types.ts';
import { findScenario, loadScenarioText } from '../scenarios/index.ts';

/** Warm-up runs stream this many tokens of the cell's content at the cell's rate: enough to warm JIT and caches. */
export const WARMUP_TOKENS = 60;
/** After the last due time, how long the page waits for the last marker before calling the text missing. */
export const SETTLE_MS = 10_000;

export function buildCellSchedule(config: SuiteConfig, scenarioName: string, rate: Rate, maxTokens: number | null): Schedule {
  const def = findScenario(scenarioName);
  if (!def) throw new Error(`unknown scenario "${scenarioName}"`);
  return buildSchedule({
    scenario: def.name,
    format: def.format,
    text: loadScenarioText(def),
    rate,
    seed: config.seed,
    tokensPerChunk: config.tokensPerChunk,
    jitter: config.jitter,
    maxTokens,
  });
}

export function toPageRequest(renderer: string, schedule: Schedule, settleTimeoutMs = SETTLE_MS): PageRunRequest {
  return {
    renderer,
    format: schedule.format,
    chunks: schedule.chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount })),
    markers: schedule.markers.map(({ text, dueMs, tokenIndex, chunkIndex }) => ({ text, dueMs, tokenIndex, chunkIndex })),
    settleTimeoutMs,
    ...(schedule.calls ? { calls: schedule.calls.map(({ chunkCount }) => ({ chunkCount })), toolStepMs: schedule.toolStepMs ?? 0 } : {}),
  };
}

