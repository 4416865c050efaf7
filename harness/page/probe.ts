// The in-page probe: decides, from the DOM and the frame clock alone, when each marker became visible.
// The renderer is never asked. Commit = the marker's text first appears in a DOM the probe reaches (the
// root, shadow roots under it, same-origin iframes; see marker-watch.ts). Visible = the end of the first
// frame rendered after that commit in which the text is on screen (on-screen.ts), read in a post-frame task
// (posted from rAF, handled after the frame's rendering, ~0.2 ms after Commit and ~2-3 ms before display).
import type { LongFrame, NotVisibleReason } from './protocol.ts';
import type { MarkerHit } from './marker-scan.ts';
import { watchMarkers } from './marker-watch.ts';
import { frameJudge, type FrameJudge, type Verdict } from './on-screen.ts';

export interface ProbeMarker {
  text: string;
}

/** The frames so far (growing arrays): each rAF timestamp and when its callback actually started. */
export interface FrameTimes {
  readonly rafTimestampsMs: readonly number[];
  readonly rafStartMs: readonly number[];
}

export interface ProbeResult {
  commitMs: Array<number | null>;
  visibleMs: Array<number | null>;
  rafTimestampsMs: number[];
  /** When each rAF callback actually started (a late frame keeps the timestamp of the vsync it was for). */
  rafStartMs: number[];
  postFrameMs: number[];
  longFrames: LongFrame[];
  /** Per marker, why it never became visible (null when it did). */
  notVisible: Array<NotVisibleReason | null>;
  /** No marker text ever appeared in a DOM the probe reaches (canvas, cross-origin frame). */
  unmeasurable: boolean;
}

export interface Probe {
  /** Resolves once every marker is visible. */
  readonly allVisible: Promise<void>;
  /** Resolves after `count` more frames have been rendered. */
  frames(count: number): Promise<void>;
  /** Whether every marker's text has entered the DOM. */
  allCommitted(): boolean;
  stop(): ProbeResult;
}

interface LoafScript extends PerformanceEntry {
  invoker?: string;
  invokerType?: string;
  sourceURL?: string;
  sourceFunctionName?: string;
  forcedStyleAndLayoutDuration?: number;
}
interface LoafEntry extends PerformanceEntry {
  blockingDuration?: number;
  renderStart?: number;
  styleAndLayoutStart?: number;
  scripts?: LoafScript[];
}

/**
 * A probe that watches nothing: the baseline for measuring the probe's own cost (trace mode). Nothing is
 * ever visible, so a run with it ends at its settle timeout.
 */
export function nullProbe(markerCount: number): Probe {
  return {
    allVisible: new Promise<void>(() => {}),
    frames: () => Promise.resolve(),
    allCommitted: () => false,
    stop: () => ({
      commitMs: Array<null>(markerCount).fill(null),
      visibleMs: Array<null>(markerCount).fill(null),
      rafTimestampsMs: [],
      rafStartMs: [],
      postFrameMs: [],
      longFrames: [],
      notVisible: Array<null>(markerCount).fill(null),
      unmeasurable: false,
    }),
  };
}

/** Long animation frames (LoAF) while the probe runs, in stream time. */
function watchLongFrames(t0: number): { take(): LongFrame[] } {
  const longFrames: LongFrame[] = [];
  const add = (entries: PerformanceEntryList): void => {
    for (const entry of entries as LoafEntry[]) {
      longFrames.push({
        startMs: entry.startTime - t0,
        durationMs: entry.duration,
        blockingDurationMs: entry.blockingDuration ?? 0,
        renderStartMs: (entry.renderStart ?? 0) - t0,
        styleAndLayoutStartMs: (entry.styleAndLayoutStart ?? 0) - t0,
        scripts: (entry.scripts ?? []).map((s) => ({
          invoker: s.invoker ?? '',
          invokerType: s.invokerType ?? '',
          sourceURL: s.sourceURL ?? '',
          sourceFunctionName: s.sourceFunctionName ?? '',
          durationMs: s.duration,
          forcedStyleAndLayoutDurationMs: s.forcedStyleAndLayoutDuration ?? 0,
        })),
      });
    }
  };
  const loaf = new PerformanceObserver((list) => add(list.getEntries()));
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'))
    loaf.observe({ type: 'long-animation-frame' });
  return {
    take() {
      add(loaf.takeRecords());
      loaf.disconnect();
      return longFrames;
    },
  };
}

