// The report's "can I trust this?" data, derived from results.json: pairwise verdicts, rAF vs trace
// agreement per cell, the instrument's own overhead, the idle noise floor and the emitter's timing. Pure, shared by
// tests and the report bundle.
import { formatMs, formatRate } from '../common/format.ts';
import type {
  CellComparison,
  CellResult,
  EmitterFigures,
  NoiseFloor,
  Overhead,
  Results,
  Stat,
  TraceCellSummary,
} from '../results/types.ts';
import type { Rate } from '../schedule/types.ts';

export interface ComparisonGroup {
  scenario: string;
  rate: Rate;
  cpuThrottle: number;
  comparisons: CellComparison[];
}

/** Comparisons grouped by scenario x rate (x profile), in the order the cells are listed. */
export function comparisonGroups(results: Results): ComparisonGroup[] {
  const groups: ComparisonGroup[] = [];
  for (const c of results.comparisons ?? []) {
    let group = groups.find(
      (g) => g.scenario === c.scenario && g.rate.name === c.rate && g.cpuThrottle === c.cpuThrottle,
    );
    if (!group) {
      const rate = results.cells.find((cell) => cell.rate.name === c.rate)?.rate ?? {
        name: c.rate,
        tokPerS: Number(c.rate) || 0,
        ttftMs: 0,
      };
      group = { scenario: c.scenario, rate, cpuThrottle: c.cpuThrottle, comparisons: [] };
      groups.push(group);
    }
    group.comparisons.push(c);
  }
  return groups;
}

export interface AgreementRow {
  cell: CellResult;
  trace: TraceCellSummary;
  rafDroppedFrames: Stat;
  /** |median of (rAF - trace) dropped frames| <= 1 frame or within 10% of the trace's count. */
  agrees: boolean;
  traceFiles: string[];
}

/** Cells with trace figures, with their trace files (valid or not, so an invalid trace can be inspected). */
export function agreementRows(results: Results): AgreementRow[] {
  return results.cells.flatMap((cell) => {
    const trace = cell.summary?.trace;
    if (!cell.summary || !trace) return [];
    const diff = trace.droppedFramesDiff.median;
    const scale = Math.abs(trace.droppedFrames.median ?? 0);
    const agrees = diff !== null && Math.abs(diff) <= Math.max(1, 0.1 * scale);
    const traceFiles = cell.runs.flatMap((r) => (r.trace?.file ? [r.trace.file] : []));
    return [{ cell, trace, rafDroppedFrames: cell.summary.droppedFrames, agrees, traceFiles }];
  });
}

export interface InvalidRunsSummary {
  count: number;
  /** Reason -> runs. */
  reasons: Array<{ reason: string; runs: number }>;
}

export function invalidRuns(results: Results): InvalidRunsSummary {
  const reasons = new Map<string, number>();
  for (const cell of results.cells)
    for (const run of cell.runs) if (run.invalid) reasons.set(run.invalid, (reasons.get(run.invalid) ?? 0) + 1);
  return {
    count: [...reasons.values()].reduce((a, b) => a + b, 0),
    reasons: [...reasons].map(([reason, runs]) => ({ reason, runs })),
  };
}

const ms = (v: number | null, digits = 1): string =>
  v === null ? '—' : Math.abs(v) < 100 ? `${v.toFixed(digits)} ms` : formatMs(v);
const frames = (v: number | null): string => (v === null ? '—' : `${Number(v.toFixed(1))} frame${v === 1 ? '' : 's'}`);

/** Plain sentences on what the probe and tracing cost, from the measured pairs. */
export function overheadSentences(overhead: Overhead | undefined): string[] {
  if (!overhead) return [];
  const out: string[] = [];
  const p = overhead.probe;
  if (p) {
    const w = p.mainThreadMsPerFrame.with.median;
    const wo = p.mainThreadMsPerFrame.without.median;
    out.push(
      `The probe costs ${w !== null && wo !== null ? ms(w - wo, 2) : 'an unknown amount'} of main-thread time ` +
        `per frame (${ms(w, 2)} with it, ${ms(wo, 2)} without, a renderer that draws nothing, ` +
        `median of ${p.runs} runs each), and ${frames(p.droppedFrames.with.median)} dropped with it ` +
        `vs ${frames(p.droppedFrames.without.median)} without.`,
    );
  }
  const t = overhead.tracing;
  if (t) {
    const w = t.ttvP95Ms.with.median;
    const wo = t.ttvP95Ms.without.median;
    out.push(
      `Tracing changes TTV p95 of ${t.cell.split('|').join(' × ')} from ${ms(wo)} to ${ms(w)} ` +
        `(${w !== null && wo !== null ? `${w - wo >= 0 ? '+' : ''}${ms(w - wo)}` : 'not comparable'}) ` +
        `and dropped frames from ${frames(t.droppedFrames.without.median)} to ${frames(t.droppedFrames.with.median)} ` +
        `(median of ${t.runs} runs each).`,
    );
  }
  return out;
}

/**
 * The stream's own clock, per rate: `emitter send error p99 0.31 ms at 981 tok/s; delivery delay p99 4.2 ms`
 * (null: results from before send times were recorded).
 */
export function emitterSentence(emitter: readonly EmitterFigures[] | undefined): string | null {
  if (!emitter?.length) return null;
  // Hundredths below 10 ms: the emitter's error is judged against a 1 ms target.
  const cost = (v: number | null): string => (v === null ? '—' : Math.abs(v) < 10 ? `${v.toFixed(2)} ms` : formatMs(v));
  const parts = emitter.map(
    (e) =>
      `emitter send error p99 ${cost(e.sendErrorMs.p99)} at ${formatRate({ name: e.rate, tokPerS: e.tokPerS })}; ` +
      `delivery delay p99 ${cost(e.receiptDelayMs.p99)} ` +
      `(max ${cost(e.sendErrorMs.max)} and ${cost(e.receiptDelayMs.max)}, ` +
      `${e.chunks} chunks over ${e.runs} runs)`,
  );
  const text = parts.join('. ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export function noiseFloorSentence(noise: NoiseFloor | undefined): string | null {
  if (!noise) return null;
  const range = (s: Stat): string => (s.ciLow === s.ciHigh ? '' : ` (95% CI ${s.ciLow ?? '—'}–${s.ciHigh ?? '—'})`);
  return (
    `With nothing streaming, ${noise.runs} idle runs of ${formatMs(noise.durationMs)} dropped a median of ` +
    `${frames(noise.droppedFrames.median)}${range(noise.droppedFrames)} ` +
    `and had ${noise.longGaps.median ?? '—'} rAF gap(s) over 25 ms${range(noise.longGaps)}: differences of this size ` +
    `are noise.`
  );
}
