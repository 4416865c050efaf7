// The expectation model for calibration: from a stream's due times, a known main-thread cost per write (and an
// optional periodic stall) and a 60 Hz vsync, simulate the page's main thread and predict what a correct
// instrument must measure: missed vsyncs (dropped frames) and per-marker time-to-visible. Pure: no DOM, no
// clock, no randomness (the vsync phase is an input; `expect` averages over evenly spaced phases).
//
// Assumptions (each stated where it is used below):
//  A1 Delivery. The emitter worker posts each chunk at its due time (chunks due within 0.05 ms of each
//     other go in one message); the message reaches the main thread `deliveryMs` later. The worker is never
//     slowed by the main thread, so while the main thread is busy, messages queue up.
//  A2 Main thread. One task at a time, never pre-empted, in the order tasks were posted (FIFO). Tasks are
//     the worker's messages (a message pushes each of its chunks: cost = sum of the per-write costs plus a
//     small fixed `writeOverheadMs` for the handler, the append and the probe's text scan), the stall timer
//     (every `everyMs` from mount, `durationMs` long, firing on time) and main frames (BeginMainFrame).
//  A3 Frames. Vsyncs tick every `frameIntervalMs` at an unknown phase. At a vsync, if no main frame is
//     outstanding, one is posted; it reaches the main thread `frameDispatchMs` later (or a delay taken per
//     vsync from this machine's measured spread, `frameDispatchQuantilesMs`) and begins when the main thread
//     gets to it. A main frame's own work for a tiny append is small (`frameWorkMs`), and its result
//     (the probe's post-frame message) is seen `frameLatencyMs` after it begins. A vsync whose frame cannot
//     begin on arrival because the main thread is busy is MISSED: that is a dropped frame.
//  A4 Catch-up (Chromium's scheduler). A frame posted at a vsync while the main thread was busy runs as soon
//     as the thread reaches it (it is late: its vsync is still missed). When it finishes, if another vsync
//     has ticked since it was posted, the compositor posts the next frame at once rather than waiting for
//     the next vsync. These catch-up frames carry the timestamp of the vsync they were posted for, which is
//     why rAF timestamps alone under-count missed vsyncs (see `rafVisibleDropped`). A frame that ends a long
//     animation frame (> 50 ms since the previous one) costs more (`longFrameWorkMs`).
//  A5 Visibility. A marker is committed when the task that pushed its chunk ends (the probe's
//     MutationObserver runs at the end of that task) and is visible at the end of the first frame that
//     begins at or after its commit.
//  A6 Window. Dropped frames are counted as the harness does (countDroppedFrames, harness/common/frame.ts): missed
//     vsyncs between produced frames inside [first due, max(last due, last marker visible)] (every marker of a
//     calibration case is shown, so this is the metrics' streamWindow).
import { countDroppedFrames, DEFAULT_FRAME_INTERVAL_MS, lateFrameStartMs } from '../common/frame.ts';
import { percentile } from '../stats/basic.ts';

/**
 * The stream as the page receives it: when each chunk is due, how many characters it carries, which chunk holds each
 * marker.
 */
export interface ModelStream {
  chunks: ReadonlyArray<{ dueMs: number; chars: number }>;
  markers: ReadonlyArray<{ chunkIndex: number }>;
}

/** The injected cost (see harness/calibration/costs.ts). */
export interface ModelCost {
  /** Busy time of one write, given the characters accumulated after it. */
  perWriteMs?: (charsSoFar: number) => number;
  /** A stall independent of writes: `durationMs` every `everyMs`, the first at `firstAtMs` (stream time). */
  stall?: { everyMs: number; durationMs: number; firstAtMs: number };
}

