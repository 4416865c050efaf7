// Data the HTML report derives from results.json beyond the verdicts: long-animation-frame attribution per cell,
// the representative run whose backlog is drawn, the bottleneck map's points (sweep + cells), the agent-loop
// time split and the UI-bound cells' breakdown. Pure functions with no Node or DOM imports (bundled into the
// report, tested in Node).
import { median } from '../stats/basic.ts';
import { DEFAULT_CRITERIA, runKeepsUp } from '../stats/saturation-search.ts';
import type { CellResult, Results, RunResult, SweepConfig, SweepEntry } from '../results/types.ts';
import type { Rate } from '../schedule/types.ts';
import type { RunMetrics } from '../metrics/types.ts';

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

/**
 * A cell's long-frame attribution over its ok runs; null when the cell has no ok run with metrics (failed, not run).
 */
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

// ---- the bottleneck map: TTV p95 against token rate, per scenario, one line per renderer ----

/** Rates marked on the bottleneck map with a labelled vertical line. */
export const MAP_REFERENCE_RATES: ReadonlyArray<{ tokPerS: number; label: string }> = [
  { tokPerS: 55, label: 'frontier 55' },
  { tokPerS: 981, label: 'Kimi K2.6 981' },
];

/** The sweep's settings: results.sweep.config, else config.sweep, else null (no sweep ran). */
export function sweepConfigOf(results: Results): SweepConfig | null {
  return results.sweep?.config ?? results.config.sweep ?? null;
}

/** The TTV budget the map draws: the sweep's, or the sweep's default (50 ms) when there was no sweep. */
export function ttvBudgetOf(results: Results): number {
  return sweepConfigOf(results)?.ttvBudgetMs ?? DEFAULT_CRITERIA.ttvBudgetMs;
}

/** `preferred` in its order, then every other item of `seen` in order of first appearance, each once. */
export function orderedUnique<T>(preferred: readonly T[], seen: Iterable<T>): T[] {
  const out = [...preferred];
  for (const item of seen) if (!out.includes(item)) out.push(item);
  return out;
}

/** The axes of the cells: renderers, scenarios and rates in config order, then any only seen in cells. */
export interface CellAxes {
  renderers: string[];
  scenarios: string[];
  rates: Rate[];
}

export function cellAxes(results: Results): CellAxes {
  const { config, cells } = results;
  const rateNames = orderedUnique(
    config.rates.map((r) => r.name),
    cells.map((c) => c.rate.name),
  );
  return {
    renderers: orderedUnique(
      config.renderers,
      cells.map((c) => c.renderer),
    ),
    scenarios: orderedUnique(
      config.scenarios,
      cells.map((c) => c.scenario),
    ),
    rates: rateNames.map((n) => config.rates.find((r) => r.name === n) ?? cells.find((c) => c.rate.name === n)!.rate),
  };
}

/** Renderers and scenarios in config order, then any only seen in cells or sweep entries. */
export function mapAxes(results: Results): { renderers: string[]; scenarios: string[] } {
  const entries = results.sweep?.entries ?? [];
  return {
    renderers: orderedUnique(results.config.renderers, [
      ...results.cells.map((c) => c.renderer),
      ...entries.map((e) => e.renderer),
    ]),
    scenarios: orderedUnique(results.config.scenarios, [
      ...results.cells.map((c) => c.scenario),
      ...entries.map((e) => e.scenario),
    ]),
  };
}

/** One point of a renderer's line on the map. */
export interface MapPoint {
  rateTokPerS: number;
  /** Median TTV p95 over the point's runs; null = over budget (a run stopped early) or text never visible. */
  ttvP95Ms: number | null;
  source: 'sweep' | 'cell';
  /** Sweep points: whether a majority of runs kept up. Cells: null (not judged by the sweep's criteria). */
  pass: boolean | null;
  /** Runs behind the point. */
  runs: number;
  /** Sweep points: runs that kept up. */
  passRuns: number | null;
  /** Why TTV p95 is null (e.g. `stopped early: …`, `text never visible in 2 of 3 runs`); null otherwise. */
  note: string | null;
  /** Cells: the rate's preset name (e.g. `kimi-k2.6-cerebras`). */
  rateName: string | null;
}

