// What results.json holds: the suite's config and environment, each cell's runs and summary, comparisons,
// the sweep, the instrument's overhead. Its JSON form is results.schema.json beside this file.
import type { RunMetrics } from '../metrics/types.ts';
import type { InteractionMetrics, InteractionSummary } from '../metrics/interaction-types.ts';
import type { NotVisibleCounts } from '../metrics/visibility.ts';
import type { RawRun, RendererInfo } from '../page/protocol.ts';
import type { PackageVersion } from '../renderer/versions.ts';
import type { Survivor } from '../page/safety-protocol.ts';
import type { Payload } from '../../scenarios/unsafe-payloads.ts';
import type { ContentFormat, Rate } from '../schedule/types.ts';
import type { TraceAnalysis } from '../trace/types.ts';

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
  /** The emitter worker's own error (sent - due, p99 per run); absent in results from before send times. */
  sendErrorP99Ms?: Stat;
  /** How long posted chunks waited for the main thread (delivered - sent, p99 per run); absent as above. */
  receiptDelayP99Ms?: Stat;
  /** Markers never seen on screen, by reason, summed over runs (absent in results from before reasons). */
  notVisible?: NotVisibleCounts;
  /** Runs with no marker text in any DOM the probe reaches (canvas, cross-origin frame): TTV says nothing. */
  unmeasurableRuns?: number;
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
  /** `--interact`: the interaction script's runs of this cell, apart from the measured runs (docs/interaction.md). */
  interaction?: CellInteraction;
}

/** A cell's interaction runs (one per pass: typing, reading) and their pooled figures. */
export interface CellInteraction {
  runs: Array<{ pass: string; metrics: InteractionMetrics | null; error?: string }>;
  summary: InteractionSummary;
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
  /** `--safety` (or `unsafe-markdown` among the scenarios): run the safety check (harness/run/safety.ts). */
  safety?: boolean;
  /** `--shard K/N`: this suite ran only slice K of N (harness/run/shard.ts); absent for a whole suite. */
  shard?: { index: number; count: number };
  /** `--interact`: each cell also runs the interaction script (typing, reading back, selecting). */
  interact?: boolean;
  /** `--app FILE`: the app measured as the renderer `app:<name>` (docs/app-mode.md); absent otherwise. */
  app?: { name: string; file: string; url: string; format: 'openai' | 'anthropic' };
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
  /**
   * The two limits apart (absent: plain bisection, or results from before). throughput: the backlog does not grow
   * (not uiBound), lo kept up in a strict majority of runs, hi did not. smoothness: TTV p95 and dropped frames
   * within the criteria, read off the same probes. The keeps-up bracket above is their lower one.
   */
  limits?: {
    throughput: { lo: number | null; hi: number | null };
    smoothness: { lo: number | null; hi: number | null };
  };
  /** The ramp run that aimed the probes: one stream from startTokPerS up to endTokPerS, and its first guesses. */
  ramp?: {
    startTokPerS: number;
    endTokPerS: number;
    tokens: number;
    durationMs: number;
    /** Rate at which the backlog started to grow for good (null: not within the ramp). */
    throughputGuess: number | null;
    /** Rate at which TTV or dropped frames first broke the criteria (null: not within the ramp). */
    smoothnessGuess: number | null;
  };
  /**
   * Probes whose stream at their rate would last over tailMs joined the answer late: the earlier part arrived at
   * once, then settleMs (twice burstMs, the time the renderer took to show the whole answer at once, + 250 ms),
   * then the last tailMs streamed and was judged (harness/schedule/tail.ts). Absent: no probe was cut.
   */
  lateJoin?: { tailMs: number; burstMs: number; settleMs: number };
  /** What the entry cost: browser runs (warm-up, burst, ramp and probes) and wall time, in s. */
  cost?: { runs: number; wallS: number };
  points: Array<{
    rateTokPerS: number;
    passRuns: number;
    pass: boolean;
    /** Median TTV p95 over the point's runs (null: never visible, or stopped early past the budget). */
    ttvP95Ms: number | null;
    /** `throughput`: runs streamed out without fail-fast, to judge the backlog (absent: `keeps-up`). */
    mode?: 'keeps-up' | 'throughput';
    /** `stoppedOn`: the run stopped early (fail-fast, see `note`) on late markers or on dropped frames. */
    runs: Array<{
      ttvP95Ms: number | null;
      droppedFramePct: number | null;
      uiBound: boolean;
      note?: string;
      stoppedOn?: 'ttv' | 'dropped';
    }>;
  }>;
}

export interface SweepResults {
  config: SweepConfig;
  entries: SweepEntry[];
}

/** A renderer as results record it: its declared metadata, with each package's installed version. */
export interface RendererResult extends Omit<RendererInfo, 'packages'> {
  packages?: PackageVersion[];
}

/** One markdown renderer's safety verdict: which injection payloads executed or survived into its DOM. */
export interface SafetyResult {
  renderer: string;
  /** Nothing executed, nothing survived, and the check ran to the end. */
  safe: boolean;
  /** Payload ids whose sentinel ran (on insertion, or when the check fired the surviving handlers). */
  executed: string[];
  /** Dangerous markup left in the DOM: on* handlers, script-capable URLs, <script>/<object>/<embed>, srcdoc. */
  survived: Survivor[];
  /** The check did not finish (import error, renderer error, hang): not proven safe. */
  error?: string;
}

/** The safety check (harness/run/safety.ts): the unsafe scenario streamed into every selected markdown renderer. */
export interface SafetyResults {
  scenario: string;
  /** Chunks streamed (a few tokens each, harness/run/safety.ts). */
  chunks: number;
  /** The payloads in the scenario (scenarios/unsafe-payloads.ts). */
  payloads: Payload[];
  renderers: SafetyResult[];
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
  renderers: RendererResult[];
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
  costModel?: import('../microbench/cost-model.ts').CostModel;
  /** The emitter's timing per rate, pooled over every chunk of every measured run (absent in older results). */
  emitter?: EmitterFigures[];
  /** `--safety`: each markdown renderer's verdict on the unsafe-markdown scenario. */
  safety?: SafetyResults;
  /**
   * Raw timelines (each run's RawRun) live in this gzipped JSON-lines file beside results.json, and every run's
   * `raw` here is null (harness/results/raw-file.ts). Absent: results from before, with `raw` inline.
   */
  rawFile?: string;
  /** Merged from `--shard` slices (`npm run merge`): each slice's machine and the comparison groups it ran. */
  shards?: ShardRecord[];
}

/** One merged slice: where it ran and which comparison groups (scenario|rate|CPU profile) and sweep groups. */
export interface ShardRecord {
  index: number;
  count: number;
  environment: Environment;
  groups: string[];
  sweepGroups: string[];
}

/** The emitter at one rate: its own send error (sent - due) and the main thread's receipt delay (delivered - sent). */
export interface EmitterFigures {
  rate: string;
  tokPerS: number;
  sendErrorMs: { p50: number | null; p99: number | null; max: number | null };
  receiptDelayMs: { p50: number | null; p99: number | null; max: number | null };
  /** Chunks sent, over all measured runs at this rate. */
  chunks: number;
  /** Measured runs pooled. */
  runs: number;
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

/** Per run in trace mode. */
export interface RunTrace {
  /** Trace file (gzipped Chrome JSON trace) relative to results.json, or null when it could not be saved. */
  file: string | null;
  bytes: number;
  analysis: TraceAnalysis;
}