type PostTask = (callback: () => void, options: { priority: string }) => Promise<void>;

/**
 * Runs `afterRendering(frame)` after each frame's rendering; `onFrame(timestamp)` at the start of each frame
 * (the probe's rAF callback, registered first, so first in the frame's list). Returns a stop function.
 */
function frameClock(onFrame: (timestamp: number) => number, afterRendering: (frame: number) => void): () => void {
  // The post-frame task: the frame's rendering (style, layout, paint, commit) finishes inside the rAF task,
  // so a task posted from rAF runs after it. At user-blocking priority it jumps ahead of queued
  // normal-priority tasks (a backlog of emitter messages a saturated renderer has not handled yet), which
  // would otherwise delay it, and the "visible" time with it, by whole tasks after the frame was shown.
  const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<number>) => afterRendering(event.data);
  let running = true;
  const tick = (timestamp: number): void => {
    if (!running) return;
    const shown = onFrame(timestamp);
    if (scheduler?.postTask) void scheduler.postTask(() => afterRendering(shown), { priority: 'user-blocking' });
    else channel.port2.postMessage(shown);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return () => {
    running = false;
    channel.port1.close();
  };
}

/** A committed marker not yet seen on screen: where its text is now, and the first frame that can show it. */
interface Pending {
  index: number;
  frame: number;
  /**
   * Every place its text was found (newest last, a few at most): a re-render moves it to new nodes, and a page
   * may hold a visible copy beside a hidden one (e.g. a screen-reader live region). Any copy on screen counts.
   */
  places: MarkerHit[];
  /** Why the last frame that could show it did not. */
  reason: Exclude<Verdict, 'visible'> | null;
}

/** Copies of one marker's text followed at once; older ones are forgotten. */
const MAX_PLACES = 4;
/** When no copy is on screen, the reason reported is the closest miss: rendered but out of view first. */
const REASON_RANK: Record<Exclude<Verdict, 'visible'>, number> = { 'off-screen': 0, hidden: 1, removed: 2 };

/** The best verdict over a marker's places this frame; drops places that left the DOM (keeping at least one). */
function judgePlaces(p: Pending, judge: FrameJudge): Verdict {
  let best: Exclude<Verdict, 'visible'> = 'removed';
  const kept: MarkerHit[] = [];
  for (const place of p.places) {
    const verdict = judge.judge(place.start, place.end);
    if (verdict === 'visible') return verdict;
    if (verdict !== 'removed') kept.push(place);
    if (REASON_RANK[verdict] < REASON_RANK[best]) best = verdict;
  }
  p.places = kept.length ? kept : p.places.slice(-1);
  return best;
}

/** Per-marker commit and visible times, and where each committed, not yet visible marker's text is. */
function markerLedger(root: HTMLElement, count: number, t0: number) {
  const commitMs: Array<number | null> = Array<null>(count).fill(null);
  const visibleMs: Array<number | null> = Array<null>(count).fill(null);
  const pending = new Map<number, Pending>();
  let unseen = count;
  let visibleCount = 0;
  return {
    commitMs,
    visibleMs,
    wanted: (): boolean => unseen > 0 || pending.size > 0,
    allVisible: (): boolean => visibleCount === count,
    /** Marker text found in the DOM; `frame` is the first frame that can render it. */
    found(index: number, hit: MarkerHit, frame: number): void {
      if (visibleMs[index] !== null) return;
      const known = pending.get(index);
      if (!known) {
        commitMs[index] = performance.now() - t0;
        unseen--;
        pending.set(index, { index, frame, places: [hit], reason: null });
      } else if (!known.places.some((p) => p.start.node === hit.start.node && p.start.offset === hit.start.offset)) {
        known.places.push(hit);
        if (known.places.length > MAX_PLACES) known.places.shift();
      }
    },
    // Geometry and style are read only for committed, not yet visible markers, once per frame, after the
    // frame's rendering: layout is clean then, so the reads force no extra layout.
    judge(shown: number, now: number): void {
      if (!pending.size) return;
      const judge = frameJudge(root);
      for (const p of pending.values()) {
        if (p.frame > shown) continue;
        const verdict = judgePlaces(p, judge);
        if (verdict !== 'visible') {
          p.reason = verdict;
          continue;
        }
        visibleMs[p.index] = now;
        pending.delete(p.index);
        visibleCount++;
      }
    },
    notVisible: (): Array<NotVisibleReason | null> =>
      commitMs.map((commit, i) =>
        visibleMs[i] !== null ? null : commit === null ? 'never-in-dom' : (pending.get(i)?.reason ?? 'no-frame'),
      ),
  };
}

