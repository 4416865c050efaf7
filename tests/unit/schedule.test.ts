import { describe, expect, it } from 'vitest';
import { buildSchedule, insertMarkers, tokenDueTimes } from '../../harness/schedule/schedule.ts';
import { MARKER_PATTERN, tokenize } from '../../harness/schedule/tokenize.ts';
import type { Rate, Schedule } from '../../harness/schedule/types.ts';
import { SCENARIOS, loadScenarioText } from '../../scenarios/index.ts';
import { RATE_PRESETS, defaultTtftMs, parseRate } from '../../scenarios/rates.ts';

const rate = (tokPerS: number, ttftMs = 200): Rate => ({ name: String(tokPerS), tokPerS, ttftMs });
const markdown = SCENARIOS.find((s) => s.name === 'markdown-answer')!;
const prose = SCENARIOS.find((s) => s.name === 'prose-answer')!;
const schedule = (overrides: Partial<Parameters<typeof buildSchedule>[0]> = {}): Schedule =>
  buildSchedule({
    scenario: markdown.name,
    format: markdown.format,
    text: loadScenarioText(markdown),
    rate: rate(981),
    seed: 7,
    ...overrides,
  });

/** Tokens per second between the first and the last token's due time. */
function meanRate(s: Schedule): number {
  const first = s.chunks[0]!;
  const last = s.chunks[s.chunks.length - 1]!;
  const firstTokenDue = first.dueMs; // with one token per chunk the first chunk is the first token
  return ((s.tokenCount - first.tokenCount) / (last.dueMs - firstTokenDue)) * 1000;
}

describe('tokenize', () => {
  it('is lossless: tokens join back to the text', () => {
    for (const def of SCENARIOS) {
      const text = loadScenarioText(def);
      expect(tokenize(text).join('')).toBe(text);
    }
  });

  it('lands in a realistic characters-per-token band (BPE English ~3.7-4.5)', () => {
    for (const def of SCENARIOS) {
      const text = loadScenarioText(def);
      const perToken = text.length / tokenize(text).length;
      expect(perToken).toBeGreaterThan(3.3);
      expect(perToken).toBeLessThan(4.8);
    }
  });

  it('keeps common words whole with their leading space and splits long words', () => {
    expect(tokenize('The cat sat.')).toEqual(['The', ' cat', ' sat', '.']);
    expect(tokenize(' internationalization').length).toBeGreaterThan(2);
    expect(tokenize(' internationalization').join('')).toBe(' internationalization');
  });
});

describe('content', () => {
  it('ships a ~500-token markdown answer and a ~1,500-token prose answer', () => {
    expect(tokenize(loadScenarioText(markdown)).length).toBeGreaterThan(400);
    expect(tokenize(loadScenarioText(markdown)).length).toBeLessThan(600);
    expect(tokenize(loadScenarioText(prose)).length).toBeGreaterThan(1300);
    expect(tokenize(loadScenarioText(prose)).length).toBeLessThan(1700);
  });

  it('the markdown answer has every construct the renderers must handle', () => {
    const text = loadScenarioText(markdown);
    expect(text).toMatch(/^#{2,3} /m); // heading
    expect(text).toMatch(/^- /m); // list
    expect(text).toMatch(/^1\. /m); // ordered list
    expect(text).toMatch(/\*\*[^*]+\*\*/); // bold
    expect(text).toMatch(/`[^`\n]+`/); // inline code
    expect(text).toMatch(/^```ts$/m); // fenced code
    expect(text).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/); // link
  });
});

