// The page protocol: what Node asks the measured page to run (PageRunRequest) and the raw timeline the page
// records (RawRun), in stream time. Page timestamps are converted to stream time in the page.
import type { ContentFormat, ScheduledChunk, ScheduledMarker } from '../schedule/types.ts';
import type { RendererFamily } from '../renderer/contract.ts';
import type { InteractionRequest, RawInteraction } from './interaction-protocol.ts';

/** What the page is asked to run. */
export interface PageRunRequest {
  renderer: string;
  format: ContentFormat;
  chunks: Array<Pick<ScheduledChunk, 'text' | 'dueMs' | 'tokenCount'>>;
  markers: Array<Pick<ScheduledMarker, 'text' | 'dueMs' | 'tokenIndex' | 'chunkIndex'>>;
  /** How long after the last due time the page waits for the last marker before giving up. */
  settleTimeoutMs: number;
  /**
   * The stream as sequential calls (an agent loop). Chunks are listed call after call; each call's chunk
   * and marker due times are relative to that call's start. Call k+1 starts `toolStepMs` after the page
   * received call k's last chunk, so a busy main thread delays the loop as it would a real client.
   * Absent: one call holding every chunk.
   */
  calls?: Array<{ chunkCount: number }>;
  toolStepMs?: number;
  /** Earlier messages (markdown) rendered as static HTML above the streamed answer before the clock starts. */
  history?: string[];
  /**
   * Stop as soon as the run has provably failed a TTV budget: more than `maxLateMarkers` markers still
   * invisible `ttvBudgetMs` after their due time (so TTV p95 cannot meet the budget). Used by sweeps.
   * `droppedFrames`: also stop once more than `max` frames were dropped between stream times `fromMs` and `toMs`
   * (counted as the metrics count them: harness/common/frame.ts); see docs/sweep.md for what that proves.
   */
  failFast?: {
    ttvBudgetMs: number;
    maxLateMarkers: number;
    droppedFrames?: { fromMs: number; toMs: number; max: number };
  };
  /** Run without the probe (nothing observed; ends at the settle timeout): the baseline for the probe's own cost. */
  withoutProbe?: boolean;
  /**
   * Sweeps: stop waiting for text to show once the last chunk is due, every marker's text is in the DOM, and the
   * page has been still for STILL_MS (harness/page/stillness.ts): hidden text on a still page stays hidden.
   */
  endWhenStill?: boolean;
  /** Play the interaction script's parts (docs/interaction.md): Node drives real input, the page observes. */
  interaction?: InteractionRequest;
}

export interface LongFrameScript {
  invoker: string;
  invokerType: string;
  sourceURL: string;
  sourceFunctionName: string;
  durationMs: number;
  forcedStyleAndLayoutDurationMs: number;
}

export interface LongFrame {
  startMs: number;
  durationMs: number;
  blockingDurationMs: number;
  renderStartMs: number;
  styleAndLayoutStartMs: number;
  scripts: LongFrameScript[];
}

export interface MarkerObservation {
  text: string;
  tokenIndex: number;
  dueMs: number;
  /** When the page's JavaScript received the chunk holding the marker. */
  deliveredMs: number | null;
  /** When the probe first found the marker's text in the renderer's DOM. */
  commitMs: number | null;
  /**
   * End (post-frame time) of the first frame rendered after the commit in which the text was on screen:
   * rendered, inside the viewport and every clipping ancestor, effective opacity >= 0.5, visible colour.
   */
  visibleMs: number | null;
  /** Why the probe never saw it on screen (absent when visible, and in results from before it was recorded). */
  notVisible?: NotVisibleReason;
}

/**
 * never-in-dom: the text never reached a DOM the probe reaches; hidden: not rendered, zero size, opacity
 * < 0.5 or transparent; off-screen: outside the viewport or a clipping/scrolling ancestor's visible box;
 * removed: gone from the DOM before a frame showed it; no-frame: the probe stopped before a frame rendered it.
 */
export type NotVisibleReason = 'never-in-dom' | 'hidden' | 'off-screen' | 'removed' | 'no-frame';

/** Everything the page records for one run, in stream time. Raw: metrics are computed in Node. */
export interface RawRun {
  /**
   * sentMs: when the emitter worker posted the chunk (null: never; absent in results from before it was recorded).
   * sent - due is the emitter's own error, delivered - sent the main thread's delay in taking the message.
   */
  chunks: Array<{ dueMs: number; sentMs?: number | null; deliveredMs: number | null; tokenCount: number }>;
  markers: MarkerObservation[];
  frames: {
    /** rAF callback timestamp argument (frame begin time, vsync-quantised). */
    rafTimestampsMs: number[];
    /**
     * When each rAF callback started. A frame the main thread could not start at its vsync runs late with
     * that vsync's timestamp (and Chromium often runs a catch-up frame right after), so timestamp gaps alone
     * hide most missed vsyncs. Absent in results from before it was recorded.
     */
    rafStartMs?: number[];
    /** Post-frame timestamps: a message posted from rAF, handled after the frame's rendering. */
    postFrameMs: number[];
  };
  longFrames: LongFrame[];
  endCalledMs: number | null;
  /** Stream time when the probe stopped watching. */
  stoppedMs: number;
  /** Errors thrown by the renderer (sync or async) during the run. */
  errors: string[];
  /**
   * root.innerText at the end: what a user could actually see (CSS-hidden text excluded). With shadow roots
   * or iframes in the root: their composed text, keeping text whose element is rendered.
   */
  finalVisibleText: string;
  /** root.textContent at the end (composed with shadow roots and same-origin iframes, if any). */
  finalText: string;
  /** The page stopped waiting before every marker was visible. */
  timedOut: boolean;
  /** Whether the renderer's dispose() left its root empty. */
  rootEmptyAfterDispose: boolean;
  /** Agent loops: when each call started (stream time) and its chunk range. */
  calls?: Array<{ startMs: number; firstChunk: number; chunkCount: number }>;
  toolStepMs?: number;
  /** Set when the run stopped early because it had failed the fail-fast budget: why, for people... */
  stoppedEarly?: string;
  /** ...and on which criterion: too many late markers (TTV) or too many dropped frames. */
  stoppedOn?: 'ttv' | 'dropped';
  /** performance.now() of the stream origin (stream time 0), to align with a trace through CLOCK_MARK. */
  pageT0Ms?: number;
  /** Stream time when the first renderer was mounted (before the stream's origin: the page's lead time). */
  mountedMs?: number;
  /**
   * Set when no marker text ever appeared in any DOM the probe reaches (text drawn on a canvas, or in a
   * cross-origin frame): the run says nothing about the renderer's visibility, rather than "never visible".
   */
  unmeasurable?: boolean;
  /** Interaction runs only: what the page observed while the script typed, scrolled and selected. */
  interaction?: RawInteraction;
}

/** performance.mark() name the page sets at the start of each run; the trace carries it under blink.user_timing. */
export const CLOCK_MARK = 'streambench:clock';

export interface RendererInfo {
  name: string;
  description: string;
  output: 'text' | 'markdown';
  /** The contract's metadata, as the renderer declares it (instrument renderers may leave it out). */
  family?: RendererFamily;
  packages?: string[];
  source?: { name: string; url: string };
  /** The renderer's module failed to import: the error (its cells fail with it; description and output are blank). */
  broken?: string;
}
