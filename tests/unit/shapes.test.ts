// Stream shapes: how tokens (due at the rate) are grouped into network events and when each arrives.
import { describe, expect, it } from 'vitest';
import {
  BURST_GAP_MS,
  BURST_STALL_MS,
  DELTA_MIN_CHARS,
  MEGA_WORDS,
  STREAM_SHAPES,
  buildSchedule,
  groupTokens,
  insertMarkers,
  parseShape,
  tokenDueTimes,
  type ScheduleOptions,
} from '../../harness/schedule/schedule.ts';
import { tokenize } from '../../harness/schedule/tokenize.ts';
import type { Rate, Schedule, StreamShape } from '../../harness/schedule/types.ts';
import { findScenario, loadScenarioText } from '../../scenarios/index.ts';

const SHAPES: StreamShape[] = ['token', 'delta', 'bursty', 'mega'];
const RATES = [55, 981, 5000];
const TTFT = 200;
const rate = (tokPerS: number, ttftMs = TTFT): Rate => ({ name: String(tokPerS), tokPerS, ttftMs });
const long = findScenario('long-markdown')!;
const longText = loadScenarioText(long);

const build = (overrides: Partial<ScheduleOptions> = {}): Schedule =>
  buildSchedule({ scenario: long.name, format: long.format, text: longText, rate: rate(981), seed: 7, ...overrides });

const cache = new Map<string, Schedule>();
const scheduleFor = (shape: StreamShape, tokPerS: number, jitter = 0): Schedule => {
  const key = `${shape}|${tokPerS}|${jitter}`;
  let s = cache.get(key);
  if (!s) {
    s = build({ shape, rate: rate(tokPerS), jitter });
    cache.set(key, s);
  }
  return s;
};

