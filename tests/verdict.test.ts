import { describe, expect, it } from 'vitest';
import { aggregateTopScripts, cellLongFrames, longFrameReport, medianTtvP95Run } from '../harness/report-data.ts';
import type { CellResult, CellSummary, Rate, Results, RunMetrics, RunResult, Stat } from '../harness/types.ts';
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

// ---- report data (harness/report-data.ts): long-frame attribution and the backlog's representative run ----

type Script = { name: string; durationMs: number; count: number };

function runMetrics(p95: number | null, longFrames: number, topScripts: Script[]): RunMetrics {
  const pct = (v: number | null) => ({ p50: v, p95: v, p99: v, max: v });
  return {
    markersTotal: 10,
    markersVisible: p95 === null ? 9 : 10,
    textComplete: p95 !== null,
    ttvMs: pct(p95),
    breakdownMs: { delivery: pct(1), buffering: pct(2), render: pct(3) },
    firstTokenTtvMs: 16,
    completionLagMs: p95,
    frameIntervalMs: 1000 / 60,
    expectedFrames: 60,
    droppedFrames: 0,
    droppedFramePct: 0,
    longFrames: { count: longFrames, blockingDurationMs: longFrames * 10, topScripts },
    backlog: { series: [{ tMs: 100, tokens: 0 }], lagSlope: 0 },
    uiBound: false,
    delivery: { achievedRateTokPerS: 980, errorMs: pct(0.5) },
  };
}

function run(index: number, metrics: RunMetrics | null, status: RunResult['status'] = 'ok'): RunResult {
  return { index, startedAtS: index, wallMs: 1000, status, metrics, raw: null };
}

describe('aggregateTopScripts', () => {
  it('sums duration and count per name over runs, ranks by duration (name on ties), keeps the top N', () => {
    const got = aggregateTopScripts([
      [
        { name: 'push @ a.ts', durationMs: 30, count: 3 },
        { name: 'scan @ probe.ts', durationMs: 10, count: 3 },
      ],
      [
        { name: 'scan @ probe.ts', durationMs: 25, count: 2 },
        { name: 'push @ a.ts', durationMs: 4, count: 1 },
        { name: 'gc @ b.ts', durationMs: 34, count: 1 },
      ],
      [],
    ]);
    expect(got).toEqual([
      { name: 'scan @ probe.ts', durationMs: 35, count: 5 },
      // A tie on duration: name order.
      { name: 'gc @ b.ts', durationMs: 34, count: 1 },
      { name: 'push @ a.ts', durationMs: 34, count: 4 },
    ]);
    const many = Array.from({ length: 7 }, (_, i) => ({ name: `f${i} @ x.ts`, durationMs: i, count: 1 }));
    expect(aggregateTopScripts([many]).map((s) => s.name)).toEqual(['f6 @ x.ts', 'f5 @ x.ts', 'f4 @ x.ts', 'f3 @ x.ts', 'f2 @ x.ts']);
    expect(aggregateTopScripts([many], 2)).toHaveLength(2);
    expect(aggregateTopScripts([])).toEqual([]);
  });
});

describe('cellLongFrames / longFrameReport', () => {
  const withFrames = cell('per-chunk-dom', FAST, summary({ longFrames: stat(2), longFrameBlockingMs: stat(24.5) }), {
    runs: [
      run(0, runMetrics(100, 2, [{ name: 'push @ per-chunk-dom.ts', durationMs: 8, count: 2 }])),
      run(1, runMetrics(120, 0, [])),
      run(2, runMetrics(110, 3, [{ name: 'push @ per-chunk-dom.ts', durationMs: 12, count: 3 }, { name: 'scan @ probe.ts', durationMs: 3, count: 3 }])),
      // Failed runs are not counted, even with metrics.
      run(3, runMetrics(900, 9, [{ name: 'boom @ x.ts', durationMs: 500, count: 9 }]), 'failed'),
    ],
  });
  const none = cell('raf-buffered', FAST, summary(), { runs: [run(0, runMetrics(20, 0, [])), run(1, runMetrics(21, 0, []))] });
  const failed = cell('markdown-batch', FAST, null, { status: 'failed', error: 'boom', runs: [run(0, null, 'failed')] });

  it('summarises a cell over its ok runs, with medians from the summary', () => {
    expect(cellLongFrames(withFrames)).toEqual({
      cellId: withFrames.id,
      renderer: 'per-chunk-dom',
      scenario: 'markdown-answer',
      rate: FAST,
      runs: 3,
      runsWithLongFrames: 2,
      longFramesPerRun: 2,
      blockingMs: 24.5,
      scripts: [
        { name: 'push @ per-chunk-dom.ts', durationMs: 20, count: 5 },
        { name: 'scan @ probe.ts', durationMs: 3, count: 3 },
      ],
    });
    expect(cellLongFrames(failed)).toBeNull();
  });

  it('splits cells into those with long frames and those without, in the given order, leaving out unmeasured cells', () => {
    const other = cell('no-stream', SLOW, summary(), { runs: [run(0, runMetrics(5, 1, []))] });
    const { withLongFrames, without } = longFrameReport([failed, none, withFrames, other]);
    expect(withLongFrames.map((c) => c.renderer)).toEqual(['per-chunk-dom', 'no-stream']);
    // Long frames with no script attribution still count as long frames.
    expect(withLongFrames[1]!.scripts).toEqual([]);
    expect(without.map((c) => c.renderer)).toEqual(['raf-buffered']);
  });
});

describe('medianTtvP95Run', () => {
  it('picks the run with the median TTV p95 among ok runs; never-visible sorts last; ties by index; lower median for even counts', () => {
    const pick = (runs: RunResult[]) => medianTtvP95Run(cell('x', FAST, summary(), { runs }))?.index ?? null;
    expect(pick([run(0, runMetrics(300, 0, [])), run(1, runMetrics(100, 0, [])), run(2, runMetrics(200, 0, []))])).toBe(2);
    expect(pick([run(0, runMetrics(null, 0, [])), run(1, runMetrics(100, 0, [])), run(2, runMetrics(900, 0, []))])).toBe(2);
    expect(pick([run(0, runMetrics(50, 0, [])), run(1, runMetrics(50, 0, [])), run(2, runMetrics(50, 0, []))])).toBe(1);
    expect(pick([run(0, runMetrics(40, 0, [])), run(1, runMetrics(10, 0, [])), run(2, runMetrics(30, 0, [])), run(3, runMetrics(20, 0, []))])).toBe(3);
    // Failed runs and runs without metrics are not candidates.
    expect(pick([run(0, runMetrics(1, 0, []), 'failed'), run(1, null), run(2, runMetrics(70, 0, []))])).toBe(2);
    expect(pick([run(0, null, 'failed')])).toBeNull();
    expect(pick([])).toBeNull();
  });
});