export interface MapSeries {
  renderer: string;
  /** Sweep points and cell medians merged, by rate ascending (sweep before cell on equal rates). */
  points: MapPoint[];
  /** This renderer's sweep entry for the scenario, if any. */
  entry: SweepEntry | null;
}

export interface BottleneckMap {
  scenario: string;
  /** One per renderer that has at least one point, in renderer order. */
  series: MapSeries[];
  /** Whether any sweep point is on the map (false: drawn from the cells alone). */
  fromSweep: boolean;
  budgetMs: number;
}

function sweepPointNote(point: SweepEntry['points'][number]): string | null {
  if (point.ttvP95Ms !== null) return null;
  const noted = point.runs.filter((r) => r.note);
  if (noted.length * 2 > point.runs.length) return noted[0]!.note!;
  return point.runs.length > 1 ? `text never visible in a majority of ${point.runs.length} runs` : 'text never visible';
}

/** A renderer's points on one scenario's map: its sweep entry's points plus its ok cells' TTV p95 medians. */
export function mapSeries(results: Results, scenario: string, renderer: string): MapSeries {
  const entry = results.sweep?.entries.find((e) => e.renderer === renderer && e.scenario === scenario) ?? null;
  const points: MapPoint[] = (entry?.points ?? []).map((p) => ({
    rateTokPerS: p.rateTokPerS,
    ttvP95Ms: p.ttvP95Ms,
    source: 'sweep',
    pass: p.pass,
    runs: p.runs.length,
    passRuns: p.passRuns,
    note: sweepPointNote(p),
    rateName: null,
  }));
  for (const cell of results.cells) {
    if (cell.renderer !== renderer || cell.scenario !== scenario || cell.status !== 'ok' || !cell.summary) continue;
    const st = cell.summary.ttvP95Ms;
    const runs = st.n || okRunsWithMetrics(cell).length;
    points.push({
      rateTokPerS: cell.rate.tokPerS,
      ttvP95Ms: st.median,
      source: 'cell',
      pass: null,
      runs,
      passRuns: null,
      note: st.median === null ? `text never visible in ${cell.summary.incompleteRuns} of ${runs} runs` : null,
      rateName: cell.rate.name,
    });
  }
  points.sort((a, b) => a.rateTokPerS - b.rateTokPerS || (a.source === b.source ? 0 : a.source === 'sweep' ? -1 : 1));
  return { renderer, points, entry };
}

/** The bottleneck map of every scenario (config order), each with a series per renderer that has points. */
export function bottleneckMaps(results: Results): BottleneckMap[] {
  const { renderers, scenarios } = mapAxes(results);
  const budgetMs = ttvBudgetOf(results);
  return scenarios.map((scenario) => {
    const series = renderers.map((r) => mapSeries(results, scenario, r)).filter((s) => s.points.length > 0);
    return { scenario, series, fromSweep: series.some((s) => s.points.some((p) => p.source === 'sweep')), budgetMs };
  });
}

// ---- the saturation sweep's outcome per renderer x scenario ----

/** Which criterion a point's failing runs failed first (TTV budget, then dropped frames, then backlog). */
export type FailReason = 'ttv' | 'dropped' | 'backlog';

/**
 * Why a sweep point did not keep up: the reason most of its failing runs share (a run counts under the first
 * criterion it fails: TTV p95 over budget or stopped early, dropped frames over the limit, growing backlog).
 * Ties go to that same order. Null when no run failed.
 */
export function pointFailReason(
  point: SweepEntry['points'][number],
  criteria: Pick<SweepConfig, 'ttvBudgetMs' | 'maxDroppedPct'>,
): FailReason | null {
  const counts: Record<FailReason, number> = { ttv: 0, dropped: 0, backlog: 0 };
  for (const run of point.runs) {
    if (runKeepsUp(run, criteria)) continue;
    if (run.stoppedOn === 'dropped') counts.dropped++;
    else if (run.note || run.ttvP95Ms === null || run.ttvP95Ms > criteria.ttvBudgetMs) counts.ttv++;
    else if (run.droppedFramePct === null || run.droppedFramePct > criteria.maxDroppedPct) counts.dropped++;
    else counts.backlog++;
  }
  const best = (['ttv', 'dropped', 'backlog'] as const).reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return counts[best] > 0 ? best : null;
}

