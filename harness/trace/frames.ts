// Chromium's per-frame reports (PipelineReporter) read from a trace, and frames built from them. Pure.
//
// What the trace holds (Chromium 156, measured): each CompositorFrameReporter writes one async slice
// `PipelineReporter` (ph b/e, cat `cc,benchmark,disabled-by-default-devtools.timeline.frame`) on the compositor
// thread. It begins at the frame's BeginFrame time (args.frame_time) and ends when the frame terminated: for a
// presented frame, at its presentation time. Its state and frame_sequence are in the `b` event's
// args.frame_reporter. Stage slices (`SendBeginMainFrameToCommit`, `Commit`, `Activation`, ...) sit on the same
// async track (same id2.local) inside it. The id2.local values are reused track ids: one track never holds two
// overlapping reports, so b/e are paired first-in first-out per (pid, id, name).
// A frame that waited on the main thread has two reports with the same frame_sequence: the main one and a
// FORKED one for the compositor-only part (frame_type FORKED). Counting unique frame_sequence and skipping the
// FORKED report gives one state per vsync; the FORKED report still matters for when something was presented.
// Why skipping is right: Chromium's FrameSorter merges a frame's reports (cc/metrics/frame_info.cc,
// FrameInfo::MergeWith); when the FORKED half ends first and the main half is presented, the merged frame's main
// update is not dropped, and a main-thread-driven page (has_main_animation) has no smooth compositor half to drop.
// Chromium's `DroppedFrame` trace events, by contrast, fire per report (CompositorFrameReporter::
// ReportCompositorLatencyTraceEvents), so they count such a frame too: in the janky golden trace 90 DroppedFrame
// sequences against 45 frames dropped, while the page's rAF clock sees 46 missed vsyncs.
import { asyncId, numberField, objectArg, stringField, type TraceEvent } from './events.ts';

/** args.frame_reporter.state: STATE_PRESENTED_ALL, STATE_PRESENTED_PARTIAL, STATE_DROPPED, STATE_NO_UPDATE_DESIRED. */
export type FrameState = string;

/** One PipelineReporter slice. Times are trace microseconds. */
export interface FrameReport {
  track: string;
  beginUs: number;
  /** Termination (presentation time for presented frames); null when the trace ended first. */
  endUs: number | null;
  state: FrameState;
  sequence: number;
  source: number | null;
  layerTreeId: number | null;
  /** FORKED / BACKFILL, or null for an ordinary report. */
  frameType: string | null;
  affectsSmoothness: boolean;
  /** Chromium's drop reason when the report carries one (Chromium 156 writes none). */
  dropReason: string | null;
  commit: { beginUs: number; endUs: number } | null;
  sendBeginMainFrame: { beginUs: number; endUs: number } | null;
  activation: { beginUs: number; endUs: number } | null;
}

export const PRESENTED_STATES: ReadonlySet<string> = new Set(['STATE_PRESENTED_ALL', 'STATE_PRESENTED_PARTIAL']);

const STAGES = new Set(['Commit', 'SendBeginMainFrameToCommit', 'Activation']);

interface Interval {
  beginUs: number;
  endUs: number;
}

/** Pairs async b/e events FIFO per key; returns completed intervals per key, in begin order. */
class AsyncPairer<T> {
  private readonly open = new Map<string, T[]>();
  begin(key: string, item: T): void {
    const queue = this.open.get(key);
    if (queue) queue.push(item);
    else this.open.set(key, [item]);
  }
  end(key: string): T | undefined {
    return this.open.get(key)?.shift();
  }
}

/**
 * The PipelineReporter reports of process `pid`, in begin order, with their Commit / SendBeginMainFrameToCommit /
 * Activation stages attached. `events` must be sorted by ts (ties in file order).
 */
