// Compare two results and write the diff report: what `npm run compare` and `npm run bench -- --baseline DIR` share.
// The verdict lines go to stdout, regressions first; the exit code is 1 when any gating metric regressed.
import { join } from 'node:path';
import { readResults } from '../results/read.ts';
import { writeCompareReport } from '../report/compare-build.ts';
import { cellName, describeMetric } from '../report/diff-text.ts';
import { diffResults, type Gate, type ResultsDiff } from '../stats/results-diff.ts';

export const COMPARE_REPORT = 'compare.html';

/** The text summary: one line per cell that is not unchanged, warnings, one-sided cells, then the counts. */
export function diffLines(diff: ResultsDiff): string[] {
  const lines: string[] = [];
  for (const w of diff.warnings) lines.push(`warning: ${w}`);
  for (const c of diff.cells) {
    if (c.verdict === 'unchanged') continue;
    const shown = c.metrics.filter((m) => m.gating && m.verdict === c.verdict);
    // A note shared by every metric (too few runs, a failed cell) is said once, at the end.
    const notes = [...new Set(shown.flatMap((m) => (m.note ? [m.note] : [])))];
    const text = shown.map((m) => describeMetric(m, notes.length !== 1)).join('; ');
    lines.push(
      `${c.verdict.toUpperCase().padEnd(10)} ${cellName(c)}: ${text}${notes.length === 1 ? ` [${notes[0]}]` : ''}`,
    );
  }
  for (const s of diff.sweep) {
    if (s.metric.verdict === 'unchanged' || !s.metric.gating) continue;
    lines.push(
      `${s.metric.verdict.toUpperCase().padEnd(10)} ${cellName({ ...s, rate: 'sweep' })}: ${describeMetric(s.metric)}`,
    );
  }
  if (diff.onlyBase.length) lines.push(`only in base (${diff.onlyBase.length}): ${diff.onlyBase.join(', ')}`);
  if (diff.onlyNew.length) lines.push(`only in new (${diff.onlyNew.length}): ${diff.onlyNew.join(', ')}`);
  const c = diff.counts;
  lines.push(
    `compare: ${c.regressed} regressed, ${c.improved} improved, ${c.unchanged} unchanged, ${c.undecided} undecided ` +
      `(${diff.cells.length} shared cells${diff.sweep.length ? `, ${diff.sweep.length} saturation rates` : ''})`,
  );
  return lines;
}

/**
 * Reads BASE and NEW (folders or results.json files), compares them, prints the verdicts and writes the HTML diff
 * report (`out`, else NEW's folder/compare.html). Throws ResultsInputError on bad input. Returns the exit code.
 */
export async function compareAndReport(
  baseArg: string,
  newArg: string,
  gate: Gate,
  out: string | null,
  print: (line: string) => void = console.log,
): Promise<number> {
  const base = readResults(baseArg);
  const next = readResults(newArg);
  const diff = diffResults(base.results, next.results, gate, { base: baseArg, new: newArg });
  for (const line of diffLines(diff)) print(line);
  const path = await writeCompareReport(out ?? join(next.dir, COMPARE_REPORT), diff);
  print(`Diff report: ${path}`);
  return diff.regressed ? 1 : 0;
}
