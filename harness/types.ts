// Shared data shapes: what the schedule feeds the page, what the page records, what results.json holds.
// Times are milliseconds. "Stream time" is relative to the schedule's origin t0 (the moment the
// request is considered sent); page timestamps are converted to stream time in the page.

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
   */
  failFast?: { ttvBudgetMs: number; maxLateMarkers: number };
  /** Run without the probe (nothing observed; ends at the settle timeout): the baseline for the probe's own cost. */
  withoutProbe?: boolean;
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
  /** End of the first frame rendered after the commit (post-frame timestamp). */
  visibleMs: number | null;
}

/** Everything the page records for one run, in stream time. Raw: metrics are computed in Node. */
export interface RawRun {
  chunks: Array<{ dueMs: number; deliveredMs: number | null; tokenCount: number }>;
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
  /** root.innerText at the end: what a user could actually see (CSS-hidden text excluded). */
  finalVisibleText: string;
  /** root.textContent at the end. */
  finalText: string;
  /** The page stopped waiting before every marker was visible. */
  timedOut: boolean;
  /** Whether the renderer's dispose() left its root empty. */
  rootEmptyAfterDispose: boolean;
  /** Agent loops: when each call started (stream time) and its chunk range. */
  calls?: Array<{ startMs: number; firstChunk: number; chunkCount: number }>;
  toolStepMs?: number;
  /** Set when the run stopped early because it had provably failed the fail-fast budget. */
  stoppedEarly?: string;
  /** performance.now() of the stream origin (stream time 0), to align with a trace through CLOCK_MARK. */
  pageT0Ms?: number;
}

/** performance.mark() name the page sets at the start of each run; the trace carries it under blink.user_timing. */
export const CLOCK_MARK = 'streambench:clock';

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
    errorMs: Percentiles;
  };
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

/** A statistic across runs: median with a 95% confidence interval. */
export interface Stat {
  median: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Runs the statistic was computed from. */
  n: number;
  /** Achieved coverage of the interval (distribution-free intervals can only hit some levels exactly). */
  level: number;
}

export interface CellSummary {
  ttvP50Ms: Stat;
  ttvP95Ms: Stat;
  ttvP99Ms: Stat;
  ttvMaxMs: Stat;
  firstTokenTtvMs: Stat;
  completionLagMs: Stat;
  deliveryP95Ms: Stat;
  bufferingP95Ms: Stat;
  renderP95Ms: Stat;
  droppedFrames: Stat;
  droppedFramePct: Stat;
  longFrames: Stat;
  longFrameBlockingMs: Stat;
  deliveryErrorP95Ms: Stat;
  achievedRateTokPerS: Stat;
  /** Majority verdict over runs. */
  uiBound: boolean;
  uiBoundRuns: number;
  /** Runs in which some text never became visible. */
  incompleteRuns: number;
  /** Runs excluded from these statistics as invalid (see RunResult.invalid). */
  invalidRuns: number;
  /** Trace mode: Chromium's own figures over the valid traced runs. */
  trace?: TraceCellSummary;
  /** Agent-loop cells only. */
  loopWallMs?: Stat;
  idealWallMs?: Stat;
  uiAddedMs?: Stat;
  uiSharePct?: Stat;
}

export interface RunResult {
  index: number;
  /** Seconds since the suite started, when this run began. */
  startedAtS: number;
  wallMs: number;
  status: 'ok' | 'failed';
  error?: string;
  metrics: RunMetrics | null;
  raw: RawRun | null;
  /** Trace mode: the run's trace file and what it says. */
  trace?: RunTrace;
  /** Why the run is excluded from statistics (e.g. its trace lost events); absent for valid runs. */
  invalid?: string;
}

export interface CellResult {
  id: string;
  renderer: string;
  scenario: string;
  rate: Rate;
  /** The CPU profile this cell ran under (Chromium CPU slowdown factor). */
  cpuThrottle: number;
  status: 'ok' | 'failed' | 'pending';
  error?: string;
  warmupRuns: number;
  runs: RunResult[];
  summary: CellSummary | null;
}

export interface Environment {
  chromiumVersion: string;
  chromiumPath: string;
  chromiumFlags: string[];
  headless: boolean;
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  /** CPU profiles measured (Chromium CPU slowdown factors). */
  cpuThrottles: number[];
  /** Frame interval measured from the traces (median over traced runs), when trace mode ran. */
  traceFrameIntervalMs?: number;
  cores: number;
  cpuModel: string;
  totalMemGiB: number;
  platform: string;
  nodeVersion: string;
  playwrightVersion: string;
  gitCommit: string | null;
  gitDirty: boolean;
  date: string;
}

export interface SuiteConfig {
  renderers: string[];
  scenarios: string[];
  rates: Rate[];
  runs: number;
  warmupRuns: number;
  seed: number;
  /** CPU profiles: the matrix runs once per Chromium CPU slowdown factor (1 = none). */
  cpuThrottles: number[];
  /** Short throttled runs before measuring, discarded: throttling gives nonsense ratios until Chromium is warm. */
  throttleWarmupRuns: number;
  quick: boolean;
  tokensPerChunk: number;
  jitter: number;
  /** A run may take this long beyond its stream's last due time before it is failed as hung. */
  cellTimeoutMs: number;
  /** Truncate contents to this many tokens (quick mode), or null for full contents. */
  maxTokens: number | null;
  /** Saturation sweep settings, or absent for no sweep. */
  sweep?: SweepConfig;
  /** Trace mode: record and parse a Chromium trace of every measured run. */
  trace?: { mainThread: boolean };
  /** `--auto`: add rounds until every pairwise comparison of the headline metric resolves, or maxTimeS passes. */
  auto?: { maxTimeS: number; maxTimeDefaulted: boolean };
}

