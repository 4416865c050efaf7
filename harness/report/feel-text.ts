// The report's "how it feels" figures and sentences (--interact, docs/interaction.md): per cell, the five interaction
// checks against their stated thresholds (typing p95, reader respected, following, selection survives, CLS), and per
// scenario x rate one sentence naming which renderer fails which check, by how much. Pure; the app renders it
// (harness/report/app/feel-section.ts) and the CLI prints the sentences.
import type { CellResult, Results } from '../results/types.ts';
import type { Rate } from '../schedule/types.ts';
import {
  CLS_BUDGET,
  FOLLOWING_MIN_PCT,
  interactionChecks,
  TYPING_P95_BUDGET_MS,
  type InteractionChecks,
  type InteractionSummary,
} from '../metrics/interaction.ts';
import { cellsInReportOrder } from './data.ts';
import { formatMs, formatRate } from '../common/format.ts';

export type CheckKey = keyof InteractionChecks;

export const CHECK_LABELS: Readonly<Record<CheckKey, string>> = {
  typing: 'typing p95',
  reader: 'respects the reader',
  following: 'following',
  selection: 'selection survives',
  layoutShift: 'layout shift',
};

/** The thresholds, as the report states them. */
export const CHECK_THRESHOLDS: Readonly<Record<CheckKey, string>> = {
  typing: `≤ ${TYPING_P95_BUDGET_MS} ms`,
  reader: 'the view stays where the user scrolled',
  following: `≥ ${FOLLOWING_MIN_PCT}% of frames`,
  selection: 'holds to the end of the stream',
  layoutShift: `CLS ≤ ${CLS_BUDGET}`,
};

export interface FeelCell {
  key: CheckKey;
  /** The figure as shown in the table. */
  text: string;
  /** Passed, failed, or unknown (null: this run could not tell). */
  pass: boolean | null;
  /** The figure's spread, shown small beside it, and what it means (a tooltip). */
  spread?: { text: string; title: string };
}

export interface FeelRow {
  cell: CellResult;
  summary: InteractionSummary;
  cells: FeelCell[];
  /** Passes whose run failed (their error), so the row may lack some figures. */
  errors: string[];
}

const pctText = (v: number | null): string => (v === null ? '–' : `${Math.round(v * 10) / 10}%`);

/** The figure of each check, as a short text. */
export function feelFigures(s: InteractionSummary): Record<CheckKey, string> {
  const typing = s.typingP95Ms === null ? '–' : formatMs(s.typingP95Ms);
  const reader =
    s.readerRespected === null ? '–' : s.readerRespected ? 'yes' : `no (moved ${Math.round(s.movedPx ?? 0)} px)`;
  const resumed = s.followResumed === false ? '; did not resume' : '';
  const selection =
    s.selectionSurvived === null
      ? '–'
      : s.selectionSurvived
        ? 'yes'
        : `no (lost at update ${s.selectionLostAtUpdate ?? '?'})`;
  return {
    typing: s.typingOver100Pct ? `${typing} (${pctText(s.typingOver100Pct)} > 100 ms)` : typing,
    reader,
    following: `${pctText(s.followingPct)}${resumed}`,
    selection,
    layoutShift: s.cls === null ? '–' : String(s.cls),
  };
}

/**
 * The typing p95's distribution-free 95% interval, e.g. "[21 ms–48 ms]"; a side too few keystrokes can bound
 * shows as "…" (absent: no interval).
 */
export function typingSpread(s: InteractionSummary): { text: string; title: string } | undefined {
  const ci = s.typingP95CI;
  if (!ci || (ci.lowMs === null && ci.highMs === null)) return undefined;
  const [low, high] = [ci.lowMs, ci.highMs].map((v) => (v === null ? '…' : formatMs(v)));
  const level = `${Math.round(ci.level * 1000) / 10}%`;
  const title =
    `typing p95 of ${s.keystrokes} keystrokes, with its 95% interval from order statistics (coverage ${level}): ` +
    `${ci.lowMs === null ? 'unbounded below' : `at least ${low}`}, ` +
    `${ci.highMs === null ? 'unbounded above (a p95 is bounded above from 72 keystrokes on)' : `at most ${high}`}`;
  return { text: `[${low}–${high}]`, title };
}

/** Every cell that played the interaction script, in report order. */
export function feelRows(results: Results): FeelRow[] {
  return cellsInReportOrder(results).flatMap((cell) => {
    const interaction = cell.interaction;
    if (!interaction) return [];
    const checks = interactionChecks(interaction.summary);
    const figures = feelFigures(interaction.summary);
    const keys = Object.keys(CHECK_LABELS) as CheckKey[];
    return [
      {
        cell,
        summary: interaction.summary,
        cells: keys.map((key) => {
          const spread = key === 'typing' ? typingSpread(interaction.summary) : undefined;
          return { key, text: figures[key], pass: checks[key], ...(spread ? { spread } : {}) };
        }),
        errors: interaction.runs.flatMap((r) => (r.error ? [`${r.pass}: ${r.error}`] : [])),
      },
    ];
  });
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** What a renderer fails, e.g. "typing p95 (72 ms) and respects the reader (no (moved 720 px))". */
function failures(row: FeelRow): string[] {
  return row.cells.filter((c) => c.pass === false).map((c) => `${CHECK_LABELS[c.key]} (${c.text})`);
}

/** One sentence per scenario x rate: who fails which check, by how much, and who passes all five. */
export function feelLines(results: Results): Array<{ rate: Rate; scenario: string; text: string }> {
  const groups = new Map<string, FeelRow[]>();
  for (const row of feelRows(results)) {
    const key = `${row.cell.scenario}|${row.cell.rate.name}|${row.cell.cpuThrottle}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((rows) => {
    const { scenario, rate } = (rows[0] as FeelRow).cell;
    const failing = rows.filter((r) => failures(r).length);
    const passing = rows.filter((r) => !failures(r).length && r.cells.every((c) => c.pass !== null));
    const parts = failing.map((r) => `${r.cell.renderer} fails ${joinAnd(failures(r))}`);
    if (passing.length) parts.push(`${joinAnd(passing.map((r) => r.cell.renderer))} pass all five`);
    const unknown = rows.length - failing.length - passing.length;
    if (unknown) parts.push(`${unknown} renderer(s) could not be judged on every check`);
    return { rate, scenario, text: `At ${formatRate(rate)}, ${scenario}: ${parts.join('; ')}.` };
  });
}
