import { describe, expect, it } from 'vitest';
import type { CellResult, CellSummary, Rate, Results, Stat } from '../harness/types.ts';
import { DROPPED_FRAMES_FLAG_PCT, formatMs, formatRate, verdictLines, verdicts } from '../harness/verdict.ts';

const FAST: Rate = { name: 'kimi-k2.6-cerebras', tokPerS: 981, ttftMs: 200 };
const SLOW: Rate = { name: 'frontier-typical', tokPerS: 55, ttftMs: 600 };

function stat(median: number | null, n = 3): Stat {
  return { median, ciLow: median, ciHigh: median, n, level: 0.75 };
}

function summary(over: Partial<Record<keyof CellSummary, unknown>> = {}): CellSummary {
  const base: CellSummary = {
    ttvP50Ms: stat(12),
    ttvP95Ms: stat(21),
    ttvP99Ms: stat(25),
    ttvMaxMs: stat(30),
    firstTokenTtvMs: stat(16),
    completionLagMs: stat(18),
    deliveryP95Ms: stat(1),
    bufferingP95Ms: stat(8),
    renderP95Ms: stat(9),
    droppedFrames: stat(0),
    droppedFramePct: stat(0),
    longFrames: stat(0),
    longFrameBlockingMs: stat(0),
    deliveryErrorP95Ms: stat(0.5),
    achievedRateTokPerS: stat(980),
    uiBound: false,
    uiBoundRuns: 0,
    incompleteRuns: 0,
  };
  return { ...base, ...over } as CellSummary;
}

function cell(renderer: string, rate: Rate, s: CellSummary | null, extra: Partial<CellResult> = {}): CellResult {
  return {
    id: `${renderer}/markdown-answer/${rate.name}`,
    renderer,
    scenario: 'markdown-answer',
    rate,
    status: 'ok',
    warmupRuns: 1,
    runs: [],
    summary: s,
    ...extra,
  };
}

function results(cells: CellResult[], rates: Rate[] = [FAST, SLOW]): Results {
  return {
    schemaVersion: 1,
    tool: 'streambench',
    status: 'complete',
    startedAt: '2025-01-01T00:00:00Z',
    finishedAt: '2025-01-01T00:01:00Z',
    wallS: 60,
    environment: {} as Results['environment'],
    config: {
      renderers: ['per-chunk-dom', 'raf-buffered', 'no-stream', 'markdown-batch'],
      scenarios: ['markdown-answer'],
      rates,
      runs: 3,
      warmupRuns: 1,
      seed: 1,
      cpuThrottle: 1,
      quick: false,
      tokensPerChunk: 1,
      jitter: 0,
      cellTimeoutMs: 60_000,
      maxTokens: null,
    },
    renderers: [],
    scenarios: [],
    cells,
  };
}

describe('formatMs', () => {
  it('uses whole ms below one second and one-decimal seconds from one second on', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(21.4)).toBe('21 ms');
    expect(formatMs(999.4)).toBe('999 ms');
    expect(formatMs(999.6)).toBe('1.0 s');
    expect(formatMs(1000)).toBe('1.0 s');
    expect(formatMs(2412)).toBe('2.4 s');
    expect(formatMs(61_250)).toBe('61.3 s');
    expect(formatMs(-0.2)).toBe('0 ms');
    expect(formatMs(-1500)).toBe('-1.5 s');
    expect(formatMs(null)).toBe('—');
  });
});

describe('formatRate', () => {
  it('names presets and leaves typed numbers bare', () => {
    expect(formatRate(FAST)).toBe('981 tok/s (kimi-k2.6-cerebras)');
    expect(formatRate({ name: '120', tokPerS: 120, ttftMs: 0 })).toBe('120 tok/s');
    expect(formatRate({ name: 'x', tokPerS: 12.5, ttftMs: 0 })).toBe('12.5 tok/s (x)');
  });
});