export interface ModelParams {
  frameIntervalMs: number;
  /** A1: worker post to main-thread task start for an idle main thread. */
  deliveryMs: number;
  /** A2: main-thread cost of one message besides the injected busy-wait (handler, append, the probe's scan). */
  writeOverheadMs: number;
  /** A3: vsync (the rAF timestamp) to the main frame being runnable on the main thread (typical: the median). */
  frameDispatchMs: number;
  /**
   * A3: the spread of that delay, as evenly spaced quantiles of it (ascending). Vsync k takes quantile
   * floor(frac(k * golden ratio) * n), an equidistributed sequence, so over a stream every quantile is used
   * equally often and the model stays deterministic. Empty: every frame takes `frameDispatchMs`. Needed because
   * missed vsyncs grow with the delay's tail, not its median: a write that starts after a vsync but before that
   * vsync's frame is runnable delays the frame by the whole write, so the chance of a missed vsync per write is
   * the mean of (delay - (half an interval - write cost)) over the delays where that is positive.
   */
  frameDispatchQuantilesMs: readonly number[];
  /** A3: main-thread time of one frame for a tiny append. */
  frameWorkMs: number;
  /**
   * A4: main-thread time of a frame that ends a long animation frame (more than `longFrameMs` since the
   * previous frame ended): Chromium then also builds the long-animation-frame entry the probe observes.
   * Measured ~2.3-4.4 ms after a 100 ms stall or under a backlog, against ~0.8 ms otherwise.
   */
  longFrameWorkMs: number;
  longFrameMs: number;
  /** A3: frame begin to the probe's post-frame timestamp (the "visible" time). */
  frameLatencyMs: number;
  /** A1: chunks due within this of each other are posted in one message (the emitter's EARLY_MS). */
  batchMs: number;
  /**
   * A3: a frame that begins at most this long after it became runnable (vsync + frameDispatchMs) still counts
   * as on time: scheduling noise, not a missed vsync (rAF callbacks of idle frames start within 0.4-0.8 ms of
   * their timestamp here, catch-up frames typically many ms late).
   */
  onTimeSlackMs: number;
}

/**
 * Defaults, used only where this machine's constants are not measured (harness/calibration/machine.ts measures
 * them before every calibration; unit tests and `--machine-rounds 0` use these). The latencies are properties
 * of the page and Chromium, not of the renderer under test, measured on an earlier machine (Chromium 156, 2
 * cores): a chunk reaches an idle main thread ~0.25 ms after it is due (delivery p50);
 * under a backlog, back-to-back messages with a 20 ms busy-wait are 20.3 ms apart (0.3 ms overhead per
 * message); a rAF callback starts 0.4-0.8 ms after its timestamp (median 0.5); the post-frame message
 * of a frame whose only change is a tiny append runs ~1.4 ms after the timestamp, i.e. ~0.9 ms after the
 * frame begins, most of it main-thread work.
 */
export const DEFAULT_MODEL_PARAMS: ModelParams = {
  frameIntervalMs: DEFAULT_FRAME_INTERVAL_MS,
  deliveryMs: 0.25,
  writeOverheadMs: 0.3,
  frameDispatchMs: 0.5,
  frameDispatchQuantilesMs: [],
  frameWorkMs: 0.8,
  longFrameWorkMs: 3,
  longFrameMs: 50,
  frameLatencyMs: 0.9,
  batchMs: 0.05,
  // Same threshold as the harness (metrics.ts lateFrameStartMs): a frame counts as on time when it starts
  // within half an interval of its vsync; the model's begin time already includes the dispatch delay.
  onTimeSlackMs: lateFrameStartMs(DEFAULT_FRAME_INTERVAL_MS) - 0.5,
};

export interface SimFrame {
  /** The vsync the frame was posted for: its rAF timestamp. */
  vsyncMs: number;
  beginMs: number;
  /** Began at its own vsync (A3); false for frames that ran late (A4). */
  onTime: boolean;
}

export interface Simulation {
  phaseMs: number;
  frames: SimFrame[];
  /** Per marker: commit (end of the task that pushed it) and visible (end of the first frame beginning after it). */
  commitMs: number[];
  visibleMs: number[];
  ttvMs: number[];
  windowMs: { start: number; end: number };
  /** Missed vsyncs in the window (A3, A6): what a correct instrument must report as dropped frames. */
  droppedFrames: number;
  /**
   * What counting gaps between rAF timestamps shows (the harness's method) when late frames carry the
   * timestamps of the vsyncs they were posted for (A4). Diagnostic: it is not a definition of dropped frames.
   */
  rafVisibleDropped: number;
  ttvP50Ms: number | null;
  ttvP95Ms: number | null;
  /** Last marker visible - last chunk due (the harness's completion lag). */
  completionLagMs: number;
  /** Offered load: main-thread work arriving during the stream over the stream's length (> 1: the backlog grows). */
  demand: number;
}