export function readFrameReports(events: readonly TraceEvent[], pid: number): FrameReport[] {
  const reports: FrameReport[] = [];
  const reportPairs = new AsyncPairer<FrameReport>();
  const stagePairs = new AsyncPairer<{ name: string; track: string; beginUs: number }>();
  const stages: Array<{ name: string; track: string } & Interval> = [];
  for (const e of events) {
    if (e.pid !== pid || (e.ph !== 'b' && e.ph !== 'e')) continue;
    const isReport = e.name === 'PipelineReporter';
    if (!isReport && !STAGES.has(e.name)) continue;
    const track = asyncId(e);
    if (track === null) continue;
    if (isReport) {
      if (e.ph === 'b') {
        const fr = objectArg(e.args, 'frame_reporter') ?? objectArg(e.args, 'chrome_frame_reporter');
        const report: FrameReport = {
          track,
          beginUs: e.ts,
          endUs: null,
          state: stringField(fr, 'state') ?? 'STATE_UNKNOWN',
          sequence: numberField(fr, 'frame_sequence') ?? -1,
          source: numberField(fr, 'frame_source'),
          layerTreeId: numberField(fr, 'layer_tree_host_id'),
          frameType: stringField(fr, 'frame_type'),
          affectsSmoothness: fr?.affects_smoothness === true,
          dropReason:
            stringField(fr, 'reason') ?? stringField(fr, 'frame_drop_reason') ?? stringField(fr, 'drop_reason'),
          commit: null,
          sendBeginMainFrame: null,
          activation: null,
        };
        reports.push(report);
        reportPairs.begin(track, report);
      } else {
        const report = reportPairs.end(track);
        if (report) report.endUs = e.ts;
      }
    } else {
      const key = `${e.name}|${track}`;
      if (e.ph === 'b') stagePairs.begin(key, { name: e.name, track, beginUs: e.ts });
      else {
        const stage = stagePairs.end(key);
        if (stage) stages.push({ ...stage, endUs: e.ts });
      }
    }
  }

  // A stage belongs to the report on its track whose [begin, end] holds the stage's begin. Reports on one track
  // never overlap, so per track they are sorted and disjoint: binary search.
  const byTrack = new Map<string, FrameReport[]>();
  for (const r of reports) {
    const list = byTrack.get(r.track);
    if (list) list.push(r);
    else byTrack.set(r.track, [r]);
  }
  for (const stage of stages) {
    const list = byTrack.get(stage.track);
    if (!list) continue;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as FrameReport).beginUs <= stage.beginUs) lo = mid + 1;
      else hi = mid;
    }
    const report = list[lo - 1];
    if (!report || (report.endUs !== null && stage.beginUs > report.endUs)) continue;
    const interval = { beginUs: stage.beginUs, endUs: stage.endUs };
    if (stage.name === 'Commit') report.commit ??= interval;
    else if (stage.name === 'SendBeginMainFrameToCommit') report.sendBeginMainFrame ??= interval;
    else report.activation ??= interval;
  }
  return reports;
}

/** One vsync's frame: the unique frame_sequence of one layer tree, with the report that speaks for it. */
export interface Frame {
  sequence: number;
  /** BeginFrame time (trace us). */
  beginUs: number;
  state: FrameState;
  /** The report's affects_smoothness (Chromium's "this drop is jank"). */
  affectsSmoothness: boolean;
  dropReason: string | null;
  /** The non-FORKED report (or the FORKED one when it is all there is). */
  report: FrameReport;
}

/**
 * Frames from reports: one per (frame_source, frame_sequence). The frame's report is its first non-FORKED report
 * (by begin time); a FORKED duplicate is skipped unless it is the only report of its sequence. Sorted by sequence.
 */
export function framesFromReports(reports: readonly FrameReport[]): Frame[] {
  const chosen = new Map<string, FrameReport>();
  for (const r of reports) {
    const key = `${r.source ?? ''}|${r.sequence}`;
    const current = chosen.get(key);
    const forked = r.frameType === 'FORKED';
    if (!current || (current.frameType === 'FORKED' && !forked)) chosen.set(key, r);
  }
  return [...chosen.values()]
    .sort((a, b) => a.sequence - b.sequence || a.beginUs - b.beginUs)
    .map((r) => ({
      sequence: r.sequence,
      beginUs: r.beginUs,
      state: r.state,
      affectsSmoothness: r.affectsSmoothness,
      dropReason: r.dropReason,
      report: r,
    }));
}
