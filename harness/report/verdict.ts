// Plain-language verdicts generated from results.json. Pure functions with no Node or DOM imports, so the
// CLI and the HTML report (bundled for the browser) say exactly the same thing.
import {
  agentLoopGroups,
  cellAxes,
  cellsInReportOrder,
  mapAxes,
  pointFailReason,
  sweepConfigOf,
  uiBoundBreakdowns,
  type AgentLoopGroup,
  type DelayPart,
  type FailReason,
  type UiBoundBreakdown,
} from './data.ts';
import { DEFAULT_CRITERIA } from '../stats/saturation-search.ts';
import { isUnmeasurable, UNMEASURABLE_TEXT } from './visibility-text.ts';
import { formatMs, formatRate, formatSharePct, formatTokPerS } from '../common/format.ts';
import type { CellResult, Results, SweepConfig, SweepEntry } from '../results/types.ts';
import type { Rate } from '../schedule/types.ts';

/** Dropped frames above this share of expected frames (median over runs) are called out. */
export const DROPPED_FRAMES_FLAG_PCT = 10;
/** A first-token TTV (median) at or above this is called out as "shows nothing for ...". */
export const SLOW_FIRST_TEXT_MS = 300;

export type VerdictTone = 'bad' | 'warn' | 'ok' | 'failed' | 'missing';

/** One renderer's part of a verdict line. */
export interface VerdictClause {
  renderer: string;
  /** The clause without the renderer name, e.g. `stays within 21 ms (TTV p95)`. */
  text: string;
  tone: VerdictTone;
}

export interface Verdict {
  rate: Rate;
  scenario: string;
  clauses: VerdictClause[];
  text: string;
}

function okRunCount(cell: CellResult): number {
  const ok = cell.runs.filter((r) => r.status === 'ok').length;
  return Math.max(ok, cell.summary?.ttvP95Ms.n ?? 0);
}

function runsOf(count: number, total: number): string {
  return total > 0 ? `in ${count} of ${total} runs` : `in ${count} runs`;
}

/** The verdict for one cell, without the renderer name. */
export function cellClause(cell: CellResult): Omit<VerdictClause, 'renderer'> {
  if (cell.status === 'failed') return { text: `failed: ${cell.error ?? 'unknown error'}`, tone: 'failed' };
  const s = cell.summary;
  if (cell.status === 'pending' || s === null) return { text: 'has no results (not run)', tone: 'missing' };
  // No text in any DOM the probe reaches: "never showed text" would blame the renderer for the probe's blind spot.
  if (isUnmeasurable(s)) return { text: UNMEASURABLE_TEXT, tone: 'missing' };

  const runs = okRunCount(cell);
  const parts: string[] = [];
  let tone: VerdictTone = 'ok';
  let incompleteSaid = false;

  if (s.uiBound) {
    tone = 'bad';
    const lag = s.completionLagMs.median;
    if (lag === null) {
      parts.push(
        `falls behind and never catches up (UI-bound: last text not visible ${runsOf(s.incompleteRuns, runs)})`,
      );
      incompleteSaid = true;
    } else {
      parts.push(`falls behind by ${formatMs(lag)} (UI-bound: lag keeps growing)`);
    }
  } else if (s.ttvP95Ms.median === null) {
    tone = 'bad';
    parts.push(`never showed some text (${runsOf(s.incompleteRuns, runs)})`);
    incompleteSaid = true;
  } else {
    const first = s.firstTokenTtvMs.median;
    const within = `stays within ${formatMs(s.ttvP95Ms.median)} (TTV p95)`;
    if (first !== null && first >= SLOW_FIRST_TEXT_MS) {
      tone = 'warn';
      parts.push(`shows nothing for ${formatMs(first)} (first-token TTV), then ${within}`);
    } else {
      parts.push(within);
    }
  }

  const dropped = s.droppedFramePct.median;
  if (dropped !== null && dropped > DROPPED_FRAMES_FLAG_PCT) {
    if (tone === 'ok') tone = 'warn';
    parts.push(`drops ${Math.round(dropped)}% of frames`);
  }
  if (!incompleteSaid && s.incompleteRuns > 0) {
    if (tone === 'ok') tone = 'warn';
    parts.push(`never showed some text ${runsOf(s.incompleteRuns, runs)}`);
  }
  return { text: parts.join(' and '), tone };
}

