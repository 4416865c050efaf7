// Probe schedules for the sweep that join a long answer late: everything before the last `tailMs` of stream time
// arrives as one chunk, the page gets `settleMs` to render it, then the tail streams at the schedule's own times.
// A slow probe of a long answer then costs seconds, not minutes, and the renderer still works on the whole
// document (the tail is where a re-parsing renderer is slowest). Pure; see docs/sweep.md.
import type { Schedule, ScheduledChunk, ScheduledMarker } from './types.ts';

/** A sweep probe streams at most this much of the answer (its end), enough to see a backlog grow... */
export const PROBE_TAIL_MS = 6_000;
/** ...or its last this many markers if that is longer: at low rates 6 s hold few, and a p95 of 8 is their max. */
export const PROBE_TAIL_MARKERS = 24;

/** The pause after the prefix: twice what showing the whole answer at once took (burstOf), plus a little. */
export function settleAfterBurstMs(burstMs: number): number {
  return Math.round(2 * Math.max(0, burstMs) + 250);
}

export interface TailCut {
  schedule: Schedule;
  /** Tokens delivered at once before the tail (the first chunk of `schedule`). */
  prefixTokens: number;
}

/** One chunk holding chunks [0, end) of `chunks`, due when the first of them was. */
function merged(chunks: readonly ScheduledChunk[], end: number): ScheduledChunk {
  const first = chunks[0] as ScheduledChunk;
  const parts = chunks.slice(0, end);
  return {
    index: 0,
    text: parts.map((c) => c.text).join(''),
    firstToken: 0,
    tokenCount: parts.reduce((n, c) => n + c.tokenCount, 0),
    dueMs: first.dueMs,
  };
}

/**
 * The schedule from chunk `cut` on, after its earlier chunks as one chunk and a `settleMs` pause; only the tail's
 * markers are watched. Null when there is nothing before `cut`, or for an agent loop (its calls cannot join late).
 */
function joinAt(full: Schedule, cut: number, settleMs: number): TailCut | null {
  if (full.calls || cut < 1 || !(settleMs >= 0)) return null;
  const prefix = merged(full.chunks, cut);
  const shift = prefix.dueMs + settleMs - (full.chunks[cut] as ScheduledChunk).dueMs;
  const chunks = [prefix, ...full.chunks.slice(cut).map((c, i) => ({ ...c, index: i + 1, dueMs: c.dueMs + shift }))];
  const markers: ScheduledMarker[] = full.markers
    .filter((m) => m.chunkIndex >= cut)
    .map((m, i) => ({ ...m, index: i, chunkIndex: m.chunkIndex - cut + 1, dueMs: m.dueMs + shift }));
  return {
    schedule: { ...full, chunks, markers, lastDueMs: full.lastDueMs + shift },
    prefixTokens: prefix.tokenCount,
  };
}

/**
 * The last `tailMs` of the stream (from the first chunk due at or after lastDueMs - tailMs), or its last
 * `minMarkers` markers if they start earlier, joined late.
 */
export function tailOf(full: Schedule, tailMs: number, settleMs: number, minMarkers = 0): TailCut | null {
  if (!(tailMs > 0)) return null;
  const byTime = full.chunks.findIndex((c) => c.dueMs >= full.lastDueMs - tailMs);
  const byMarkers = minMarkers > 0 ? (full.markers[full.markers.length - minMarkers]?.chunkIndex ?? 0) : byTime;
  return joinAt(full, Math.min(byTime, byMarkers), settleMs);
}

/** The last `tokens` tokens or so (from the first chunk that starts within them), joined late. */
export function lastTokensOf(full: Schedule, tokens: number, settleMs: number): TailCut | null {
  return joinAt(
    full,
    full.chunks.findIndex((c) => c.firstToken >= full.tokenCount - tokens),
    settleMs,
  );
}

/** The whole schedule as one chunk with every marker watched: how long the renderer takes to show it all at once. */
export function burstOf(full: Schedule): Schedule {
  const chunk = merged(full.chunks, full.chunks.length);
  const markers = full.markers.map((m) => ({ ...m, chunkIndex: 0, dueMs: chunk.dueMs }));
  return { ...full, chunks: [chunk], markers, lastDueMs: chunk.dueMs };
}
