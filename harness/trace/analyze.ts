// What one run's Chromium trace says: frame states, Chromium's sliding-window percent dropped frames, the
// main-thread time split, and presentation-accurate time to visible per marker. Pure (no Node, no DOM) and
// linear apart from sorting the events it keeps, so a 20 MB trace takes well under a second.
//
// Clock: the page calls performance.mark(CLOCK_MARK) at the start of the run; the trace records it with
// args.data.startTime = performance.now(). offset = ts/1000 - startTime is trace ms minus page ms, so
//     trace ms = pageT0Ms + stream ms + offset      (pageT0Ms = performance.now() of stream time 0).
// The renderer is the clock mark's process and its main thread the mark's thread; everything else (the browser
// process's own PipelineReporter slices, workers) is ignored.
//
// Rules chosen (see also frames.ts, pdf.ts, main-thread.ts, presentation.ts):
// - A frame is in the stream window when its BeginFrame time (PipelineReporter begin) is in [start, end): a frame
//   begun in the window is the window's, even if it is presented after it ends.
// - Frame states: one per unique frame_sequence, from its non-FORKED report (frames.ts).
//   droppedAffectingSmoothness counts frames whose report has affects_smoothness (Chromium's own "this drop is
//   jank"; STATE_DROPPED in practice). Drop reasons are counted when the report carries one.
// - Frame interval: median BeginFrame spacing per frame_sequence step (a skipped BeginFrame does not double it).
// - TTV: a marker found in the DOM at page time c is in the first main-thread frame whose main-thread work ended
//   at or after c. That work ends with the frame's last Paint/Layerize slice on the main thread between its
//   SendBeginMainFrameToCommit begin and its Commit begin (no script runs inside the lifecycle update, so a
//   mutation seen before that paint ended is in it, and one after is not). Without devtools.timeline, the Commit
//   stage begin is used instead: with non-blocking commit a task can run in the ~0.2 ms between paint and the
//   compositor's commit, so a mutation there would be credited one frame early. The frame's report is the
//   PipelineReporter holding that Commit stage; if it was presented, its end is the presentation time. If it
//   was not (dropped), the marker is shown by the first presented report (FORKED ones included) that began
//   after the commit activated, and its end is used. TTV = presentation - due.
import { median, percentiles } from '../stats/basic.ts';
import { CLOCK_MARK, type RawRun } from '../page/protocol.ts';
import type { TraceAnalysis, TraceFrameCounts, TraceMetrics } from './types.ts';
import { hasCategory, numberField, objectArg, type TraceEvent } from './events.ts';
import { framesFromReports, readFrameReports, type Frame } from './frames.ts';
import { mainThreadTime, threadSlices } from './main-thread.ts';
import { slidingWindowPdf } from './pdf.ts';
import { presentMarkers, type TraceClock } from './presentation.ts';
import { DEFAULT_FRAME_INTERVAL_MS } from '../common/frame.ts';
import { streamWindow } from '../metrics/run-metrics.ts';

export { parseTraceJson, type TraceEvent } from './events.ts';
export { NEGATIVE_LATENCY_TOLERANCE_MS } from './presentation.ts';

export interface TraceAnalysisInput {
  events: readonly TraceEvent[];
  /** performance.now() of stream time 0 (RawRun.pageT0Ms). */
  pageT0Ms: number;
  /**
   * A page that changes nothing produces no frames at all: valid only when asked for (the probe-overhead
   * baseline runs without the probe), never for a measured run.
   */
  allowNoFrames?: boolean;
  /** Stream window, stream time (ms). */
  window: { startMs: number; endMs: number };
  /** Stream time; commitMs = when the probe found the marker text in the DOM (null: never). */
  markers: ReadonlyArray<{ dueMs: number; commitMs: number | null }>;
  /** Chromium reported that the trace buffer overflowed. */
  dataLoss: boolean;
}

const invalid = (reason: string): TraceAnalysis => ({ valid: false, reason });

/**
 * The analysis input for a run, with the metrics' stream window (streamWindow in harness/metrics/run-metrics.ts).
 * A marker whose text is not in the final visible text gets commitMs null (never visible), as the metrics treat it.
 */
