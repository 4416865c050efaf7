// From a cell (renderer x scenario x rate) to the schedule and the request the page runs.
import { buildAgentLoopSchedule } from './agent-loop.ts';
import { buildSchedule, parseShape } from './schedule.ts';
import type { PageRunRequest } from '../page/protocol.ts';
import type { Rate, Schedule, StreamShape } from './types.ts';
import {
  findScenario,
  loadAgentCalls,
  loadScenarioHistory,
  loadScenarioText,
  type ScenarioDef,
} from '../../scenarios/index.ts';

/** Warm-up runs stream this many tokens of the cell's content at the cell's rate: enough to warm JIT and caches. */
export const WARMUP_TOKENS = 60;
/** After the last due time, how long the page waits for the last marker before calling the text missing. */
export const SETTLE_MS = 10_000;

/** A scenario streamed in a shape other than one token per event is its own variant: `name@shape`. */
export function scenarioVariant(name: string, shape: StreamShape): string {
  return shape === 'token' ? name : `${name}@${shape}`;
}

export function parseScenarioVariant(variant: string): { def: ScenarioDef; shape: StreamShape } {
  const [name = '', shapeName] = variant.split('@');
  const def = findScenario(name);
  if (!def) throw new Error(`unknown scenario "${name}"`);
  return { def, shape: shapeName === undefined ? 'token' : parseShape(shapeName) };
}

/** How every cell's stream is generated, whatever its content and rate (the suite's settings). */
export interface StreamOptions {
  seed: number;
  /** Tokens per network event, for the one-token-per-event shape. */
  tokensPerChunk: number;
  /** Gap jitter as a fraction of the mean gap. */
  jitter: number;
}

/** The page's settle timeout for a run that may take `cellTimeoutMs` beyond its last due time. */
export function settleTimeoutFor(cellTimeoutMs: number): number {
  return Math.min(SETTLE_MS, cellTimeoutMs / 2);
}

export function buildCellSchedule(
  stream: StreamOptions,
  variant: string,
  rate: Rate,
  maxTokens: number | null,
): Schedule {
  const { def, shape } = parseScenarioVariant(variant);
  const options = {
    scenario: variant,
    format: def.format,
    rate,
    seed: stream.seed,
    shape,
    // tokensPerChunk only shapes the one-token-per-event stream.
    ...(shape === 'token' ? { tokensPerChunk: stream.tokensPerChunk } : {}),
    jitter: stream.jitter,
    maxTokens,
  };
  const calls = loadAgentCalls(def);
  if (calls && def.agentLoop)
    return buildAgentLoopSchedule({ ...options, callTexts: calls, toolStepMs: def.agentLoop.toolStepMs });
  return buildSchedule({ ...options, text: loadScenarioText(def) });
}

function historyOf(variant: string): { history?: string[] } {
  const history = loadScenarioHistory(parseScenarioVariant(variant).def);
  return history.length ? { history } : {};
}

export function toPageRequest(renderer: string, schedule: Schedule, settleTimeoutMs = SETTLE_MS): PageRunRequest {
  return {
    renderer,
    format: schedule.format,
    chunks: schedule.chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount })),
    markers: schedule.markers.map(({ text, dueMs, tokenIndex, chunkIndex }) => ({
      text,
      dueMs,
      tokenIndex,
      chunkIndex,
    })),
    settleTimeoutMs,
    // Earlier conversation (long-transcript): the same memoised strings every run, never copied in Node.
    ...historyOf(schedule.scenario),
    ...(schedule.calls
      ? { calls: schedule.calls.map(({ chunkCount }) => ({ chunkCount })), toolStepMs: schedule.toolStepMs ?? 0 }
      : {}),
  };
}