type ExternalTask =
  | { kind: 'message'; postMs: number; seq: number; chunks: number[]; costMs: number }
  | { kind: 'stall'; postMs: number; seq: number; costMs: number };
type FrameTask = { kind: 'frame'; postMs: number; seq: number; vsyncMs: number };
type Task = ExternalTask | FrameTask;

/** (sqrt(5) - 1) / 2: multiples of it modulo 1 are spread evenly over [0, 1) for any count. */
const GOLDEN_RATIO_FRACTION = (Math.sqrt(5) - 1) / 2;

const byPostTime = (a: Task, b: Task): number => a.postMs - b.postMs || a.seq - b.seq;

function validateInput(stream: ModelStream, p: ModelParams): void {
  if (!(p.frameIntervalMs > 0)) throw new RangeError(`frameIntervalMs must be > 0, got ${p.frameIntervalMs}`);
  if (stream.chunks.length === 0) throw new RangeError('the stream has no chunks');
  for (let i = 1; i < stream.chunks.length; i++) {
    if ((stream.chunks[i]?.dueMs ?? 0) < (stream.chunks[i - 1]?.dueMs ?? 0))
      throw new RangeError('chunk due times must not decrease');
  }
  for (const m of stream.markers)
    if (m.chunkIndex < 0 || m.chunkIndex >= stream.chunks.length)
      throw new RangeError(`marker chunk ${m.chunkIndex} out of range`);
}

/** A1, A2: the worker's messages (chunks due within batchMs go in one), each costing its writes plus the overhead. */
function messageTasks(stream: ModelStream, cost: ModelCost, p: ModelParams): ExternalTask[] {
  const messages: ExternalTask[] = [];
  // Chunk costs are cumulative in characters, in stream order.
  let chars = 0;
  for (let i = 0; i < stream.chunks.length;) {
    const first = stream.chunks[i] as { dueMs: number; chars: number };
    const group: number[] = [];
    let costMs = p.writeOverheadMs;
    while (i < stream.chunks.length && (stream.chunks[i]?.dueMs ?? 0) <= first.dueMs + p.batchMs) {
      chars += stream.chunks[i]?.chars ?? 0;
      costMs += cost.perWriteMs ? Math.max(0, cost.perWriteMs(chars)) : 0;
      group.push(i);
      i++;
    }
    messages.push({ kind: 'message', postMs: first.dueMs + p.deliveryMs, seq: messages.length, chunks: group, costMs });
  }
  return messages;
}

/** A2: stall timer tasks every everyMs from firstAtMs until `horizonMs`. */
function stallTasks(stall: ModelCost['stall'], horizonMs: number, firstSeq: number): ExternalTask[] {
  if (!stall) return [];
  if (!(stall.everyMs > stall.durationMs && stall.durationMs >= 0)) {
    throw new RangeError('a stall must be shorter than its period');
  }
  const tasks: ExternalTask[] = [];
  for (let t = stall.firstAtMs; t < horizonMs; t += stall.everyMs) {
    tasks.push({ kind: 'stall', postMs: t, seq: firstSeq + tasks.length, costMs: stall.durationMs });
  }
  return tasks;
}

/** A2-A4: one main thread at one vsync phase, run until every chunk is committed and two on-time frames followed. */
class MainThread {
  readonly frames: SimFrame[] = [];
  readonly chunkCommit: number[];
  private readonly queue: Task[] = [];
  private readonly F: number;
  private nextVsync: number;
  private nextExternal = 0;
  private frameOutstanding = false;
  private lastFrameEnd: number;
  private freeAt: number;
  private lastCommit = Number.NEGATIVE_INFINITY;
  private pendingCommits: number;
  private framesAfterLastCommit = 0;
  private seq: number;

