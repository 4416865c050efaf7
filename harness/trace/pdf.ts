// Chromium's "percent dropped frames" (PDF) over sliding 1 s windows, recomputed from the trace. Pure.
//
// Followed: cc/metrics/dropped_frame_counter.cc in chromium/chromium (the version with
// DroppedFrameCounter::AddSortedFrame / PopSlidingWindow; the same algorithm as the older NotifyFrameResult):
// - Frames arrive in frame-sequence order (FrameSorter), each with its BeginFrameArgs.frame_time and interval.
//   Every frame that reaches the counter counts, including no-update frames, which simply are not dropped.
// - The window holds frames while  back.frame_time + interval - front.frame_time  <= 1 s. Nothing is reported
//   until the window first spans 1 s; then, for each frame popped off the front, one sample is recorded:
//       pdf = min(100, 100 * (dropped frames left in the window, minus the newest frame if the window still
//                              spans more than 1 s and that frame was dropped) / (1 s / interval))
//   with a weight of ceil(gap / interval) instead of 1 when the popped frame and the next remaining frame (capped
//   at newest.frame_time - 1 s) are more than 1.5 intervals apart, so idle gaps count as the windows they span.
// - The denominator is the number of vsyncs in 1 s (60 at 60 Hz), NOT the frames seen: a window with 3 drops is
//   5% whether or not the other 57 vsyncs produced frames. Chromium divides TimeDeltas (integer); the measured
//   interval here is a float, so it is rounded to the nearest whole count.
// - Worst = the largest sample (unrounded). Percentiles come from a histogram of samples rounded to whole
//   percents, walked down from 100% (SlidingWindowHistogram::GetPercentDroppedFramePercentile), so p95 and the
//   median are whole numbers, as in Chromium's UKM/UMA.
// Our one addition: a stream shorter than 1 s never fills a window, and Chromium would report nothing. Then one
// sample is recorded over all its frames (the 1 s window that contains the whole stream, with nothing dropped
// outside it), so short streams still get a figure.

export const PDF_WINDOW_MS = 1000;

export interface PdfFrame {
  /** The frame's BeginFrame time (PipelineReporter begin), ms. */
  frameTimeMs: number;
  droppedAffectingSmoothness: boolean;
}

export interface PdfWindows {
  worstPct: number;
  p95Pct: number;
  medianPct: number;
  /** Samples recorded (weighted count: an idle gap spanning k windows counts k). */
  windows: number;
}

/** SlidingWindowHistogram::GetPercentDroppedFramePercentile: walk the whole-percent bins down from 100%. */
function histogramPercentile(bins: readonly number[], total: number, percentile: number): number {
  if (total === 0) return 0;
  let index = 100;
  let skipped = bins[100] ?? 0;
  const toSkip = (1 - percentile) * total;
  while (skipped < toSkip && index > 0) {
    index--;
    skipped += bins[index] ?? 0;
  }
  return index;
}

/**
 * Chromium's sliding-window percent dropped frames over `frames` (sorted by frame sequence), with the display
 * interval `intervalMs`. See the file comment for the definition followed.
 */
export function slidingWindowPdf(
  frames: readonly PdfFrame[],
  intervalMs: number,
  windowMs = PDF_WINDOW_MS,
): PdfWindows {
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs))
    throw new RangeError(`slidingWindowPdf: bad interval ${intervalMs}`);
  const framesPerWindow = Math.max(1, Math.round(windowMs / intervalMs));
  const bins = new Array<number>(101).fill(0);
  let total = 0;
  let worst = 0;
  const record = (pct: number, count: number): void => {
    bins[Math.round(pct)] = (bins[Math.round(pct)] ?? 0) + count;
    total += count;
    if (pct > worst) worst = pct;
  };

  // The window as a slice [head, tail) of `frames` (frames are only ever appended and popped from the front).
  let head = 0;
  let tail = 0;
  let dropped = 0;
  const at = (i: number): PdfFrame => frames[i] as PdfFrame;
  const span = (): number => (tail > head ? at(tail - 1).frameTimeMs + intervalMs - at(head).frameTimeMs : 0);
  const pop = (): void => {
    const removed = at(head);
    if (removed.droppedAffectingSmoothness) dropped--;
    head++;
    if (head === tail) return;
    const newest = at(tail - 1);
    const invalidated = span() > windowMs && newest.droppedAffectingSmoothness ? 1 : 0;
    const lastStart = Math.min(at(head).frameTimeMs, newest.frameTimeMs - windowMs);
    const gap = lastStart - removed.frameTimeMs;
    const count = gap > intervalMs * 1.5 ? Math.ceil(gap / intervalMs) : 1;
    record(Math.min(100, ((dropped - invalidated) * 100) / framesPerWindow), count);
  };

  for (tail = 0; tail < frames.length;) {
    if (at(tail).droppedAffectingSmoothness) dropped++;
    tail++;
    if (span() < windowMs) continue;
    while (span() > windowMs) pop();
  }

  if (total === 0 && frames.length > 0) {
    const all = frames.reduce((n, f) => n + (f.droppedAffectingSmoothness ? 1 : 0), 0);
    record(Math.min(100, (all * 100) / framesPerWindow), 1);
  }
  return {
    worstPct: worst,
    p95Pct: histogramPercentile(bins, total, 0.95),
    medianPct: histogramPercentile(bins, total, 0.5),
    windows: total,
  };
}
