// The interaction metrics' shapes (docs/interaction.md): what harness/metrics/interaction.ts computes per run and
// per cell, and results.json holds. Types only, no imports: results/types.ts imports them without pulling in code.

export interface TypingMetrics {
  keystrokes: number;
  /** Per keystroke, ms (rounded): its Event Timing duration (keydown to the next paint, INP-style), or under 16. */
  latenciesMs: number[];
  latencyMs: { p50: number | null; p95: number | null; p98: number | null; max: number | null };
  /** Share of keystrokes slower than SLOW_KEY_MS, %. */
  over100Pct: number;
  /** Keydown to the end of the next frame the page rendered after its handler, p95 (our own frame clock). */
  keyToNextPaintP95Ms: number | null;
  /** Of the keydown entries reported: input delay, processing and presentation, p95 each. */
  breakdownP95Ms: { inputDelay: number | null; processing: number | null; presentation: number | null };
}

export interface ReadingMetrics {
  /** The view stayed within READER_TOLERANCE_PX of where the wheel put it until the user scrolled back (null:
   * the run could not tell: no wheel, no text under it, or no frame after it settled). */
  respected: boolean | null;
  /** The furthest the view was moved from where the user put it, px. */
  movedPx: number | null;
  /** After the wheel back to the bottom, the newest text was in view in >= FOLLOWING_MIN_PCT of frames. */
  resumed: boolean | null;
  resumedFollowingPct: number | null;
}

export interface FollowingMetrics {
  /** Frames sampled while the user had not scrolled (from the first text to the end of the stream). */
  frames: number;
  /** Share of them in which the newest text was inside the viewport, %. */
  pct: number | null;
}

export interface SelectionMetrics {
  /** The mouse selected answer text (false: every click landed on a blank line, so nothing can be said). */
  made: boolean;
  /** It still held its text at the end of the stream (null: no selection was made). */
  survived: boolean | null;
  /** The answer's DOM update after which it was lost (1 = the first after it). */
  lostAtUpdate: number | null;
  lostAfterMs: number | null;
  /** DOM updates of the answer after the selection. */
  updates: number;
}

export interface LayoutShiftMetrics {
  /** Largest session-window sum of layout shifts outside the answer's growing edge (CLS-style). */
  cls: number;
  shifts: number;
  /** Shifts of the growing edge alone, left out of cls. */
  edgeShifts: number;
}

export interface InteractionMetrics {
  typing?: TypingMetrics;
  reading?: ReadingMetrics;
  following: FollowingMetrics;
  selection?: SelectionMetrics;
  layoutShift: LayoutShiftMetrics;
  /** The driver stopped early (its error), so some parts may be missing. */
  driverError?: string;
}

/** A cell's interaction runs pooled: what the report's "how it feels" row shows. */
export interface InteractionSummary {
  runs: number;
  keystrokes: number;
  typingP50Ms: number | null;
  typingP95Ms: number | null;
  /** Distribution-free 95% interval of the typing p95 (order statistics; null: a side too few keys can bound). */
  typingP95CI?: { lowMs: number | null; highMs: number | null; level: number };
  typingP98Ms: number | null;
  typingMaxMs: number | null;
  typingOver100Pct: number | null;
  /** Every run that read back kept the view where the user put it (null: none could tell). */
  readerRespected: boolean | null;
  movedPx: number | null;
  followResumed: boolean | null;
  /** Following share over the frames of every run, %. */
  followingPct: number | null;
  /** Every run's selection survived to the end of the stream (null: no run selected). */
  selectionSurvived: boolean | null;
  /** The earliest update that killed a selection (1 = the first after it). */
  selectionLostAtUpdate: number | null;
  /** The worst run's CLS. */
  cls: number | null;
}