/** `--sweep`: search for each renderer x scenario's saturation rate. */
export interface SweepConfig {
  ttvBudgetMs: number;
  maxDroppedPct: number;
  minRate: number;
  maxRate: number;
  /** Stop bisecting when the bracket's hi / lo is at most this. */
  resolution: number;
  runsPerPoint: number;
}

export interface SweepEntry {
  renderer: string;
  scenario: string;
  cpuThrottle: number;
  status: 'found' | 'below-range' | 'above-range' | 'failed' | 'pending';
  error?: string;
  /** Highest probed rate that kept up (null: none did). */
  saturationRate: number | null;
  /** The answer lies in [lo, hi); a null bound is open. */
  bracket: { lo: number | null; hi: number | null };
  points: Array<{
    rateTokPerS: number;
    passRuns: number;
    pass: boolean;
    /** Median TTV p95 over the point's runs (null: never visible, or stopped early past the budget). */
    ttvP95Ms: number | null;
    runs: Array<{ ttvP95Ms: number | null; droppedFramePct: number | null; uiBound: boolean; note?: string }>;
  }>;
}

export interface SweepResults {
  config: SweepConfig;
  entries: SweepEntry[];
}

export interface RendererInfo {
  name: string;
  description: string;
  output: 'text' | 'markdown';
}

export interface Results {
  schemaVersion: 1;
  tool: 'streambench';
  status: 'complete' | 'partial' | 'interrupted';
  startedAt: string;
  finishedAt: string | null;
  wallS: number;
  environment: Environment;
  config: SuiteConfig;
  renderers: RendererInfo[];
  scenarios: Array<{ name: string; description: string; format: ContentFormat; tokens: number; markers: number }>;
  cells: CellResult[];
  sweep?: SweepResults;
  /** Pairwise renderer comparisons of the headline metric (TTV p95) within each scenario x rate x CPU profile. */
  comparisons?: CellComparison[];
  /** `--auto`: how the adaptive sampling ended. */
  auto?: AutoOutcome;
  /** Trace mode: what the instrument itself costs. */
  overhead?: Overhead;
  /** Dropped frames and long gaps with nothing streaming. */
  noiseFloor?: NoiseFloor;
  /** Per-chunk JS cost (markdown re-parse, last-block parse, append) vs text length, timed in Node after the suite. */
  costModel?: import('./cost-model.ts').CostModel;
}

export interface TraceCellSummary {
  runs: number;
  droppedFrames: Stat;
  droppedFramePct: Stat;
  pdfWorstPct: Stat;
  pdfP95Pct: Stat;
  pdfMedianPct: Stat;
  ttvP50Ms: Stat;
  ttvP95Ms: Stat;
  /** Present when the main-thread breakdown was recorded. */
  mainThreadMs?: { script: Stat; styleLayout: Stat; paint: Stat; other: Stat };
  /** Per valid traced run: rAF-derived minus trace-derived dropped frames (the two instruments' agreement). */
  droppedFramesDiff: Stat;
}

export interface CellComparison {
  scenario: string;
  rate: string;
  cpuThrottle: number;
  metric: string;
  a: string;
  b: string;
  nA: number;
  nB: number;
  /** b - a (positive: a is lower, i.e. faster). */
  diff: { estimate: number | null; ciLow: number | null; ciHigh: number | null };
  /** b / a - 1. */
  relative: { estimate: number | null; ciLow: number | null; ciHigh: number | null };
  level: number;
  /** "a is <verdict> than b". */
  verdict: 'faster' | 'slower' | 'undecided';
  sentence: string;
}

export interface AutoOutcome {
  maxTimeS: number;
  maxTimeDefaulted: boolean;
  /** Rounds added beyond the configured runs. */
  extraRounds: number;
  stoppedBecause: 'resolved' | 'time-limit' | 'interrupted';
  resolved: number;
  unresolved: number;
}

/** Median with CI of a figure measured with and without something, to show that thing's cost. */
export interface OverheadPair {
  with: Stat;
  without: Stat;
}

export interface Overhead {
  /** No-op renderer with the probe vs without: main-thread time per frame and dropped frames (from the trace). */
  probe: { runs: number; mainThreadMsPerFrame: OverheadPair; droppedFrames: OverheadPair } | null;
  /** One cell with and without tracing: rAF-derived TTV p95 and dropped frames. */
  tracing: { cell: string; runs: number; ttvP95Ms: OverheadPair; droppedFrames: OverheadPair } | null;
}

export interface NoiseFloor {
  runs: number;
  durationMs: number;
  /** Missed vsyncs per run with nothing streaming. */
  droppedFrames: Stat;
  /** rAF gaps longer than 25 ms per run. */
  longGaps: Stat;
}

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

/** What one run's trace says. Times in ms; TTV is measured to the presentation of the first frame showing each marker. */
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

/** Per run in trace mode. */
export interface RunTrace {
  /** Trace file (gzipped Chrome JSON trace) relative to results.json, or null when it could not be saved. */
  file: string | null;
  bytes: number;
  analysis: TraceAnalysis;
}
