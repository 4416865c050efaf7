// Agent-loop metrics: how much of the loop's wall time the user spent waiting on the UI. Pure.
import type { AgentLoopMetrics } from './types.ts';
import type { RawRun } from '../page/protocol.ts';
import { shownMarkers } from './shown.ts';

export function computeAgentLoopMetrics(raw: RawRun): AgentLoopMetrics | null {
  const calls = raw.calls;
  if (!calls || calls.length === 0) return null;
  const toolStepMs = raw.toolStepMs ?? 0;
  // Each call lasts from its start to its last chunk's due time (TTFT + generation at the rate).
  const durations = calls.map((call) => {
    const last = raw.chunks[call.firstChunk + call.chunkCount - 1];
    return last ? last.dueMs - call.startMs : 0;
  });
  const modelMs = durations.reduce((a, b) => a + b, 0);
  const toolMs = toolStepMs * (calls.length - 1);
  const idealWallMs = modelMs + toolMs;
  const loopWallMs = shownMarkers(raw).at(-1)?.visibleMs ?? null;
  const uiAddedMs = loopWallMs === null ? null : loopWallMs - idealWallMs;
  const idealLastStart = durations.slice(0, -1).reduce((a, b) => a + b, 0) + toolMs;
  const lastCall = calls[calls.length - 1];
  return {
    calls: calls.length,
    loopWallMs,
    modelMs,
    toolMs,
    idealWallMs,
    uiAddedMs,
    uiSharePct: uiAddedMs === null || loopWallMs === null || loopWallMs <= 0 ? null : (100 * uiAddedMs) / loopWallMs,
    loopDelayMs: lastCall ? lastCall.startMs - idealLastStart : 0,
  };
}
