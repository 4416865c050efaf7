// The cost model as results.json carries it (harness/microbench/cost-model.ts): the compact form of a microbench report
// and the sentences the report derives from it (harness/report/cost-sentences.ts).
import { describe, expect, it } from 'vitest';
import { roundSignificant, toCostModel, type CostModel } from '../../harness/microbench/cost-model.ts';
import { costModelLines, costModelRate, referenceChars } from '../../harness/report/cost-sentences.ts';
import { formatCost } from '../../harness/common/format.ts';
import {
  buildReport,
  MICROBENCH_OPS,
  type MicrobenchOp,
  type MicrobenchResult,
} from '../../harness/microbench/bench.ts';
import type { Results } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';
import { makeSampleCostModel, makeSampleResults } from '../fixtures/sample-results.ts';

const SIZES = [1_000, 4_000, 16_000, 64_000];

/** A report whose mean cost per op is `cost(chars)` ms, through the real buildReport. */
function reportFor(costs: Partial<Record<MicrobenchOp, (chars: number) => number>>) {
  const results: MicrobenchResult[] = MICROBENCH_OPS.flatMap((op) => {
    const cost = costs[op];
    if (!cost) return [];
    // Out of order on purpose: toCostModel sorts by chars.
    return [...SIZES].reverse().map((chars) => {
      const meanMs = cost(chars);
      return {
        op,
        chars,
        meanMs,
        p50Ms: meanMs * 0.9,
        p99Ms: meanMs * 3,
        samples: 100,
        rmePct: 1.234,
        maxEventsPerS: 1000 / meanMs,
      };
    });
  });
  return buildReport({ node: 'v20.0.0', cpuModel: 'test cpu', cores: 2, date: '2026-01-01T00:00:00.000Z' }, results, {
    sizes: SIZES,
    timeMs: 200,
    warmupMs: 50,
    tinybench: '6.2.5',
    gcBetweenTasks: false,
  });
}

const LINEAR = { 'full-parse': (c: number) => 1e-4 * c, 'incremental-parse': () => 0.005, append: () => 1e-5 };

function withModel(model: CostModel | undefined, patch: (r: Results) => void = () => {}): Results {
  const r = makeSampleResults();
  if (model) r.costModel = model;
  patch(r);
  return r;
}

describe('toCostModel', () => {
  it('keeps every op and size in µs per call, sorted by length, with the fitted exponent and per-answer total', () => {
    const report = reportFor(LINEAR);
    const model = toCostModel(report);
    expect(model.ops.map((o) => o.op)).toEqual([...MICROBENCH_OPS]);
    const full = model.ops[0]!;
    expect(full.points.map((p) => p.chars)).toEqual(SIZES);
    expect(full.points.map((p) => p.meanUs)).toEqual([100, 400, 1600, 6400]);
    expect(full.points[2]).toEqual({
      chars: 16_000,
      meanUs: 1600,
      p50Us: 1440,
      p99Us: 4800,
      rmePct: 1.23,
      samples: 100,
    });
    expect(full.exponent).toBeCloseTo(1, 3);
    expect(model.ops[1]!.exponent).toBeCloseTo(0, 3);
    expect(full.perAnswerMs).toBe(roundSignificant(report.summaries[0]!.perAnswerMs));
    expect(model.environment.node).toBe('v20.0.0');
    expect(model.config).toMatchObject({ timeMs: 200, gcBetweenTasks: false, answerTokens: 4000, charsPerToken: 4 });
    expect(model.notes.join('\n')).toMatch(/no garbage collection was forced/);
  });

  it('rounds to 4 significant digits', () => {
    expect(roundSignificant(1234.5678)).toBe(1235);
    expect(roundSignificant(0.000123456)).toBe(0.0001235);
    expect(roundSignificant(0)).toBe(0);
  });

  it('is schema-valid inside results', () => {
    const good = withModel(makeSampleCostModel());
    expect(validateResults(JSON.parse(JSON.stringify(good)))).toEqual({ ok: true });
  });
});

describe('formatCost', () => {
  it('picks a unit that keeps three significant digits readable', () => {
    expect(formatCost(2063)).toBe('2.06 s');
    expect(formatCost(1.21)).toBe('1.21 ms');
    expect(formatCost(0.00752)).toBe('7.52 µs');
    expect(formatCost(0.0000128)).toBe('12.8 ns');
    expect(formatCost(1000)).toBe('1 s');
  });
});

