import { describe, expect, it } from 'vitest';
import {
  APPEND_BATCH,
  buildReport,
  estimatePerAnswerMs,
  fitScaling,
  formatReport,
  generateMarkdown,
  interpolateCost,
  lastBlock,
  MICROBENCH_OPS,
  QUICK_TIME_MS,
  rateLimit,
  runMicrobench,
  runQuickMicrobench,
  SANITIZE_NOTE,
  type MicrobenchResult,
} from '../../harness/microbench/bench.ts';

const SIZES = [1_000, 4_000, 16_000, 64_000];

function powerLaw(a: number, exponent: number): Array<{ chars: number; meanMs: number }> {
  return SIZES.map((chars) => ({ chars, meanMs: a * chars ** exponent }));
}

describe('fitScaling', () => {
  it('recovers known exponents 0, 1 and 2', () => {
    expect(fitScaling(powerLaw(0.01, 0)).exponent).toBeCloseTo(0, 10);
    expect(fitScaling(powerLaw(2e-4, 1)).exponent).toBeCloseTo(1, 10);
    expect(fitScaling(powerLaw(3e-9, 2)).exponent).toBeCloseTo(2, 10);
  });

  it('is the least-squares slope when the points are noisy', () => {
    // log-log points (0,0), (1,1.1), (2,1.9), (3,3): Sxy = 4.9, Sxx = 5, slope 0.98.
    const e = Math.E;
    const points = [0, 1, 2, 3].map((x, i) => ({ chars: e ** x, meanMs: e ** ([0, 1.1, 1.9, 3][i] ?? 0) }));
    expect(fitScaling(points).exponent).toBeCloseTo(0.98, 10);
  });

  it('needs two distinct sizes and positive values', () => {
    expect(() => fitScaling([{ chars: 1000, meanMs: 1 }])).toThrow(RangeError);
    expect(() =>
      fitScaling([
        { chars: 1000, meanMs: 1 },
        { chars: 1000, meanMs: 2 },
      ]),
    ).toThrow(RangeError);
    expect(() =>
      fitScaling([
        { chars: 1000, meanMs: 0 },
        { chars: 2000, meanMs: 2 },
      ]),
    ).toThrow(RangeError);
  });
});

describe('generateMarkdown', () => {
  it('returns exactly the requested number of characters', () => {
    for (const n of [0, 1, 999, ...SIZES]) expect(generateMarkdown(n)).toHaveLength(n);
  });

  it('is deterministic, and each size is a prefix of the larger ones', () => {
    expect(generateMarkdown(16_000)).toBe(generateMarkdown(16_000));
    const big = generateMarkdown(64_000);
    for (const n of SIZES) expect(big.startsWith(generateMarkdown(n))).toBe(true);
  });

  it('holds headings, lists, code fences, a table and links', () => {
    const text = generateMarkdown(4_000);
    expect(text).toMatch(/^# /);
    expect(text).toMatch(/^## /m);
    expect(text).toMatch(/^- /m);
    expect(text).toMatch(/^```ts$/m);
    expect(text).toMatch(/^\|---\|/m);
    expect(text).toMatch(/\[[^\]]+\]\(https:\/\/example\.com\/[^)]+\)/);
    expect(text).toMatch(/^> /m);
  });

  it('varies its sections rather than repeating one block', () => {
    const text = generateMarkdown(64_000);
    const sections = text.split('\n## ').slice(1, -1);
    expect(sections.length).toBeGreaterThan(40);
    expect(new Set(sections).size).toBe(sections.length);
    expect(new Set([...text.matchAll(/^```(\w+)$/gm)].map((m) => m[1])).size).toBeGreaterThanOrEqual(3);
  });

  it('rejects a negative or fractional size', () => {
    expect(() => generateMarkdown(-1)).toThrow(RangeError);
    expect(() => generateMarkdown(1.5)).toThrow(RangeError);
  });
});

describe('lastBlock', () => {
  it('is the text after the last blank line', () => {
    expect(lastBlock('# a\n\npara\n\n- x\n- y')).toBe('- x\n- y');
    expect(lastBlock('no blank line')).toBe('no blank line');
    expect(lastBlock('ends with a blank line\n\n')).toBe('');
  });
});

describe('derived estimates', () => {
  it('interpolates a power law exactly and extends it outside the measured sizes', () => {
    const points = powerLaw(1e-3, 1);
    expect(interpolateCost(points, 8_000)).toBeCloseTo(8, 10);
    expect(interpolateCost(points, 100)).toBeCloseTo(0.1, 10);
    expect(interpolateCost(points, 128_000)).toBeCloseTo(128, 8);
  });

  it('sums the per-chunk cost over the answer', () => {
    // cost(c) = 1e-3 * c ms, c = 4k for k = 1..4000: 4e-3 * 4000 * 4001 / 2.
    expect(estimatePerAnswerMs(powerLaw(1e-3, 1), 4_000, 4)).toBeCloseTo(32_008, 6);
    // Constant cost: tokens * cost.
    expect(estimatePerAnswerMs(powerLaw(0.5, 0), 4_000, 4)).toBeCloseTo(2_000, 8);
  });

  it('finds the length where one op per chunk stops fitting the chunk gap', () => {
    const linear = powerLaw(1e-4, 1); // 0.1 ms at 1k, 6.4 ms at 64k
    const at981 = rateLimit(linear, 981);
    expect(at981.where).toBe('within');
    expect(at981.maxChars).toBeCloseTo(1000 / 981 / 1e-4, -1);
    expect(rateLimit(linear, 55)).toMatchObject({ where: 'beyond-largest', maxChars: null });
    expect(rateLimit(linear, 20_000)).toMatchObject({ where: 'below-smallest', maxChars: null });
  });
});

