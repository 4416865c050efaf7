// The schedule's data shapes: content format, stream shape, rate, and the timed chunks and markers a
// schedule is made of. Times are milliseconds of stream time (relative to the schedule's origin t0).

export type ContentFormat = 'markdown' | 'plain';

/**
 * How tokens are grouped into network events: `token` (one event per token, or per `tokensPerChunk` tokens),
 * `delta` (multi-token deltas of ~85 characters), `bursty` (whatever was generated since the last ~80 ms
 * network burst, with occasional stalls), `mega` (~300 words at once). See harness/schedule.ts.
 */
export type StreamShape = 'token' | 'delta' | 'bursty' | 'mega';

/** A token rate, by preset name or as a plain number. */
export interface Rate {
  /** Preset name (e.g. `kimi-k2.6-cerebras`) or the number as typed (e.g. `120`). */
  name: string;
  tokPerS: number;
  /** Time to first token used with this rate. */
  ttftMs: number;
}

/** One network event: the text of one or more tokens arriving together. */
export interface ScheduledChunk {
  index: number;
  text: string;
  /** Index of this chunk's first token in the token list. */
  firstToken: number;
  tokenCount: number;
  /** When the schedule says this chunk arrives (its last token is generated), stream time. */
  dueMs: number;
}

/** A marker is a unique, visible token placed in the content so the probe can see progress in the DOM. */
export interface ScheduledMarker {
  /** The literal marker text, e.g. `⟦12⟧`; unique within the content. */
  text: string;
  /** Position among markers, 0-based. */
  index: number;
  tokenIndex: number;
  chunkIndex: number;
  dueMs: number;
}

export interface Schedule {
  scenario: string;
  format: ContentFormat;
  rate: Rate;
  seed: number;
  tokensPerChunk: number;
  jitter: number;
  /** How tokens were grouped into network events; absent means `token` (schedules built before shapes existed). */
  shape?: StreamShape;
  /** Full text as streamed (markers included). */
  text: string;
  tokenCount: number;
  chunks: ScheduledChunk[];
  markers: ScheduledMarker[];
  /** Due time of the last chunk (agent loops: when the last chunk is due if nothing delays the loop). */
  lastDueMs: number;
  /**
   * Agent loops: the chunks form sequential calls, and each chunk's and marker's dueMs is relative to its
   * call's start (see PageRunRequest.calls).
   */
  calls?: Array<{ chunkCount: number; idealStartMs: number }>;
  toolStepMs?: number;
}