describe('verdictLines', () => {
  it('writes one line per rate and scenario with each rule applied', () => {
    const r = results([
      cell('per-chunk-dom', FAST, summary({ uiBound: true, uiBoundRuns: 3, completionLagMs: stat(2412), ttvP95Ms: stat(2300) })),
      cell('raf-buffered', FAST, summary({ ttvP95Ms: stat(21.2) })),
      cell('no-stream', FAST, summary({ firstTokenTtvMs: stat(612), ttvP95Ms: stat(580) })),
      cell('markdown-batch', FAST, null, { status: 'failed', error: 'TypeError: boom' }),
    ]);
    expect(verdictLines(r)).toEqual([
      {
        rate: 'kimi-k2.6-cerebras',
        scenario: 'markdown-answer',
        text:
          'At 981 tok/s (kimi-k2.6-cerebras), markdown-answer: ' +
          'per-chunk-dom falls behind by 2.4 s (UI-bound: lag keeps growing); ' +
          'raf-buffered stays within 21 ms (TTV p95); ' +
          'no-stream shows nothing for 612 ms (first-token TTV), then stays within 580 ms (TTV p95); ' +
          'markdown-batch failed: TypeError: boom.',
      },
    ]);
  });

  it('follows config.rates order, not cell order, and skips rates without cells', () => {
    const third: Rate = { name: '120', tokPerS: 120, ttftMs: 0 };
    const r = results(
      [cell('raf-buffered', SLOW, summary()), cell('raf-buffered', FAST, summary())],
      [FAST, third, SLOW],
    );
    expect(verdictLines(r).map((l) => l.rate)).toEqual(['kimi-k2.6-cerebras', 'frontier-typical']);
    expect(verdictLines(r)[1]!.text.startsWith('At 55 tok/s (frontier-typical), markdown-answer: raf-buffered')).toBe(true);
  });

  it('says when text never became visible, using incompleteRuns', () => {
    const r = results([cell('raf-buffered', FAST, summary({ ttvP95Ms: stat(null), incompleteRuns: 2 }))]);
    expect(verdictLines(r)[0]!.text).toContain('raf-buffered never showed some text (in 2 of 3 runs)');
  });

  it('reports a UI-bound cell whose last text never appeared', () => {
    const r = results([
      cell('per-chunk-dom', FAST, summary({ uiBound: true, completionLagMs: stat(null), incompleteRuns: 3 })),
    ]);
    expect(verdictLines(r)[0]!.text).toContain('per-chunk-dom falls behind and never catches up');
    expect(verdictLines(r)[0]!.text).toContain('in 3 of 3 runs');
  });

  it('flags dropped frames only above the threshold', () => {
    const over = DROPPED_FRAMES_FLAG_PCT + 24.4;
    const r = results([
      cell('per-chunk-dom', FAST, summary({ uiBound: true, completionLagMs: stat(900), droppedFramePct: stat(over) })),
      cell('raf-buffered', FAST, summary({ droppedFramePct: stat(DROPPED_FRAMES_FLAG_PCT) })),
    ]);
    const text = verdictLines(r)[0]!.text;
    expect(text).toContain('per-chunk-dom falls behind by 900 ms (UI-bound: lag keeps growing) and drops 34% of frames;');
    expect(text).toContain('raf-buffered stays within 21 ms (TTV p95).');
  });

  it('mentions incomplete runs even when the median TTV exists', () => {
    const r = results([cell('raf-buffered', FAST, summary({ incompleteRuns: 1 }))]);
    expect(verdictLines(r)[0]!.text).toContain('raf-buffered stays within 21 ms (TTV p95) and never showed some text in 1 of 3 runs');
  });

  it('marks pending cells and gives tones for the report', () => {
    const r = results([
      cell('per-chunk-dom', FAST, summary({ uiBound: true, completionLagMs: stat(1200) })),
      cell('raf-buffered', FAST, summary()),
      cell('no-stream', FAST, null, { status: 'pending' }),
      cell('markdown-batch', FAST, null, { status: 'failed', error: 'x' }),
    ]);
    const [v] = verdicts(r);
    expect(v!.clauses.map((c) => [c.renderer, c.tone])).toEqual([
      ['per-chunk-dom', 'bad'],
      ['raf-buffered', 'ok'],
      ['no-stream', 'missing'],
      ['markdown-batch', 'failed'],
    ]);
    expect(v!.text).toContain('no-stream has no results (not run)');
  });
});
