// Per-run metrics from what the page recorded (RawRun). Pure: no DOM, no I/O, so every definition
// here can be tested against hand-computed timelines. All times are stream time in milliseconds.
import { countDroppedFrames, DEFAULT_FRAME_INTERVAL_MS, onTimeFrames } from '../common/frame.ts';
import { computeAgentLoopMetrics } from './agent-loop.ts';
import { shownMarkers } from './shown.ts';
import { summarizeVisibility } from './visibility.ts';
import { linearSlope, percentiles } from '../stats/basic.ts';
import type { LongFrame, MarkerObservation, RawRun } from '../page/protocol.ts';
import type { RunMetrics } from './types.ts';

/** Lag must grow by more than 50 ms per second of stream for the UI to count as the bottleneck. */
export const UI_BOUND_MIN_SLOPE = 0.05;
/** ...and the last visible marker must be more than this late, so a tiny steady lag is not flagged. */
export const UI_BOUND_MIN_LAG_MS = 100;

const MAX_TOP_SCRIPTS = 5;

export interface ComputeRunMetricsOptions {
  /** Display refresh interval used to count missed frames. */
  frameIntervalMs?: number;
}

/** Marker time-to-visible: visible - due; a marker never seen is +Infinity ("never"). */
function markerTtv(m: MarkerObservation): number {
  return m.visibleMs === null ? Number.POSITIVE_INFINITY : m.visibleMs - m.dueMs;
}

type MarkerTime = 'dueMs' | 'deliveredMs' | 'commitMs' | 'visibleMs';

/** `to - from` over the markers that have both timestamps. */
function spans(markers: readonly MarkerObservation[], from: MarkerTime, to: MarkerTime): number[] {
  const out: number[] = [];
  for (const m of markers) {
    const a = m[from];
    const b = m[to];
    if (a !== null && b !== null) out.push(b - a);
  }
  return out;
}