  constructor(
    private readonly external: readonly ExternalTask[],
    chunkCount: number,
    private readonly phaseMs: number,
    private readonly p: ModelParams,
    earliestMs: number,
  ) {
    this.F = p.frameIntervalMs;
    this.chunkCommit = Array.from({ length: chunkCount }, () => Number.NaN);
    this.pendingCommits = chunkCount;
    this.nextVsync = phaseMs + Math.ceil((earliestMs - phaseMs) / this.F) * this.F;
    this.lastFrameEnd = this.freeAt = earliestMs;
    this.seq = external.length;
  }

  /** Two on-time frames after the last commit, so the gap rule (A6) sees the end of every run of missed vsyncs. */
  run(horizonMs: number): this {
    while (this.pendingCommits > 0 || this.framesAfterLastCommit < 2) {
      const task = this.nextTask();
      if (!task) continue;
      if (task.kind === 'frame') this.runFrame(task);
      else this.runExternal(task);
      if (this.freeAt > horizonMs + 100 * this.F) throw new Error('calibration model did not settle (internal error)');
    }
    return this;
  }

  /** Everything posted up to time t (inclusive), while the thread was busy or idle. */
  private advanceEventsTo(t: number): void {
    for (;;) {
      const ext = this.external[this.nextExternal];
      const tExt = ext ? ext.postMs : Number.POSITIVE_INFINITY;
      if (Math.min(tExt, this.nextVsync) > t) return;
      if (tExt <= this.nextVsync && ext) {
        this.queue.push(ext);
        this.nextExternal++;
        continue;
      }
      // A3: a frame is posted at a vsync unless one is outstanding.
      if (!this.frameOutstanding) {
        const vsyncMs = this.nextVsync;
        this.queue.push({ kind: 'frame', postMs: vsyncMs + this.dispatchMs(vsyncMs), seq: this.seq++, vsyncMs });
        this.frameOutstanding = true;
      }
      this.nextVsync += this.F;
    }
  }

  /** A3: the dispatch delay of the frame for this vsync (see ModelParams.frameDispatchQuantilesMs). */
  private dispatchMs(vsyncMs: number): number {
    const q = this.p.frameDispatchQuantilesMs;
    if (q.length === 0) return this.p.frameDispatchMs;
    const k = Math.round((vsyncMs - this.phaseMs) / this.F);
    const u = (((k * GOLDEN_RATIO_FRACTION) % 1) + 1) % 1;
    return q[Math.min(q.length - 1, Math.floor(u * q.length))] as number;
  }

  /** A2: the next task by post time, or null after jumping an idle thread to the next event. */
  private nextTask(): Task | null {
    this.advanceEventsTo(this.freeAt);
    if (this.queue.length === 0) {
      const ext = this.external[this.nextExternal];
      this.freeAt = Math.min(ext ? ext.postMs : Number.POSITIVE_INFINITY, this.nextVsync);
      return null;
    }
    // FIFO by post time. When the earliest queued task is posted after the thread frees up, whatever is
    // posted before it (a message arriving between a vsync and its frame's dispatch) must be queued first.
    this.queue.sort(byPostTime);
    const head = this.queue[0] as Task;
    if (head.postMs > this.freeAt) {
      this.advanceEventsTo(head.postMs);
      this.queue.sort(byPostTime);
    }
    return this.queue.shift() as Task;
  }

  private runFrame(task: FrameTask): void {
    const { p } = this;
    const begin = Math.max(this.freeAt, task.postMs);
    const onTime = begin <= task.vsyncMs + p.frameDispatchMs + p.onTimeSlackMs + 1e-9;
    const end = begin + (begin - this.lastFrameEnd > p.longFrameMs ? p.longFrameWorkMs : p.frameWorkMs);
    this.lastFrameEnd = end;
    this.frames.push({ vsyncMs: task.vsyncMs, beginMs: begin, onTime });
    if (onTime && begin >= this.lastCommit) this.framesAfterLastCommit++;
    this.freeAt = end;
    this.advanceEventsTo(end);
    this.frameOutstanding = false;
    // A4: a vsync ticked since the one this frame was for: post the next frame at once.
    const current = this.phaseMs + Math.floor((end - this.phaseMs) / this.F + 1e-9) * this.F;
    if (current > task.vsyncMs + 1e-9) {
      this.queue.push({ kind: 'frame', postMs: end, seq: this.seq++, vsyncMs: current });
      this.frameOutstanding = true;
    }
  }

