// Data the HTML report derives from results.json beyond the verdicts: long-animation-frame attribution per cell
// and the representative run whose backlog is drawn. Pure functions with no Node or DOM imports (bundled into
// the report, tested in Node).
import type { CellResult, Rate, RunMetrics, RunResult } from './types.ts';

/** Scripts listed per cell in the long-frames section. */
export const LONG_FRAME_TOP_SCRIPTS = 5;

/** One script's time inside long animation frames, summed over a cell's ok runs. */
export interface ScriptTotal {
  /** `function @ file`, as computed per run in harness/metrics.ts. */
  name: string;
  /** Summed duration over the runs, ms. */
  durationMs: number;
  /** How many times it ran inside a long frame, over the runs. */
  count: number;
}

/** Where one cell's main thread went, over its ok runs. */
export interface CellLongFrames {
  cellId: string;
  renderer: string;
  scenario: string;
  rate: Rate;
  /** Ok runs with metrics (what the scripts are summed over). */
  runs: number;
  /** Of those, runs with at least one long animation frame. */
  runsWithLongFrames: number;
  /** Long frames per run, median over runs (summary.longFrames). */
  longFramesPerRun: number | null;
  /** Summed blocking duration per run, ms, median over runs (summary.longFrameBlockingMs). */
  blockingMs: number | null;
  /** Ranked by summed duration (name breaks ties), at most LONG_FRAME_TOP_SCRIPTS. */
  scripts: ScriptTotal[];
}

type OkRun = RunResult & { metrics: RunMetrics };

/** The runs that produced metrics: status ok, metrics present. */
export function okRunsWithMetrics(cell: CellResult): OkRun[] {
  return cell.runs.filter((r): r is OkRun => r.status === 'ok' && r.metrics !== null);
}

/**
 * Sums each script's duration and count over the runs' `longFrames.topScripts` (by name), ranks by summed
 * duration, descending, name ascending on ties, and keeps the first `limit`.
 */
export function aggregateTopScripts(
  topScriptLists: ReadonlyArray<ReadonlyArray<{ name: string; durationMs: number; count: number }>>,
  limit: number = LONG_FRAME_TOP_SCRIPTS,
): ScriptTotal[] {
  const byName = new Map<string, ScriptTotal>();
  for (const list of topScriptLists) {
    for (const s of list) {
      const entry = byName.get(s.name) ?? { name: s.name, durationMs: 0, count: 0 };
      entry.durationMs += s.durationMs;
      entry.count += s.count;
      byName.set(s.name, entry);
    }
  }
  return [...byName.values()]
    .sort((a, b) => b.durationMs - a.durationMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, Math.max(0, limit));
}

/** A cell's long-frame attribution over its ok runs; null when the cell has no ok run with metrics (failed, not run). */
export function cellLongFrames(cell: CellResult, limit: number = LONG_FRAME_TOP_SCRIPTS): CellLongFrames | null {
  const runs = okRunsWithMetrics(cell);
  if (runs.length === 0) return null;
  return {
    cellId: cell.id,
    renderer: cell.renderer,
    scenario: cell.scenario,
    rate: cell.rate,
    runs: runs.length,
    runsWithLongFrames: runs.filter((r) => r.metrics.longFrames.count > 0).length,
    longFramesPerRun: cell.summary?.longFrames.median ?? null,
    blockingMs: cell.summary?.longFrameBlockingMs.median ?? null,
    scripts: aggregateTopScripts(
      runs.map((r) => r.metrics.longFrames.topScripts),
      limit,
    ),
  };
}

/**
 * Long-frame attribution for the given cells, in the given order: `withLongFrames` holds every cell in which
 * some ok run had a long animation frame; `without` the measured cells in which none did. Cells without an ok
 * run (failed, not run) are in neither.
 */
export function longFrameReport(
  cells: readonly CellResult[],
  limit: number = LONG_FRAME_TOP_SCRIPTS,
): { withLongFrames: CellLongFrames[]; without: CellLongFrames[] } {
  const withLongFrames: CellLongFrames[] = [];
  const without: CellLongFrames[] = [];
  for (const cell of cells) {
    const lf = cellLongFrames(cell, limit);
    if (!lf) continue;
    (lf.runsWithLongFrames > 0 ? withLongFrames : without).push(lf);
  }
  return { withLongFrames, without };
}

/**
 * The cell's representative run: among ok runs with metrics, the one whose TTV p95 is the median (a null p95,
 * "never visible", sorts as +infinity). Ties and the even-count case are settled deterministically: runs are
 * ordered by (p95, run index) and the lower median, position floor((n - 1) / 2), is taken. Null if no run has metrics.
 */
export function medianTtvP95Run(cell: CellResult): OkRun | null {
  const key = (r: OkRun) => r.metrics.ttvMs.p95 ?? Number.POSITIVE_INFINITY;
  const runs = okRunsWithMetrics(cell).sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka === kb ? a.index - b.index : ka < kb ? -1 : 1;
  });
  return runs[Math.floor((runs.length - 1) / 2)] ?? null;
}
