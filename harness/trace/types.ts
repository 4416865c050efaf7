// What the trace parser derives from one run's Chromium trace (harness/trace/analyze.ts).
import type { Percentiles } from '../metrics/types.ts';

// ---- Trace mode (--trace): Chromium's own frame accounting, parsed from a CDP trace of each run. ----
/** Frame states from PipelineReporter (unique frame_sequence, FORKED duplicates skipped) over the stream window. */
export interface TraceFrameCounts {
  presentedAll: number;
  presentedPartial: number;
  /** STATE_DROPPED, whatever its effect. */
  dropped: number;
  /**
   * Frames whose report has affects_smoothness (in practice STATE_DROPPED; Chromium also flags a PARTIAL frame
   * that dropped its main-thread update): what Chromium's dropped-frame counter counts.
   */
  droppedAffectingSmoothness: number;
  noUpdateDesired: number;
  total: number;
  /** Dropped frames by drop reason (e.g. `REASON_DISPLAY_COMPOSITOR`, `REASON_MAIN_THREAD`...). */
  dropReasons: Record<string, number>;
}

/**
 * What one run's trace says. Times in ms; TTV is measured to the presentation of the first frame showing each marker.
 */
export interface TraceMetrics {
  /** Frame interval measured from the trace (median BeginFrame spacing). */
  frameIntervalMs: number;
  frames: TraceFrameCounts;
  /** Dropped frames affecting smoothness as a share of all frames in the window, in %. */
  droppedFramePct: number;
  /**
   * Chromium's percent-dropped-frames over sliding 1 s windows within the stream window (harness/trace/pdf.ts):
   * p95 and median are whole percents (Chromium's histogram); a stream shorter than 1 s gets one window.
   */
  pdfWindows: { worstPct: number; p95Pct: number; medianPct: number; windows: number };
  /** Main-thread time by kind over the stream window (null: `devtools.timeline` was not recorded). */
  mainThreadMs: { script: number; styleLayout: number; paint: number; other: number } | null;
  /** Presentation-accurate time to visible over markers (never presented counts as never). */
  ttvMs: Percentiles;
  /** Per marker: stream time of the presentation of the first frame that showed it (null: never). */
  markerPresentedMs: Array<number | null>;
  /** trace time (ms) - page performance.now() (ms), from the clock mark. */
  clockOffsetMs: number;
}

export type TraceAnalysis = { valid: true; metrics: TraceMetrics } | { valid: false; reason: string };