describe('report', () => {
  const results: MicrobenchResult[] = MICROBENCH_OPS.flatMap((op, o) =>
    SIZES.map((chars) => {
      const meanMs = [1e-4 * chars, 0.005, 1e-5][o] ?? 1;
      return {
        op,
        chars,
        meanMs,
        p50Ms: meanMs,
        p99Ms: 2 * meanMs,
        samples: 100,
        rmePct: 1,
        maxEventsPerS: 1000 / meanMs,
      };
    }),
  );
  const report = buildReport(
    { node: 'v20', cpuModel: 'test cpu', cores: 2, date: '2026-01-01T00:00:00.000Z' },
    results,
    {
      sizes: SIZES,
      timeMs: 250,
      warmupMs: 100,
      tinybench: '6.2.5',
      gcBetweenTasks: false,
    },
  );

  it('has the JSON shape and an exponent per op', () => {
    expect(report.schemaVersion).toBe(1);
    expect(Object.keys(report.environment).sort()).toEqual(['cores', 'cpuModel', 'date', 'node']);
    expect(report.summaries.map((s) => s.op)).toEqual([...MICROBENCH_OPS]);
    expect(report.summaries[0]?.exponent).toBeCloseTo(1, 10);
    expect(report.summaries[1]?.exponent).toBeCloseTo(0, 10);
    expect(report.notes).toContain(SANITIZE_NOTE);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('prints every row, the exponents and the sanitize note', () => {
    const text = formatReport(report);
    expect(text.split('\n').filter((l) => /^(full-parse|incremental-parse|append) /.test(l))).toHaveLength(12);
    expect(text).toContain('full-parse: exponent 1.00 (on p50: 1.00)');
    expect(text).toContain('sanitize cost measured in the browser only');
  });
});

describe('runMicrobench (short real run)', () => {
  it('full parse grows with the text; append does not', async () => {
    const sizes = [1_000, 16_000];
    const results = await runMicrobench({ sizes, ops: ['full-parse', 'append'], timeMs: 40, warmupMs: 20 });
    expect(results.map((r) => `${r.op}@${r.chars}`)).toEqual([
      'full-parse@1000',
      'full-parse@16000',
      'append@1000',
      'append@16000',
    ]);
    for (const r of results) {
      expect(r.samples).toBeGreaterThan(0);
      expect(r.meanMs).toBeGreaterThan(0);
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
      expect(Number.isFinite(r.rmePct)).toBe(true);
      expect(r.maxEventsPerS).toBeCloseTo(1000 / r.meanMs, 6);
    }
    // Ratios only, on the median (robust to a GC pause in a short run); never absolute times.
    const p50 = (op: string, chars: number): number => results.find((r) => r.op === op && r.chars === chars)!.p50Ms;
    const parseRatio = p50('full-parse', 16_000) / p50('full-parse', 1_000);
    const appendRatio = p50('append', 16_000) / p50('append', 1_000);
    expect(parseRatio).toBeGreaterThan(4);
    expect(appendRatio).toBeLessThan(2);
    expect(appendRatio * 3).toBeLessThan(parseRatio);
    expect(APPEND_BATCH).toBeGreaterThan(1);
  });
});

describe('runQuickMicrobench (what npm run bench runs after the suite)', () => {
  it('times every op at every size with the quick time budget, without --expose-gc, and says so', async () => {
    // Its duration is set by config.timeMs (checked below), not asserted as wall time on a shared machine.
    const report = await runQuickMicrobench();
    expect(report).not.toBeNull();
    expect(report!.results.map((r) => `${r.op}@${r.chars}`)).toEqual(
      MICROBENCH_OPS.flatMap((op) => SIZES.map((c) => `${op}@${c}`)),
    );
    expect(report!.config.timeMs).toBe(QUICK_TIME_MS);
    // vitest does not expose gc: the run degrades to no forced collection and the notes say so.
    expect(report!.config.gcBetweenTasks).toBe(false);
    expect(report!.notes.join('\n')).toMatch(
      /no garbage collection was forced between tasks \(run Node with --expose-gc for that\)/,
    );
    expect(report!.config.tinybench).toMatch(/^\d+\.\d+\.\d+$/);
    // Ratios on the median only: a full re-parse grows with the text, an append does not.
    const p50 = (op: string, chars: number) => report!.results.find((r) => r.op === op && r.chars === chars)!.p50Ms;
    expect(p50('full-parse', 64_000) / p50('full-parse', 1_000)).toBeGreaterThan(8);
    expect(p50('append', 64_000) / p50('append', 1_000)).toBeLessThan(3);
  }, 30_000);

  it('stops at the next task once aborted', async () => {
    const controller = new AbortController();
    const results = await runMicrobench({
      sizes: [1_000, 4_000],
      ops: ['append'],
      timeMs: 20,
      warmupMs: 5,
      signal: controller.signal,
      onResult: () => controller.abort(),
    });
    expect(results.map((r) => r.chars)).toEqual([1_000]);
    expect(await runQuickMicrobench({ signal: AbortSignal.abort() })).toBeNull();
  }, 30_000);
});
