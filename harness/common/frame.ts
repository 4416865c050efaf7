// Frames and vsyncs: the display's nominal frame interval, and which vsyncs a run's rAF timestamps show as missed.
// Pure; shared by the metrics and by the page's fail-fast, which must count dropped frames exactly as they do.

/**
 * Headless Chromium's rAF runs at a steady 60 Hz here (see the notes on this Chromium). Runs that measure their
 * own interval (rAF timestamps, trace BeginFrames) prefer theirs.
 */
export const DEFAULT_FRAME_INTERVAL_MS = 1000 / 60;

/**
 * A frame whose rAF callback starts more than half a frame interval after its vsync was held up by the main
 * thread: it keeps its vsync's timestamp but is counted as having missed that vsync. (The threshold is a
 * choice: a few ms of scheduling noise on a loaded machine must not count as a missed frame; calibration
 * agreed best at half an interval, see the README.) Found by calibration: a 40 ms busy-wait left contiguous
 * timestamps (the late frame and a catch-up frame carry the missed vsyncs' timestamps), so counting timestamp
 * gaps alone saw ~0.2 missed vsyncs per write instead of ~2.4.
 */
export function lateFrameStartMs(frameIntervalMs: number): number {
  return frameIntervalMs / 2;
}

/** Whether a frame whose rAF timestamp is `timestampMs` started its callback on time (lateFrameStartMs). */
export function startedOnTime(timestampMs: number, startMs: number | undefined, frameIntervalMs: number): boolean {
  return (startMs ?? timestampMs) - timestampMs <= lateFrameStartMs(frameIntervalMs);
}

/** Timestamps of the frames that started on time (all of them for results recorded without start times). */
export function onTimeFrames(
  frames: { rafTimestampsMs: readonly number[]; rafStartMs?: readonly number[] },
  frameIntervalMs: number,
): number[] {
  const starts = frames.rafStartMs;
  if (!starts || starts.length !== frames.rafTimestampsMs.length) return [...frames.rafTimestampsMs];
  return frames.rafTimestampsMs.filter((t, i) => startedOnTime(t, starts[i], frameIntervalMs));
}

/**
 * Missed vsyncs between consecutive rAF timestamps inside the stream window. rAF timestamps are
 * vsync-quantised frame begin times, so a gap of g intervals means g - 1 frames were never produced, at
 * a + k * interval (k = 1..g-1). Only those in [start, end) count: idle time before and after the stream is
 * not the renderer's fault, and a gap straddling an edge counts its part inside (so never more than the
 * window's expected frames).
 */
export function countDroppedFrames(rafMs: readonly number[], start: number, end: number, interval: number): number {
  const eps = 1e-6;
  let dropped = 0;
  for (let i = 1; i < rafMs.length; i++) {
    const a = rafMs[i - 1] ?? 0;
    const b = rafMs[i] ?? 0;
    const missed = Math.round((b - a) / interval) - 1;
    if (missed <= 0 || b <= start || a >= end) continue;
    const first = Math.max(1, Math.ceil((start - a) / interval - eps));
    const last = Math.min(missed, Math.ceil((end - a) / interval - eps) - 1);
    dropped += Math.max(0, last - first + 1);
  }
  return dropped;
}
