import { describe, expect, it } from 'vitest';
import {
  agentLoopBreakdown,
  agentLoopGroups,
  aggregateTopScripts,
  bottleneckMaps,
  cellLongFrames,
  longFrameReport,
  medianTtvP95Run,
  pointFailReason,
  saturationRows,
  uiBoundBreakdowns,
} from '../../harness/report/data.ts';
import { runKeepsUp, type ProbeRun } from '../../harness/stats/saturation-search.ts';
import type { AgentLoopMetrics, RunMetrics } from '../../harness/metrics/types.ts';
import type {
  CellResult,
  CellSummary,
  Results,
  RunResult,
  Stat,
  SweepConfig,
  SweepEntry,
} from '../../harness/results/types.ts';
import type { Rate } from '../../harness/schedule/types.ts';
import { formatMs, formatRate, formatSharePct, formatTokPerS } from '../../harness/common/format.ts';
import {
  DROPPED_FRAMES_FLAG_PCT,
  agentLoopLines,
  agentLoopSentence,
  saturationClause,
  saturationLines,
  saturationStatusText,
  saturations,
  uiBoundLine,
  uiBoundLines,
  verdictLines,
  verdicts,
} from '../../harness/report/verdict.ts';
import { isUnmeasurable, notVisibleText, UNMEASURABLE_TEXT } from '../../harness/report/visibility-text.ts';
import { emitterSentence } from '../../harness/report/evidence.ts';
import { formatSummaryTable } from '../../harness/cli/progress.ts';

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
    invalidRuns: 0,
  };
  return { ...base, ...over } as CellSummary;
}

function cell(renderer: string, rate: Rate, s: CellSummary | null, extra: Partial<CellResult> = {}): CellResult {
  return {
    id: `${renderer}/markdown-answer/${rate.name}`,
    renderer,
    scenario: 'markdown-answer',
    rate,
    cpuThrottle: 1,
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
      cpuThrottles: [1],
      throttleWarmupRuns: 0,
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

  it('groups thousands', () => {
    expect(formatTokPerS(2300)).toBe('2,300 tok/s');
    expect(formatTokPerS(20_000)).toBe('20,000 tok/s');
    expect(formatTokPerS(981)).toBe('981 tok/s');
    expect(formatRate({ name: '1700', tokPerS: 1700, ttftMs: 150 })).toBe('1,700 tok/s');
  });
});