  private runExternal(task: ExternalTask): void {
    const end = Math.max(this.freeAt, task.postMs) + task.costMs;
    if (task.kind === 'message') {
      for (const c of task.chunks) this.chunkCommit[c] = end;
      this.pendingCommits -= task.chunks.length;
      this.lastCommit = Math.max(this.lastCommit, end);
      this.framesAfterLastCommit = 0;
    }
    this.freeAt = end;
  }
}

/** A5: visible = the post-frame time of the first frame beginning at or after the commit. */
function markerVisibility(
  stream: ModelStream,
  frames: readonly SimFrame[],
  chunkCommit: readonly number[],
  p: ModelParams,
): { commitMs: number[]; visibleMs: number[]; ttvMs: number[] } {
  const frameBegins = frames.map((f) => f.beginMs);
  const firstFrameAtOrAfter = (t: number): number => {
    let lo = 0;
    let hi = frameBegins.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((frameBegins[mid] ?? 0) < t - 1e-9) lo = mid + 1;
      else hi = mid;
    }
    return frameBegins[lo] ?? Number.NaN;
  };
  const commitMs = stream.markers.map((m) => chunkCommit[m.chunkIndex] ?? Number.NaN);
  const visibleMs = commitMs.map((commit) => firstFrameAtOrAfter(commit) + p.frameLatencyMs);
  const ttvMs = stream.markers.map((m, i) => (visibleMs[i] ?? Number.NaN) - (stream.chunks[m.chunkIndex]?.dueMs ?? 0));
  return { commitMs, visibleMs, ttvMs };
}

/** One timeline at one vsync phase (vsyncs at phaseMs + k * frameIntervalMs). */
export function simulate(
  stream: ModelStream,
  cost: ModelCost,
  phaseMs: number,
  params: Partial<ModelParams> = {},
): Simulation {
  const p: ModelParams = { ...DEFAULT_MODEL_PARAMS, ...params };
  const F = p.frameIntervalMs;
  validateInput(stream, p);
  const messages = messageTasks(stream, cost, p);
  const firstDue = stream.chunks[0]?.dueMs ?? 0;
  const lastDue = stream.chunks[stream.chunks.length - 1]?.dueMs ?? 0;
  // Stalls: every everyMs from firstAtMs, until well past the point where everything could be visible.
  const totalWriteMs = messages.reduce((s, t) => s + t.costMs, 0);
  const stall = cost.stall;
  const stallsMs = stall ? stall.durationMs * (2 + (lastDue - firstDue + totalWriteMs) / stall.everyMs) : 0;
  const horizon = lastDue + totalWriteMs + stallsMs + 10 * F;
  const external = [...messages, ...stallTasks(stall, horizon, messages.length)].sort(byPostTime);
  // Two intervals of idle frames before the first task, as the page's probe runs frames well before the
  // stream starts: there is always an on-time frame before the window for the gap rule (A6) to start from.
  const earliest = Math.min(firstDue, external[0]?.postMs ?? firstDue) - 2 * F;
  const { frames, chunkCommit } = new MainThread(external, stream.chunks.length, phaseMs, p, earliest).run(horizon);
  const { commitMs, visibleMs, ttvMs } = markerVisibility(stream, frames, chunkCommit, p);

  // A6: the harness's window and gap rule.
  const start = firstDue;
  const end = Math.max(lastDue, ...visibleMs);
  const inStream = external.filter((t) => t.postMs >= firstDue && t.postMs <= lastDue + p.deliveryMs);
  return {
    phaseMs,
    frames,
    commitMs,
    visibleMs,
    ttvMs,
    windowMs: { start, end },
    droppedFrames: countDroppedFrames(
      frames.filter((f) => f.onTime).map((f) => f.vsyncMs),
      start,
      end,
      F,
    ),
    rafVisibleDropped: countDroppedFrames(
      frames.map((f) => f.vsyncMs),
      start,
      end,
      F,
    ),
    ttvP50Ms: percentile(ttvMs, 50),
    ttvP95Ms: percentile(ttvMs, 95),
    completionLagMs: (visibleMs[visibleMs.length - 1] ?? Number.NaN) - lastDue,
    demand: inStream.reduce((sum, t) => sum + t.costMs, 0) / Math.max(1e-9, lastDue - firstDue),
  };
}