export interface SaturationRow {
  entry: SweepEntry;
  /** Highest rate that kept up (saturationRate), or null. */
  keepsUpTo: number | null;
  /** Lowest rate that fell behind (bracket.hi), or null (above range, failed, not run). */
  fallsBehindAt: number | null;
  /** bracket.hi / bracket.lo when both are set. */
  resolution: number | null;
  probes: number;
  /** Why the point at `fallsBehindAt` fell behind, when it was probed. */
  failReason: FailReason | null;
  /** Throughput limit (backlog grows) and smoothness limit (TTV or dropped frames) apart; null without a ramp. */
  limits: SweepEntry['limits'] | null;
}

/** One row per sweep entry, by scenario then renderer (mapAxes order). Empty without a sweep. */
export function saturationRows(results: Results): SaturationRow[] {
  const sweep = results.sweep;
  if (!sweep) return [];
  const { renderers, scenarios } = mapAxes(results);
  const criteria = sweepConfigOf(results) ?? { ...DEFAULT_CRITERIA };
  const idx = (list: string[], v: string) => list.indexOf(v);
  return [...sweep.entries]
    .sort(
      (a, b) =>
        idx(scenarios, a.scenario) - idx(scenarios, b.scenario) ||
        idx(renderers, a.renderer) - idx(renderers, b.renderer),
    )
    .map((entry) => {
      const { lo, hi } = entry.bracket;
      const atHi = hi === null ? undefined : entry.points.find((p) => p.rateTokPerS === hi);
      return {
        entry,
        keepsUpTo: entry.saturationRate,
        fallsBehindAt: entry.status === 'found' || entry.status === 'below-range' ? hi : null,
        resolution: lo !== null && hi !== null && lo > 0 ? hi / lo : null,
        probes: entry.points.length,
        failReason: atHi ? pointFailReason(atHi, criteria) : null,
        limits: entry.limits ?? null,
      };
    });
}

// ---- agent loops: where the loop's wall time went ----

/** One agent-loop cell's wall time split into model, tool and UI-added time (medians over runs). */
export interface AgentLoopBreakdown {
  cellId: string;
  renderer: string;
  scenario: string;
  rate: Rate;
  /** Calls in the loop (median over ok runs), null when no run recorded it. */
  calls: number | null;
  /** Stream start to the last marker visible (summary.loopWallMs median); null: the last text never showed. */
  loopWallMs: number | null;
  /** Model + tool time: the wall time with an infinitely fast UI (summary.idealWallMs median). */
  idealWallMs: number | null;
  /** Tool steps as scheduled: median over ok runs of agentLoop.toolMs (0 when no run recorded it). */
  toolMs: number;
  /** idealWallMs − toolMs, floored at 0. */
  modelMs: number | null;
  /** summary.uiAddedMs median floored at 0 (a UI cannot make the loop faster than ideal; below 0 is noise). */
  uiAddedMs: number | null;
  /** summary.uiSharePct median floored at 0, %. */
  uiSharePct: number | null;
  /** Ok runs with metrics. */
  runs: number;
}

/** Whether a cell ran an agent loop (its summary has loop statistics). */
export function isAgentLoopCell(cell: CellResult): boolean {
  return Boolean(cell.summary?.loopWallMs);
}

/** The cell's agent-loop time split, or null for a cell that is not an agent loop (or has no summary). */
export function agentLoopBreakdown(cell: CellResult): AgentLoopBreakdown | null {
  const s = cell.summary;
  if (!s?.loopWallMs) return null;
  const loops = okRunsWithMetrics(cell).flatMap((r) => (r.metrics.agentLoop ? [r.metrics.agentLoop] : []));
  const toolMs = median(loops.map((l) => l.toolMs)) ?? 0;
  const calls = median(loops.map((l) => l.calls));
  const ideal = s.idealWallMs?.median ?? null;
  const floor0 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.max(0, v));
  return {
    cellId: cell.id,
    renderer: cell.renderer,
    scenario: cell.scenario,
    rate: cell.rate,
    calls: calls === null ? null : Math.round(calls),
    loopWallMs: s.loopWallMs.median,
    idealWallMs: ideal,
    toolMs,
    modelMs: ideal === null ? null : Math.max(0, ideal - toolMs),
    uiAddedMs: floor0(s.uiAddedMs?.median),
    uiSharePct: floor0(s.uiSharePct?.median),
    runs: okRunsWithMetrics(cell).length,
  };
}