export function analysisInputFromRun(
  raw: RawRun,
  events: readonly TraceEvent[],
  dataLoss: boolean,
): TraceAnalysisInput {
  const shown = (m: RawRun['markers'][number]): boolean => raw.finalVisibleText.includes(m.text);
  const { start, end } = streamWindow(raw);
  return {
    events,
    pageT0Ms: raw.pageT0Ms ?? Number.NaN,
    window: { startMs: start, endMs: end },
    markers: raw.markers.map((m) => ({ dueMs: m.dueMs, commitMs: shown(m) ? m.commitMs : null })),
    dataLoss,
  };
}

/** Median spacing per sequence step of (sequence, time us) points sorted by time; ms. */
function medianStepMs(points: ReadonlyArray<{ seq: number; us: number }>): number | null {
  const steps: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as { seq: number; us: number };
    const b = points[i] as { seq: number; us: number };
    const dSeq = b.seq - a.seq;
    if (dSeq > 0 && b.us > a.us) steps.push((b.us - a.us) / dSeq / 1000);
  }
  return median(steps);
}

/** Why the input cannot be analysed at all, or null. */
function inputProblem(input: TraceAnalysisInput): string | null {
  if (input.dataLoss) return 'the trace buffer overflowed (Chromium reported data loss), so frames may be missing';
  if (!Number.isFinite(input.pageT0Ms)) {
    return 'the run has no page clock origin (pageT0Ms), so trace and stream time cannot be aligned';
  }
  const { startMs, endMs } = input.window;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    return `the stream window [${startMs}, ${endMs}] is empty or not finite`;
  }
  return null;
}

/** The clock mark's renderer process and main thread, and the clock it gives. */
interface MarkClock extends TraceClock {
  pid: number;
  tid: number;
  /** Trace ms - page ms. */
  offsetMs: number;
}

/** The clock mark (the last one if the page set several): its process is the renderer, its thread the main one. */
function clockOf(events: readonly TraceEvent[], pageT0Ms: number): MarkClock | null {
  let mark: TraceEvent | null = null;
  let markStartMs = 0;
  for (const e of events) {
    if (e.name !== CLOCK_MARK) continue;
    const startTime = numberField(objectArg(e.args, 'data'), 'startTime');
    if (startTime === null || (mark && e.ts < mark.ts)) continue;
    mark = e;
    markStartMs = startTime;
  }
  if (!mark) return null;
  const offsetMs = mark.ts / 1000 - markStartMs;
  return {
    pid: mark.pid,
    tid: mark.tid,
    offsetMs,
    toTraceUs: (streamMs) => (pageT0Ms + streamMs + offsetMs) * 1000,
    toStreamMs: (traceUs) => traceUs / 1000 - offsetMs - pageT0Ms,
  };
}

/** The renderer's events the analysis reads (by time), whether devtools.timeline was recorded, the page's tree. */
interface RendererEvents {
  kept: TraceEvent[];
  timeline: boolean;
  /** Whether a layer tree id is the page's (or unknown). */
  ours: (layerTreeId: number | null) => boolean;
}

