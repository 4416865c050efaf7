// --auto through the real suite: rounds are added over the cells of unresolved comparisons until they
// resolve or the time limit passes, and results.auto says how it ended. The first suite's renderers differ by
// large factors, so its rounds end when every pair resolves (however loaded the machine, the limit is only a
// safety net); the second suite runs out of time at once, so each ending is exercised without waiting for it.
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../harness/run/suite.ts';
import type { SuiteConfig } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';

const config: SuiteConfig = {
  // TTV p95 ~20 ms, ~0.8 s (20 ms per write: 40 writes' work behind a 40 ms stream) and ~2 s: each pair resolves
  // at 4 runs a side, also on a machine loaded 15-fold (seen: two added rounds at a load average of 36).
  renderers: ['raf-buffered', 'calib-write-20ms', 'test-busy-write-40ms'],
  scenarios: ['markdown-answer'],
  rates: [{ name: 'kimi-k2.6-cerebras', tokPerS: 981, ttftMs: 100 }],
  runs: 2,
  // No warm-up round: a cold first run cannot close gaps this wide, and --auto is what is under test.
  warmupRuns: 0,
  seed: 5,
  cpuThrottles: [1],
  throttleWarmupRuns: 0,
  quick: true,
  tokensPerChunk: 1,
  jitter: 0,
  cellTimeoutMs: 10_000,
  maxTokens: 40,
  auto: { maxTimeS: 120, maxTimeDefaulted: false },
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
    const undecided = (results.comparisons ?? []).filter(
      (c) => c.verdict === 'undecided' && !(c.diff.ciLow === 0 && c.diff.ciHigh === 0),
    );
    expect(auto?.unresolved).toBe(undecided.length);
    // The busy renderer is far slower: once it has enough runs, both of its pairs are decided against it.
    const busyPairs = (results.comparisons ?? []).filter(
      (c) => c.a === 'test-busy-write-40ms' || c.b === 'test-busy-write-40ms',
    );
    for (const c of busyPairs) {
      const busyIsA = c.a === 'test-busy-write-40ms';
      expect(c.verdict, c.sentence).toBe(busyIsA ? 'slower' : 'faster');
    }
    const busy = results.cells.find((c) => c.renderer === 'test-busy-write-40ms');
    // Its pairs needed more than the configured 2 runs a side (4 vs 4 is the fewest a rank interval decides at 95%).
    expect(busy?.runs.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(lines.some((l) => l.startsWith('auto:'))).toBe(true);
  }, 180_000);

  it('stops at the time limit, adding no round, when the limit has passed before the first', async () => {
    const lines: string[] = [];
    const results = await runSuite(
      {
        ...config,
        // One run a side cannot decide a pair; the suite's own start-up outlasts a 1 s limit.
        renderers: ['raf-buffered', 'per-chunk-dom'],
        runs: 1,
        warmupRuns: 0,
        auto: { maxTimeS: 1, maxTimeDefaulted: false },
      },
      { onLog: (l) => lines.push(l) },
    );
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
    expect(results.auto).toMatchObject({ maxTimeS: 1, extraRounds: 0, stoppedBecause: 'time-limit', resolved: 0 });
    expect(results.auto?.unresolved).toBe(1);
    for (const cell of results.cells) expect(cell.runs).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('auto:') && l.includes('time-limit'))).toBe(true);
  }, 120_000);
});
