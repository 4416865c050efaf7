// The safety check's page protocol: what Node asks the page to stream (SafetyRequest) and what the page saw
// (SafetyObservation). Types only, so Node (harness/run/safety.ts) and the results can name them without loading
// page code. The scan itself is harness/page/safety-scan.ts.
import type { ContentFormat } from '../schedule/types.ts';

export interface SafetyRequest {
  renderer: string;
  format: ContentFormat;
  /** The scenario's chunks, each pushed on its own at its due time (stream time, ms). */
  chunks: Array<{ text: string; dueMs: number }>;
  /** The stream's last marker: once it is in the renderer's DOM, the renderer showed the whole answer. */
  lastMarker: string;
}

/** A dangerous element or attribute found in the renderer's DOM, and the payload it came from. */
export interface Survivor {
  /** The payload's id (scenarios/unsafe-payloads.ts), or `unknown` when the markup names none. */
  payload: string;
  /** What survived and where: e.g. `<img onerror>`, `<a href="javascript:…"> in the shadow root of <x-md>`. */
  where: string;
}

export interface SafetyObservation {
  /** Payload ids whose sentinel call ran, in the order they first ran. */
  executed: string[];
  /** Dangerous markup in the DOM once the stream settled (and, marked `while streaming`, only before then). */
  survived: Survivor[];
  /**
   * Renderer errors (mount, push, end, dispose), or the renderer never showing the whole answer: the check did not
   * see all of the renderer's output, so nothing is proven.
   */
  errors: string[];
}