const gaps = (s: Schedule): number[] => s.chunks.slice(1).map((c, i) => c.dueMs - s.chunks[i]!.dueMs);
const median = (xs: number[]): number => {
  const sorted = xs.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
/** Content words in an event (markers are not words of the answer). */
const words = (text: string): number =>
  text
    .replace(/ ?⟦\d+⟧/g, ' ')
    .split(/\s+/)
    .filter(Boolean).length;

describe('every shape', () => {
  const cases = SHAPES.flatMap((shape) => RATES.map((tokPerS) => ({ shape, tokPerS })));

  it.each(cases)(
    '$shape at $tokPerS tok/s: mean rate within 0.5% of the target, with and without jitter',
    ({ shape, tokPerS }) => {
      for (const jitter of [0, 0.8]) {
        const s = scheduleFor(shape, tokPerS, jitter);
        // First token is due at TTFT; the last event arrives with the last token.
        const achieved = ((s.tokenCount - 1) / (s.lastDueMs - TTFT)) * 1000;
        expect(Math.abs(achieved / tokPerS - 1)).toBeLessThan(0.005);
      }
    },
  );

  it.each(cases)(
    '$shape at $tokPerS tok/s: events cover the text in order, never early, markers due with their chunk',
    ({ shape, tokPerS }) => {
      const s = scheduleFor(shape, tokPerS, 0.5);
      expect(s.shape).toBe(shape);
      expect(s.chunks.map((c) => c.text).join('')).toBe(s.text);
      const due = tokenDueTimes(s.tokenCount, s.rate, s.jitter, s.seed);
      let next = 0;
      s.chunks.forEach((c, i) => {
        expect(c.index).toBe(i);
        expect(c.firstToken).toBe(next);
        expect(c.tokenCount).toBeGreaterThan(0);
        next += c.tokenCount;
        // A network event carries only tokens that exist.
        expect(c.dueMs).toBeGreaterThanOrEqual(due[c.firstToken + c.tokenCount - 1]!);
        if (i > 0) expect(c.dueMs).toBeGreaterThanOrEqual(s.chunks[i - 1]!.dueMs);
      });
      expect(next).toBe(s.tokenCount);
      expect(s.lastDueMs).toBe(due[due.length - 1]);
      for (const m of s.markers) {
        const c = s.chunks[m.chunkIndex]!;
        expect(m.dueMs).toBe(c.dueMs);
        expect(m.tokenIndex).toBeGreaterThanOrEqual(c.firstToken);
        expect(m.tokenIndex).toBeLessThan(c.firstToken + c.tokenCount);
        expect(c.text).toContain(m.text);
      }
    },
  );

  it.each(SHAPES)('%s is deterministic for a seed, byte for byte', (shape) => {
    const a = JSON.stringify(build({ shape, jitter: 0.5, seed: 42 }));
    expect(JSON.stringify(build({ shape, jitter: 0.5, seed: 42 }))).toBe(a);
    expect(JSON.stringify(build({ shape, jitter: 0.5, seed: 43 }))).not.toBe(a);
  });

  it('bursty gaps depend on the seed even without jitter; the other shapes then do not', () => {
    const at = (shape: StreamShape, seed: number): string => JSON.stringify(build({ shape, seed }).chunks);
    expect(at('bursty', 1)).not.toBe(at('bursty', 2));
    for (const shape of ['token', 'delta', 'mega'] as const) expect(at(shape, 1)).toBe(at(shape, 2));
  });

  it('the default shape is token, identical to asking for it', () => {
    const implicit = build();
    expect(implicit.shape).toBe('token');
    expect(JSON.stringify(implicit)).toBe(JSON.stringify(build({ shape: 'token' })));
    expect(implicit.chunks.length).toBe(implicit.tokenCount);
  });
});

describe('delta', () => {
  it.each(RATES)('holds 70-110 characters per event on average at %i tok/s, each >= 85 but the last', (tokPerS) => {
    const s = scheduleFor('delta', tokPerS);
    const chars = s.chunks.map((c) => c.text.length);
    const mean = chars.reduce((a, b) => a + b, 0) / chars.length;
    expect(mean).toBeGreaterThanOrEqual(70);
    expect(mean).toBeLessThanOrEqual(110);
    for (const n of chars.slice(0, -1)) expect(n).toBeGreaterThanOrEqual(DELTA_MIN_CHARS);
    // Closed as soon as it reaches the threshold: without its last token it was below it.
    const tokens = insertMarkers(tokenize(longText.trimEnd()), 8).tokens;
    for (const c of s.chunks.slice(0, -1))
      expect(c.text.length - tokens[c.firstToken + c.tokenCount - 1]!.length).toBeLessThan(DELTA_MIN_CHARS);
  });

  it('closes each event on the token that reaches 85 characters', () => {
    const s = scheduleFor('delta', 981);
    const due = tokenDueTimes(s.tokenCount, s.rate, 0, s.seed);
    for (const c of s.chunks.slice(0, -1)) {
      expect(c.dueMs).toBe(due[c.firstToken + c.tokenCount - 1]);
    }
  });
});

describe('bursty', () => {
  it.each(RATES)('sends an event every 60-100 ms (median) at %i tok/s', (tokPerS) => {
    const m = median(gaps(scheduleFor('bursty', tokPerS)));
    expect(m).toBeGreaterThanOrEqual(BURST_GAP_MS[0]);
    expect(m).toBeLessThanOrEqual(BURST_GAP_MS[1]);
  });

  it('at 55 tok/s carries ~4 tokens per burst and stalls for >= 150 ms at times over a long stream', () => {
    const s = scheduleFor('bursty', 55);
    const inner = s.chunks.slice(1, -1);
    const meanTokens = inner.reduce((a, c) => a + c.tokenCount, 0) / inner.length;
    expect(meanTokens).toBeGreaterThan(3);
    expect(meanTokens).toBeLessThan(6);
    const g = gaps(s);
    const stalls = g.filter((x) => x >= BURST_STALL_MS[0]);
    expect(stalls.length).toBeGreaterThanOrEqual(1);
    // ~5% of bursts stall: over ~900 bursts that is dozens, not hundreds.
    expect(stalls.length / g.length).toBeGreaterThan(0.01);
    expect(stalls.length / g.length).toBeLessThan(0.12);
    for (const x of g) expect(x).toBeLessThanOrEqual(BURST_STALL_MS[1] + 1e-6);
  });

  it(
    'the first event goes out with the first token at TTFT, ' + 'and each burst carries everything generated by then',
    () => {
      const s = scheduleFor('bursty', 981, 0.5);
      expect(s.chunks[0]!.dueMs).toBe(TTFT);
      const due = tokenDueTimes(s.tokenCount, s.rate, s.jitter, s.seed);
      for (const c of s.chunks.slice(0, -1)) {
        const nextToken = c.firstToken + c.tokenCount;
        expect(due[nextToken]!).toBeGreaterThan(c.dueMs);
      }
    },
  );

  it('uses its own random stream: token due times are the same as for the token shape', () => {
    const token = scheduleFor('token', 981, 0.5);
    const due = tokenDueTimes(token.tokenCount, token.rate, 0.5, token.seed);
    expect(token.chunks.map((c) => c.dueMs)).toEqual(due);
  });
});

describe('mega', () => {
  it.each(RATES)('sends events of >= 200 words at %i tok/s, all but the last', (tokPerS) => {
    const s = scheduleFor('mega', tokPerS);
    expect(s.chunks.length).toBeGreaterThan(3);
    for (const c of s.chunks.slice(0, -1)) {
      expect(words(c.text)).toBeGreaterThanOrEqual(200);
      expect(words(c.text)).toBeLessThanOrEqual(MEGA_WORDS + 5);
    }
    // Events end between words, so no word is split across two events.
    for (const c of s.chunks.slice(1)) expect(c.text).toMatch(/^\s/);
  });
});

describe('small cases, computed by hand', () => {
  const flatDue = (n: number, gap: number, start = 0): number[] => Array.from({ length: n }, (_, i) => start + i * gap);

  it('token: 7 tokens in chunks of 3 -> 3, 3, 1, each due with its last token', () => {
    const tokens = ['a', ' b', ' c', ' d', ' e', ' f', ' g'];
    expect(groupTokens(tokens, flatDue(7, 10), { shape: 'token', tokensPerChunk: 3 })).toEqual([
      { firstToken: 0, tokenCount: 3, dueMs: 20 },
      { firstToken: 3, tokenCount: 3, dueMs: 50 },
      { firstToken: 6, tokenCount: 1, dueMs: 60 },
    ]);
  });

  it('delta: 20 tokens of 10 characters -> 9 + 9 + 2 (90 characters reach 85)', () => {
    const tokens = Array.from({ length: 20 }, () => ' abcdefghi');
    expect(groupTokens(tokens, flatDue(20, 5), { shape: 'delta' })).toEqual([
      { firstToken: 0, tokenCount: 9, dueMs: 40 },
      { firstToken: 9, tokenCount: 9, dueMs: 85 },
      { firstToken: 18, tokenCount: 2, dueMs: 95 },
    ]);
  });

  it('delta through buildSchedule: "one two three" fits in one event, due with its last token', () => {
    const s = buildSchedule({
      scenario: 'x',
      format: 'plain',
      text: 'one two three',
      rate: rate(10, 100),
      seed: 1,
      shape: 'delta',
    });
    // Tokens: "one", marker 0, " two", " three", final marker 1; due at 100, 200, ..., 500.
    expect(s.text).toBe('one ⟦0⟧ two three ⟦1⟧');
    expect(s.chunks).toEqual([{ index: 0, text: 'one ⟦0⟧ two three ⟦1⟧', firstToken: 0, tokenCount: 5, dueMs: 500 }]);
    expect(s.markers.map((m) => [m.tokenIndex, m.chunkIndex, m.dueMs])).toEqual([
      [1, 0, 500],
      [4, 0, 500],
    ]);
    const token = buildSchedule({
      scenario: 'x',
      format: 'plain',
      text: 'one two three',
      rate: rate(10, 100),
      seed: 1,
    });
    expect(token.chunks.map((c) => c.dueMs)).toEqual([100, 200, 300, 400, 500]);
  });

  it('mega: 650 one-word tokens -> 300 + 300 + 50; markers are not counted as words', () => {
    const tokens = Array.from({ length: 650 }, () => ' word');
    expect(
      groupTokens(tokens, flatDue(650, 1), { shape: 'mega' }).map((g) => [g.firstToken, g.tokenCount, g.dueMs]),
    ).toEqual([
      [0, 300, 299],
      [300, 300, 599],
      [600, 50, 649],
    ]);
    // With tokens 0 and 10 as markers, the first event needs two more tokens to hold 300 words.
    expect(groupTokens(tokens, flatDue(650, 1), { shape: 'mega', markerTokenIndexes: [0, 10] })[0]).toEqual({
      firstToken: 0,
      tokenCount: 302,
      dueMs: 301,
    });
  });

  it('mega: never splits a word, even past 300 words', () => {
    const tokens = [...Array.from({ length: 300 }, () => ' word'), 'piece', 'piece', ' next'];
    expect(groupTokens(tokens, flatDue(303, 1), { shape: 'mega' }).map((g) => g.tokenCount)).toEqual([302, 1]);
  });

  it(
    'bursty: at 1 tok/s each token goes out in the first burst after it (within a gap or a stall); ' +
      'the last goes out with itself',
    () => {
      const groups = groupTokens(['a', ' b', ' c'], [0, 1000, 2000], { shape: 'bursty', seed: 5 });
      expect(groups.length).toBe(3);
      expect(groups[0]).toEqual({ firstToken: 0, tokenCount: 1, dueMs: 0 });
      expect(groups[1]!.firstToken).toBe(1);
      expect(groups[1]!.dueMs).toBeGreaterThanOrEqual(1000);
      expect(groups[1]!.dueMs).toBeLessThan(1000 + BURST_STALL_MS[1]);
      expect(groups[2]).toEqual({ firstToken: 2, tokenCount: 1, dueMs: 2000 });
    },
  );

  it('bursty: tokens generated before the first network tick go out together with the last token', () => {
    // 5 tokens within 4 µs: the first burst (at TTFT) carries token 0; the stream ends before the next tick.
    expect(
      groupTokens(['a', 'b', 'c', 'd', 'e'], [0, 0.001, 0.002, 0.003, 0.004], { shape: 'bursty', seed: 1 }),
    ).toEqual([
      { firstToken: 0, tokenCount: 1, dueMs: 0 },
      { firstToken: 1, tokenCount: 4, dueMs: 0.004 },
    ]);
  });

  it('a single token is a single event for every shape', () => {
    for (const shape of SHAPES)
      expect(groupTokens(['only'], [7], { shape, seed: 1 })).toEqual([{ firstToken: 0, tokenCount: 1, dueMs: 7 }]);
  });
});

describe('parseShape and STREAM_SHAPES', () => {
  it('lists the four shapes with descriptions', () => {
    expect(STREAM_SHAPES.map((s) => s.name)).toEqual(SHAPES);
    for (const s of STREAM_SHAPES) expect(s.description.length).toBeGreaterThan(20);
  });

  it('parses valid names and rejects unknown ones with the list', () => {
    for (const name of SHAPES) expect(parseShape(name)).toBe(name);
    expect(parseShape(' delta ')).toBe('delta');
    for (const bad of ['burst', '', 'TOKEN', 'tokens']) {
      expect(() => parseShape(bad)).toThrow(Error);
      expect(() => parseShape(bad)).toThrow(/token, delta, bursty, mega/);
    }
  });

  it('buildSchedule rejects an unknown shape, and tokensPerChunk with a shape that groups tokens itself', () => {
    expect(() => build({ shape: 'nope' as StreamShape })).toThrow(/token, delta, bursty, mega/);
    expect(() => build({ shape: 'delta', tokensPerChunk: 4 })).toThrow(/tokensPerChunk/);
    expect(build({ shape: 'token', tokensPerChunk: 4 }).chunks[0]!.tokenCount).toBe(4);
  });
});