/** One pass over the events: keep the renderer's events the analysis reads, and find the page's layer tree. */
function rendererEvents(events: readonly TraceEvent[], pid: number, tid: number): RendererEvents {
  const kept: TraceEvent[] = [];
  let timeline = false;
  const layerTrees = new Map<number, number>();
  for (const e of events) {
    if (e.pid !== pid) continue;
    if (!timeline && hasCategory(e.cat, 'devtools.timeline')) timeline = true;
    if (e.ph === 'b' || e.ph === 'e' || (e.tid === tid && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E'))) kept.push(e);
    else if (e.name === 'BeginFrame') kept.push(e);
    else if (e.name === 'BeginMainThreadFrame' && e.tid === tid) {
      const id = numberField(e.args, 'layerTreeId');
      if (id !== null) layerTrees.set(id, (layerTrees.get(id) ?? 0) + 1);
    }
  }
  // Array.prototype.sort is stable: ties keep file order.
  kept.sort((a, b) => a.ts - b.ts);
  // The page's layer tree: the one its main thread begins frames for (others, if any, are not the page's).
  let layerTree: number | null = null;
  for (const [id, n] of layerTrees) if (layerTree === null || n > (layerTrees.get(layerTree) ?? 0)) layerTree = id;
  const ours = (id: number | null): boolean => layerTree === null || id === null || id === layerTree;
  return { kept, timeline, ours };
}

/** Median BeginFrame spacing per sequence step; from the frames if there are no BeginFrames; else 60 Hz. */
function frameIntervalOf(renderer: RendererEvents, frames: readonly Frame[]): number {
  const beginFrames: Array<{ seq: number; us: number }> = [];
  for (const e of renderer.kept) {
    if (e.name !== 'BeginFrame') continue;
    const seq = numberField(e.args, 'frameSeqId');
    if (seq !== null && renderer.ours(numberField(e.args, 'layerTreeId'))) beginFrames.push({ seq, us: e.ts });
  }
  const fromFrames = (): number | null => medianStepMs(frames.map((f) => ({ seq: f.sequence, us: f.beginUs })));
  return medianStepMs(beginFrames) ?? fromFrames() ?? DEFAULT_FRAME_INTERVAL_MS;
}

/** Frame states over the window's frames. */
function countFrames(inWindow: readonly Frame[]): TraceFrameCounts {
  const counts: TraceFrameCounts = {
    presentedAll: 0,
    presentedPartial: 0,
    dropped: 0,
    droppedAffectingSmoothness: 0,
    noUpdateDesired: 0,
    total: inWindow.length,
    dropReasons: {},
  };
  for (const f of inWindow) {
    if (f.state === 'STATE_PRESENTED_ALL') counts.presentedAll++;
    else if (f.state === 'STATE_PRESENTED_PARTIAL') counts.presentedPartial++;
    else if (f.state === 'STATE_DROPPED') counts.dropped++;
    else if (f.state === 'STATE_NO_UPDATE_DESIRED') counts.noUpdateDesired++;
    if (f.affectsSmoothness) {
      counts.droppedAffectingSmoothness++;
      if (f.dropReason) counts.dropReasons[f.dropReason] = (counts.dropReasons[f.dropReason] ?? 0) + 1;
    }
  }
  return counts;
}

export function analyzeTrace(input: TraceAnalysisInput): TraceAnalysis {
  const problem = inputProblem(input);
  if (problem !== null) return invalid(problem);
  const clock = clockOf(input.events, input.pageT0Ms);
  if (!clock) {
    return invalid(
      `no clock mark: the trace has no performance.mark("${CLOCK_MARK}") with a start time ` +
        '(blink.user_timing not recorded?), so it cannot be aligned with the page',
    );
  }
  const { pid, tid } = clock;
  const startUs = clock.toTraceUs(input.window.startMs);
  const endUs = clock.toTraceUs(input.window.endMs);
  const renderer = rendererEvents(input.events, pid, tid);
  const reports = readFrameReports(renderer.kept, pid).filter((r) => renderer.ours(r.layerTreeId));
  if (reports.length === 0 && !input.allowNoFrames) {
    return invalid(
      `no PipelineReporter events from the page's renderer (pid ${pid}): ` +
        'disabled-by-default-devtools.timeline.frame was not recorded, or the page produced no frames',
    );
  }
  const frames = framesFromReports(reports);
  const frameIntervalMs = frameIntervalOf(renderer, frames);
  // Frame states over the window.
  const inWindow = frames.filter((f) => f.beginUs >= startUs && f.beginUs < endUs);
  const counts = countFrames(inWindow);
  const pdfWindows = slidingWindowPdf(
    inWindow.map((f) => ({ frameTimeMs: f.beginUs / 1000, droppedAffectingSmoothness: f.affectsSmoothness })),
    frameIntervalMs,
  );
  // Main-thread time (devtools.timeline only).
  const slices = renderer.timeline ? threadSlices(renderer.kept, pid, tid) : [];
  let mainThreadMs: TraceMetrics['mainThreadMs'] = null;
  if (renderer.timeline) {
    const us = mainThreadTime(slices, startUs, endUs);
    mainThreadMs = {
      script: us.script / 1000,
      styleLayout: us.styleLayout / 1000,
      paint: us.paint / 1000,
      other: us.other / 1000,
    };
  }
  const presented = presentMarkers(input.markers, reports, slices, clock);
  if (!presented.valid) return invalid(presented.reason);
  return {
    valid: true,
    metrics: {
      frameIntervalMs,
      frames: counts,
      droppedFramePct: counts.total > 0 ? (100 * counts.droppedAffectingSmoothness) / counts.total : 0,
      pdfWindows,
      mainThreadMs,
      ttvMs: percentiles(presented.ttvs),
      markerPresentedMs: presented.markerPresentedMs,
      clockOffsetMs: clock.offsetMs,
    },
  };
}
