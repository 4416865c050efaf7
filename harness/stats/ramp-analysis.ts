// Reads a ramp run (one stream whose rate climbs geometrically) for the sweep's first guesses: the rate where
// the backlog starts to grow for good (throughput) and the rate where TTV or dropped frames first break the
// criteria (smoothness). Pure; the guesses only aim the confirming fixed-rate probes, they are not the answer.
import { countDroppedFrames } from '../common/frame.ts';
import type { SweepCriteria } from './saturation-search.ts';

export interface RampMarker {
  dueMs: number;
  tokenIndex: number;
  /** Null: never visible. */
  visibleMs: number | null;
  /** The ramp's instantaneous rate when this marker was due. */
  rateTokPerS: number;
}

export interface RampReading {
  /** Rate at which the lag started growing for good; null: kept up to the ramp's end. */
  throughputGuess: number | null;
  /** Rate at which TTV or dropped frames first broke the criteria; null: never within the ramp. */
  smoothnessGuess: number | null;
}

/** Smoothness is judged over windows this long (stream time): 60 frames, so one dropped frame is under 2%. */
export const RAMP_WINDOW_MS = 1_000;
/** Without a measurable display rate, the backlog counts as grown when the last lag is at least this (as uiBound). */
const GROWN_LAG_MS = 100;
/** The UI is the bottleneck when it shows tokens this much slower than the ramp delivered them. */
const SLOWER_THAN_ARRIVAL = 1.25;

const lagOf = (m: RampMarker): number => (m.visibleMs === null ? Number.POSITIVE_INFINITY : m.visibleMs - m.dueMs);

/**
 * Throughput: over the ramp's late tail (every marker past the budget), the rate at which the UI showed tokens.
 * When that is clearly below the rate the same tokens arrived at, the backlog was growing and the display rate is
 * the renderer's capacity; a constant lag (a batching renderer) shows tokens as fast as they arrive: no limit.
 */
function throughputGuess(markers: readonly RampMarker[], budgetMs: number): number | null {
  const last = markers[markers.length - 1];
  if (!last || lagOf(last) <= budgetMs) return null;
  let first = markers.length - 1;
  while (first > 0 && lagOf(markers[first - 1] as RampMarker) > budgetMs) first--;
  const shown = markers.slice(first).filter((m): m is RampMarker & { visibleMs: number } => m.visibleMs !== null);
  const a = shown[0];
  const b = shown[shown.length - 1];
  if (!a || !b || b.visibleMs - a.visibleMs < 1) {
    return lagOf(last) >= GROWN_LAG_MS ? (markers[first] as RampMarker).rateTokPerS : null;
  }
  const shownRate = ((b.tokenIndex - a.tokenIndex) * 1000) / (b.visibleMs - a.visibleMs);
  const arrivalRate = ((b.tokenIndex - a.tokenIndex) * 1000) / Math.max(1e-3, b.dueMs - a.dueMs);
  return shownRate * SLOWER_THAN_ARRIVAL < arrivalRate ? shownRate : null;
}

/** Dropped frames (missed vsyncs inside [start, end)) as a share of the frames expected there, in %. */
function droppedPctIn(frames: readonly number[], start: number, end: number, intervalMs: number): number {
  return (
    (100 * countDroppedFrames(frames, start, end, intervalMs)) / Math.max(1, Math.round((end - start) / intervalMs))
  );
}

type WindowVerdict = 'late' | 'smooth' | 'unknown';

/** One window from marker `i`: >5% of its markers late, or its frames dropping over the limit, is `late`. */
function windowVerdict(
  markers: readonly RampMarker[],
  i: number,
  frames: readonly number[],
  criteria: SweepCriteria,
  intervalMs: number,
): { verdict: WindowVerdict; lastIn: RampMarker } {
  const start = (markers[i] as RampMarker).dueMs;
  const inWindow = markers.slice(i).filter((m) => m.dueMs < start + RAMP_WINDOW_MS);
  const lastIn = inWindow[inWindow.length - 1] as RampMarker;
  const late = inWindow.filter((m) => lagOf(m) > criteria.ttvBudgetMs).length;
  // A window shorter than RAMP_WINDOW_MS (the ramp's fast end) is judged on TTV only: too few frames.
  const full = lastIn.dueMs - start >= RAMP_WINDOW_MS / 2;
  const dropping = full && droppedPctIn(frames, start, start + RAMP_WINDOW_MS, intervalMs) > criteria.maxDroppedPct;
  const verdict = late * 20 > inWindow.length || dropping ? 'late' : full ? 'smooth' : 'unknown';
  return { verdict, lastIn };
}

/**
 * Rate at the middle of the first window of the ramp's final broken stretch: from there to the ramp's end no window
 * is smooth. A break that recovers later in the ramp (one GC pause, another page's hiccup) is noise, not the limit:
 * taking it would aim the confirming probes far too low, where every passing stream is long and dear.
 */
function smoothnessGuess(
  markers: readonly RampMarker[],
  frames: readonly number[],
  criteria: SweepCriteria,
  intervalMs: number,
): number | null {
  let firstBroken: { i: number; lastIn: RampMarker } | null = null;
  for (let i = markers.length - 1; i >= 0; i--) {
    const { verdict, lastIn } = windowVerdict(markers, i, frames, criteria, intervalMs);
    if (verdict === 'smooth') break;
    if (verdict === 'late') firstBroken = { i, lastIn };
  }
  if (!firstBroken) return null;
  return Math.sqrt((markers[firstBroken.i] as RampMarker).rateTokPerS * firstBroken.lastIn.rateTokPerS);
}

/** First guesses from a ramp run. `frames`: on-time rAF timestamps (stream time), markers in due order. */
export function readRamp(
  markers: readonly RampMarker[],
  frames: readonly number[],
  criteria: SweepCriteria,
  intervalMs: number,
): RampReading {
  const ordered = [...markers].sort((a, b) => a.dueMs - b.dueMs);
  const throughput = throughputGuess(ordered, criteria.ttvBudgetMs);
  const smooth = smoothnessGuess(ordered, frames, criteria, intervalMs);
  // Falling behind breaks TTV too, so smoothness can never be guessed above throughput.
  const both = smooth === null ? throughput : throughput === null ? smooth : Math.min(smooth, throughput);
  return { throughputGuess: throughput, smoothnessGuess: both };
}