/** Structured verdicts: one per rate (in config order) and scenario, clauses in renderer order. */
export function verdicts(results: Results): Verdict[] {
  const cells = results.cells;
  const { rates, scenarios, renderers } = cellAxes(results);
  const out: Verdict[] = [];
  for (const rate of rates) {
    const rateName = rate.name;
    for (const scenario of scenarios) {
      const clauses: VerdictClause[] = [];
      for (const renderer of renderers) {
        const cell = cells.find((c) => c.rate.name === rateName && c.scenario === scenario && c.renderer === renderer);
        if (!cell) continue;
        clauses.push({ renderer, ...cellClause(cell) });
      }
      if (clauses.length === 0) continue;
      const body = clauses.map((c) => `${c.renderer} ${c.text}`).join('; ');
      out.push({ rate, scenario, clauses, text: `At ${formatRate(rate)}, ${scenario}: ${body}.` });
    }
  }
  return out;
}

/** One plain sentence per rate (in the order of config.rates) and scenario. */
export function verdictLines(results: Results): Array<{ rate: string; scenario: string; text: string }> {
  return verdicts(results).map((v) => ({ rate: v.rate.name, scenario: v.scenario, text: v.text }));
}

// ---- saturation sweep ----

/** What the sweep judged a rate by (the sweep's settings, or the defaults when absent). */
export type SweepCriteriaText = Pick<SweepConfig, 'ttvBudgetMs' | 'maxDroppedPct'> &
  Partial<Pick<SweepConfig, 'minRate' | 'maxRate'>>;

/** Why a rate failed, in words (for the below-range case and the table). */
function failReasonText(reason: FailReason | null, c: SweepCriteriaText): string {
  switch (reason) {
    case 'ttv':
      return `never meets the ${formatMs(c.ttvBudgetMs)} budget`;
    case 'dropped':
      return `drops more than ${c.maxDroppedPct}% of frames`;
    case 'backlog':
      return 'falls behind (growing backlog)';
    default:
      return 'does not keep up';
  }
}

/** What failed at one rate, short: `TTV p95 over 50 ms`, `over 2% dropped frames`, `growing backlog`. */
function failReasonShort(reason: FailReason | null, c: SweepCriteriaText): string | null {
  if (reason === 'ttv') return `TTV p95 over ${formatMs(c.ttvBudgetMs)}`;
  if (reason === 'dropped') return `over ${c.maxDroppedPct}% dropped frames`;
  if (reason === 'backlog') return 'growing backlog';
  return null;
}

function reasonAt(entry: SweepEntry, rate: number | null, c: SweepCriteriaText): FailReason | null {
  const point = rate === null ? undefined : entry.points.find((p) => p.rateTokPerS === rate);
  return point ? pointFailReason(point, c) : null;
}

export interface SaturationClause {
  renderer: string;
  /** Without the renderer name, e.g. `keeps up to 3,000 tok/s, falls behind by 3,900 tok/s`. */
  text: string;
  tone: VerdictTone;
}

/** One sweep entry's outcome as a clause without the renderer name. */
export function saturationClause(
  entry: SweepEntry,
  criteria: SweepCriteriaText = DEFAULT_CRITERIA,
): Omit<SaturationClause, 'renderer'> {
  const { lo, hi } = entry.bracket;
  switch (entry.status) {
    case 'found':
      return {
        text:
          `keeps up to ${formatTokPerS(entry.saturationRate ?? lo ?? 0)}, falls behind by ` +
          `${hi === null ? '?' : formatTokPerS(hi)}`,
        tone: 'warn',
      };
    case 'above-range':
      return {
        text: `keeps up to ${formatTokPerS(entry.saturationRate ?? lo ?? criteria.maxRate ?? 0)} (above range)`,
        tone: 'ok',
      };
    case 'below-range': {
      const floor = hi ?? criteria.minRate ?? null;
      const at = floor === null ? '' : formatTokPerS(floor);
      const reason = reasonAt(entry, floor, criteria);
      const text =
        reason === 'ttv'
          ? `${failReasonText(reason, criteria)}${at ? ` (below ${at})` : ''}`
          : `${failReasonText(reason, criteria)}${at ? ` even at ${at}` : ''} (below range)`;
      return { text, tone: 'bad' };
    }
    case 'failed':
      return { text: `failed: ${entry.error ?? 'unknown error'}`, tone: 'failed' };
    default:
      return { text: 'has no sweep result (not run)', tone: 'missing' };
  }
}

