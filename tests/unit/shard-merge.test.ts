// `--shard K/N` and `npm run merge`: the slices partition the planned cells by whole comparison groups (scenario x
// rate x CPU profile), deterministically and balanced by stream time; the sweep is split by scenario x CPU profile;
// merged slices give the cells and comparisons of the unsharded suite; incompatible slices are refused.
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../harness/cli/args.ts';
import { listRendererFiles } from '../../harness/renderer/files.ts';
import { MergeError, mergeShards, type ShardInput } from '../../harness/results/merge.ts';
import {
  cellCost,
  groupKeyOf,
  parseShard,
  planSliceCells,
  sweepsOnShard,
  type Shard,
} from '../../harness/run/shard.ts';
import { planCells, SchedulePlan } from '../../harness/run/suite-plan.ts';
import { compareCells } from '../../harness/stats/cell-comparisons.ts';
import { defaultGate, diffResults } from '../../harness/stats/results-diff.ts';
import { shardRows } from '../../harness/report/shards-text.ts';
import { summarizeRuns } from '../../harness/stats/cell-summary.ts';
import type { CellResult, Results, SuiteConfig, SweepEntry } from '../../harness/results/types.ts';
import { rerunResults } from '../fixtures/rerun-results.ts';

const FILES = listRendererFiles();
const TWO = FILES.filter((f) => f.kind === 'strategy')
  .slice(0, 2)
  .map((f) => f.name);

function configOf(args: string[]): SuiteConfig {
  return parseCli(args, FILES).config;
}

/** A small suite: two renderers, one scenario, three rates, so three comparison groups. */
const SMALL = configOf(['--quick', '--runs', '1', '--renderers', TWO.join(','), '--rates', '100,400,1600']);

const SWEEP = { ttvBudgetMs: 50, maxDroppedPct: 2, minRate: 10, maxRate: 20_000, resolution: 1.5, runsPerPoint: 1 };

const sliceOf = (config: SuiteConfig, shard: Shard): CellResult[] =>
  planSliceCells({ ...config, shard }, new SchedulePlan(config));

describe('--shard K/N', () => {
  it('parses K/N and names a bad value in one line', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', 'x', '1/0', '2'])
      expect(() => parseShard(bad)).toThrow(`bad --shard "${bad}": use K/N with 1 <= K <= N, e.g. 2/3`);
    expect(() => parseCli(['--shard', '4/3'], FILES)).toThrow(UsageError);
    expect(configOf(['--shard', '1/2']).shard).toEqual({ index: 1, count: 2 });
  });

  it('partitions the planned cells into slices of whole comparison groups, the same way every time', () => {
    const planned = planCells(SMALL);
    for (const n of [1, 2, 3, 4]) {
      const slices = Array.from({ length: n }, (_, i) => sliceOf(SMALL, { index: i + 1, count: n }));
      const ids = slices.flatMap((s) => s.map((c) => c.id));
      expect(ids.sort()).toEqual(planned.map((c) => c.id).sort());
      const groupSlices = new Map<string, Set<number>>();
      slices.forEach((slice, i) =>
        slice.forEach((c) => groupSlices.set(groupKeyOf(c), new Set([...(groupSlices.get(groupKeyOf(c)) ?? []), i]))),
      );
      for (const owners of groupSlices.values()) expect(owners.size).toBe(1);
      expect(sliceOf(SMALL, { index: 1, count: n }).map((c) => c.id)).toEqual(slices[0]!.map((c) => c.id));
    }
    // Three groups over three slices: one group each.
    const three = [1, 2, 3].map((k) => new Set(sliceOf(SMALL, { index: k, count: 3 }).map(groupKeyOf)).size);
    expect(three).toEqual([1, 1, 1]);
  });

  it('balances the full suite by expected stream time', () => {
    const full = configOf(['--suite', 'full']);
    const schedules = new SchedulePlan(full);
    const cost = cellCost(schedules);
    const loads = [1, 2, 3, 4].map((k) =>
      planSliceCells({ ...full, shard: { index: k, count: 4 } }, schedules).reduce((sum, c) => sum + cost(c), 0),
    );
    const total = planCells(full).reduce((sum, c) => sum + cost(c), 0);
    expect(loads.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 3);
    console.log(`full suite over 4 slices, expected seconds: ${loads.map((l) => (l / 1000).toFixed(0)).join(', ')}`);
    // A group cannot be split, so no slice can be lighter than the heaviest group; beyond that, LPT's 4/3 bound.
    const groups = new Map<string, number>();
    for (const c of planCells(full)) groups.set(groupKeyOf(c), (groups.get(groupKeyOf(c)) ?? 0) + cost(c));
    const floor = Math.max(total / 4, ...groups.values());
    expect(Math.max(...loads)).toBeLessThanOrEqual((4 / 3) * floor);
  });

  it('splits the sweep by scenario x CPU profile, each on exactly one slice', () => {
    const config = configOf(['--suite', 'full', '--cpu-throttle', '1,4']);
    for (const cpuThrottle of config.cpuThrottles)
      for (const scenario of config.scenarios) {
        const owners = [1, 2, 3].filter((k) =>
          sweepsOnShard(config, { index: k, count: 3 })({ scenario, cpuThrottle }),
        );
        expect(owners).toHaveLength(1);
      }
  });
});

// ---- merge, on synthetic slices: each cell's runs are a sample cell's, picked by the cell's id ----

const SAMPLE = rerunResults(5, { runs: 5 });
const SAMPLE_OK = SAMPLE.cells.filter((c) => c.status === 'ok');

