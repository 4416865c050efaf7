// What a person feels while the answer streams (docs/interaction.md): the interaction metrics of one run, computed
// from what the page observed (RawInteraction) while the script typed, scrolled and selected. Pure: no DOM, no I/O.
// Also the thresholds the report colours them against, and the pooled figures of a cell.
import { percentile, percentileCI } from '../stats/basic.ts';
import type {
  FollowSample,
  KeyEventTiming,
  LayoutShiftRecord,
  RawInteraction,
  ReadingRecord,
  SelectionRecord,
} from '../page/interaction-protocol.ts';
import type {
  FollowingMetrics,
  InteractionMetrics,
  InteractionSummary,
  LayoutShiftMetrics,
  ReadingMetrics,
  SelectionMetrics,
  TypingMetrics,
} from './interaction-types.ts';

export type {
  FollowingMetrics,
  InteractionMetrics,
  InteractionSummary,
  LayoutShiftMetrics,
  ReadingMetrics,
  SelectionMetrics,
  TypingMetrics,
};

/** Thresholds (the report's colours and verdicts): typing p95, following share, CLS. */
export const TYPING_P95_BUDGET_MS = 50;
export const FOLLOWING_MIN_PCT = 95;
export const CLS_BUDGET = 0.1;
/** A keystroke slower than this is one a person notices as lag (the share over it is reported). */
export const SLOW_KEY_MS = 100;
/** Event Timing reports only entries of at least this duration: a keystroke with none was faster. */
export const EVENT_TIMING_THRESHOLD_MS = 16;
/** The reader's view may move this little (sub-line rounding) and still count as where the user put it. */
export const READER_TOLERANCE_PX = 4;
/** The browser's own wheel scroll may take this long to land where the user put the view. */
export const WHEEL_SETTLE_MS = 500;
/** CLS session windows (as web-vitals): a gap of 1 s closes a window, and a window spans 5 s at most. */
const SESSION_GAP_MS = 1000;
const SESSION_MAX_MS = 5000;

const round1 = (v: number): number => Math.round(v * 10) / 10;
const pct = (part: number, whole: number): number | null => (whole ? round1((100 * part) / whole) : null);

/**
 * Per keystroke: the longest Event Timing entry of its interaction; with none reported (under the threshold), its
 * key-to-next-paint time, capped just under the threshold.
 */
function keystrokeLatencies(
  raw: RawInteraction,
  toPaint: ReadonlyArray<number | null>,
): { latencies: number[]; keydowns: KeyEventTiming[] } {
  const byInteraction = new Map<number, number>();
  for (const e of raw.keyEvents) {
    if (e.interactionId)
      byInteraction.set(e.interactionId, Math.max(byInteraction.get(e.interactionId) ?? 0, e.durationMs));
  }
  const keydowns: KeyEventTiming[] = [];
  const latencies = raw.keystrokes.map((k, i) => {
    const entry = raw.keyEvents.find((e) => e.name === 'keydown' && Math.abs(e.startMs - k.startMs) < 1);
    if (!entry) return Math.min(toPaint[i] ?? 0, EVENT_TIMING_THRESHOLD_MS - 1);
    keydowns.push(entry);
    return byInteraction.get(entry.interactionId) ?? entry.durationMs;
  });
  return { latencies, keydowns };
}

export function typingMetrics(raw: RawInteraction, postFrameMs: readonly number[]): TypingMetrics {
  const toPaint = raw.keystrokes.map((k) => {
    const painted = postFrameMs.find((t) => t >= k.handledMs);
    return painted === undefined ? null : painted - k.startMs;
  });
  const { latencies, keydowns } = keystrokeLatencies(raw, toPaint);
  const p95 = (values: number[]): number | null => {
    const v = percentile(values, 95);
    return v === null ? null : round1(v);
  };
  return {
    keystrokes: latencies.length,
    latenciesMs: latencies.map(Math.round),
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p98: percentile(latencies, 98),
      max: percentile(latencies, 100),
    },
    over100Pct: pct(latencies.filter((l) => l > SLOW_KEY_MS).length, latencies.length) ?? 0,
    keyToNextPaintP95Ms: p95(toPaint.filter((t): t is number => t !== null)),
    breakdownP95Ms: {
      inputDelay: p95(keydowns.map((e) => e.processingStartMs - e.startMs)),
      processing: p95(keydowns.map((e) => e.processingEndMs - e.processingStartMs)),
      presentation: p95(keydowns.map((e) => e.startMs + e.durationMs - e.processingEndMs)),
    },
  };
}

/** A wheel that landed this close to its aim (a share of its distance) and stayed put landed where the user put it. */
export const LANDING_SHARE = 0.25;

