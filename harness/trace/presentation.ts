// Presentation-accurate time to visible (the TTV rule in analyze.ts's header): which main-thread frame took each
// marker's DOM commit, when that frame (or, if it was dropped, the next presented one) was presented, and the TTV.
// Pure.
import { PRESENTED_STATES, type FrameReport } from './frames.ts';
import type { MainThreadSlice } from './main-thread.ts';

/** A presentation this much before the marker's due time or DOM commit means the clocks do not line up. */
export const NEGATIVE_LATENCY_TOLERANCE_MS = 1;

/** Main-thread slices that end a frame's lifecycle update (see analyze.ts's header). */
const FRAME_PAINT_SLICES = new Set(['Paint', 'Layerize']);

/** Stream time <-> trace time, from the clock mark. */
export interface TraceClock {
  toTraceUs(streamMs: number): number;
  toStreamMs(traceUs: number): number;
}

interface MainFrame {
  report: FrameReport & { commit: NonNullable<FrameReport['commit']> };
  /** When the frame's main-thread work ended (trace us). */
  doneUs: number;
}

/** First index in [0, length) for which `before(i)` is false (`before` must be true then false over the range). */
function lowerBound(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Main-thread frames (reports holding a Commit stage) and when their main-thread work ended, by that time. */
function mainFramesOf(reports: readonly FrameReport[], slices: readonly MainThreadSlice[]): MainFrame[] {
  const paints = slices.filter((s) => FRAME_PAINT_SLICES.has(s.name)).sort((a, b) => a.beginUs - b.beginUs);
  const mainFrames: MainFrame[] = [];
  for (const r of reports) {
    if (!r.commit) continue;
    const report = r as MainFrame['report'];
    const fromUs = r.sendBeginMainFrame?.beginUs ?? r.beginUs;
    const toUs = r.commit.beginUs;
    // Last paint slice beginning at or before the commit; walk back over the frame's paints.
    const lo = lowerBound(paints.length, (i) => (paints[i] as MainThreadSlice).beginUs <= toUs);
    let doneUs = -Infinity;
    for (let i = lo - 1; i >= 0 && (paints[i] as MainThreadSlice).beginUs >= fromUs; i--) {
      doneUs = Math.max(doneUs, (paints[i] as MainThreadSlice).endUs);
    }
    mainFrames.push({ report, doneUs: Number.isFinite(doneUs) ? Math.min(doneUs, toUs) : toUs });
  }
  return mainFrames.sort((a, b) => a.doneUs - b.doneUs);
}

/**
 * When a main frame was presented (trace us): its own end if it was presented, else the earliest presentation of
 * a report that began after its commit activated; null when none was.
 */
function presentationFinder(reports: readonly FrameReport[]): (frame: MainFrame) => number | null {
  // Presented reports by begin, with the earliest presentation from each index on (suffix minimum).
  const presented = reports
    .filter((r): r is FrameReport & { endUs: number } => PRESENTED_STATES.has(r.state) && r.endUs !== null)
    .sort((a, b) => a.beginUs - b.beginUs);
  const earliestFrom: number[] = new Array<number>(presented.length + 1).fill(Infinity);
  for (let i = presented.length - 1; i >= 0; i--) {
    earliestFrom[i] = Math.min(earliestFrom[i + 1] as number, (presented[i] as { endUs: number }).endUs);
  }
  return (frame) => {
    const r = frame.report;
    if (PRESENTED_STATES.has(r.state) && r.endUs !== null) return r.endUs;
    const afterUs = r.activation?.endUs ?? r.commit.endUs;
    const at = earliestFrom[lowerBound(presented.length, (i) => (presented[i] as FrameReport).beginUs < afterUs)];
    return Number.isFinite(at) ? (at as number) : null;
  };
}

/** Why a presentation time is impossible (before the marker was due, or before it reached the DOM), or null. */
function negativeLatency(i: number, presentedMs: number, m: { dueMs: number; commitMs: number | null }): string | null {
  const tol = NEGATIVE_LATENCY_TOLERANCE_MS;
  const at = `marker ${i} was presented at ${presentedMs.toFixed(2)} ms`;
  const misaligned = 'the trace and page clocks do not line up';
  if (presentedMs < m.dueMs - tol) {
    const early = (m.dueMs - presentedMs).toFixed(2);
    return `negative latency: ${at}, ${early} ms before it was due (${m.dueMs.toFixed(2)} ms); ${misaligned}`;
  }
  if (m.commitMs !== null && presentedMs < m.commitMs - tol) {
    const early = (m.commitMs - presentedMs).toFixed(2);
    const dom = `${early} ms before it reached the DOM (${m.commitMs.toFixed(2)} ms)`;
    return `negative latency: ${at}, ${dom}; ${misaligned}`;
  }
  return null;
}

export type MarkerPresentations =
  { valid: true; markerPresentedMs: Array<number | null>; ttvs: number[] } | { valid: false; reason: string };

/**
 * Per marker: the stream time its first frame was presented (null: never) and its TTV (+Infinity: never). Invalid
 * when a presentation comes before its marker was due or reached the DOM (the clocks do not line up).
 */
export function presentMarkers(
  markers: ReadonlyArray<{ dueMs: number; commitMs: number | null }>,
  reports: readonly FrameReport[],
  slices: readonly MainThreadSlice[],
  clock: TraceClock,
): MarkerPresentations {
  const mainFrames = mainFramesOf(reports, slices);
  const presentationOf = presentationFinder(reports);
  const markerPresentedMs: Array<number | null> = [];
  const ttvs: number[] = [];
  for (const [i, m] of markers.entries()) {
    let presentedMs: number | null = null;
    if (m.commitMs !== null) {
      const c = clock.toTraceUs(m.commitMs);
      const frame = mainFrames[lowerBound(mainFrames.length, (k) => (mainFrames[k] as MainFrame).doneUs < c)];
      const at = frame ? presentationOf(frame) : null;
      if (at !== null) presentedMs = clock.toStreamMs(at);
    }
    if (presentedMs !== null) {
      const reason = negativeLatency(i, presentedMs, m);
      if (reason !== null) return { valid: false, reason };
    }
    markerPresentedMs.push(presentedMs);
    ttvs.push(presentedMs === null ? Number.POSITIVE_INFINITY : presentedMs - m.dueMs);
  }
  return { valid: true, markerPresentedMs, ttvs };
}
