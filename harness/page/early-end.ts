// When a sweep run may stop before its settle time (both asked for in the request, never used by cells):
// fail-fast once the run has failed its budget (late markers, dropped frames), and the end on a still page once text
// still hidden will stay hidden. Both are checked every frame, after the frame's rendering.
import { countDroppedFrames, DEFAULT_FRAME_INTERVAL_MS, startedOnTime } from '../common/frame.ts';
import type { CallPlan } from './call-plan.ts';
import type { FrameTimes } from './probe.ts';
import type { PageRunRequest } from './protocol.ts';
import { watchStillness } from './stillness.ts';

/** endWhenStill: how long the page must be still before hidden text is taken as staying hidden. */
const STILL_MS = 500;

/** How a run ends early: why, on which criterion, and the call that ends it. */
export interface EarlyEnd {
  stoppedEarly: string | undefined;
  stoppedOn: 'ttv' | 'dropped' | undefined;
  finish(): void;
}

/** Called by the probe every frame with the stream time, each marker's visible time so far, and the frames. */
export type OnFrame = (nowMs: number, visible: ReadonlyArray<number | null>, frames: FrameTimes) => void;

/**
 * Fail-fast (sweeps), checked every frame: stop once more markers are late than TTV p95 could tolerate, or (when
 * asked) more frames were dropped than the budget allows.
 */
export function failFast(request: PageRunRequest, plan: CallPlan, end: EarlyEnd): OnFrame {
  const budget = request.failFast;
  const window = budget?.droppedFrames;
  const dropped = window ? droppedFramesBetween(window.fromMs, window.toMs) : null;
  return (nowMs, visible, frames) => {
    if (!budget || end.stoppedEarly) return;
    // Counted afresh each frame, with no memory: a late marker stays late (its due and shown times never change).
    const late = request.markers.filter((marker, i) => {
      const due = plan.dueOf(marker.chunkIndex);
      return due !== null && markerLate(due, visible[i] ?? null, nowMs, budget.ttvBudgetMs);
    }).length;
    const droppedNow = dropped?.(frames) ?? 0;
    if (late > budget.maxLateMarkers) {
      end.stoppedEarly = `${late} markers not visible ${budget.ttvBudgetMs} ms after due`;
      end.stoppedOn = 'ttv';
    } else if (window && droppedNow > window.max) {
      end.stoppedEarly = `${droppedNow} frames dropped (${window.max} allowed)`;
      end.stoppedOn = 'dropped';
    }
    if (end.stoppedEarly) end.finish();
  };
}

/**
 * Whether a marker is past its TTV budget at `nowMs`: shown later than due + budget, or not shown by then. A marker
 * shown late counts even when no frame was checked between its deadline and its showing.
 */
export function markerLate(dueMs: number, visibleMs: number | null, nowMs: number, budgetMs: number): boolean {
  return (visibleMs ?? nowMs) > dueMs + budgetMs;
}

/**
 * Vsyncs missed in [fromMs, toMs) so far, counted as the metrics count them (gaps between on-time frames), plus
 * those already missed since the last on-time frame: the next on-time frame closes that gap and counts at least
 * as many. Never more than the run's final count, whose window starts at fromMs and ends at toMs or later.
 */
function droppedFramesBetween(fromMs: number, toMs: number): (frames: FrameTimes) => number {
  const interval = DEFAULT_FRAME_INTERVAL_MS;
  const missed = (a: number, b: number): number => countDroppedFrames([a, b], fromMs, toMs, interval);
  let seen = 0;
  let onTime: number | null = null;
  let latest: number | null = null;
  let closed = 0;
  return ({ rafTimestampsMs, rafStartMs }) => {
    for (; seen < rafTimestampsMs.length; seen++) {
      const t = rafTimestampsMs[seen] as number;
      latest = t;
      if (!startedOnTime(t, rafStartMs[seen], interval)) continue;
      if (onTime !== null) closed += missed(onTime, t);
      onTime = t;
    }
    return closed + (onTime !== null && latest !== null && latest > onTime ? missed(onTime, latest) : 0);
  };
}

/**
 * endWhenStill (sweeps), checked every frame: done once the last chunk is due, every marker's text is in the DOM
 * and the page has been still for STILL_MS. Text still hidden then is left to the metrics as never visible.
 */
export function stillEnd(request: PageRunRequest, plan: CallPlan, now: () => number) {
  const stillness = watchStillness(now);
  let resolve: () => void = () => {};
  const done = new Promise<void>((r) => (resolve = r));
  const lastChunk = request.chunks.length - 1;
  return {
    done,
    afterFrame(nowMs: number, probe: { allCommitted(): boolean }): void {
      const lastDue = plan.dueOf(lastChunk);
      if (lastDue === null || nowMs < lastDue || !probe.allCommitted()) return;
      if (stillness.stillForMs(nowMs) >= STILL_MS) resolve();
    },
    stop: () => stillness.stop(),
  };
}