describe('verdictLines', () => {
  it('writes one line per rate and scenario with each rule applied', () => {
    const r = results([
      cell(
        'per-chunk-dom',
        FAST,
        summary({ uiBound: true, uiBoundRuns: 3, completionLagMs: stat(2412), ttvP95Ms: stat(2300) }),
      ),
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
    expect(verdictLines(r)[1]!.text.startsWith('At 55 tok/s (frontier-typical), markdown-answer: raf-buffered')).toBe(
      true,
    );
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
    expect(text).toContain(
      'per-chunk-dom falls behind by 900 ms (UI-bound: lag keeps growing) and drops 34% of frames;',
    );
    expect(text).toContain('raf-buffered stays within 21 ms (TTV p95).');
  });

  it('mentions incomplete runs even when the median TTV exists', () => {
    const r = results([cell('raf-buffered', FAST, summary({ incompleteRuns: 1 }))]);
    expect(verdictLines(r)[0]!.text).toContain(
      'raf-buffered stays within 21 ms (TTV p95) and never showed some text in 1 of 3 runs',
    );
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

// ---- report data (harness/report/data.ts): long-frame attribution and the backlog's representative run ----

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
    expect(aggregateTopScripts([many]).map((s) => s.name)).toEqual([
      'f6 @ x.ts',
      'f5 @ x.ts',
      'f4 @ x.ts',
      'f3 @ x.ts',
      'f2 @ x.ts',
    ]);
    expect(aggregateTopScripts([many], 2)).toHaveLength(2);
    expect(aggregateTopScripts([])).toEqual([]);
  });
});

describe('cellLongFrames / longFrameReport', () => {
  const withFrames = cell('per-chunk-dom', FAST, summary({ longFrames: stat(2), longFrameBlockingMs: stat(24.5) }), {
    runs: [
      run(0, runMetrics(100, 2, [{ name: 'push @ per-chunk-dom.ts', durationMs: 8, count: 2 }])),
      run(1, runMetrics(120, 0, [])),
      run(
        2,
        runMetrics(110, 3, [
          { name: 'push @ per-chunk-dom.ts', durationMs: 12, count: 3 },
          { name: 'scan @ probe.ts', durationMs: 3, count: 3 },
        ]),
      ),
      // Failed runs are not counted, even with metrics.
      run(3, runMetrics(900, 9, [{ name: 'boom @ x.ts', durationMs: 500, count: 9 }]), 'failed'),
    ],
  });
  const none = cell('raf-buffered', FAST, summary(), {
    runs: [run(0, runMetrics(20, 0, [])), run(1, runMetrics(21, 0, []))],
  });
  const failed = cell('markdown-batch', FAST, null, {
    status: 'failed',
    error: 'boom',
    runs: [run(0, null, 'failed')],
  });

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

  it(
    'splits cells into those with long frames and those without, in the given order, ' + 'leaving out unmeasured cells',
    () => {
      const other = cell('no-stream', SLOW, summary(), { runs: [run(0, runMetrics(5, 1, []))] });
      const { withLongFrames, without } = longFrameReport([failed, none, withFrames, other]);
      expect(withLongFrames.map((c) => c.renderer)).toEqual(['per-chunk-dom', 'no-stream']);
      // Long frames with no script attribution still count as long frames.
      expect(withLongFrames[1]!.scripts).toEqual([]);
      expect(without.map((c) => c.renderer)).toEqual(['raf-buffered']);
    },
  );
});

describe('medianTtvP95Run', () => {
  it(
    'picks the run with the median TTV p95 among ok runs; never-visible sorts last; ties by index; ' +
      'lower median for even counts',
    () => {
      const pick = (runs: RunResult[]) => medianTtvP95Run(cell('x', FAST, summary(), { runs }))?.index ?? null;
      expect(
        pick([run(0, runMetrics(300, 0, [])), run(1, runMetrics(100, 0, [])), run(2, runMetrics(200, 0, []))]),
      ).toBe(2);
      expect(
        pick([run(0, runMetrics(null, 0, [])), run(1, runMetrics(100, 0, [])), run(2, runMetrics(900, 0, []))]),
      ).toBe(2);
      expect(pick([run(0, runMetrics(50, 0, [])), run(1, runMetrics(50, 0, [])), run(2, runMetrics(50, 0, []))])).toBe(
        1,
      );
      expect(
        pick([
          run(0, runMetrics(40, 0, [])),
          run(1, runMetrics(10, 0, [])),
          run(2, runMetrics(30, 0, [])),
          run(3, runMetrics(20, 0, [])),
        ]),
      ).toBe(3);
      // Failed runs and runs without metrics are not candidates.
      expect(pick([run(0, runMetrics(1, 0, []), 'failed'), run(1, null), run(2, runMetrics(70, 0, []))])).toBe(2);
      expect(pick([run(0, null, 'failed')])).toBeNull();
      expect(pick([])).toBeNull();
    },
  );
});

// ---- saturation sweep sentences (harness/report/verdict.ts) and rows (harness/report/data.ts) ----

const SWEEP: SweepConfig = {
  ttvBudgetMs: 50,
  maxDroppedPct: 2,
  minRate: 10,
  maxRate: 20_000,
  resolution: 1.25,
  runsPerPoint: 3,
};

function probe(
  ttvP95Ms: number | null,
  droppedFramePct: number | null = 0.5,
  uiBound = false,
  note?: string,
): ProbeRun {
  return { ttvP95Ms, droppedFramePct, uiBound, ...(note ? { note } : {}) };
}

function point(rateTokPerS: number, runs: ProbeRun[]): SweepEntry['points'][number] {
  const passRuns = runs.filter((r) => runKeepsUp(r, SWEEP)).length;
  const ttvs = runs.map((r) => r.ttvP95Ms ?? Infinity).sort((a, b) => a - b);
  const mid = ttvs[Math.floor(ttvs.length / 2)]!;
  return { rateTokPerS, passRuns, pass: passRuns * 2 > runs.length, ttvP95Ms: Number.isFinite(mid) ? mid : null, runs };
}

const keeps = (rate: number) => point(rate, [probe(20), probe(22), probe(21)]);
const slow = (rate: number) => point(rate, [probe(64), probe(66), probe(65)]);

function entry(renderer: string, over: Partial<SweepEntry>): SweepEntry {
  return {
    renderer,
    scenario: 'markdown-answer',
    cpuThrottle: 1,
    status: 'pending',
    saturationRate: null,
    bracket: { lo: null, hi: null },
    points: [],
    ...over,
  };
}

const FOUND = entry('per-chunk-dom', {
  status: 'found',
  saturationRate: 3000,
  bracket: { lo: 3000, hi: 3900 },
  points: [
    keeps(450),
    point(7700, [probe(900, 30, true), probe(800, 30, true), probe(850, 30, true)]),
    keeps(3000),
    point(3900, [probe(40, 1, true), probe(41, 1, true), probe(30)]),
  ],
});
const ABOVE = entry('raf-buffered', {
  status: 'above-range',
  saturationRate: 20_000,
  bracket: { lo: 20_000, hi: null },
  points: [keeps(450), keeps(20_000)],
});
const BELOW = entry('markdown-batch', {
  status: 'below-range',
  bracket: { lo: null, hi: 10 },
  points: [
    slow(450),
    point(10, [
      probe(null, null, true, 'stopped early: 1 markers not visible 50 ms after due'),
      probe(64),
      probe(null, null, true, 'stopped early: x'),
    ]),
  ],
});
const FAILED = entry('no-stream', { status: 'failed', error: 'page crashed', points: [slow(450)] });

function withSweep(entries: SweepEntry[], cells: CellResult[] = []): Results {
  const r = results(cells);
  r.config.sweep = { ...SWEEP };
  r.sweep = { config: { ...SWEEP }, entries };
  return r;
}

describe('saturationLines', () => {
  it('writes one sentence per scenario, best renderer first: above range, found, below range, failed', () => {
    const r = withSweep([FOUND, ABOVE, FAILED, BELOW]);
    expect(saturationLines(r)).toEqual([
      {
        scenario: 'markdown-answer',
        text:
          'markdown-answer: raf-buffered keeps up to 20,000 tok/s (above range); ' +
          'per-chunk-dom keeps up to 3,000 tok/s, falls behind by 3,900 tok/s; ' +
          'markdown-batch never meets the 50 ms budget (below 10 tok/s); ' +
          'no-stream failed: page crashed.',
      },
    ]);
    expect(saturations(r)[0]!.clauses.map((c) => [c.renderer, c.tone])).toEqual([
      ['raf-buffered', 'ok'],
      ['per-chunk-dom', 'warn'],
      ['markdown-batch', 'bad'],
      ['no-stream', 'failed'],
    ]);
  });

  it('is empty without a sweep, and keeps scenarios in config order', () => {
    expect(saturationLines(results([]))).toEqual([]);
    const other = { ...ABOVE, scenario: 'prose-answer' };
    const r = withSweep([other, FOUND]);
    r.config.scenarios = ['markdown-answer', 'prose-answer'];
    expect(saturationLines(r).map((l) => l.scenario)).toEqual(['markdown-answer', 'prose-answer']);
    expect(saturationLines(r)[1]!.text).toBe('prose-answer: raf-buffered keeps up to 20,000 tok/s (above range).');
  });

  it('names the criterion a below-range renderer fails when it is not the TTV budget', () => {
    const dropping = entry('per-chunk-dom', {
      status: 'below-range',
      bracket: { lo: null, hi: 10 },
      points: [point(10, [probe(20, 9), probe(21, 9), probe(22, 1)])],
    });
    expect(saturationClause(dropping, SWEEP).text).toBe('drops more than 2% of frames even at 10 tok/s (below range)');
    const backlog = entry('per-chunk-dom', {
      status: 'below-range',
      bracket: { lo: null, hi: 10 },
      points: [point(10, [probe(20, 1, true), probe(21, 1, true), probe(22)])],
    });
    expect(saturationClause(backlog, SWEEP).text).toBe('falls behind (growing backlog) even at 10 tok/s (below range)');
    expect(saturationClause(entry('x', {}), SWEEP)).toEqual({ text: 'has no sweep result (not run)', tone: 'missing' });
    expect(saturationClause({ ...FAILED, error: undefined } as SweepEntry, SWEEP).text).toBe('failed: unknown error');
  });

  it('words the status column', () => {
    expect(saturationStatusText(FOUND, SWEEP)).toBe(
      'saturates between 3,000 and 3,900 tok/s (at 3,900 tok/s: growing backlog)',
    );
    expect(saturationStatusText(ABOVE, SWEEP)).toBe('above 20,000 tok/s: keeps up across the whole range');
    expect(saturationStatusText(BELOW, SWEEP)).toBe('below 10 tok/s: never meets the 50 ms budget');
    expect(saturationStatusText(FAILED, SWEEP)).toBe('failed: page crashed');
    expect(saturationStatusText(entry('x', {}), SWEEP)).toBe('not run');
  });
});

describe('pointFailReason / saturationRows', () => {
  it('takes the criterion most failing runs fail first (stopped early counts as over budget)', () => {
    expect(pointFailReason(keeps(10), SWEEP)).toBeNull();
    expect(pointFailReason(BELOW.points[1]!, SWEEP)).toBe('ttv');
    expect(pointFailReason(point(10, [probe(20, 9), probe(70, 9), probe(20, 1, true)]), SWEEP)).toBe('ttv');
    expect(pointFailReason(point(10, [probe(20, 9), probe(20, 9), probe(70)]), SWEEP)).toBe('dropped');
    // Stopped early on dropped frames: a dropped-frame failure, not a TTV one.
    const droppedStop = {
      ...probe(null, null, true, 'stopped early: 9 frames dropped (7 allowed)'),
      stoppedOn: 'dropped' as const,
    };
    expect(pointFailReason(point(10, [droppedStop, droppedStop, probe(20)]), SWEEP)).toBe('dropped');
  });

  it('has one row per entry, in scenario then renderer order, with the bracket and resolution', () => {
    const rows = saturationRows(withSweep([BELOW, FOUND, ABOVE, FAILED]));
    expect(
      rows.map((x) => [x.entry.renderer, x.keepsUpTo, x.fallsBehindAt, x.resolution, x.probes, x.failReason]),
    ).toEqual([
      ['per-chunk-dom', 3000, 3900, 1.3, 4, 'backlog'],
      ['raf-buffered', 20_000, null, null, 2, null],
      ['no-stream', null, null, null, 1, null],
      ['markdown-batch', null, 10, null, 2, 'ttv'],
    ]);
    expect(saturationRows(results([]))).toEqual([]);
  });
});

describe('bottleneckMaps', () => {
  it('merges sweep points and cell medians per renderer, sorted by rate; null TTV keeps a note', () => {
    const r = withSweep(
      [FOUND, BELOW],
      [
        cell('per-chunk-dom', FAST, summary({ ttvP95Ms: stat(1074) })),
        cell('per-chunk-dom', SLOW, summary({ ttvP95Ms: stat(19) })),
        cell('markdown-batch', FAST, null, { status: 'failed', error: 'x' }),
        cell('raf-buffered', SLOW, summary({ ttvP95Ms: stat(null), incompleteRuns: 2 })),
      ],
    );
    const [map] = bottleneckMaps(r);
    expect(map!.fromSweep).toBe(true);
    expect(map!.budgetMs).toBe(50);
    expect(map!.series.map((s) => s.renderer)).toEqual(['per-chunk-dom', 'raf-buffered', 'markdown-batch']);
    const pcd = map!.series[0]!.points;
    expect(pcd.map((p) => [p.rateTokPerS, p.source, p.ttvP95Ms])).toEqual([
      [55, 'cell', 19],
      [450, 'sweep', 21],
      [981, 'cell', 1074],
      [3000, 'sweep', 21],
      [3900, 'sweep', 40],
      [7700, 'sweep', 850],
    ]);
    expect(pcd.find((p) => p.rateTokPerS === 3900)).toMatchObject({ pass: false, passRuns: 1, runs: 3 });
    expect(map!.series[1]!.points).toEqual([
      {
        rateTokPerS: 55,
        ttvP95Ms: null,
        source: 'cell',
        pass: null,
        runs: 3,
        passRuns: null,
        note: 'text never visible in 2 of 3 runs',
        rateName: 'frontier-typical',
      },
    ]);
    // The failed cell adds nothing; the stopped-early point is null with the runs' note.
    const mb = map!.series[2]!.points;
    expect(mb.map((p) => [p.rateTokPerS, p.ttvP95Ms])).toEqual([
      [10, null],
      [450, 65],
    ]);
    expect(mb[0]!.note).toBe('stopped early: 1 markers not visible 50 ms after due');
  });

  it('draws from the cells alone without a sweep, at the default 50 ms budget', () => {
    const [map] = bottleneckMaps(
      results([cell('raf-buffered', FAST, summary()), cell('raf-buffered', SLOW, summary())]),
    );
    expect(map!.fromSweep).toBe(false);
    expect(map!.budgetMs).toBe(50);
    expect(map!.series[0]!.points.map((p) => p.rateTokPerS)).toEqual([55, 981]);
  });
});

// ---- agent loops ----

function loopMetrics(over: Partial<AgentLoopMetrics>): RunMetrics {
  return {
    ...runMetrics(20, 0, []),
    agentLoop: {
      calls: 8,
      loopWallMs: 5000,
      modelMs: 4248,
      toolMs: 700,
      idealWallMs: 4948,
      uiAddedMs: 52,
      uiSharePct: 1.04,
      loopDelayMs: 3,
      ...over,
    },
  };
}

function loopCell(
  renderer: string,
  rate: Rate,
  wall: number | null,
  added: number | null,
  share: number | null,
  extra: Partial<CellResult> = {},
): CellResult {
  const s = summary({
    loopWallMs: stat(wall),
    idealWallMs: stat(4948.358),
    uiAddedMs: stat(added),
    uiSharePct: stat(share),
  });
  return cell(renderer, rate, s, {
    id: `${renderer}|agent-loop|${rate.name}`,
    scenario: 'agent-loop',
    runs: [
      run(0, loopMetrics({ toolMs: 700 })),
      run(1, loopMetrics({ toolMs: 700 })),
      run(2, loopMetrics({ toolMs: 650, calls: 8 })),
    ],
    ...extra,
  });
}

describe('agent-loop sentences and breakdown', () => {
  const loopResults = (cells: CellResult[]) => {
    const r = results(cells);
    r.config.scenarios = ['markdown-answer', 'agent-loop'];
    return r;
  };

  it('says how long the loop took and how much the UI added per renderer', () => {
    const r = loopResults([
      loopCell('raf-buffered', FAST, 4956.4, 8.04, 0.162),
      loopCell('markdown-batch', FAST, 4983.3, 34.9, 0.7),
      cell('raf-buffered', FAST, summary()),
    ]);
    expect(agentLoopLines(r)).toEqual([
      {
        scenario: 'agent-loop',
        rate: 'kimi-k2.6-cerebras',
        text:
          'At 981 tok/s (kimi-k2.6-cerebras), the 8-call agent-loop took 5.0 s, ' +
          'of which the UI added 8 ms (0.2%) with raf-buffered and 35 ms (0.7%) with markdown-batch.',
      },
    ]);
  });

  it(
    'gives a range when renderers differ, floors a negative UI time at 0, ' + 'and names unfinished and failed loops',
    () => {
      const r = loopResults([
        loopCell('per-chunk-dom', FAST, 6200, 1252, 20.2),
        loopCell('raf-buffered', FAST, 4945, -3.2, -0.06),
        loopCell('no-stream', FAST, null, null, null),
        cell('markdown-batch', FAST, null, { id: 'mb', scenario: 'agent-loop', status: 'failed', error: 'boom' }),
      ]);
      expect(agentLoopLines(r)[0]!.text).toBe(
        'At 981 tok/s (kimi-k2.6-cerebras), the 8-call agent-loop took 4.9 s to 6.2 s, ' +
          'of which the UI added 1.3 s (20%) with per-chunk-dom and 0 ms (0%) with raf-buffered; ' +
          "with no-stream the loop's last text never became visible; markdown-batch failed: boom.",
      );
      const [group] = agentLoopGroups(r);
      expect(group!.missing.map((c) => c.renderer)).toEqual(['markdown-batch']);
      expect(
        agentLoopSentence({ ...group!, loops: group!.loops.filter((l) => l.renderer === 'no-stream'), missing: [] }),
      ).toBe(
        'At 981 tok/s (kimi-k2.6-cerebras), the 8-call agent-loop never finished; ' +
          "with no-stream the loop's last text never became visible.",
      );
    },
  );

  it(
    'splits the wall time: tool time is the median over runs of agentLoop.toolMs, ' +
      'model time the rest of the ideal',
    () => {
      const b = agentLoopBreakdown(loopCell('raf-buffered', FAST, 4956.4, -2, -0.04))!;
      expect(b).toMatchObject({
        calls: 8,
        loopWallMs: 4956.4,
        idealWallMs: 4948.358,
        toolMs: 700,
        uiAddedMs: 0,
        uiSharePct: 0,
        runs: 3,
      });
      expect(b.modelMs).toBeCloseTo(4248.358, 6);
      expect(agentLoopBreakdown(cell('raf-buffered', FAST, summary()))).toBeNull();
      // Without per-run loop metrics the tool time is unknown (0) and the call count is left out.
      const bare = loopCell('raf-buffered', FAST, 5000, 10, 0.2, { runs: [] });
      expect(agentLoopBreakdown(bare)).toMatchObject({ toolMs: 0, calls: null, modelMs: 4948.358 });
      expect(agentLoopSentence(agentLoopGroups(loopResults([bare]))[0]!)).toContain('the agent-loop took 5.0 s');
    },
  );

  it('formats shares', () => {
    expect([
      formatSharePct(null),
      formatSharePct(-1),
      formatSharePct(0.01),
      formatSharePct(0.162),
      formatSharePct(14.19),
    ]).toEqual(['—', '0%', '<0.1%', '0.2%', '14%']);
  });
});

describe('UI-bound breakdown lines', () => {
  it('gives the p95 breakdown, the largest part and the top long-frame script', () => {
    const bound = cell(
      'per-chunk-dom',
      FAST,
      summary({ uiBound: true, deliveryP95Ms: stat(1042.7), bufferingP95Ms: stat(1.8), renderP95Ms: stat(30) }),
      {
        runs: [
          run(
            0,
            runMetrics(900, 2, [
              { name: 'push @ per-chunk-dom.ts', durationMs: 20, count: 6 },
              { name: 'scan @ probe.ts', durationMs: 5, count: 6 },
            ]),
          ),
          run(1, runMetrics(1100, 1, [{ name: 'push @ per-chunk-dom.ts', durationMs: 8, count: 3 }])),
        ],
      },
    );
    const r = results([bound, cell('raf-buffered', FAST, summary())]);
    expect(uiBoundLines(r)).toEqual([
      {
        cellId: bound.id,
        text:
          'per-chunk-dom on markdown-answer at 981 tok/s (kimi-k2.6-cerebras): ' +
          'delivery 1.0 s, buffering 2 ms, render 30 ms (p95, medians over runs), ' +
          'mostly delivery (the main thread was too busy to take in chunks); ' +
          'top long-frame script: push @ per-chunk-dom.ts (28 ms in 9 calls over 2 runs).',
      },
    ]);
    const [b] = uiBoundBreakdowns([bound]);
    expect(uiBoundLine({ ...b!, topScript: null, dominant: 'render' })).toContain(
      'mostly render (frames were slow to show committed text); no script attributed inside long frames.',
    );
  });

  it('is empty when no cell is UI-bound', () => {
    expect(uiBoundLines(results([cell('raf-buffered', FAST, summary())]))).toEqual([]);
  });
});

describe('unmeasurable cells, reasons for unseen text, and the stream clock', () => {
  const never = (): Partial<Record<keyof CellSummary, unknown>> => ({
    ttvP50Ms: stat(null),
    ttvP95Ms: stat(null),
    ttvP99Ms: stat(null),
    ttvMaxMs: stat(null),
    firstTokenTtvMs: stat(null),
    completionLagMs: stat(null),
    incompleteRuns: 3,
  });
  const canvasCells = (): CellResult[] => [
    cell('canvas-text', FAST, summary({ ...never(), unmeasurableRuns: 3 })),
    cell('raf-buffered', FAST, summary({ ttvP95Ms: stat(21.2) })),
  ];

  it('says in one line that a renderer the probe cannot reach is unmeasurable, not "never"', () => {
    const [line] = verdictLines(results(canvasCells()));
    expect(line?.text).toContain(`canvas-text ${UNMEASURABLE_TEXT}`);
    expect(line?.text).not.toContain('canvas-text never');
    const clause = verdicts(results(canvasCells()))[0]?.clauses.find((c) => c.renderer === 'canvas-text');
    expect(clause?.tone).toBe('missing');
  });

  it('keeps "never showed some text" when only some runs were unmeasurable, and for older results', () => {
    const some = results([cell('canvas-text', FAST, summary({ ...never(), unmeasurableRuns: 1 }))]);
    expect(verdictLines(some)[0]?.text).toContain('canvas-text never showed some text');
    const older = results([cell('canvas-text', FAST, summary(never()))]);
    expect(verdictLines(older)[0]?.text).toContain('canvas-text never showed some text');
  });

  it("puts the same line in the CLI's summary table instead of TTVs of never", () => {
    const table = formatSummaryTable(results(canvasCells())).split('\n');
    const row = table.find((l) => l.startsWith('canvas-text'));
    expect(row).toContain(UNMEASURABLE_TEXT);
    expect(row).not.toContain('never');
    expect(table.find((l) => l.startsWith('raf-buffered'))).not.toContain(UNMEASURABLE_TEXT);
  });

  it('counts never-visible markers by reason, leaving out reasons with none', () => {
    expect(notVisibleText({ 'never-in-dom': 0, hidden: 0, 'off-screen': 12, removed: 3, 'no-frame': 0 })).toBe(
      'never visible: 12 off-screen, 3 removed before a frame showed it',
    );
    expect(notVisibleText({ 'never-in-dom': 0, hidden: 0, 'off-screen': 0, removed: 0, 'no-frame': 0 })).toBeNull();
    expect(notVisibleText(undefined)).toBeNull();
    expect(isUnmeasurable(null)).toBe(false);
  });

  it("states the emitter's send error and delivery delay per rate", () => {
    const text = emitterSentence([
      {
        rate: FAST.name,
        tokPerS: FAST.tokPerS,
        sendErrorMs: { p50: 0.12, p99: 0.84, max: 3.5 },
        receiptDelayMs: { p50: 0.3, p99: 42, max: 120 },
        chunks: 13296,
        runs: 3,
      },
    ]);
    expect(text).toBe(
      'Emitter send error p99 0.84 ms at 981 tok/s (kimi-k2.6-cerebras); delivery delay p99 42 ms ' +
        '(max 3.50 ms and 120 ms, 13296 chunks over 3 runs).',
    );
    expect(emitterSentence(undefined)).toBeNull();
  });
});