/** Last path segment of a script URL without query or hash; '(inline)' when there is none. */
function scriptFile(sourceURL: string): string {
  const path = sourceURL.replace(/[?#].*$/s, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const segments = path.split('/').filter((s) => s.length > 0);
  return segments[segments.length - 1] ?? '(inline)';
}

/** Scripts inside the given long frames, grouped by "function @ file", ranked by summed duration. */
function topScripts(frames: readonly LongFrame[]): RunMetrics['longFrames']['topScripts'] {
  const byName = new Map<string, { name: string; durationMs: number; count: number }>();
  for (const frame of frames) {
    for (const s of frame.scripts) {
      const name = `${s.sourceFunctionName || s.invoker || 'anonymous'} @ ${scriptFile(s.sourceURL)}`;
      const entry = byName.get(name) ?? { name, durationMs: 0, count: 0 };
      entry.durationMs += s.durationMs;
      entry.count += 1;
      byName.set(name, entry);
    }
  }
  return (
    [...byName.values()]
      // Name as tie-break so the ranking is deterministic.
      .sort((a, b) => b.durationMs - a.durationMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, MAX_TOP_SCRIPTS)
  );
}

/** A function giving how many tokens are due at or before time t, from cumulative chunk token counts. */
function tokensDueBy(chunks: RawRun['chunks']): (t: number) => number {
  const sorted = [...chunks].sort((a, b) => a.dueMs - b.dueMs);
  const dues = sorted.map((c) => c.dueMs);
  const cumulative: number[] = [];
  let total = 0;
  for (const c of sorted) cumulative.push((total += c.tokenCount));
  return (t) => {
    // Binary search for the number of chunks with dueMs <= t.
    let lo = 0;
    let hi = dues.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((dues[mid] ?? 0) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (cumulative[lo - 1] ?? 0);
  };
}

/**
 * Stream window: from the first chunk's due time to the later of the last chunk's due time and the end of the
 * renderer's work on the answer's markers: when each was shown or, for one never shown, when its text entered the
 * DOM (text left hidden, clipped or off-screen: the renderer was done with it), or the probe's stop time if it
 * never did. (Ending at the stop time for any marker never shown stretched the window by the whole settle wait for
 * a renderer that clips one line of code, and diluted its dropped frames with idle ones.)
 */
export function streamWindow(raw: RawRun, markers = shownMarkers(raw)): { start: number; end: number } {
  const start = raw.chunks[0]?.dueMs ?? 0;
  const lastDue = raw.chunks[raw.chunks.length - 1]?.dueMs ?? start;
  const doneMs = markers.map((m) => m.visibleMs ?? m.commitMs ?? raw.stoppedMs);
  return { start, end: Math.max(lastDue, ...doneMs) };
}

type VisibleMarker = MarkerObservation & { visibleMs: number };

/** Backlog series, lag slope and whether the UI is the bottleneck, from the visible markers. */
function backlogOf(
  chunks: RawRun['chunks'],
  visibleMarkers: readonly VisibleMarker[],
): { backlog: RunMetrics['backlog']; uiBound: boolean } {
  // Backlog: when each marker became visible, how many tokens were due but not yet shown
  // (tokens due by then - tokens up to and including the marker), floored at 0.
  const dueBy = tokensDueBy(chunks);
  const inTokenOrder = [...visibleMarkers].sort((a, b) => a.tokenIndex - b.tokenIndex);
  const series = inTokenOrder.map((m) => ({
    tMs: m.visibleMs,
    tokens: Math.max(0, dueBy(m.visibleMs) - (m.tokenIndex + 1)),
  }));
  // Lag slope: least-squares slope of TTV against due time over visible markers. A renderer that keeps
  // up has a flat TTV (slope ~0); one that falls behind gains lag steadily (slope > 0). Fewer than 3
  // points cannot show a trend, so the slope is 0 there.
  const lagSlope =
    inTokenOrder.length < 3
      ? 0
      : linearSlope(
          inTokenOrder.map((m) => m.dueMs),
          inTokenOrder.map((m) => m.visibleMs - m.dueMs),
        );

  // UI-bound: the lag keeps growing (the UI shows text slower than it arrives) and has become large.
  const lastVisible = inTokenOrder[inTokenOrder.length - 1];
  const lastVisibleTtv = lastVisible ? lastVisible.visibleMs - lastVisible.dueMs : 0;
  const uiBound = lagSlope > UI_BOUND_MIN_SLOPE && lastVisibleTtv > UI_BOUND_MIN_LAG_MS;
  return { backlog: { series, lagSlope }, uiBound };
}

/**
 * Delivery accuracy of the emitter: delivered - due over delivered chunks. Achieved rate: tokens that
 * arrived after the first delivered chunk, over the time from first to last delivery (the first
 * chunk's tokens are excluded because they arrive at the start of the interval, not within it).
 */
function deliveryOf(chunks: RawRun['chunks']): RunMetrics['delivery'] {
  const delivered = chunks.filter(
    (c): c is RawRun['chunks'][number] & { deliveredMs: number } => c.deliveredMs !== null,
  );
  const firstDelivered = delivered[0];
  const lastDelivered = delivered[delivered.length - 1];
  let achievedRateTokPerS = 0;
  if (firstDelivered && lastDelivered && lastDelivered.deliveredMs > firstDelivered.deliveredMs) {
    const tokens = delivered.reduce((s, c) => s + c.tokenCount, 0) - firstDelivered.tokenCount;
    achievedRateTokPerS = (tokens / (lastDelivered.deliveredMs - firstDelivered.deliveredMs)) * 1000;
  }
  const errorMs = percentiles(delivered.map((c) => c.deliveredMs - c.dueMs));
  return { achievedRateTokPerS, errorMs, ...emitterTimingOf(chunks) };
}

/**
 * The emitter's error split in two: sent - due (the worker's own timing) and delivered - sent (the main thread's
 * delay in taking the message). Absent for results recorded before send times were.
 */
export function emitterTimingOf(
  chunks: RawRun['chunks'],
): Pick<RunMetrics['delivery'], 'sendErrorMs' | 'receiptDelayMs'> {
  if (!chunks.some((c) => c.sentMs !== undefined)) return {};
  const { sendError, receiptDelay } = emitterSamples(chunks);
  return { sendErrorMs: percentiles(sendError), receiptDelayMs: percentiles(receiptDelay) };
}

/** Per chunk sent: sent - due; per chunk sent and delivered: delivered - sent. */
export function emitterSamples(chunks: RawRun['chunks']): { sendError: number[]; receiptDelay: number[] } {
  const sendError: number[] = [];
  const receiptDelay: number[] = [];
  for (const c of chunks) {
    if (c.sentMs === undefined || c.sentMs === null) continue;
    sendError.push(c.sentMs - c.dueMs);
    if (c.deliveredMs !== null) receiptDelay.push(c.deliveredMs - c.sentMs);
  }
  return { sendError, receiptDelay };
}

/** Long animation frames overlapping the window: count, summed blocking time, and the scripts to blame. */
function longFramesIn(frames: readonly LongFrame[], start: number, end: number): RunMetrics['longFrames'] {
  const windowFrames = frames.filter((f) => f.startMs < end && f.startMs + f.durationMs > start);
  return {
    count: windowFrames.length,
    blockingDurationMs: windowFrames.reduce((s, f) => s + f.blockingDurationMs, 0),
    topScripts: topScripts(windowFrames),
  };
}

/** TTV percentiles, where the TTV went, first-token TTV and completion lag. */
function ttvFigures(
  markers: readonly MarkerObservation[],
  lastChunk: RawRun['chunks'][number] | undefined,
): Pick<RunMetrics, 'ttvMs' | 'breakdownMs' | 'firstTokenTtvMs' | 'completionLagMs'> {
  // TTV per marker = visibleMs - dueMs, +Infinity if never visible; percentiles over all markers, so a
  // single missing marker makes the max (and, with enough of them, p99/p95...) null = "never".
  const ttvMs = percentiles(markers.map(markerTtv));

  // Where the TTV went, per marker with both ends recorded: delivery (due -> page JS got the chunk),
  // buffering (delivered -> text in the DOM), render (in the DOM -> end of the frame that showed it).
  const breakdownMs = {
    delivery: percentiles(spans(markers, 'dueMs', 'deliveredMs')),
    buffering: percentiles(spans(markers, 'deliveredMs', 'commitMs')),
    render: percentiles(spans(markers, 'commitMs', 'visibleMs')),
  };

  // First-token TTV: the TTV of marker 0. The schedule puts marker 0 before the first word of the
  // content, so it is the first text a reader could see; null if it never became visible.
  const firstMarker = markers[0];
  const firstTokenTtvMs =
    firstMarker && firstMarker.visibleMs !== null ? firstMarker.visibleMs - firstMarker.dueMs : null;

  // Completion lag: last marker visible - last chunk due. The schedule puts a marker on the final
  // token, so this is how long after the stream ended the whole answer was on screen.
  const lastMarker = markers[markers.length - 1];
  const completionLagMs =
    lastMarker && lastMarker.visibleMs !== null && lastChunk ? lastMarker.visibleMs - lastChunk.dueMs : null;
  return { ttvMs, breakdownMs, firstTokenTtvMs, completionLagMs };
}

/** Computes every per-run metric from one raw run. Definitions are in the comments below. */
export function computeRunMetrics(raw: RawRun, opts: ComputeRunMetricsOptions = {}): RunMetrics {
  const frameIntervalMs = opts.frameIntervalMs ?? DEFAULT_FRAME_INTERVAL_MS;
  if (!(frameIntervalMs > 0) || !Number.isFinite(frameIntervalMs)) {
    throw new RangeError(`computeRunMetrics: frameIntervalMs must be a positive number, got ${frameIntervalMs}`);
  }
  const { chunks } = raw;
  const markers = shownMarkers(raw);
  const ttv = ttvFigures(markers, chunks[chunks.length - 1]);
  const visibleMarkers = markers.filter((m): m is VisibleMarker => m.visibleMs !== null);
  // Complete = every marker was seen and is still in the user-visible text at the end (shownMarkers).
  const textComplete = markers.every((m) => m.visibleMs !== null);

  const { start, end } = streamWindow(raw, markers);
  // Dropped frames: missed vsyncs inside the window, as a share of the frames a 60 Hz display would
  // have produced in the window. Only frames that started on time stand for their vsync (see onTimeFrames).
  const droppedFrames = countDroppedFrames(onTimeFrames(raw.frames, frameIntervalMs), start, end, frameIntervalMs);
  const expectedFrames = Math.max(1, Math.round((end - start) / frameIntervalMs));

  const agentLoop = computeAgentLoopMetrics(raw);
  return {
    markersTotal: markers.length,
    markersVisible: visibleMarkers.length,
    textComplete,
    ...ttv,
    frameIntervalMs,
    expectedFrames,
    droppedFrames,
    droppedFramePct: (100 * droppedFrames) / expectedFrames,
    longFrames: longFramesIn(raw.longFrames, start, end),
    ...backlogOf(chunks, visibleMarkers),
    delivery: deliveryOf(chunks),
    visibility: summarizeVisibility(raw),
    ...(agentLoop ? { agentLoop } : {}),
  };
}