/** A figure predicted over vsync phases: the median (what a median over runs estimates), mean and range. */
export interface Predicted {
  median: number;
  mean: number;
  min: number;
  max: number;
}

export interface Expectation {
  phases: number;
  droppedFrames: Predicted;
  rafVisibleDropped: Predicted;
  ttvP50Ms: Predicted;
  ttvP95Ms: Predicted;
  completionLagMs: Predicted;
  /** Missed vsyncs per write (mean over phases), for reading the table. */
  droppedPerWrite: number;
  windowMs: Predicted;
  demand: number;
}

function summarize(values: readonly number[]): Predicted {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median =
    n % 2 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  return {
    median,
    mean: sorted.reduce((s, v) => s + v, 0) / n,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
  };
}

/**
 * The expectation over the unknown vsync phase: `phases` evenly spaced phases in [0, frameInterval). A run's
 * phase is arbitrary (the stream clock starts at an arbitrary page time), so this is the distribution a run
 * draws from.
 */
export function expectOverPhases(
  stream: ModelStream,
  cost: ModelCost,
  params: Partial<ModelParams> = {},
  phases = 48,
): Expectation {
  const F = params.frameIntervalMs ?? DEFAULT_MODEL_PARAMS.frameIntervalMs;
  if (!Number.isInteger(phases) || phases < 1)
    throw new RangeError(`phases must be a whole number >= 1, got ${phases}`);
  const sims = Array.from({ length: phases }, (_, k) => simulate(stream, cost, ((k + 0.5) * F) / phases, params));
  const num = (v: number | null): number => (v === null ? Number.POSITIVE_INFINITY : v);
  const dropped = summarize(sims.map((s) => s.droppedFrames));
  const writes = stream.chunks.length;
  return {
    phases,
    droppedFrames: dropped,
    rafVisibleDropped: summarize(sims.map((s) => s.rafVisibleDropped)),
    ttvP50Ms: summarize(sims.map((s) => num(s.ttvP50Ms))),
    ttvP95Ms: summarize(sims.map((s) => num(s.ttvP95Ms))),
    completionLagMs: summarize(sims.map((s) => s.completionLagMs)),
    droppedPerWrite: dropped.mean / Math.max(1, writes),
    windowMs: summarize(sims.map((s) => s.windowMs.end - s.windowMs.start)),
    demand: summarize(sims.map((s) => s.demand)).median,
  };
}

/**
 * The vsync phase of a run, from its rAF timestamps (vsync-quantised frame begin times): their circular mean
 * modulo the frame interval, and the largest distance of any timestamp from that grid (a check that they are
 * quantised at all). Null for fewer than 2 timestamps.
 */
export function vsyncPhase(
  rafTimestampsMs: readonly number[],
  frameIntervalMs = DEFAULT_FRAME_INTERVAL_MS,
): { phaseMs: number; maxResidualMs: number } | null {
  if (rafTimestampsMs.length < 2) return null;
  const F = frameIntervalMs;
  let x = 0;
  let y = 0;
  for (const t of rafTimestampsMs) {
    const a = (2 * Math.PI * t) / F;
    x += Math.cos(a);
    y += Math.sin(a);
  }
  let phaseMs = (Math.atan2(y, x) / (2 * Math.PI)) * F;
  if (phaseMs < 0) phaseMs += F;
  let maxResidualMs = 0;
  for (const t of rafTimestampsMs) {
    let r = (((t - phaseMs) % F) + F) % F;
    if (r > F / 2) r -= F;
    maxResidualMs = Math.max(maxResidualMs, Math.abs(r));
  }
  return { phaseMs, maxResidualMs };
}