describe('costModelLines', () => {
  it('says nothing without a cost model', () => {
    expect(costModelLines(withModel(undefined))).toEqual([]);
  });

  it('uses the fastest configured rate and the measured length nearest the model answer', () => {
    const r = withModel(toCostModel(reportFor(LINEAR)));
    expect(costModelRate(r)).toEqual({ tokPerS: 981, chunksPerS: 981, gapMs: 1000 / 981 });
    expect(referenceChars(r.costModel!)).toBe(16_000);
  });

  it('computes the re-parse budget, the rate caps and the growth from the data', () => {
    // 1e-4 ms per char: 1.6 ms at 16k; at 981 chunks/s that is 1,570 ms per second, 1.6x the second.
    const lines = costModelLines(withModel(toCostModel(reportFor(LINEAR))));
    expect(lines.map((l) => l.kind)).toEqual(['full-parse', 'growth', 'cheap']);
    expect(lines[0]!.text).toBe(
      'A full markdown re-parse of a 16,000-character answer costs 1.6 ms per chunk: ' +
        'at 981 tok/s with one chunk per token ' +
        'that is 1.57 s of parsing per second of stream, 1.6× the 1,000 ms available, ' +
        'so re-parsing on every chunk cannot keep up at that length.',
    );
    // Caps: 1000 / cost per chunk, two significant digits: 10,000, 2,500, 625 -> 630, 156 -> 160.
    // Per answer: the sum over chunks k = 1..4000 of 1e-4 x 4k ms = 3.2 s.
    expect(lines[1]!.text).toMatch(
      /^Parsing alone caps a strategy that re-parses every chunk at ~10,000 tok\/s at 1k, ~2,500 tok\/s at 4k, ~630 tok\/s at 16k, ~160 tok\/s at 64k characters: the cost grows as length\^1\.00, so the parsing over a whole answer grows as length\^2\.00, about 3.2 s of parsing for a 4,000-token answer/,
    );
    // No sweep in this sample: the sentence does not point at a saturation table.
    expect(lines[1]!.text).not.toMatch(/saturation/);
    // 5 µs and 10 ns against 1.02 ms: 0.49%.
    expect(lines[2]!.text).toBe(
      'At 16,000 characters, parsing only the last block costs 5 µs (exponent 0.00) ' +
        'and an append costs 10 ns (exponent 0.00): ' +
        'at most 0.49% of the 1.02 ms between chunks at 981 tok/s, ' +
        'so what limits strategies that only append or parse the last block is ' +
        "the browser's work (DOM writes, style, layout, paint), not this JavaScript.",
    );
  });

  it('gives the share of the second when a re-parse per chunk fits, and counts tokens per chunk', () => {
    const slowOnly = (r: Results) => {
      r.config.rates = [{ name: 'frontier', tokPerS: 55, ttftMs: 600 }];
    };
    const [fits] = costModelLines(withModel(toCostModel(reportFor(LINEAR)), slowOnly));
    // 1.6 ms x 55 = 88 ms per second: 8.8%.
    expect(fits!.text).toContain(
      'at 55 tok/s with one chunk per token that is 88 ms of parsing per second of stream, ' +
        '8.8% of the 1,000 ms available.',
    );
    const [chunked, growth] = costModelLines(
      withModel(toCostModel(reportFor(LINEAR)), (r) => {
        r.config.tokensPerChunk = 4;
      }),
    );
    // 981 / 4 = 245.25 chunks/s x 1.6 ms = 392 ms.
    expect(chunked!.text).toContain(
      'at 981 tok/s with one chunk per 4 tokens that is 392 ms of parsing per second of stream, ' +
        '39% of the 1,000 ms available.',
    );
    expect(growth!.text).toContain('~40,000 tok/s at 1k');
  });

  it('mentions the saturation table when a sweep ran, and says when the cheap ops are not negligible', () => {
    const heavy = toCostModel(reportFor({ ...LINEAR, 'incremental-parse': () => 0.3 }));
    const lines = costModelLines(
      withModel(heavy, (r) => {
        r.sweep = {
          config: {
            ttvBudgetMs: 50,
            maxDroppedPct: 2,
            minRate: 10,
            maxRate: 20_000,
            resolution: 1.25,
            runsPerPoint: 1,
          },
          entries: [
            {
              renderer: 'raf-buffered',
              scenario: 'markdown-answer',
              cpuThrottle: 1,
              status: 'above-range',
              saturationRate: 20_000,
              bracket: { lo: 20_000, hi: null },
              points: [],
            },
          ],
        };
      }),
    );
    expect(lines[1]!.text).toMatch(/that the saturation rates above include\.$/);
    expect(lines[2]!.text).toContain('parsing only the last block costs 300 µs');
    expect(lines[2]!.text).toMatch(
      /: 29% of the 1\.02 ms between chunks at 981 tok\/s, so even this work takes a real share of the time between chunks\.$/,
    );
  });

  it('leaves out the sentences whose op was not measured', () => {
    const appendOnly = toCostModel(reportFor({ append: LINEAR.append }));
    const lines = costModelLines(withModel(appendOnly));
    expect(lines.map((l) => l.kind)).toEqual(['cheap']);
    expect(lines[0]!.text).toMatch(/^At 16,000 characters, an append costs 10 ns \(exponent 0\.00\): at most/);
  });

  it('reads the sample cost model', () => {
    const lines = costModelLines(makeSampleResults({ costModel: true }));
    expect(lines).toHaveLength(3);
    expect(lines[0]!.text).toMatch(
      /^A full markdown re-parse of a 16,000-character answer costs 1\.21 ms per chunk: at 981 tok\/s .* 1\.2× the 1,000 ms available/,
    );
  });
});
