// `npm run merge`: the `--shard K/N` slices of one suite joined into the results the whole suite would have given:
// cells in planned order, the renderer comparisons recomputed per group (each group ran whole on one machine, so
// they equal the unsharded ones), the sweep entries joined, each slice's machine kept in `shards`. Refuses slices of
// different configs or commits, duplicate or missing slices; warns when the machines differ. Pure.
import { environmentDifferences } from '../stats/results-diff.ts';
import { compareCells, countUndecided } from '../stats/cell-comparisons.ts';
import { emitterFigures } from '../stats/emitter-figures.ts';
import { groupKeyOf, sweepGroupKeyOf } from '../run/shard.ts';
import { planCells } from '../run/suite-plan.ts';
import type { AutoOutcome, Results, ShardRecord, SuiteConfig } from './types.ts';

export class MergeError extends Error {}

export interface ShardInput {
  /** How the slice was named on the command line (for messages). */
  label: string;
  results: Results;
}

/** JSON with object keys sorted, so two configs compare equal whatever order their keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function withoutShard(config: SuiteConfig): SuiteConfig {
  const { shard: _shard, ...rest } = config;
  return rest;
}

/** The refusals: not a slice, different counts, configs or commits, duplicate or missing slices. */
export function checkShards(inputs: readonly ShardInput[]): number {
  const first = inputs[0];
  if (!first) throw new MergeError("nothing to merge: give the slices' folders");
  for (const { label, results } of inputs) {
    if (!results.config.shard) throw new MergeError(`"${label}" is not a --shard slice (no config.shard)`);
  }
  const count = first.results.config.shard?.count ?? 0;
  const seen = new Map<number, string>();
  for (const { label, results } of inputs) {
    const shard = results.config.shard!;
    if (shard.count !== count) {
      throw new MergeError(`"${label}" is slice ${shard.index}/${shard.count}, "${first.label}" one of ${count}`);
    }
    const before = seen.get(shard.index);
    if (before) throw new MergeError(`duplicate slice ${shard.index}/${count}: "${before}" and "${label}"`);
    seen.set(shard.index, label);
    if (canonical(withoutShard(results.config)) !== canonical(withoutShard(first.results.config))) {
      throw new MergeError(`"${label}" ran a different config than "${first.label}" (options other than --shard)`);
    }
    const [a, b] = [first.results.environment, results.environment];
    if (a.gitCommit !== b.gitCommit || a.gitDirty !== b.gitDirty) {
      const name = (e: typeof a) => `${e.gitCommit ?? 'no commit'}${e.gitDirty ? ' (dirty)' : ''}`;
      throw new MergeError(`slices from different commits: ${name(a)} ("${first.label}") vs ${name(b)} ("${label}")`);
    }
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length)
    throw new MergeError(`missing slice${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count}`);
  return count;
}

/** One warning per slice whose machine differs from slice 1's. */
export function hardwareWarnings(inputs: readonly ShardInput[]): string[] {
  const sorted = [...inputs].sort((a, b) => a.results.config.shard!.index - b.results.config.shard!.index);
  const first = sorted[0]!;
  return sorted.slice(1).flatMap(({ label, results }) => {
    const diff = environmentDifferences(first.results.environment, results.environment);
    const why = 'each group is compared within its own machine';
    return diff.length ? [`"${label}" ran on other hardware than "${first.label}" (${diff.join('; ')}): ${why}`] : [];
  });
}

function mergedAuto(inputs: readonly ShardInput[], results: Results): AutoOutcome | undefined {
  const autos = inputs.flatMap((i) => (i.results.auto ? [i.results.auto] : []));
  const first = autos[0];
  if (!first) return undefined;
  const why = (w: AutoOutcome['stoppedBecause']) => autos.some((a) => a.stoppedBecause === w);
  const undecided = countUndecided(results.comparisons ?? []);
  return {
    ...first,
    extraRounds: Math.max(...autos.map((a) => a.extraRounds)),
    stoppedBecause: why('interrupted') ? 'interrupted' : why('time-limit') ? 'time-limit' : 'resolved',
    resolved: (results.comparisons?.length ?? 0) - undecided,
    unresolved: undecided,
  };
}

function shardRecord(input: ShardInput): ShardRecord {
  const { results } = input;
  const shard = results.config.shard!;
  return {
    index: shard.index,
    count: shard.count,
    environment: results.environment,
    groups: [...new Set(results.cells.map(groupKeyOf))],
    sweepGroups: [...new Set((results.sweep?.entries ?? []).map(sweepGroupKeyOf))],
  };
}

/**
 * Joins checked slices (raw timelines attached, for the emitter figures). Fields this function does not know are
 * taken from slice 1, like its machine-wide figures (instrument overhead, noise floor, cost model).
 */
export function mergeShards(inputs: readonly ShardInput[]): { results: Results; warnings: string[] } {
  checkShards(inputs);
  const sorted = [...inputs].sort((a, b) => a.results.config.shard!.index - b.results.config.shard!.index);
  const first = sorted[0]!.results;
  const config = withoutShard(first.config);
  const byId = new Map(sorted.flatMap((s) => s.results.cells.map((c) => [c.id, c] as const)));
  const cells = planCells(config).flatMap((planned) => {
    const cell = byId.get(planned.id);
    return cell ? [cell] : [];
  });
  const statuses = sorted.map((s) => s.results.status);
  const finished = sorted.map((s) => s.results.finishedAt);
  const results: Results = {
    ...first,
    status: statuses.includes('interrupted') ? 'interrupted' : statuses.includes('partial') ? 'partial' : 'complete',
    startedAt: sorted.map((s) => s.results.startedAt).sort()[0] ?? first.startedAt,
    finishedAt: finished.includes(null) ? null : ([...finished].sort().at(-1) ?? null),
    wallS: Math.max(...sorted.map((s) => s.results.wallS)),
    config,
    cells,
    comparisons: compareCells(cells, config.seed),
    shards: sorted.map(shardRecord),
  };
  delete results.rawFile;
  const sweepOrder = (e: { renderer: string; scenario: string; cpuThrottle: number }) =>
    config.cpuThrottles.indexOf(e.cpuThrottle) * 1e6 +
    config.renderers.indexOf(e.renderer) * 1e3 +
    config.scenarios.indexOf(e.scenario);
  if (first.sweep) {
    const entries = sorted.flatMap((s) => s.results.sweep?.entries ?? []);
    results.sweep = { config: first.sweep.config, entries: entries.sort((a, b) => sweepOrder(a) - sweepOrder(b)) };
  }
  const auto = mergedAuto(sorted, results);
  if (auto) results.auto = auto;
  const emitter = emitterFigures(cells);
  if (emitter.length) results.emitter = emitter;
  return { results, warnings: hardwareWarnings(sorted) };
}
