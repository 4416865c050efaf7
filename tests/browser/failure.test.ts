// A renderer that throws or hangs fails its own cell only; an interrupted suite keeps what it measured.
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../harness/run/suite.ts';
import type { Results, SuiteConfig } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';

const config = (over: Partial<SuiteConfig>): SuiteConfig => ({
  renderers: ['raf-buffered'],
  scenarios: ['markdown-answer'],
  rates: [{ name: 'kimi-k2.6-cerebras', tokPerS: 981, ttftMs: 100 }],
  runs: 1,
  warmupRuns: 1,
  seed: 1,
  cpuThrottles: [1],
  throttleWarmupRuns: 0,
  quick: true,
  tokensPerChunk: 1,
  jitter: 0,
  cellTimeoutMs: 6_000,
  maxTokens: 40,
  ...over,
});

const cell = (results: Results, renderer: string) => results.cells.find((c) => c.renderer === renderer);

describe('failures stay in their cell', () => {
  const failsTitle =
    'a throwing renderer and a hung renderer fail with their errors; the others run and the results validate';
  it(failsTitle, async () => {
    const checkpoints: string[] = [];
    // A 3 s cell timeout: the hung renderer is given up sooner; the others finish in well under a second.
    const renderers = ['test-throws', 'test-hangs', 'raf-buffered'];
    const results = await runSuite(config({ renderers, runs: 2, cellTimeoutMs: 3_000 }), {
      onCheckpoint: (r) => {
        checkpoints.push(r.status);
      },
    });
    expect(results.status).toBe('complete');
    expect(cell(results, 'test-throws')?.status).toBe('failed');
    expect(cell(results, 'test-throws')?.error).toMatch(/exploded on chunk 10/);
    expect(cell(results, 'test-hangs')?.status).toBe('failed');
    expect(cell(results, 'test-hangs')?.error).toMatch(/did not finish/);
    const ok = cell(results, 'raf-buffered');
    expect(ok?.status).toBe('ok');
    expect(ok?.runs.length).toBe(2);
    expect(ok?.summary?.ttvP95Ms.median).not.toBeNull();
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints.every((s) => s === 'partial')).toBe(true);
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
  });

  it('an interrupted suite keeps finished runs and says it was interrupted', async () => {
    const controller = new AbortController();
    let measured = 0;
    const results = await runSuite(config({ renderers: ['raf-buffered', 'per-chunk-dom'], runs: 3 }), {
      signal: controller.signal,
      onProgress: (event) => {
        if (!event.warmup && ++measured === 3) controller.abort();
      },
    });
    expect(results.status).toBe('interrupted');
    const runs = results.cells.reduce((n, c) => n + c.runs.length, 0);
    expect(runs).toBe(3);
    expect(results.cells.some((c) => c.status === 'pending')).toBe(true);
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
  });
});
