// Pairwise renderer comparisons of the headline metric (TTV p95 per run) within each scenario x rate x CPU
// profile, and what `--auto` still needs to sample. Pure.
import { compareSamples, isResolved } from './pairwise.ts';
import type { CellComparison, CellResult } from '../results/types.ts';
import type { RunMetrics } from '../metrics/types.ts';

export const HEADLINE_METRIC = 'TTV p95';

/** Metrics of the runs statistics are taken over: measured, and not excluded as invalid. */
export function validRunMetrics(cell: CellResult): RunMetrics[] {
  return cell.runs.flatMap((r) => (r.metrics !== null && r.invalid === undefined ? [r.metrics] : []));
}

/** Per-run TTV p95 of the valid runs (null: some text never became visible). */
function headlineValues(cell: CellResult): Array<number | null> {
  return validRunMetrics(cell).map((m) => m.ttvMs.p95);
}

function groupKey(cell: CellResult): string {
  return `${cell.scenario}|${cell.rate.name}|${cell.cpuThrottle}`;
}

/** Cells that can be compared: not failed, with at least one valid run. */
function comparable(cell: CellResult): boolean {
  return cell.status !== 'failed' && headlineValues(cell).length > 0;
}

export function compareCells(cells: readonly CellResult[], seed: number): CellComparison[] {
  const groups = new Map<string, CellResult[]>();
  for (const cell of cells.filter(comparable))
    groups.set(groupKey(cell), [...(groups.get(groupKey(cell)) ?? []), cell]);
  const out: CellComparison[] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i] as CellResult;
        const b = group[j] as CellResult;
        const c = compareSamples(
          { name: a.renderer, values: headlineValues(a) },
          { name: b.renderer, values: headlineValues(b) },
          { metric: HEADLINE_METRIC, seed },
        );
        out.push({
          scenario: a.scenario,
          rate: a.rate.name,
          cpuThrottle: a.cpuThrottle,
          metric: c.metric,
          a: c.a,
          b: c.b,
          nA: c.nA,
          nB: c.nB,
          diff: c.diff,
          relative: c.relative,
          level: c.level,
          verdict: c.verdict,
          sentence: c.sentence,
        });
      }
    }
  }
  return out;
}

export function countUndecided(comparisons: readonly CellComparison[]): number {
  return comparisons.filter((c) => !isResolved(c)).length;
}

/** Cells in a comparison that has not resolved: the ones `--auto` samples again. */
export function unresolvedCells(cells: readonly CellResult[], comparisons: readonly CellComparison[]): CellResult[] {
  const open = comparisons.filter((c) => !isResolved(c));
  return cells.filter(
    (cell) =>
      comparable(cell) &&
      open.some(
        (c) =>
          c.scenario === cell.scenario &&
          c.rate === cell.rate.name &&
          c.cpuThrottle === cell.cpuThrottle &&
          (c.a === cell.renderer || c.b === cell.renderer),
      ),
  );
}