/**
 * The table's status column in words: `saturates between 510 and 570 tok/s (at 570 tok/s: growing backlog)`,
 * `below 10 tok/s: never meets the 50 ms budget`, `above 20,000 tok/s`, `failed: …`.
 */
export function saturationStatusText(entry: SweepEntry, criteria: SweepCriteriaText = DEFAULT_CRITERIA): string {
  const { lo, hi } = entry.bracket;
  switch (entry.status) {
    case 'found': {
      const why = failReasonShort(reasonAt(entry, hi, criteria), criteria);
      return (
        `saturates between ${lo === null ? '?' : formatTokPerS(lo).replace(' tok/s', '')} and ` +
        `${hi === null ? '?' : formatTokPerS(hi)}${why && hi !== null ? ` (at ${formatTokPerS(hi)}: ${why})` : ''}`
      );
    }
    case 'above-range':
      return (
        `above ${formatTokPerS(entry.saturationRate ?? lo ?? criteria.maxRate ?? 0)}: keeps up across the whole ` +
        `range`
      );
    case 'below-range': {
      const floor = hi ?? criteria.minRate ?? null;
      return (
        `below ${floor === null ? 'the range' : formatTokPerS(floor)}: ` +
        `${failReasonText(reasonAt(entry, floor, criteria), criteria)}`
      );
    }
    case 'failed':
      return `failed: ${entry.error ?? 'unknown error'}`;
    default:
      return 'not run';
  }
}

/** How far up a sweep entry got, for ordering clauses best first. */
function saturationRank(entry: SweepEntry): number {
  switch (entry.status) {
    case 'above-range':
      return Number.POSITIVE_INFINITY;
    case 'found':
      return entry.saturationRate ?? 0;
    case 'below-range':
      return 0;
    case 'failed':
      return -1;
    default:
      return -2;
  }
}

export interface SaturationVerdict {
  scenario: string;
  /** Best first: above range, then by saturation rate, then below range, failed, not run (renderer order on ties). */
  clauses: SaturationClause[];
  text: string;
}

/** Structured saturation verdicts: one per scenario with sweep entries, in scenario order. Empty without a sweep. */
export function saturations(results: Results): SaturationVerdict[] {
  const entries = results.sweep?.entries ?? [];
  if (entries.length === 0) return [];
  const criteria = sweepConfigOf(results) ?? DEFAULT_CRITERIA;
  const { renderers, scenarios } = mapAxes(results);
  const out: SaturationVerdict[] = [];
  for (const scenario of scenarios) {
    const mine = entries
      .filter((e) => e.scenario === scenario)
      .sort(
        (a, b) =>
          saturationRank(b) - saturationRank(a) || renderers.indexOf(a.renderer) - renderers.indexOf(b.renderer),
      );
    if (mine.length === 0) continue;
    const clauses = mine.map((e) => ({ renderer: e.renderer, ...saturationClause(e, criteria) }));
    out.push({ scenario, clauses, text: `${scenario}: ${clauses.map((c) => `${c.renderer} ${c.text}`).join('; ')}.` });
  }
  return out;
}

/**
 * One sentence per swept scenario, e.g. `markdown-answer: raf-buffered keeps up to 20,000 tok/s (above range);
 * per-chunk-dom keeps up to 3,000 tok/s, falls behind by 3,900 tok/s; markdown-batch never meets the 50 ms
 * budget (below 10 tok/s).`
 */
export function saturationLines(results: Results): Array<{ scenario: string; text: string }> {
  return saturations(results).map((v) => ({ scenario: v.scenario, text: v.text }));
}

// ---- agent loops ----

