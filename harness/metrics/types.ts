// Per-run metrics computed in Node from a RawRun (harness/metrics/run-metrics.ts). Times are milliseconds.
import type { VisibilitySummary } from './visibility.ts';

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface RunMetrics {
  markersTotal: number;
  markersVisible: number;
  /** True when every marker became visible and the final text matches. */
  textComplete: boolean;
  /** Time-to-visible (visible - due) over markers; a marker never seen counts as +infinity, shown as null. */
  ttvMs: Percentiles;
  breakdownMs: {
    /** delivered - due */
    delivery: Percentiles;
    /** commit - delivered */
    buffering: Percentiles;
    /** visible - commit */
    render: Percentiles;
  };
  firstTokenTtvMs: number | null;
  /** last marker visible - last chunk due */
  completionLagMs: number | null;
  frameIntervalMs: number;
  expectedFrames: number;
  droppedFrames: number;
  droppedFramePct: number;
  longFrames: {
    count: number;
    blockingDurationMs: number;
    /** Scripts ranked by summed duration inside long frames. */
    topScripts: Array<{ name: string; durationMs: number; count: number }>;
  };
  backlog: {
    /** Tokens arrived but not yet visible, sampled when each marker became visible. */
    series: Array<{ tMs: number; tokens: number }>;
    /** Least-squares slope of TTV against due time (ms of lag gained per ms of stream). */
    lagSlope: number;
  };
  uiBound: boolean;
  delivery: {
    achievedRateTokPerS: number;
    /** delivered - due over delivered chunks: the emitter's error and the main thread's delay together. */
    errorMs: Percentiles;
    /** sent - due over sent chunks: the emitter worker's own timing error (absent: send times not recorded). */
    sendErrorMs?: Percentiles;
    /** delivered - sent: how long the posted chunk waited for the main thread (absent: not recorded). */
    receiptDelayMs?: Percentiles;
  };
  /** Markers never seen on screen, by reason, and whether the run could be measured at all. */
  visibility?: VisibilitySummary;
  /** Agent-loop runs only. */
  agentLoop?: AgentLoopMetrics;
}

/** Where an agent loop's wall time went. */
export interface AgentLoopMetrics {
  calls: number;
  /** Stream start to the last marker visible (null if it never showed). */
  loopWallMs: number | null;
  /** TTFT + generation time of every call, at the scheduled rate. */
  modelMs: number;
  /** Tool steps between calls, as scheduled. */
  toolMs: number;
  /** modelMs + toolMs: the wall time with an infinitely fast UI. */
  idealWallMs: number;
  /** loopWallMs - idealWallMs: time the user waited on the UI rather than the model or tools. */
  uiAddedMs: number | null;
  /** uiAddedMs as a share of loopWallMs, in %. */
  uiSharePct: number | null;
  /** How much later the last call started than it would have with a free main thread (the loop itself slowed). */
  loopDelayMs: number;
}
