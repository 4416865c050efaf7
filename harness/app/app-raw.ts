// An app run's raw timeline in the renderer page's shape (RawRun), so every metric, statistic and report section
// reads it unchanged. Stream time 0 is when the mock provider received the app's request: the schedule's clock
// starts there, and each chunk is due at dueMs after it. The probe's times are the page's performance.now(); the
// page's and Node's epoch clocks (timeOrigin + now(), both) differ by `offsetMs`, measured per run. The page's
// receipt of each chunk is not observable in an app: `deliveredMs` is when the mock provider wrote it, so the
// "buffering" span of the TTV breakdown holds the app's network, relay, parsing and state work.
import type { LongFrame, RawRun } from '../page/protocol.ts';
import type { PageRunRequest } from '../page/protocol.ts';
import type { AppProbeResult } from './probe-entry.ts';
import { interactionInStreamTime } from './app-interaction.ts';

/** What the mock provider served for the run (its ServedStream), in epoch ms and stream ms. */
export interface ServedRun {
  receivedAtMs: number;
  chunks: ReadonlyArray<{ text: string; dueMs: number; sentMs: number }>;
  finishedAtMs: number | null;
}

export interface PageClock {
  timeOrigin: number;
  /** Page epoch minus Node epoch at the same instant (ms). */
  offsetMs: number;
}

/** performance.now() on the page at stream time 0. */
export function pageT0(served: ServedRun, clock: PageClock): number {
  return served.receivedAtMs + clock.offsetMs - clock.timeOrigin;
}

const shiftAll = (values: readonly number[], t0: number): number[] => values.map((v) => v - t0);
const shift = (value: number | null | undefined, t0: number): number | null =>
  value === null || value === undefined ? null : value - t0;

function shiftLongFrame(frame: LongFrame, t0: number): LongFrame {
  return {
    ...frame,
    startMs: frame.startMs - t0,
    renderStartMs: frame.renderStartMs - t0,
    styleAndLayoutStartMs: frame.styleAndLayoutStartMs - t0,
  };
}

export function appRawRun(
  request: PageRunRequest,
  served: ServedRun,
  observed: AppProbeResult,
  clock: PageClock,
  end: { timedOut: boolean; stoppedEarly: string | null },
): RawRun {
  const t0 = pageT0(served, clock);
  const { result } = observed;
  const commits = result.commitMs.flatMap((c) => (c === null ? [] : [c - t0]));
  const firstCommitMs = commits.length ? Math.min(...commits) : null;
  const interaction = observed.interaction && interactionInStreamTime(observed.interaction, t0, firstCommitMs);
  const chunks = request.chunks.map((c, i) => {
    const sent = served.chunks[i]?.sentMs ?? null;
    return { dueMs: served.chunks[i]?.dueMs ?? c.dueMs, sentMs: sent, deliveredMs: sent, tokenCount: c.tokenCount };
  });
  return {
    chunks,
    markers: request.markers.map((m, i) => {
      const reason = result.notVisible[i];
      return {
        text: m.text,
        tokenIndex: m.tokenIndex,
        dueMs: chunks[m.chunkIndex]?.dueMs ?? m.dueMs,
        deliveredMs: chunks[m.chunkIndex]?.deliveredMs ?? null,
        commitMs: shift(result.commitMs[i], t0),
        visibleMs: shift(result.visibleMs[i], t0),
        ...(reason ? { notVisible: reason } : {}),
      };
    }),
    frames: {
      rafTimestampsMs: shiftAll(result.rafTimestampsMs, t0),
      rafStartMs: shiftAll(result.rafStartMs, t0),
      postFrameMs: shiftAll(result.postFrameMs, t0),
    },
    longFrames: result.longFrames.map((f) => shiftLongFrame(f, t0)),
    endCalledMs: served.finishedAtMs === null ? null : served.finishedAtMs - served.receivedAtMs,
    stoppedMs: observed.stoppedAt - t0,
    errors: [],
    finalVisibleText: observed.finalVisibleText,
    finalText: observed.finalText,
    timedOut: end.timedOut && result.visibleMs.some((v) => v === null),
    rootEmptyAfterDispose: true,
    pageT0Ms: t0,
    ...(end.stoppedEarly ? { stoppedEarly: end.stoppedEarly, stoppedOn: 'ttv' as const } : {}),
    ...(result.unmeasurable ? { unmeasurable: true } : {}),
    ...(interaction ? { interaction } : {}),
  };
}
