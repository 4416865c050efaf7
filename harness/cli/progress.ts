// Terminal output: one progress line per run, and a compact summary table at the end.
import type { ProgressEvent } from '../run/suite.ts';
import type { Results, Stat, SuiteConfig } from '../results/types.ts';
import { formatMs, formatSeconds, textTable } from '../common/format.ts';
import { isUnmeasurable, UNMEASURABLE_TEXT } from '../report/visibility-text.ts';
import { feelLines } from '../report/feel-text.ts';

const clock = (seconds: number): string => formatSeconds(seconds, 'clock');
const ms = (v: number | null): string => formatMs(v, { nullText: 'never', secondsDigits: 2 });

export function formatProgress(event: ProgressEvent, config: SuiteConfig): string {
  const width = String(event.total).length;
  const { cell } = event;
  const what = event.warmup ? 'warm-up' : `run ${cell.runs.length}/${config.runs}`;
  const outcome = event.error ? `FAILED: ${event.error}` : `TTV p95 ${ms(event.ttvP95Ms)}`;
  return (
    `[${String(event.done).padStart(width)}/${event.total}] ${cell.renderer} x ${cell.scenario} @ ` +
    `${cell.rate.tokPerS} tok/s${cell.cpuThrottle === 1 ? '' : ` (CPU ${cell.cpuThrottle}x)`} ${what}: ${outcome}` +
    `  (elapsed ${clock(event.elapsedS)}, ETA ${clock(event.etaS)})`
  );
}

function stat(s: Stat | undefined): string {
  if (!s || s.median === null) return 'never';
  return ms(s.median);
}

export function formatSummaryTable(results: Results): string {
  const profiles = new Set(results.cells.map((c) => c.cpuThrottle)).size > 1;
  const traced = results.config.trace !== undefined;
  const header = [
    'renderer',
    'scenario',
    'tok/s',
    ...(profiles ? ['CPU'] : []),
    'TTV p50',
    'TTV p95',
    'first token',
    'completion lag',
    'dropped',
    'UI-bound',
    ...(traced ? ['trace TTV p95', 'trace dropped'] : []),
  ];
  const rows = results.cells.map((c) => {
    const s = c.summary;
    const lead = [c.renderer, c.scenario, String(c.rate.tokPerS), ...(profiles ? [`${c.cpuThrottle}x`] : [])];
    if (c.status === 'failed') return [...lead, `failed: ${c.error ?? ''}`.slice(0, 60)];
    if (!s) return [...lead, 'not run'];
    if (isUnmeasurable(s)) return [...lead, UNMEASURABLE_TEXT];
    return [
      ...lead,
      stat(s?.ttvP50Ms),
      stat(s?.ttvP95Ms),
      stat(s?.firstTokenTtvMs),
      stat(s?.completionLagMs),
      s?.droppedFramePct.median == null ? '-' : `${s.droppedFramePct.median.toFixed(1)}%`,
      s ? (s.uiBound ? 'yes' : 'no') : '-',
      ...(traced
        ? [
            stat(s.trace?.ttvP95Ms),
            s.trace?.droppedFrames.median == null ? '-' : `${s.trace.droppedFrames.median} frames`,
          ]
        : []),
    ];
  });
  const lines = ['', ...textTable(header, rows)];
  const invalid = results.cells.reduce((n, c) => n + c.runs.filter((r) => r.invalid).length, 0);
  if (invalid) lines.push(`${invalid} run(s) were invalid (see the report) and are left out of the statistics.`);
  const comparisons = results.comparisons ?? [];
  if (comparisons.length) {
    const decided = comparisons.filter((c) => c.verdict !== 'undecided');
    lines.push(
      '',
      `Pairwise comparisons of TTV p95: ${decided.length} of ${comparisons.length} ` +
        `decided${decided.length < comparisons.length ? ' (more runs or --auto may settle the rest)' : ''}.`,
    );
    for (const c of decided) lines.push(`  ${c.sentence}`);
  }
  const feel = feelLines(results);
  if (feel.length) lines.push('', 'How it feels (--interact, docs/interaction.md):', ...feel.map((l) => `  ${l.text}`));
  lines.push(...saturationLines(results));
  return lines.join('\n');
}

/** The saturation-sweep table, when the run had a sweep. */
function saturationLines(results: Results): string[] {
  const sweep = results.sweep;
  if (!sweep?.entries.length) return [];
  return [
    '',
    `Saturation (TTV p95 <= ${sweep.config.ttvBudgetMs} ms, dropped <= ${sweep.config.maxDroppedPct}%, ` +
      'no growing backlog):',
    ...textTable(
      ['renderer', 'scenario', 'keeps up to', 'falls behind at', 'probes'],
      sweep.entries.map((e) => [
        e.renderer,
        e.scenario,
        e.status === 'failed'
          ? `failed: ${e.error ?? ''}`.slice(0, 50)
          : e.status === 'below-range'
            ? `none (below ${e.bracket.hi} tok/s)`
            : e.saturationRate === null
              ? '-'
              : `${e.saturationRate} tok/s`,
        e.bracket.hi === null
          ? e.status === 'above-range'
            ? `above ${e.saturationRate} tok/s`
            : '-'
          : `${e.bracket.hi} tok/s`,
        String(e.points.length),
      ]),
    ),
  ];
}
