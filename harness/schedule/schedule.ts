// The stream schedule: a pure, seeded function from content + stream shape + rate to timed chunks.
// Same inputs and seed, same schedule, byte for byte (no clock, no Math.random).
//
// Two steps. First every token gets a due time: when the model generates it (TTFT, then gaps at the rate,
// optionally jittered; the mean rate is exact). Then the stream shape groups consecutive tokens into
// network events and decides when each event arrives. An event never arrives before its last token exists.
import { mulberry32 } from '../common/random.ts';
import { markerText, tokenize } from './tokenize.ts';
import type { ContentFormat, Rate, Schedule, ScheduledChunk, ScheduledMarker, StreamShape } from './types.ts';

export interface ScheduleOptions {
  scenario: string;
  format: ContentFormat;
  /** Content without markers. */
  text: string;
  rate: Rate;
  seed: number;
  /** Tokens per network event for the `token` shape (default 1, like OpenAI-style streams). Other shapes need 1. */
  tokensPerChunk?: number;
  /** Gap jitter as a fraction of the mean gap, 0..1 (default 0: a metronome). */
  jitter?: number;
  /** Put a marker before roughly every Nth token (default 8). */
  markerEvery?: number;
  /** Keep only the first N content tokens (quick runs). */
  maxTokens?: number | null;
  /** How tokens are grouped into network events (default `token`). */
  shape?: StreamShape;
}

/**
 * `delta`: an event closes as soon as it holds at least this many characters (markers included: they are streamed
 * text).
 */
export const DELTA_MIN_CHARS = 85;
/** `bursty`: time between network bursts, uniform in this range (ms), seeded. */
export const BURST_GAP_MS: readonly [number, number] = [60, 100];
/** `bursty`: probability that a burst is replaced by a stall. */
export const BURST_STALL_PROBABILITY = 0.05;
/** `bursty`: stall length, uniform in this range (ms), seeded. */
export const BURST_STALL_MS: readonly [number, number] = [150, 450];
/** `mega`: an event closes at the first word boundary after this many words (markers not counted). */
export const MEGA_WORDS = 300;

export const STREAM_SHAPES: ReadonlyArray<{ name: StreamShape; description: string }> = [
  {
    name: 'token',
    description: 'one network event per token (or per --tokens-per-chunk tokens), arriving with it: OpenAI-style SSE',
  },
  {
    name: 'delta',
    description: `multi-token deltas of >= ${DELTA_MIN_CHARS} characters, each arriving with its last token`,
  },
  {
    name: 'bursty',
    description:
      `network bursts every ${BURST_GAP_MS[0]}-${BURST_GAP_MS[1]} ms carrying every token generated since ` +
      `the last one; ${BURST_STALL_PROBABILITY * 100}% of bursts are a ${BURST_STALL_MS[0]}-${BURST_STALL_MS[1]} ms ` +
      `stall instead; the last event arrives with the last token`,
  },
  { name: 'mega', description: `mega-chunks of ~${MEGA_WORDS} words at once, each arriving with its last token` },
];

export class BadShapeError extends Error {}

/** Parses a stream shape name; throws a BadShapeError (an Error) listing the valid names. */
export function parseShape(name: string): StreamShape {
  const trimmed = name.trim();
  const found = STREAM_SHAPES.find((s) => s.name === trimmed);
  if (!found)
    throw new BadShapeError(`unknown stream shape "${name}"; valid: ${STREAM_SHAPES.map((s) => s.name).join(', ')}`);
  return found.name;
}

export const DEFAULT_MARKER_EVERY = 8;