/** `a`, `a and b`, `a, b and c`. */
function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The sentence for one agent-loop scenario at one rate, e.g. `At 981 tok/s (kimi-k2.6-cerebras), the 8-call
 * agent-loop took 5.0 s, of which the UI added 8 ms (0.2%) with raf-buffered and 35 ms (0.7%) with markdown-batch.`
 * "took" is the loop's wall time (a range when renderers differ); UI-added time and share are medians floored at 0.
 */
export function agentLoopSentence(group: AgentLoopGroup): string {
  const calls = group.loops.find((l) => l.calls !== null)?.calls ?? null;
  const loop = `the ${calls === null ? '' : `${calls}-call `}${group.scenario}`;
  const finished = group.loops.filter((l) => l.loopWallMs !== null && l.uiAddedMs !== null);
  const unfinished = group.loops.filter((l) => !(l.loopWallMs !== null && l.uiAddedMs !== null)).map((l) => l.renderer);
  const tails: string[] = [];
  if (unfinished.length) tails.push(`with ${joinAnd(unfinished)} the loop's last text never became visible`);
  for (const cell of group.missing)
    tails.push(
      `${cell.renderer} ` +
        `${cell.status === 'failed' ? `failed: ${cell.error ?? 'unknown error'}` : 'has no results (not run)'}`,
    );
  let body: string;
  if (finished.length === 0) {
    body = `${loop} never finished`;
  } else {
    const walls = finished.map((l) => l.loopWallMs!);
    const lo = formatMs(Math.min(...walls));
    const hi = formatMs(Math.max(...walls));
    const took = lo === hi ? lo : `${lo} to ${hi}`;
    const added = finished.map((l) => `${formatMs(l.uiAddedMs)} (${formatSharePct(l.uiSharePct)}) with ${l.renderer}`);
    body = `${loop} took ${took}, of which the UI added ${joinAnd(added)}`;
  }
  return `At ${formatRate(group.rate)}, ${body}${tails.length ? `; ${tails.join('; ')}` : ''}.`;
}

/** One sentence per agent-loop scenario and rate (report order). Empty when no cell ran an agent loop. */
export function agentLoopLines(results: Results): Array<{ scenario: string; rate: string; text: string }> {
  return agentLoopGroups(results).map((g) => ({ scenario: g.scenario, rate: g.rate.name, text: agentLoopSentence(g) }));
}

// ---- UI-bound cells: where the time went ----

const PART_MEANING: Record<DelayPart, string> = {
  delivery: 'the main thread was too busy to take in chunks',
  buffering: 'the renderer held text back',
  render: 'frames were slow to show committed text',
};

/**
 * One line per UI-bound cell, e.g. `per-chunk-dom on markdown-answer at 981 tok/s (kimi-k2.6-cerebras): delivery
 * 1.0 s, buffering 2 ms, render 30 ms (p95, medians over runs), mostly delivery (the main thread was too busy to
 * take in chunks); top long-frame script: push @ per-chunk-dom.ts (1.2 s in 40 calls over 3 runs).`
 */
export function uiBoundLine(b: UiBoundBreakdown): string {
  const ms = (v: number | null) => (v === null ? 'unknown' : formatMs(v));
  const parts =
    `delivery ${ms(b.deliveryP95Ms)}, buffering ${ms(b.bufferingP95Ms)}, render ${ms(b.renderP95Ms)} ` +
    `(p95, medians over runs)`;
  const mostly = b.dominant ? `, mostly ${b.dominant} (${PART_MEANING[b.dominant]})` : '';
  const script = b.topScript
    ? `top long-frame script: ${b.topScript.name} (${formatMs(b.topScript.durationMs)} in ${b.topScript.count} ` +
      `call${b.topScript.count === 1 ? '' : 's'} over ${b.runs} run${b.runs === 1 ? '' : 's'})`
    : 'no script attributed inside long frames';
  return `${b.renderer} on ${b.scenario} at ${formatRate(b.rate)}: ${parts}${mostly}; ${script}.`;
}

/** One line per UI-bound cell, in report order. */
export function uiBoundLines(results: Results): Array<{ cellId: string; text: string }> {
  return uiBoundBreakdowns(cellsInReportOrder(results)).map((b) => ({ cellId: b.cellId, text: uiBoundLine(b) }));
}
