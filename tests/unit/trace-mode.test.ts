// Trace mode's bookkeeping, without a browser: invalid runs leave the statistics, trace figures are
// summarised beside the rAF ones, trace files get readable names, and profiles are reported apart.
import { describe, expect, it } from 'vitest';
import { summarizeRuns } from '../../harness/stats/cell-summary.ts';
import { profileViews } from '../../harness/report/profiles.ts';
import { cellId, traceFileName } from '../../harness/run/suite.ts';
import type { CellResult, RunResult } from '../../harness/results/types.ts';
import type { TraceMetrics } from '../../harness/trace/types.ts';
import { makeSampleResults } from '../fixtures/sample-results.ts';

function okCell(): CellResult {
  const cell = makeSampleResults().cells.find((c) => c.status === 'ok' && c.runs.length >= 3);
  if (!cell) throw new Error('fixture has no ok cell');
  return structuredClone(cell);
}

function traceMetrics(dropped: number, ttvP95: number): TraceMetrics {
  return {
    frameIntervalMs: 16.67,
    frames: {
      presentedAll: 50,
      presentedPartial: 3,
      dropped,
      droppedAffectingSmoothness: dropped,
      noUpdateDesired: 10,
      total: 60 + dropped,
      dropReasons: {},
    },
    droppedFramePct: (100 * dropped) / (60 + dropped),
    pdfWindows: { worstPct: 10, p95Pct: 8, medianPct: 2, windows: 5 },
    mainThreadMs: null,
    ttvMs: { p50: ttvP95 / 2, p95: ttvP95, p99: ttvP95, max: ttvP95 },
    markerPresentedMs: [],
    clockOffsetMs: 123,
  };
}

describe('summarizeRuns', () => {
  it('leaves invalid runs out of every statistic and counts them', () => {
    const cell = okCell();
    const all = summarizeRuns(cell.runs);
    const runs: RunResult[] = cell.runs.map((r, i) =>
      i === 0 ? { ...r, invalid: 'trace: the trace buffer overflowed' } : r,
    );
    const summary = summarizeRuns(runs);
    expect(all?.invalidRuns).toBe(0);
    expect(summary?.invalidRuns).toBe(1);
    expect(summary?.ttvP95Ms.n).toBe(cell.runs.length - 1);
    expect(all?.ttvP95Ms.n).toBe(cell.runs.length);
  });

  it('returns null when no run is valid', () => {
    const cell = okCell();
    expect(summarizeRuns(cell.runs.map((r) => ({ ...r, invalid: 'trace: no PipelineReporter events' })))).toBeNull();
  });

  it('summarises valid traces beside the rAF figures, with the rAF - trace dropped-frame difference', () => {
    const cell = okCell();
    const runs: RunResult[] = cell.runs.map((r, i) => ({
      ...r,
      trace: {
        file: `traces/x-run${i + 1}.json.gz`,
        bytes: 1000,
        analysis: { valid: true, metrics: traceMetrics(i, 40 + i) },
      },
    }));
    const summary = summarizeRuns(runs);
    expect(summary?.trace?.runs).toBe(runs.length);
    expect(summary?.trace?.droppedFrames.n).toBe(runs.length);
    expect(summary?.trace?.mainThreadMs).toBeUndefined();
    const diffs = runs.map((r, i) => (r.metrics?.droppedFrames ?? 0) - i).sort((a, b) => a - b);
    expect(summary?.trace?.droppedFramesDiff.ciLow).toBe(diffs[0]);
    expect(summary?.trace?.droppedFramesDiff.ciHigh).toBe(diffs.at(-1));
  });

  it('has no trace summary when every trace was invalid', () => {
    const cell = okCell();
    const runs: RunResult[] = cell.runs.map((r) => ({
      ...r,
      trace: { file: null, bytes: 0, analysis: { valid: false, reason: 'no clock mark' } },
    }));
    expect(summarizeRuns(runs)?.trace).toBeUndefined();
  });
});

describe('names and profiles', () => {
  it('cell ids and trace file names carry the CPU profile only when throttled', () => {
    expect(cellId('per-chunk-dom', 'markdown-answer', 'frontier')).toBe('per-chunk-dom|markdown-answer|frontier');
    expect(cellId('per-chunk-dom', 'markdown-answer', 'frontier', 4)).toBe(
      'per-chunk-dom|markdown-answer|frontier|cpu4x',
    );
    const cell = { ...okCell(), scenario: 'markdown-answer@bursty', cpuThrottle: 6 };
    expect(traceFileName(cell, 0)).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(traceFileName(cell, 0)).toContain('cpu6x');
    expect(traceFileName(cell, 0)).toContain('run1');
  });

  it('profileViews splits cells, sweep entries and comparisons by CPU profile', () => {
    const base = makeSampleResults();
    const throttled = base.cells.map((c) => ({ ...c, id: `${c.id}|cpu4x`, cpuThrottle: 4 }));
    const results = { ...base, config: { ...base.config, cpuThrottles: [1, 4] }, cells: [...base.cells, ...throttled] };
    const views = profileViews(results);
    expect(views.map((v) => v.cpuThrottle)).toEqual([1, 4]);
    expect(views[0]?.results.cells).toHaveLength(base.cells.length);
    expect(views[1]?.results.cells.every((c) => c.cpuThrottle === 4)).toBe(true);
    expect(views[1]?.label).toMatch(/4×/);
  });
});