describe('markers', () => {
  it('are placed before words, never inside a link target, and the last token is a marker', () => {
    const s = schedule();
    expect(s.markers.length).toBeGreaterThan(40);
    const tokens = insertMarkers(tokenize(loadScenarioText(markdown).trimEnd()), 8).tokens;
    expect(tokens.join('')).toBe(s.text);
    // Link target intact: no marker between "](" and ")".
    expect(s.text).toMatch(/\]\(https:\/\/developer\.chrome\.com\/docs\/web-platform\/long-animation-frames\)/);
    expect(s.markers[s.markers.length - 1]!.tokenIndex).toBe(s.tokenCount - 1);
    // Marker 0 sits on the first word, so its TTV is the first-token TTV.
    expect(s.markers[0]!.tokenIndex).toBeLessThanOrEqual(2);
    // Unique, in order, and each appears exactly once in the text.
    s.markers.forEach((m, i) => {
      expect(m.text).toBe(`⟦${i}⟧`);
      expect(s.text.split(m.text).length).toBe(2);
    });
  });

  it('leave markdown syntax at line starts alone', () => {
    const s = schedule();
    for (const line of s.text.split('\n')) expect(line.startsWith(' ⟦')).toBe(false);
  });

  it('never close a fenced block on the same line as the final marker', () => {
    const { tokens } = insertMarkers(tokenize('```ts\nconst a = 1;\n```'), 8);
    expect(tokens.join('')).toMatch(/```\n\n⟦\d+⟧$/);
  });

  it('are spaced about every 8 tokens', () => {
    const s = schedule();
    const gaps = s.markers.slice(1).map((m, i) => m.tokenIndex - s.markers[i]!.tokenIndex);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(8);
    expect(mean).toBeLessThan(12);
    expect(MARKER_PATTERN.test(s.markers[0]!.text)).toBe(true);
  });
});

describe('schedule', () => {
  it('is deterministic for a seed, byte for byte', () => {
    const a = JSON.stringify(schedule({ jitter: 0.5, seed: 42 }));
    const b = JSON.stringify(schedule({ jitter: 0.5, seed: 42 }));
    expect(a).toBe(b);
    expect(JSON.stringify(schedule({ jitter: 0.5, seed: 43 }))).not.toBe(a);
  });

  it.each([55, 981, 5000])(
    'mean rate equals the target within 0.5%% at %i tok/s, with and without jitter',
    (tokPerS) => {
      for (const jitter of [0, 0.8]) {
        const s = schedule({ rate: rate(tokPerS), jitter });
        expect(Math.abs(meanRate(s) / tokPerS - 1)).toBeLessThan(0.005);
      }
    },
  );

  it('honours TTFT: the first chunk is due at TTFT and due times never go backwards', () => {
    const s = schedule({ rate: rate(981, 333), jitter: 0.9 });
    expect(s.chunks[0]!.dueMs).toBe(333);
    for (let i = 1; i < s.chunks.length; i++) expect(s.chunks[i]!.dueMs).toBeGreaterThanOrEqual(s.chunks[i - 1]!.dueMs);
  });

  it('jitter varies the gaps but keeps their mean', () => {
    const due = tokenDueTimes(1001, rate(100, 0), 0.5, 3);
    const gaps = due.slice(1).map((d, i) => d - due[i]!);
    expect(Math.min(...gaps)).toBeLessThan(7);
    expect(Math.max(...gaps)).toBeGreaterThan(13);
    expect(due[1000]).toBeCloseTo(10_000, 3);
  });

  it('groups tokens into chunks that arrive with their last token', () => {
    const one = schedule({ rate: rate(100, 0) });
    const four = schedule({ rate: rate(100, 0), tokensPerChunk: 4 });
    expect(four.chunks.length).toBe(Math.ceil(one.tokenCount / 4));
    expect(four.chunks.map((c) => c.text).join('')).toBe(one.text);
    expect(four.chunks[0]!.tokenCount).toBe(4);
    expect(four.chunks[0]!.dueMs).toBe(one.chunks[3]!.dueMs);
    for (const m of four.markers) expect(m.dueMs).toBe(four.chunks[m.chunkIndex]!.dueMs);
  });

  it('truncates to maxTokens and still ends on a marker', () => {
    const s = schedule({ maxTokens: 50 });
    expect(s.tokenCount).toBeLessThan(60);
    expect(s.text.trimEnd().endsWith(s.markers[s.markers.length - 1]!.text)).toBe(true);
  });

  it('rejects bad rates, chunk sizes and jitter', () => {
    expect(() => schedule({ rate: rate(0) })).toThrow(/rate/);
    expect(() => schedule({ tokensPerChunk: 0 })).toThrow(/tokensPerChunk/);
    expect(() => schedule({ jitter: 2 })).toThrow(/jitter/);
    expect(() =>
      buildSchedule({ scenario: 'x', format: 'plain', text: 'has ⟦ inside', rate: rate(10), seed: 1 }),
    ).toThrow(/marker/);
  });
});

describe('rate presets', () => {
  it('name what was measured', () => {
    expect(parseRate('kimi-k2.6-cerebras').tokPerS).toBe(981);
    expect(parseRate('frontier').tokPerS).toBe(55);
    expect(parseRate('981').name).toBe('kimi-k2.6-cerebras');
    expect(parseRate('120').tokPerS).toBe(120);
    for (const bad of ['0', '-5', 'fast', '', '1e400', 'NaN']) expect(() => parseRate(bad)).toThrow(/rate/);
  });
});

describe('rate preset catalogue', () => {
  it('has every preset with its rate, a source, and a TTFT for its lane', () => {
    const expected: Record<string, number> = {
      'kimi-k2.6-cerebras': 981,
      'glm-4.7-cerebras': 1000,
      'gpt-oss-120b-cerebras': 1700,
      'llama-3.3-70b-cerebras': 2300,
      groq: 480,
      'gemini-flash': 200,
      'sonnet-class': 100,
      frontier: 55,
      slow: 20,
    };
    expect(Object.fromEntries(RATE_PRESETS.map((p) => [p.name, p.tokPerS]))).toEqual(expected);
    for (const p of RATE_PRESETS) {
      expect(p.source.length).toBeGreaterThan(10);
      // Fast lane (Cerebras, Groq): 150-200 ms; the others 0.5-2.5 s.
      const [low, high] = p.tokPerS >= 400 ? [150, 200] : [500, 2500];
      expect(p.ttftMs).toBeGreaterThanOrEqual(low);
      expect(p.ttftMs).toBeLessThanOrEqual(high);
    }
    expect(parseRate('frontier').ttftMs).toBe(600);
    expect(parseRate('kimi-k2.6-cerebras').ttftMs).toBe(180);
    expect(parseRate('slow')).toEqual({ name: 'slow', tokPerS: 20, ttftMs: 2500 });
  });

  it('maps a plain number to the preset with that rate, or to the default TTFT', () => {
    expect(parseRate('1000').name).toBe('glm-4.7-cerebras');
    expect(parseRate('2300').ttftMs).toBe(170);
    expect(parseRate('750')).toEqual({ name: '750', tokPerS: 750, ttftMs: defaultTtftMs(750) });
    expect(() => parseRate('warp')).toThrow(/glm-4\.7-cerebras/);
  });
});
