// Plain-language verdicts generated from results.json. Pure functions with no Node or DOM imports, so the
// CLI and the HTML report (bundled for the browser) say exactly the same thing.
import type { CellResult, Rate, Results } from './types.ts';

/** Dropped frames above this share of expected frames (median over runs) are called out. */
export const DROPPED_FRAMES_FLAG_PCT = 10;
/** A first-token TTV (median) at or above this is called out as "shows nothing for ...". */
export const SLOW_FIRST_TEXT_MS = 300;

/** Milliseconds for people: `N ms` below one second, `N.N s` from one second on. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return ms === Infinity ? '∞' : '—';
  const rounded = Math.round(ms);
  if (Math.abs(rounded) < 1000) return `${Object.is(rounded, -0) ? 0 : rounded} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Tokens per second without trailing zeros: 981, 55, 12.5. */
export function formatTokPerS(tokPerS: number): string {
  return `${Number.isInteger(tokPerS) ? tokPerS : Number(tokPerS.toFixed(1))} tok/s`;
}

/** `981 tok/s (kimi-k2.6-cerebras)`, or just `120 tok/s` when the rate was typed as a number. */
export function formatRate(rate: Rate): string {
  const tps = formatTokPerS(rate.tokPerS);
  const typedAsNumber = Number(rate.name) === rate.tokPerS || rate.name === String(rate.tokPerS);
  return typedAsNumber ? tps : `${tps} (${rate.name})`;
}

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

function orderedUnique<T>(preferred: readonly T[], seen: Iterable<T>): T[] {
  const out = [...preferred];
  for (const item of seen) if (!out.includes(item)) out.push(item);
  return out;
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

  const runs = okRunCount(cell);
  const parts: string[] = [];
  let tone: VerdictTone = 'ok';
  let incompleteSaid = false;

  if (s.uiBound) {
    tone = 'bad';
    const lag = s.completionLagMs.median;
    if (lag === null) {
      parts.push(`falls behind and never catches up (UI-bound: last text not visible ${runsOf(s.incompleteRuns, runs)})`);
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
  const rates = orderedUnique(
    results.config.rates.map((r) => r.name),
    cells.map((c) => c.rate.name),
  );
  const scenarios = orderedUnique(results.config.scenarios, cells.map((c) => c.scenario));
  const renderers = orderedUnique(results.config.renderers, cells.map((c) => c.renderer));
  const out: Verdict[] = [];
  for (const rateName of rates) {
    const rate =
      results.config.rates.find((r) => r.name === rateName) ?? cells.find((c) => c.rate.name === rateName)!.rate;
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
