// The interaction script's part of the page protocol (docs/interaction.md): which parts of the script a run plays
// (InteractionRequest, in PageRunRequest.interaction) and what the page recorded while a person typed, scrolled
// and selected (RawInteraction, in RawRun.interaction). The input itself is real, from Node (harness/run/
// interaction.ts); the page only observes. Stream time, milliseconds; metrics are computed in Node
// (harness/metrics/interaction.ts).

/** The parts of the interaction script one run plays. Typing keeps the focus in the composer, so it cannot share
 * a run with a mouse selection (which moves the focus to the page): the suite plays them in two runs. */
export interface InteractionRequest {
  /** Keystrokes into the composer <textarea> at 8 keys/s over the whole stream. */
  typing: boolean;
  /** Select a phrase with the mouse early in the stream, then watch whether the selection holds. */
  selecting: boolean;
  /** Halfway, wheel up one viewport; later, wheel back to the bottom. */
  readingBack: boolean;
  /** Seed of the script's jitter (keystroke gaps). */
  seed: number;
}

/** One Event Timing entry (type 'event', durationThreshold 16) for a key event. */
export interface KeyEventTiming {
  name: string;
  startMs: number;
  durationMs: number;
  processingStartMs: number;
  processingEndMs: number;
  interactionId: number;
}

/** One keydown the composer received: its event time and when its handler ran. */
export interface Keystroke {
  startMs: number;
  handledMs: number;
}

/** One layout-shift entry; `atEdge`: every moved node was the answer's growing edge (excluded from CLS). */
export interface LayoutShiftRecord {
  startMs: number;
  value: number;
  hadRecentInput: boolean;
  atEdge: boolean;
}

/** Whether the newest text was inside the viewport, sampled after each rendered frame that had text. */
export interface FollowSample {
  tMs: number;
  inView: boolean;
}

/** The reader's view: how far (px, + = down) the text the user scrolled to sits from where the wheel put it. */
export interface ReadingRecord {
  /** When the user's wheel-up event was handled (null: it never came). */
  wheelUpMs: number | null;
  /** When the user's wheel back down to the bottom was handled (null: never). */
  returnMs: number | null;
  /** How far the wheel moves the anchor: its delta, or less when the content's top is reached (absent: no anchor). */
  wheelPx?: number;
  /** Per frame between the two: the offset, or null when the anchor text was gone from the page. */
  offsets: Array<{ tMs: number; offsetPx: number | null }>;
}

export interface SelectionRecord {
  /** The user pressed the mouse to select (the click may land on a blank line and select nothing). */
  attempted: boolean;
  /** When the user's mouse selection ended holding text (null: nothing was selected when the mouse was released). */
  selectedMs: number | null;
  selectedText: string;
  /** Updates of the answer's DOM (mutation batches) after the selection, up to the end of the stream. */
  updates: number;
  /** The update (1 = the first after the selection) after which the selection no longer held its text. */
  lostAtUpdate: number | null;
  lostMs: number | null;
}

export interface RawInteraction {
  request: InteractionRequest;
  keystrokes: Keystroke[];
  keyEvents: KeyEventTiming[];
  layoutShifts: LayoutShiftRecord[];
  following: FollowSample[];
  reading?: ReadingRecord;
  selection?: SelectionRecord;
  /** Set by Node: what the driver did, or why it stopped. */
  driver?: { actions: string[]; error?: string };
}

/** document.documentElement.dataset key set once a mouse selection holds answer text (the driver retries until). */
export const SELECTION_MADE_KEY = 'interactionSelectionMade';

/** document.documentElement.dataset key holding the stream origin (epoch ms) for the Node driver. */
export const STREAM_ORIGIN_KEY = 'streamOriginEpochMs';

/** App mode: the attribute marking the app's scroller for the Node driver (where the wheel goes). */
export const INTERACTION_SCROLLER_ATTRIBUTE = 'data-streambench-interaction-scroller';

/** window key of the page's side for the driver: where a phrase of the answer is (the page walks shadow roots). */
export const INTERACTION_API_KEY = '__streambenchInteraction';

export interface InteractionPageApi {
  /** The first line of answer text in the scroller's view (not `question`, an app's message): where to click. */
  phrase(question: string): { x0: number; x1: number; y: number } | null;
}
