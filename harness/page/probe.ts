// The in-page probe: decides, from the DOM and the frame clock alone, when each marker became visible.
// The renderer is never asked. Commit = the marker's text is first found in the root's text; visible = the
// end of the first frame rendered after that commit (a message posted from rAF, handled after the frame's
// rendering, ~0.2 ms after Commit and ~2-3 ms before display in this Chromium).
import type { LongFrame } from './protocol.ts';

const MARKER_IN_TEXT = /⟦\d+⟧/gu;

export interface ProbeMarker {
  text: string;
}

export interface ProbeResult {
  commitMs: Array<number | null>;
  visibleMs: Array<number | null>;
  rafTimestampsMs: number[];
  /** When each rAF callback actually started (a late frame keeps the timestamp of the vsync it was for). */
  rafStartMs: number[];
  postFrameMs: number[];
  longFrames: LongFrame[];
}

export interface Probe {
  /** Resolves once every marker is visible. */
  readonly allVisible: Promise<void>;
  /** Resolves after `count` more frames have been rendered. */
  frames(count: number): Promise<void>;
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
    stop: () => ({
      commitMs: Array<null>(markerCount).fill(null),
      visibleMs: Array<null>(markerCount).fill(null),
      rafTimestampsMs: [],
      rafStartMs: [],
      postFrameMs: [],
      longFrames: [],
    }),
  };
}

export function startProbe(
  root: HTMLElement,
  sentinel: HTMLElement,
  markers: readonly ProbeMarker[],
  t0: number,
  /** Called after each rendered frame with the current stream time and which markers are visible. */
  afterFrame?: (nowMs: number, visibleMs: ReadonlyArray<number | null>) => void,
): Probe {
  const indexOf = new Map(markers.map((m, i) => [m.text, i]));
  const commitMs: Array<number | null> = markers.map(() => null);
  const visibleMs: Array<number | null> = markers.map(() => null);
  const rafTimestampsMs: number[] = [];
  const rafStartMs: number[] = [];
  const postFrameMs: number[] = [];
  const longFrames: LongFrame[] = [];
  // Markers committed but not yet shown, with the frame that will show them.
  let pending: Array<{ index: number; frame: number }> = [];
  let unseen = markers.length;
  let visibleCount = 0;
  let frame = 0;
  // True from the probe's rAF callback (always first in the frame's list) until layout of that frame:
  // a DOM change made then is painted in this frame; any later change waits for the next one.
  let inFramePhase = false;
  let running = true;
  const frameWaiters: Array<{ frame: number; resolve: () => void }> = [];
  let resolveAll: () => void = () => {};
  const allVisible = new Promise<void>((resolve) => (resolveAll = resolve));
  if (markers.length === 0) resolveAll();

  const scan = (): void => {
    if (unseen === 0) return;
    const text = root.textContent ?? '';
    const now = performance.now() - t0;
    for (const match of text.matchAll(MARKER_IN_TEXT)) {
      const index = indexOf.get(match[0]);
      if (index === undefined || commitMs[index] !== null) continue;
      commitMs[index] = now;
      unseen--;
      pending.push({ index, frame: inFramePhase ? frame : frame + 1 });
    }
  };
  const mutations = new MutationObserver(scan);
  mutations.observe(root, { subtree: true, childList: true, characterData: true });

  const resizes = new ResizeObserver(() => {
    inFramePhase = false;
  });
  resizes.observe(sentinel);

  const channel = new MessageChannel();
  const afterRendering = (shown: number): void => {
    inFramePhase = false;
    const now = performance.now() - t0;
    postFrameMs.push(now);
    if (pending.length) {
      const still: typeof pending = [];
      for (const p of pending) {
        if (p.frame <= shown) {
          visibleMs[p.index] = now;
          visibleCount++;
        } else still.push(p);
      }
      pending = still;
      if (visibleCount === markers.length) resolveAll();
    }
    afterFrame?.(now, visibleMs);
    for (let i = frameWaiters.length - 1; i >= 0; i--) {
      const waiter = frameWaiters[i];
      if (waiter && waiter.frame <= shown) {
        frameWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };
  channel.port1.onmessage = (event: MessageEvent<number>) => afterRendering(event.data);
  // The post-frame task runs after the frame's rendering. A user-blocking task jumps ahead of queued
  // normal-priority tasks (e.g. a backlog of emitter messages a saturated renderer has not handled yet),
  // which would otherwise delay it, and the "visible" time with it, by whole tasks after the frame was shown.
  const postTask = (globalThis as { scheduler?: { postTask?: (cb: () => void, options: { priority: string }) => Promise<void> } }).scheduler?.postTask;

  let wide = false;
  const onFrame = (timestamp: number): void => {
    if (!running) return;
    frame++;
    inFramePhase = true;
    rafTimestampsMs.push(timestamp - t0);
    rafStartMs.push(performance.now() - t0);
    wide = !wide;
    sentinel.style.width = wide ? '2px' : '1px';
    const shown = frame;
    if (postTask) void postTask.call((globalThis as { scheduler?: unknown }).scheduler, () => afterRendering(shown), { priority: 'user-blocking' });
    else channel.port2.postMessage(shown);
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  const addLongFrames = (entries: PerformanceEntryList): void => {
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
  const loaf = new PerformanceObserver((list) => addLongFrames(list.getEntries()));
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) loaf.observe({ type: 'long-animation-frame' });

  return {
    allVisible,
    frames(count) {
      return new Promise<void>((resolve) => frameWaiters.push({ frame: frame + count, resolve }));
    },
    stop() {
      running = false;
      scan();
      mutations.disconnect();
      resizes.disconnect();
      addLongFrames(loaf.takeRecords());
      loaf.disconnect();
      channel.port1.close();
      return { commitMs, visibleMs, rafTimestampsMs, rafStartMs, postFrameMs, longFrames };
    },
  };
}