/** Cells sorted by scenario, rate, renderer, each in config order (then first appearance). */
export function cellsInReportOrder(results: Results): CellResult[] {
  const { renderers, scenarios } = mapAxes(results);
  const rates = cellAxes(results).rates.map((r) => r.name);
  const idx = (list: string[], v: string) => list.indexOf(v);
  return [...results.cells].sort(
    (a, b) =>
      idx(scenarios, a.scenario) - idx(scenarios, b.scenario) ||
      idx(rates, a.rate.name) - idx(rates, b.rate.name) ||
      idx(renderers, a.renderer) - idx(renderers, b.renderer),
  );
}

/** An agent-loop scenario's cells at one rate; failed or unrun cells of the group kept aside. */
export interface AgentLoopGroup {
  scenario: string;
  rate: Rate;
  loops: AgentLoopBreakdown[];
  /** Cells of this scenario and rate without loop statistics (failed, not run). */
  missing: CellResult[];
}

/**
 * One group per (scenario, rate) of an agent-loop scenario (one where some cell has loop statistics), in
 * cellsInReportOrder; groups where no cell has loop statistics are left out.
 */
export function agentLoopGroups(results: Results): AgentLoopGroup[] {
  const cells = cellsInReportOrder(results);
  const loopScenarios = new Set(cells.filter(isAgentLoopCell).map((c) => c.scenario));
  const groups: AgentLoopGroup[] = [];
  for (const cell of cells) {
    if (!loopScenarios.has(cell.scenario)) continue;
    let group = groups.find((g) => g.scenario === cell.scenario && g.rate.name === cell.rate.name);
    if (!group) {
      group = { scenario: cell.scenario, rate: cell.rate, loops: [], missing: [] };
      groups.push(group);
    }
    const b = agentLoopBreakdown(cell);
    if (b) group.loops.push(b);
    else group.missing.push(cell);
  }
  return groups.filter((g) => g.loops.length > 0);
}

// ---- UI-bound cells: where the time went ----

export type DelayPart = 'delivery' | 'buffering' | 'render';

export interface UiBoundBreakdown {
  cellId: string;
  renderer: string;
  scenario: string;
  rate: Rate;
  /** p95s of the breakdown, medians over runs (summary). */
  deliveryP95Ms: number | null;
  bufferingP95Ms: number | null;
  renderP95Ms: number | null;
  /** The largest of the three, or null when none is known. */
  dominant: DelayPart | null;
  /** The script with the most time inside long animation frames, summed over runs (cellLongFrames). */
  topScript: ScriptTotal | null;
  runs: number;
}

/** The breakdown of every UI-bound cell (summary.uiBound), in the order given. */
export function uiBoundBreakdowns(cells: readonly CellResult[]): UiBoundBreakdown[] {
  return cells.flatMap((cell) => {
    const s = cell.summary;
    if (cell.status !== 'ok' || !s?.uiBound) return [];
    const parts: Array<[DelayPart, number | null]> = [
      ['delivery', s.deliveryP95Ms.median],
      ['buffering', s.bufferingP95Ms.median],
      ['render', s.renderP95Ms.median],
    ];
    let dominant: DelayPart | null = null;
    let most = -Infinity;
    for (const [part, v] of parts) {
      if (v !== null && v > most) {
        most = v;
        dominant = part;
      }
    }
    const lf = cellLongFrames(cell, 1);
    return [
      {
        cellId: cell.id,
        renderer: cell.renderer,
        scenario: cell.scenario,
        rate: cell.rate,
        deliveryP95Ms: s.deliveryP95Ms.median,
        bufferingP95Ms: s.bufferingP95Ms.median,
        renderP95Ms: s.renderP95Ms.median,
        dominant,
        topScript: lf?.scripts[0] ?? null,
        runs: lf?.runs ?? 0,
      },
    ];
  });
}