/**
 * Where the user's wheel landed: the first frame (by `settledByMs`) at its aim, or near it (LANDING_SHARE of
 * the distance: content above the anchor changed size while the scroll was in flight) and still for three frames.
 * The view is then judged against that landing. Never landed: judged against the aim from `settledByMs` on.
 */
function landing(
  offsets: ReadingRecord['offsets'],
  settledByMs: number,
  wheelPx: number,
): { from: number; reference: number } {
  const near = Math.max(READER_TOLERANCE_PX, LANDING_SHARE * wheelPx);
  const at = (i: number): number | null => offsets[i]?.offsetPx ?? null;
  for (let i = 0; i < offsets.length && (offsets[i]?.tMs ?? Infinity) <= settledByMs; i++) {
    const [a, b, c] = [at(i), at(i + 1), at(i + 2)];
    if (a === null) continue;
    if (Math.abs(a) <= READER_TOLERANCE_PX) return { from: i, reference: 0 };
    const still = b !== null && c !== null && Math.abs(b - a) <= 1 && Math.abs(c - a) <= 1;
    if (Math.abs(a) <= near && still) return { from: i, reference: a };
  }
  return { from: offsets.findIndex((o) => o.tMs > settledByMs), reference: 0 };
}

/** The reader's view from where the wheel landed until the user scrolled back. */
export function readingMetrics(
  reading: ReadingRecord,
  following: readonly FollowSample[],
  endMs: number,
): ReadingMetrics {
  const { wheelUpMs, returnMs, offsets } = reading;
  let known: number[] = [];
  if (wheelUpMs !== null) {
    // A short read (a fast stream's) leaves the wheel half of it to land.
    const settleMs = returnMs === null ? WHEEL_SETTLE_MS : Math.min(WHEEL_SETTLE_MS, (returnMs - wheelUpMs) / 2);
    const { from, reference } = landing(offsets, wheelUpMs + settleMs, reading.wheelPx ?? 0);
    known = from < 0 ? [] : offsets.slice(from).flatMap((o) => (o.offsetPx === null ? [] : [o.offsetPx - reference]));
  }
  const movedPx = known.length ? round1(Math.max(...known.map(Math.abs))) : null;
  const resumedFollowingPct = returnMs === null ? null : followingAfter(following, returnMs, endMs);
  return {
    respected: movedPx === null ? null : movedPx <= READER_TOLERANCE_PX,
    movedPx,
    resumed: resumedFollowingPct === null ? null : resumedFollowingPct >= FOLLOWING_MIN_PCT,
    resumedFollowingPct,
  };
}

/**
 * Following after the wheel back down: from the first frame showing the newest text (the return scroll landed, within
 * WHEEL_SETTLE_MS) to the end of the stream, the share of frames showing it; 0 if it never landed; null: no frames.
 */
function followingAfter(following: readonly FollowSample[], returnMs: number, endMs: number): number | null {
  const after = following.filter((f) => f.tMs >= returnMs && f.tMs <= endMs);
  const landed = after.findIndex((f) => f.inView && f.tMs <= returnMs + WHEEL_SETTLE_MS);
  if (landed < 0) return after.some((f) => f.tMs > returnMs + WHEEL_SETTLE_MS) ? 0 : null;
  const since = after.slice(landed);
  return pct(since.filter((f) => f.inView).length, since.length);
}

/** Following while the user had not scrolled: frames up to the wheel (or the end of the stream). */
export function followingMetrics(following: readonly FollowSample[], untilMs: number): FollowingMetrics {
  const frames = following.filter((f) => f.tMs <= untilMs);
  return { frames: frames.length, pct: pct(frames.filter((f) => f.inView).length, frames.length) };
}

export function selectionMetrics(selection: SelectionRecord): SelectionMetrics | undefined {
  if (!selection.attempted) return undefined;
  const made = selection.selectedMs !== null;
  const { lostAtUpdate } = selection;
  const lostAfterMs =
    selection.lostMs !== null && selection.selectedMs !== null ? round1(selection.lostMs - selection.selectedMs) : null;
  // A selection no update came after was never put to the test (a page frozen until the stream's end): unknown.
  const tested = made && (lostAtUpdate !== null || selection.updates > 0);
  return {
    made,
    survived: tested ? lostAtUpdate === null : null,
    lostAtUpdate,
    lostAfterMs,
    updates: selection.updates,
  };
}

