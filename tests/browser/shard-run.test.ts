// --shard through the real suite: a small suite (two renderers, one scenario, three rates: three comparison groups)
// run as three slices in Chromium merges into results with the cells, in planned order, and the comparison groups of
// the suite run whole. Short streams, one run a cell and no warm-up round keep it cheap; nothing is timed.
import { describe, expect, it } from 'vitest';
import { mergeShards } from '../../harness/results/merge.ts';
import { groupKeyOf } from '../../harness/run/shard.ts';
import { runSuite } from '../../harness/run/suite.ts';
import { planCells } from '../../harness/run/suite-plan.ts';
import type { Results, SuiteConfig } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';

const config: SuiteConfig = {
  renderers: ['raf-buffered', 'per-chunk-dom'],
  scenarios: ['markdown-answer'],
  rates: [
    { name: '400', tokPerS: 400, ttftMs: 100 },
    { name: '800', tokPerS: 800, ttftMs: 100 },
    { name: '1600', tokPerS: 1600, ttftMs: 100 },
  ],
  runs: 1,
  warmupRuns: 0,
  seed: 3,
  cpuThrottles: [1],
  throttleWarmupRuns: 0,
  quick: true,
  tokensPerChunk: 1,
  jitter: 0,
  cellTimeoutMs: 10_000,
  maxTokens: 40,
};

/** Every pair of renderers within each comparison group of the planned (unsharded) cells. */
function plannedPairs(): string[] {
  const groups = new Map<string, string[]>();
  for (const c of planCells(config)) groups.set(groupKeyOf(c), [...(groups.get(groupKeyOf(c)) ?? []), c.renderer]);
  return [...groups].flatMap(([key, rs]) => rs.flatMap((a, i) => rs.slice(i + 1).map((b) => `${key}|${a}|${b}`)));
}

describe('--shard K/N in the real suite', () => {
  it('runs three slices that merge into the cells and comparison groups of the whole suite', async () => {
    const slices: Results[] = [];
    for (const index of [1, 2, 3]) slices.push(await runSuite({ ...config, shard: { index, count: 3 } }));
    for (const s of slices) {
      expect(s.status).toBe('complete');
      expect(new Set(s.cells.map(groupKeyOf)).size).toBe(1);
    }
    const { results, warnings } = mergeShards(slices.map((s, i) => ({ label: `slice-${i + 1}`, results: s })));
    expect(warnings).toEqual([]);
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
    expect(results.config).toEqual(config);
    expect(results.cells.map((c) => c.id)).toEqual(planCells(config).map((c) => c.id));
    for (const cell of results.cells) expect(cell.status, `${cell.id}: ${cell.error ?? ''}`).toBe('ok');
    const pairs = (results.comparisons ?? []).map((c) => `${c.scenario}|${c.rate}|${c.cpuThrottle}|${c.a}|${c.b}`);
    expect(pairs.sort()).toEqual(plannedPairs().sort());
    expect(results.shards?.map((s) => s.groups.length)).toEqual([1, 1, 1]);
  }, 120_000);
});
