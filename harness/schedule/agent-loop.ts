// The agent loop: N model calls streamed one after another, each with its own TTFT, with a tool step
// between them. Each call is scheduled like a single answer; this joins them into one multi-call schedule
// with markers numbered across calls, so the probe can tell every call's text apart.
import { markerText } from './tokenize.ts';
import { buildSchedule, type ScheduleOptions } from './schedule.ts';
import type { Schedule, ScheduledChunk, ScheduledMarker } from './types.ts';

export interface AgentLoopOptions extends Omit<ScheduleOptions, 'text'> {
  /** Each call's answer, in order. */
  callTexts: readonly string[];
  /** Time between receiving a call's last chunk and starting the next call (the tool running). */
  toolStepMs: number;
}

export function buildAgentLoopSchedule(options: AgentLoopOptions): Schedule {
  const { callTexts, toolStepMs, ...base } = options;
  if (!callTexts.length) throw new Error('an agent loop needs at least one call');
  if (!(toolStepMs >= 0)) throw new RangeError(`toolStepMs must be >= 0, got ${toolStepMs}`);
  const chunks: ScheduledChunk[] = [];
  const markers: ScheduledMarker[] = [];
  const calls: Array<{ chunkCount: number; idealStartMs: number }> = [];
  let tokenOffset = 0;
  let idealStartMs = 0;
  let last: Schedule | null = null;
  callTexts.forEach((callText, k) => {
    // Per-call seed: calls differ in jitter but the whole loop stays reproducible.
    const call: Schedule = buildSchedule({ ...base, text: callText, seed: (base.seed + k * 7919) >>> 0 });
    const markerOffset = markers.length;
    const chunkOffset = chunks.length;
    // One pass per chunk, so a renumbered marker is never renumbered again.
    const chunkTexts = call.chunks.map((c) =>
      c.text.replace(/⟦(\d+)⟧/gu, (_, n: string) => markerText(markerOffset + Number(n))),
    );
    for (const m of call.markers) {
      const index = markerOffset + m.index;
      markers.push({
        ...m,
        text: markerText(index),
        index,
        tokenIndex: tokenOffset + m.tokenIndex,
        chunkIndex: chunkOffset + m.chunkIndex,
      });
    }
    call.chunks.forEach((c, i) =>
      chunks.push({ ...c, index: chunkOffset + i, text: chunkTexts[i] ?? '', firstToken: tokenOffset + c.firstToken }),
    );
    calls.push({ chunkCount: call.chunks.length, idealStartMs });
    last = call;
    tokenOffset += call.tokenCount;
    idealStartMs += call.lastDueMs + toolStepMs;
  });
  if (!last) throw new Error('unreachable: no calls');
  return {
    // Shape, rate, seed and options are the same for every call: take them from the last one.
    ...(last as Schedule),
    text: chunks.map((c) => c.text).join(''),
    tokenCount: tokenOffset,
    chunks,
    markers,
    lastDueMs: idealStartMs - toolStepMs,
    calls,
    toolStepMs,
  };
}
