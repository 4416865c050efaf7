// `--shard K/N`: which planned cells and sweep entries run on this machine. A slice never splits a comparison
// group (scenario x rate x CPU profile), because pairwise renderer verdicts only mean something for runs on the
// same machine. The sweep is split by scenario x CPU profile in an assignment of its own (one unit per group), so a
// slice may sweep a scenario whose cells run on another slice; `npm run merge` joins both. Deterministic from the
// config alone (every shard of a CI matrix computes the same assignment), and balanced by each group's expected
// stream time. Pure.
import type { CellResult, SuiteConfig } from '../results/types.ts';
import { RUN_SETUP_S } from './setup-cost.ts';
import { planCells, type SchedulePlan } from './suite-plan.ts';

export interface Shard {
  /** 1-based slice number. */
  index: number;
  count: number;
}

export class BadShardError extends Error {}

/** `2/3` -> { index: 2, count: 3 }; anything else throws a one-line error naming the value. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new BadShardError(`bad --shard "${text}": use K/N with 1 <= K <= N, e.g. 2/3`);
  }
  return { index, count };
}

/** The comparison group of a cell: the cells whose renderers are compared with each other. */
export function groupKeyOf(cell: Pick<CellResult, 'scenario' | 'rate' | 'cpuThrottle'>): string {
  return `${cell.scenario}|${cell.rate.name}|${cell.cpuThrottle}`;
}

/** The sweep's group: every renderer of one scenario under one CPU profile. */
export function sweepGroupKeyOf(entry: { scenario: string; cpuThrottle: number }): string {
  return `${entry.scenario}|${entry.cpuThrottle}`;
}

/**
 * Longest-processing-time-first assignment of groups to `count` slices: heaviest group first, each to the
 * least-loaded slice (lowest slice number on ties). Ties between groups keep their input order, so the result
 * depends only on the input. Returns group key -> 1-based slice.
 */
export function assignGroups(groups: ReadonlyArray<{ key: string; cost: number }>, count: number): Map<string, number> {
  const order = groups.map((g, i) => ({ ...g, i })).sort((a, b) => b.cost - a.cost || a.i - b.i);
  const load = new Array<number>(count).fill(0);
  const out = new Map<string, number>();
  for (const g of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if ((load[s] as number) < (load[best] as number)) best = s;
    load[best] = (load[best] as number) + g.cost;
    out.set(g.key, best + 1);
  }
  return out;
}

/** Each comparison group's slice; `costOf` is a cell's expected time (e.g. its stream's duration). */
export function cellGroupSlices(
  cells: readonly CellResult[],
  count: number,
  costOf: (cell: CellResult) => number,
): Map<string, number> {
  const costs = new Map<string, number>();
  for (const cell of cells) costs.set(groupKeyOf(cell), (costs.get(groupKeyOf(cell)) ?? 0) + costOf(cell));
  return assignGroups(
    [...costs].map(([key, cost]) => ({ key, cost })),
    count,
  );
}

/** The planned cells of slice `shard` (all of them without one), in planned order. */
export function shardCells(
  cells: readonly CellResult[],
  shard: Shard | undefined,
  costOf: (cell: CellResult) => number,
): CellResult[] {
  if (!shard) return [...cells];
  const slices = cellGroupSlices(cells, shard.count, costOf);
  return cells.filter((cell) => slices.get(groupKeyOf(cell)) === shard.index);
}

/** Each sweep group's slice: scenario x CPU profile, every group costing the same (one search per renderer). */
export function sweepGroupSlices(config: Pick<SuiteConfig, 'scenarios' | 'cpuThrottles'>, count: number) {
  const groups = config.cpuThrottles.flatMap((cpuThrottle) =>
    config.scenarios.map((scenario) => ({ key: sweepGroupKeyOf({ scenario, cpuThrottle }), cost: 1 })),
  );
  return assignGroups(groups, count);
}

/** Whether slice `shard` sweeps this scenario x CPU profile (always, without a shard). */
export function sweepsOnShard(
  config: Pick<SuiteConfig, 'scenarios' | 'cpuThrottles'>,
  shard: Shard | undefined,
): (entry: { scenario: string; cpuThrottle: number }) => boolean {
  if (!shard) return () => true;
  const slices = sweepGroupSlices(config, shard.count);
  return (entry) => slices.get(sweepGroupKeyOf(entry)) === shard.index;
}

/** A cell's expected time: its stream plus the per-run setup (every cell has the same number of runs). */
export function cellCost(schedules: SchedulePlan): (cell: CellResult) => number {
  return (cell) => schedules.of(cell).full.lastDueMs + RUN_SETUP_S * 1000;
}

/** The cells a suite runs: every planned cell, or with config.shard only that slice's comparison groups. */
export function planSliceCells(config: SuiteConfig, schedules: SchedulePlan): CellResult[] {
  return shardCells(planCells(config), config.shard, cellCost(schedules));
}
