// --auto through the real suite: rounds are added over the cells of unresolved comparisons until they
// resolve or the time limit passes, and results.auto says how it ended.
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../harness/run/suite.ts';
import type { SuiteConfig } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';

const config: SuiteConfig = {
  renderers: ['raf-buffered', 'per-chunk-dom', 'test-busy-write-40ms'],
  scenarios: ['markdown-answer'],
  rates: [{ name: 'kimi-k2.6-cerebras', tokPerS: 981, ttftMs: 100 }],
  runs: 2,
  warmupRuns: 1,
  seed: 5,
  cpuThrottles: [1],
  throttleWarmupRuns: 0,
  quick: true,
  tokensPerChunk: 1,
  jitter: 0,
  cellTimeoutMs: 10_000,
  maxTokens: 40,
  auto: { maxTimeS: 40, maxTimeDefaulted: false },
};

describe('--auto', () => {
  it('adds rounds over the unresolved pairs and stops when they resolve or time runs out', async () => {
    const lines: string[] = [];
    const results = await runSuite(config, { onLog: (l) => lines.push(l) });
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
    const auto = results.auto;
    expect(auto).toBeDefined();
    // With 2 runs a side no pair can be decided at 95%: at least one round was added.
    expect(auto?.extraRounds ?? 0).toBeGreaterThan(0);
    expect(['resolved', 'time-limit']).toContain(auto?.stoppedBecause);
    expect((auto?.resolved ?? 0) + (auto?.unresolved ?? 0)).toBe(3);
    expect(auto?.unresolved).toBe((results.comparisons ?? []).filter((c) => c.verdict === 'undecided' && !(c.diff.ciLow === 0 && c.diff.ciHigh === 0)).length);
    // The busy renderer is far slower: once it has enough runs, both of its pairs are decided against it.
    const busyPairs = (results.comparisons ?? []).filter((c) => c.a === 'test-busy-write-40ms' || c.b === 'test-busy-write-40ms');
    for (const c of busyPairs) {
      const busyIsA = c.a === 'test-busy-write-40ms';
      expect(c.verdict, c.sentence).toBe(busyIsA ? 'slower' : 'faster');
    }
    const busy = results.cells.find((c) => c.renderer === 'test-busy-write-40ms');
    // Its pairs needed more than the configured 2 runs a side (4 vs 4 is the fewest a rank interval decides at 95%).
    expect(busy?.runs.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => l.startsWith('auto:'))).toBe(true);
  }, 180_000);
});
