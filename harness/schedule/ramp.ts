// Ramp schedule for the saturation sweep: one stream of a scenario's own content whose instantaneous token
// rate climbs geometrically (per token) from a start rate to an end rate, so a single run sweeps the whole
// rate range. Pure: it re-times an ordinary schedule, so markers, shapes and chunk texts stay as they are.
import type { Schedule } from './types.ts';

/** A ramp should last about this long (stream time): long enough to watch a backlog grow, short enough to be cheap. */
export const RAMP_TARGET_MS = 6_000;
/** The ramp streams at most this many tokens of the content (long scenarios would otherwise ramp too slowly). */
export const RAMP_MAX_TOKENS = 1_500;

export interface RampSpec {
  startTokPerS: number;
  endTokPerS: number;
  /** Tokens the rate climbs over (the schedule's token count). */
  tokens: number;
}

/** Rate growth per token: rate(u) = start * exp(growth * u). */
function growth(spec: RampSpec): number {
  return Math.log(spec.endTokPerS / spec.startTokPerS) / Math.max(1, spec.tokens - 1);
}

/** Stream time (ms, from the first token) at which token position u (fractional tokens) is due. */
export function rampElapsedMs(u: number, spec: RampSpec): number {
  const a = growth(spec);
  if (a === 0) return (1000 * u) / spec.startTokPerS;
  return (1000 * (1 - Math.exp(-a * u))) / (spec.startTokPerS * a);
}

/** Instantaneous rate (tok/s) at `elapsedMs` after the first token. */
export function rampRateAt(elapsedMs: number, spec: RampSpec): number {
  const a = growth(spec);
  const left = 1 - (elapsedMs / 1000) * spec.startTokPerS * a;
  // Past the last token the rate would diverge: clamp to the end rate.
  return left <= spec.startTokPerS / spec.endTokPerS ? spec.endTokPerS : spec.startTokPerS / left;
}

/**
 * The start rate that makes a ramp over `tokens` tokens up to `endTokPerS` last about `targetMs`, at least
 * `minTokPerS`. A geometric ramp spends most of its time at its low end: duration ~ tokens / (start * ln(end/start)).
 */
export function rampStartRate(
  tokens: number,
  endTokPerS: number,
  minTokPerS: number,
  targetMs = RAMP_TARGET_MS,
): number {
  const duration = (start: number): number => rampElapsedMs(tokens - 1, { startTokPerS: start, endTokPerS, tokens });
  let lo = minTokPerS;
  let hi = endTokPerS / 2;
  if (duration(lo) <= targetMs || hi <= lo) return lo;
  // Duration falls as the start rate rises: bisect (geometrically) for the target.
  for (let i = 0; i < 40; i++) {
    const mid = Math.sqrt(lo * hi);
    if (duration(mid) > targetMs) lo = mid;
    else hi = mid;
  }
  return Math.round(hi);
}

/**
 * Re-times `base` (built at a constant rate, one token per event or any other shape) as a ramp: a chunk due at
 * token position u of the constant-rate stream becomes due at rampElapsedMs(u) after the same TTFT. The map is
 * monotone, so chunk and marker order, and every marker's chunk, are unchanged. `fromChunk`: a late-joining
 * schedule (harness/schedule/tail.ts) ramps from that chunk on, counted from its due time (`originMs`).
 */
export function rampSchedule(
  base: Schedule,
  startTokPerS: number,
  endTokPerS: number,
  fromChunk = 0,
): { schedule: Schedule; spec: RampSpec; originMs: number } {
  if (base.calls) throw new Error(`scenario ${base.scenario}: an agent loop cannot be ramped`);
  if (!(startTokPerS > 0 && endTokPerS >= startTokPerS))
    throw new RangeError(`bad ramp ${startTokPerS}..${endTokPerS}`);
  const ramped = base.chunks.slice(fromChunk);
  const spec: RampSpec = { startTokPerS, endTokPerS, tokens: ramped.reduce((n, c) => n + c.tokenCount, 0) };
  const { ttftMs, tokPerS } = base.rate;
  const originMs = fromChunk === 0 ? ttftMs : (ramped[0]?.dueMs ?? ttftMs);
  const warp = (dueMs: number): number =>
    Math.round((originMs + rampElapsedMs(((dueMs - originMs) * tokPerS) / 1000, spec)) * 1000) / 1000;
  const chunks = base.chunks.map((c, i) => (i < fromChunk ? c : { ...c, dueMs: warp(c.dueMs) }));
  const markers = base.markers.map((m) => ({ ...m, dueMs: (chunks[m.chunkIndex] ?? m).dueMs }));
  const schedule: Schedule = {
    ...base,
    rate: { name: `ramp ${startTokPerS}-${endTokPerS}`, tokPerS: endTokPerS, ttftMs },
    chunks,
    markers,
    lastDueMs: chunks[chunks.length - 1]?.dueMs ?? ttftMs,
  };
  return { schedule, spec, originMs };
}