function filled(cell: CellResult): CellResult {
  const hash = [...cell.id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
  const runs = structuredClone(SAMPLE_OK[hash % SAMPLE_OK.length]!.runs);
  return { ...cell, status: 'ok', warmupRuns: 1, runs, summary: summarizeRuns(runs) };
}

function suiteResults(config: SuiteConfig, cells: CellResult[], environment = SAMPLE.environment): Results {
  const filledCells = cells.map(filled);
  return {
    ...structuredClone(SAMPLE),
    environment,
    config,
    cells: filledCells,
    comparisons: compareCells(filledCells, config.seed),
  };
}

function slices(config: SuiteConfig, n: number): ShardInput[] {
  return Array.from({ length: n }, (_, i) => {
    const shard = { index: i + 1, count: n };
    return { label: `slice-${i + 1}`, results: suiteResults({ ...config, shard }, sliceOf(config, shard)) };
  });
}

describe('npm run merge', () => {
  it('merges 3 slices into the cells and comparison groups of the unsharded suite', () => {
    const whole = suiteResults(SMALL, planCells(SMALL));
    const { results, warnings } = mergeShards(slices(SMALL, 3).reverse());
    expect(warnings).toEqual([]);
    expect(results.config).toEqual(SMALL);
    expect(results.cells.map((c) => c.id)).toEqual(whole.cells.map((c) => c.id));
    expect(results.cells).toEqual(whole.cells);
    expect(results.comparisons).toEqual(whole.comparisons);
    expect(results.comparisons?.length).toBe(3);
    expect(results.shards?.map((s) => s.groups.length)).toEqual([1, 1, 1]);
    expect(results.status).toBe('complete');
  });

  it('refuses duplicate or missing slices, other configs or commits, and results that are no slice', () => {
    const [a, b, c] = slices(SMALL, 3) as [ShardInput, ShardInput, ShardInput];
    expect(() => mergeShards([a, b, b])).toThrow(/duplicate slice 2\/3: "slice-2" and "slice-2"/);
    expect(() => mergeShards([a, c])).toThrow(/missing slice 2 of 3/);
    const otherSeed = { ...b, results: { ...b.results, config: { ...b.results.config, seed: 99 } } };
    expect(() => mergeShards([a, otherSeed, c])).toThrow(/"slice-2" ran a different config than "slice-1"/);
    const env = { ...b.results.environment, gitCommit: 'feedbeef' };
    const otherCommit = { ...b, results: { ...b.results, environment: env } };
    expect(() => mergeShards([a, otherCommit, c])).toThrow(/slices from different commits: .* vs feedbeef/);
    const whole = { label: 'whole', results: suiteResults(SMALL, planCells(SMALL)) };
    expect(() => mergeShards([whole])).toThrow(MergeError);
    expect(() => mergeShards([whole])).toThrow(/"whole" is not a --shard slice/);
  });

  it('joins the sweep entries of every slice in planned order', () => {
    const config: SuiteConfig = { ...SMALL, scenarios: ['markdown-answer', 'prose-answer'], sweep: SWEEP };
    const entry = (renderer: string, scenario: string): SweepEntry => ({
      renderer,
      scenario,
      cpuThrottle: 1,
      status: 'found',
      saturationRate: 100,
      bracket: { lo: 100, hi: 125 },
      points: [],
    });
    const inputs = slices(config, 2).map(({ label, results }) => {
      const mine = sweepsOnShard(config, results.config.shard);
      const entries = config.scenarios.flatMap((s) => TWO.map((r) => entry(r, s))).filter((e) => mine(e));
      return { label, results: { ...results, sweep: { config: SWEEP, entries: entries.reverse() } } };
    });
    expect(inputs.map((i) => i.results.sweep.entries.length)).toEqual([2, 2]);
    const { results } = mergeShards(inputs);
    const order = TWO.flatMap((r) => config.scenarios.map((s) => `${r}|${s}`));
    expect(results.sweep?.entries.map((e) => `${e.renderer}|${e.scenario}`)).toEqual(order);
    expect(results.shards?.map((s) => s.sweepGroups.length)).toEqual([1, 1]);
    const sweepRows = shardRows(results).map(([, text]) => text.split('; sweep: ')[1]);
    expect(sweepRows.sort()).toEqual(['markdown-answer', 'prose-answer']);
  });

  it('warns when slices ran on different hardware, and keeps each slice machine and groups', () => {
    const [a, b, c] = slices(SMALL, 3) as [ShardInput, ShardInput, ShardInput];
    const env = { ...c.results.environment, cores: 16, cpuModel: 'Other CPU' };
    const other = { ...c, results: { ...c.results, environment: env } };
    const { results, warnings } = mergeShards([a, b, other]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"slice-3" ran on other hardware than "slice-1" \(cores \d+ vs 16; CPU model/);
    expect(results.shards?.[2]?.environment.cpuModel).toBe('Other CPU');
    expect(results.shards?.[2]?.groups).toEqual([...new Set(c.results.cells.map(groupKeyOf))]);
    // The report's Configuration names each slice's machine and groups.
    const rows = shardRows(results);
    expect(rows.map(([k]) => k)).toEqual(['Slice 1 of 3', 'Slice 2 of 3', 'Slice 3 of 3']);
    expect(rows[2]?.[1]).toMatch(/^Other CPU, 16 cores, Chromium .*: markdown-answer × /);
    // compare reads each cell's machine from its slice.
    const diff = diffResults(results, mergeShards([a, b, c]).results, defaultGate());
    const differing = diff.cells.filter((cell) => cell.environment.length > 0);
    expect(differing.map((cell) => cell.id).sort()).toEqual(c.results.cells.map((cell) => cell.id).sort());
    expect(diff.warnings.join(' ')).toMatch(/cores 16 vs \d+; CPU model "Other CPU" vs/);
  });
});
