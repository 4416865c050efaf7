// The stream schedule: a pure, seeded function from content + stream shape + rate to timed chunks.
// Same inputs and seed, same schedule, byte for byte (no clock, no Math.random).
import { mulberry32 } from './random.ts';
import { markerText, tokenize } from './tokenize.ts';
import type { ContentFormat, Rate, Schedule, ScheduledChunk, ScheduledMarker } from './types.ts';

export interface ScheduleOptions {
  scenario: string;
  format: ContentFormat;
  /** Content without markers. */
  text: string;
  rate: Rate;
  seed: number;
  /** Tokens per network event (default 1, like OpenAI-style streams). */
  tokensPerChunk?: number;
  /** Gap jitter as a fraction of the mean gap, 0..1 (default 0: a metronome). */
  jitter?: number;
  /** Put a marker before roughly every Nth token (default 8). */
  markerEvery?: number;
  /** Keep only the first N content tokens (quick runs). */
  maxTokens?: number | null;
}

export const DEFAULT_MARKER_EVERY = 8;

const WORD_TOKEN = /^ [\p{L}\p{N}]/u;
const FENCE_LINE = /(^|\n)\s*(```|~~~)[^\n]*$/;

/**
 * Inserts marker tokens. A marker goes only before a space-led word, so it never lands at the start of a
 * line (where it could break list, heading or fence syntax) nor inside a link target, where it would not be
 * visible. The final token is always a marker, so completion is observable.
 */
export function insertMarkers(tokens: readonly string[], every: number): { tokens: string[]; markerTokenIndexes: number[] } {
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

/** Due time of each token: TTFT, then gaps averaging 1/rate, optionally jittered (seeded), rescaled so the mean rate is exact. */
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

export function buildSchedule(options: ScheduleOptions): Schedule {
  const tokensPerChunk = options.tokensPerChunk ?? 1;
  const jitter = options.jitter ?? 0;
  const every = options.markerEvery ?? DEFAULT_MARKER_EVERY;
  if (!Number.isInteger(tokensPerChunk) || tokensPerChunk < 1) throw new RangeError(`tokensPerChunk must be a whole number >= 1, got ${tokensPerChunk}`);
  if (options.text.includes('⟦')) throw new Error(`scenario ${options.scenario}: content may not contain the marker bracket ⟦`);

  // Trailing whitespace carries nothing visible; dropping it lets the final marker sit right after the last word.
  let content = tokenize(options.text.trimEnd());
  if (options.maxTokens != null) content = content.slice(0, options.maxTokens);
  const { tokens, markerTokenIndexes } = insertMarkers(content, every);
  const due = tokenDueTimes(tokens.length, options.rate, jitter, options.seed);

  const chunks: ScheduledChunk[] = [];
  const chunkOfToken: number[] = [];
  for (let first = 0; first < tokens.length; first += tokensPerChunk) {
    const last = Math.min(first + tokensPerChunk, tokens.length) - 1;
    // A network event carries tokens that were all generated, so it arrives with its last token.
    for (let t = first; t <= last; t++) chunkOfToken.push(chunks.length);
    chunks.push({ index: chunks.length, text: tokens.slice(first, last + 1).join(''), firstToken: first, tokenCount: last - first + 1, dueMs: due[last] as number });
  }
  const markers: ScheduledMarker[] = markerTokenIndexes.map((tokenIndex, index) => {
    const chunkIndex = chunkOfToken[tokenIndex] as number;
    return { text: markerText(index), index, tokenIndex, chunkIndex, dueMs: (chunks[chunkIndex] as ScheduledChunk).dueMs };
  });
  return {
    scenario: options.scenario,
    format: options.format,
    rate: options.rate,
    seed: options.seed,
    tokensPerChunk,
    jitter,
    text: tokens.join(''),
    tokenCount: tokens.length,
    chunks,
    markers,
    lastDueMs: (chunks[chunks.length - 1] as ScheduledChunk).dueMs,
  };
}