const WORD_TOKEN = /^ [\p{L}\p{N}]/u;
const FENCE_LINE = /(^|\n)\s*(```|~~~)[^\n]*$/;

/**
 * Inserts marker tokens. A marker goes only before a space-led word, so it never lands at the start of a
 * line (where it could break list, heading or fence syntax) nor inside a link target, where it would not be
 * visible. The final token is always a marker, so completion is observable.
 */
export function insertMarkers(
  tokens: readonly string[],
  every: number,
): { tokens: string[]; markerTokenIndexes: number[] } {
  const out: string[] = [];
  const markerTokenIndexes: number[] = [];
  // Start "due", so marker 0 sits before the first word: its TTV is the first-token TTV.
  let sinceMarker = every;
  let inLinkTarget = false;
  for (const token of tokens) {
    if (!inLinkTarget && sinceMarker >= every && WORD_TOKEN.test(token)) {
      markerTokenIndexes.push(out.length);
      out.push(` ${markerText(markerTokenIndexes.length - 1)}`);
      sinceMarker = 0;
    }
    if (token.includes('](')) inLinkTarget = true;
    else if (inLinkTarget && token.includes(')')) inLinkTarget = false;
    out.push(token);
    sinceMarker++;
  }
  const soFar = out.join('');
  // A marker on a closing fence line would turn it into an info string and un-close the block.
  const lead = FENCE_LINE.test(soFar) ? '\n\n' : ' ';
  markerTokenIndexes.push(out.length);
  out.push(`${lead}${markerText(markerTokenIndexes.length - 1)}`);
  return { tokens: out, markerTokenIndexes };
}

/**
 * Due time of each token: TTFT, then gaps averaging 1/rate, optionally jittered (seeded), rescaled so the mean rate is
 * exact.
 */
export function tokenDueTimes(count: number, rate: Rate, jitter: number, seed: number): number[] {
  if (!(rate.tokPerS > 0)) throw new RangeError(`rate must be > 0 tok/s, got ${rate.tokPerS}`);
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`jitter must be within 0..1, got ${jitter}`);
  const meanGap = 1000 / rate.tokPerS;
  const random = mulberry32(seed);
  const gaps: number[] = [];
  for (let i = 1; i < count; i++) gaps.push(meanGap * (1 + jitter * (2 * random() - 1)));
  const scale = gaps.length ? ((count - 1) * meanGap) / gaps.reduce((a, b) => a + b, 0) : 1;
  const due: number[] = [rate.ttftMs];
  for (const gap of gaps) due.push((due[due.length - 1] as number) + gap * scale);
  return due.map(roundUs);
}

const roundUs = (ms: number): number => Math.round(ms * 1000) / 1000;

/** One network event, before texts are attached: tokens first..first+tokenCount-1, arriving at dueMs. */
export interface TokenGroup {
  firstToken: number;
  tokenCount: number;
  dueMs: number;
}

export interface GroupOptions {
  shape: StreamShape;
  /** `token` shape only. */
  tokensPerChunk?: number;
  /** `bursty` only: seeds the burst gaps and stalls. */
  seed?: number;
  /** Token indexes that are markers: `mega` does not count them as words. */
  markerTokenIndexes?: readonly number[];
}

/** The `bursty` shape draws from its own stream, so adding it changed no token due time. */
const burstSeed = (seed: number): number => (seed ^ 0x9e3779b9) >>> 0;

/** `token`: every `per` tokens, arriving with the last of them. */
function groupByCount(n: number, due: readonly number[], per: number): TokenGroup[] {
  const groups: TokenGroup[] = [];
  for (let first = 0; first < n; first += per) {
    const last = Math.min(first + per, n) - 1;
    groups.push(group(first, last, due[last] as number));
  }
  return groups;
}

/** `delta`: an event closes once it holds DELTA_MIN_CHARS characters, arriving with its last token. */
function groupDeltas(tokens: readonly string[], due: readonly number[]): TokenGroup[] {
  const n = tokens.length;
  const groups: TokenGroup[] = [];
  let first = 0;
  let chars = 0;
  for (let i = 0; i < n; i++) {
    chars += (tokens[i] as string).length;
    if (chars >= DELTA_MIN_CHARS || i === n - 1) {
      groups.push(group(first, i, due[i] as number));
      first = i + 1;
      chars = 0;
    }
  }
  return groups;
}

/** `mega`: an event closes at the first word boundary after MEGA_WORDS words (markers not counted). */
function groupMega(
  tokens: readonly string[],
  due: readonly number[],
  markerTokenIndexes: readonly number[],
): TokenGroup[] {
  const n = tokens.length;
  const markers = new Set(markerTokenIndexes);
  const groups: TokenGroup[] = [];
  let first = 0;
  let words = 0;
  let prevSpace = true;
  for (let i = 0; i < n; i++) {
    const token = tokens[i] as string;
    for (const ch of token) {
      const space = /\s/u.test(ch);
      if (!space && prevSpace && !markers.has(i)) words++;
      prevSpace = space;
    }
    // Close at a word boundary, so no word is split across two events.
    const next = tokens[i + 1];
    if (i === n - 1 || (words >= MEGA_WORDS && next !== undefined && /^\s/u.test(next))) {
      groups.push(group(first, i, due[i] as number));
      first = i + 1;
      words = 0;
    }
  }
  return groups;
}

/** `bursty`: network bursts carrying every token generated since the last one, with seeded gaps and stalls. */
function groupBursts(due: readonly number[], seed: number): TokenGroup[] {
  const n = due.length;
  const dueOf = (i: number): number => due[i] as number;
  const groups: TokenGroup[] = [];
  const random = mulberry32(burstSeed(seed));
  const lastDue = dueOf(n - 1);
  let next = 0;
  // The first burst goes out with the first token (TTFT is exact); later bursts follow the network's clock.
  let t = dueOf(0);
  for (;;) {
    let last = next - 1;
    while (last + 1 < n && dueOf(last + 1) <= t) last++;
    if (last >= next) {
      groups.push(group(next, last, roundUs(t)));
      next = last + 1;
    }
    if (next >= n) break;
    const stall = random() < BURST_STALL_PROBABILITY;
    const [lo, hi] = stall ? BURST_STALL_MS : BURST_GAP_MS;
    t += lo + (hi - lo) * random();
    if (t >= lastDue) {
      // The stream ends: the server flushes the rest with the last token.
      groups.push(group(next, n - 1, lastDue));
      break;
    }
  }
  return groups;
}

function group(first: number, last: number, dueMs: number): TokenGroup {
  return { firstToken: first, tokenCount: last - first + 1, dueMs };
}

/**
 * Groups consecutive tokens into network events according to the shape. `due[i]` is when token i is
 * generated. Every token is in exactly one group, in order; due times never go backwards; no group arrives
 * before its last token is generated, and the last group arrives with the last token.
 */
export function groupTokens(tokens: readonly string[], due: readonly number[], options: GroupOptions): TokenGroup[] {
  if (tokens.length !== due.length) {
    throw new RangeError(`tokens (${tokens.length}) and due times (${due.length}) differ in length`);
  }
  if (tokens.length === 0) return [];
  switch (options.shape) {
    case 'token':
      return groupByCount(tokens.length, due, options.tokensPerChunk ?? 1);
    case 'delta':
      return groupDeltas(tokens, due);
    case 'mega':
      return groupMega(tokens, due, options.markerTokenIndexes ?? []);
    case 'bursty':
      return groupBursts(due, options.seed ?? 0);
    default: {
      const never: never = options.shape;
      throw new BadShapeError(`unknown stream shape "${String(never)}"`);
    }
  }
}

export function buildSchedule(options: ScheduleOptions): Schedule {
  const tokensPerChunk = options.tokensPerChunk ?? 1;
  const jitter = options.jitter ?? 0;
  const every = options.markerEvery ?? DEFAULT_MARKER_EVERY;
  const shape = options.shape === undefined ? 'token' : parseShape(options.shape);
  if (!Number.isInteger(tokensPerChunk) || tokensPerChunk < 1)
    throw new RangeError(`tokensPerChunk must be a whole number >= 1, got ${tokensPerChunk}`);
  if (shape !== 'token' && tokensPerChunk !== 1)
    throw new RangeError(
      `tokensPerChunk applies only to the token shape; the ${shape} shape groups tokens itself (got tokensPerChunk ` +
        `${tokensPerChunk})`,
    );
  if (options.text.includes('⟦'))
    throw new Error(`scenario ${options.scenario}: content may not contain the marker bracket ⟦`);

  // Trailing whitespace carries nothing visible; dropping it lets the final marker sit right after the last word.
  let content = tokenize(options.text.trimEnd());
  if (options.maxTokens != null) content = content.slice(0, options.maxTokens);
  const { tokens, markerTokenIndexes } = insertMarkers(content, every);
  const due = tokenDueTimes(tokens.length, options.rate, jitter, options.seed);
  const groups = groupTokens(tokens, due, { shape, tokensPerChunk, seed: options.seed, markerTokenIndexes });

  const chunks: ScheduledChunk[] = [];
  const chunkOfToken: number[] = [];
  for (const group of groups) {
    const end = group.firstToken + group.tokenCount;
    for (let t = group.firstToken; t < end; t++) chunkOfToken.push(chunks.length);
    chunks.push({
      index: chunks.length,
      text: tokens.slice(group.firstToken, end).join(''),
      firstToken: group.firstToken,
      tokenCount: group.tokenCount,
      dueMs: group.dueMs,
    });
  }
  const markers: ScheduledMarker[] = markerTokenIndexes.map((tokenIndex, index) => {
    const chunkIndex = chunkOfToken[tokenIndex] as number;
    return {
      text: markerText(index),
      index,
      tokenIndex,
      chunkIndex,
      dueMs: (chunks[chunkIndex] as ScheduledChunk).dueMs,
    };
  });
  return {
    scenario: options.scenario,
    format: options.format,
    rate: options.rate,
    seed: options.seed,
    tokensPerChunk,
    jitter,
    shape,
    text: tokens.join(''),
    tokenCount: tokens.length,
    chunks,
    markers,
    lastDueMs: (chunks[chunks.length - 1] as ScheduledChunk).dueMs,
  };
}