/** CLS-style: the largest session window of shifts outside the growing edge (input is ignored: see the docs). */
export function layoutShiftMetrics(shifts: readonly LayoutShiftRecord[]): LayoutShiftMetrics {
  const counted = shifts.filter((s) => !s.atEdge).sort((a, b) => a.startMs - b.startMs);
  let cls = 0;
  let sum = 0;
  let windowStart = -Infinity;
  let last = -Infinity;
  for (const s of counted) {
    if (s.startMs - last > SESSION_GAP_MS || s.startMs - windowStart > SESSION_MAX_MS) {
      sum = 0;
      windowStart = s.startMs;
    }
    sum += s.value;
    last = s.startMs;
    cls = Math.max(cls, sum);
  }
  return { cls: Math.round(cls * 1e4) / 1e4, shifts: counted.length, edgeShifts: shifts.length - counted.length };
}

/** Every metric of one interaction run; `streamEndMs`: when the stream ended (renderer.end() or the page stopped). */
export function computeInteractionMetrics(
  raw: RawInteraction,
  postFrameMs: readonly number[],
  streamEndMs: number,
): InteractionMetrics {
  const { request } = raw;
  const wheelUpMs = raw.reading?.wheelUpMs ?? null;
  const selection = raw.selection ? selectionMetrics(raw.selection) : undefined;
  return {
    ...(request.typing ? { typing: typingMetrics(raw, postFrameMs) } : {}),
    ...(raw.reading ? { reading: readingMetrics(raw.reading, raw.following, streamEndMs) } : {}),
    following: followingMetrics(raw.following, Math.min(streamEndMs, wheelUpMs ?? Infinity)),
    ...(selection ? { selection } : {}),
    layoutShift: layoutShiftMetrics(raw.layoutShifts),
    ...(raw.driver?.error ? { driverError: raw.driver.error } : {}),
  };
}

const allOf = (values: ReadonlyArray<boolean | null | undefined>): boolean | null => {
  const known = values.filter((v): v is boolean => typeof v === 'boolean');
  return known.length ? known.every(Boolean) : null;
};
const maxOf = (values: ReadonlyArray<number | null | undefined>): number | null => {
  const known = values.filter((v): v is number => typeof v === 'number');
  return known.length ? Math.max(...known) : null;
};

/** The typing p95's interval over the pooled keystrokes (absent with none). */
function typingSpread(latencies: readonly number[]): Pick<InteractionSummary, 'typingP95CI'> {
  if (!latencies.length) return {};
  const { low, high, level } = percentileCI(latencies, 95);
  return { typingP95CI: { lowMs: low, highMs: high, level: round1(100 * level) / 100 } };
}

export function summarizeInteraction(runs: readonly InteractionMetrics[]): InteractionSummary {
  const latencies = runs.flatMap((r) => r.typing?.latenciesMs ?? []);
  const frames = runs.reduce((n, r) => n + r.following.frames, 0);
  const inView = runs.reduce((n, r) => n + ((r.following.pct ?? 0) * r.following.frames) / 100, 0);
  const lost = runs.map((r) => r.selection?.lostAtUpdate).filter((v): v is number => typeof v === 'number');
  return {
    runs: runs.length,
    keystrokes: latencies.length,
    typingP50Ms: percentile(latencies, 50),
    typingP95Ms: percentile(latencies, 95),
    ...typingSpread(latencies),
    typingP98Ms: percentile(latencies, 98),
    typingMaxMs: percentile(latencies, 100),
    typingOver100Pct: pct(latencies.filter((l) => l > SLOW_KEY_MS).length, latencies.length),
    readerRespected: allOf(runs.map((r) => r.reading?.respected)),
    movedPx: maxOf(runs.map((r) => r.reading?.movedPx)),
    followResumed: allOf(runs.map((r) => r.reading?.resumed)),
    followingPct: pct(Math.round(inView), frames),
    selectionSurvived: allOf(runs.map((r) => r.selection?.survived)),
    selectionLostAtUpdate: lost.length ? Math.min(...lost) : null,
    cls: maxOf(runs.map((r) => r.layoutShift.cls)),
  };
}

/** The five checks of a cell, each passed, failed or unknown (null), against the stated thresholds. */
export interface InteractionChecks {
  typing: boolean | null;
  reader: boolean | null;
  following: boolean | null;
  selection: boolean | null;
  layoutShift: boolean | null;
}

export function interactionChecks(s: InteractionSummary): InteractionChecks {
  return {
    typing: s.typingP95Ms === null ? null : s.typingP95Ms <= TYPING_P95_BUDGET_MS,
    reader: s.readerRespected,
    following: s.followingPct === null ? null : s.followingPct >= FOLLOWING_MIN_PCT,
    selection: s.selectionSurvived,
    layoutShift: s.cls === null ? null : s.cls <= CLS_BUDGET,
  };
}