export function startProbe(
  root: HTMLElement,
  markers: readonly ProbeMarker[],
  t0: number,
  /** Called after each rendered frame with the current stream time, which markers are visible, and the frames. */
  afterFrame?: (nowMs: number, visibleMs: ReadonlyArray<number | null>, frames: FrameTimes) => void,
): Probe {
  const ledger = markerLedger(root, markers.length, t0);
  const rafTimestampsMs: number[] = [];
  const rafStartMs: number[] = [];
  const postFrameMs: number[] = [];
  const frameTimes: FrameTimes = { rafTimestampsMs, rafStartMs };
  let frame = 0;
  // True from the probe's rAF callback (first in the frame's list) until the post-frame task: a DOM change
  // made then is rendered in this frame (rAF callbacks, and ResizeObserver callbacks, which Chromium lays
  // out again in the same frame); a change made after it waits for the next frame. Nothing else runs
  // between the frame's rendering and the user-blocking post-frame task (checked against a flood of worker
  // messages, timers and channel messages: 0 of ~11,000 tasks over 187 frames ran in that gap), so no
  // per-frame layout sentinel is needed to find where layout ended.
  let inFramePhase = false;
  const frameWaiters: Array<{ frame: number; resolve: () => void }> = [];
  let resolveAll: () => void = () => {};
  const allVisible = new Promise<void>((resolve) => (resolveAll = resolve));
  if (markers.length === 0) resolveAll();
  const texts = markers.map((m) => m.text);
  const watch = watchMarkers(
    root,
    texts,
    (i, hit) => ledger.found(i, hit, inFramePhase ? frame : frame + 1),
    ledger.wanted,
  );

  const afterRendering = (shown: number): void => {
    inFramePhase = false;
    const now = performance.now() - t0;
    postFrameMs.push(now);
    ledger.judge(shown, now);
    if (ledger.allVisible()) resolveAll();
    afterFrame?.(now, ledger.visibleMs, frameTimes);
    for (let i = frameWaiters.length - 1; i >= 0; i--) {
      const waiter = frameWaiters[i];
      if (waiter && waiter.frame <= shown) {
        frameWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };
  const stopClock = frameClock((timestamp) => {
    frame++;
    inFramePhase = true;
    rafTimestampsMs.push(timestamp - t0);
    rafStartMs.push(performance.now() - t0);
    return frame;
  }, afterRendering);
  const longFrames = watchLongFrames(t0);

  return {
    allVisible,
    frames(count) {
      return new Promise<void>((resolve) => frameWaiters.push({ frame: frame + count, resolve }));
    },
    allCommitted: () => ledger.commitMs.every((c) => c !== null),
    stop() {
      stopClock();
      watch.flush();
      watch.stop();
      const { commitMs, visibleMs } = ledger;
      const unmeasurable = markers.length > 0 && commitMs.every((c) => c === null);
      const frames = { rafTimestampsMs, rafStartMs, postFrameMs };
      return {
        commitMs,
        visibleMs,
        ...frames,
        longFrames: longFrames.take(),
        notVisible: ledger.notVisible(),
        unmeasurable,
      };
    },
  };
}
