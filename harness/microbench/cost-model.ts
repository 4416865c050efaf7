// The cost model as results.json carries it (`results.costModel`): a compact form of the microbench report
// (harness/microbench/bench.ts) that `npm run bench` runs after the suite. What the report says about it lives in
// the report layer (harness/report/cost-sentences.ts). Pure: no Node or DOM imports. Types from bench.ts are
// imported as types only.
import type { MicrobenchOp, MicrobenchReport } from './bench.ts';

/** One op at one accumulated length. Times are per call (one chunk's work), in µs. */
export interface CostModelPoint {
  /** Length of the accumulated text, in characters. */
  chars: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  /** Relative margin of error of the mean, in % (95% interval half-width / mean). */
  rmePct: number;
  samples: number;
}

export interface CostModelOp {
  op: MicrobenchOp;
  description: string;
  /** Log-log least-squares slope of the mean against chars: cost ~ chars^exponent (1: linear, 0: constant). */
  exponent: number;
  /** The same fit on the median (less swayed by garbage-collection pauses). */
  exponentP50: number;
  /** Estimate: the op once per chunk over a config.answerTokens-token answer (one token per chunk), ms. */
  perAnswerMs: number;
  /** By chars ascending. */
  points: CostModelPoint[];
}

export interface CostModel {
  environment: { node: string; cpuModel: string; cores: number; date: string };
  /** The microbench's own settings, as run. */
  config: MicrobenchReport['config'];
  ops: CostModelOp[];
  notes: string[];
}

/** `value` rounded to `digits` significant digits (keeps results.json compact; the spread is far wider). */
export function roundSignificant(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** The compact results.json form of a microbench report: µs per call, 4 significant digits. */
export function toCostModel(report: MicrobenchReport): CostModel {
  const us = (ms: number) => roundSignificant(ms * 1000);
  return {
    environment: { ...report.environment },
    config: { ...report.config, sizes: [...report.config.sizes] },
    ops: report.summaries.map((s) => ({
      op: s.op,
      description: s.description,
      exponent: Number(s.exponent.toFixed(3)),
      exponentP50: Number(s.exponentP50.toFixed(3)),
      perAnswerMs: roundSignificant(s.perAnswerMs),
      points: report.results
        .filter((r) => r.op === s.op)
        .sort((a, b) => a.chars - b.chars)
        .map((r) => ({
          chars: r.chars,
          meanUs: us(r.meanMs),
          p50Us: us(r.p50Ms),
          p99Us: us(r.p99Ms),
          rmePct: Number(r.rmePct.toFixed(2)),
          samples: r.samples,
        })),
    })),
    notes: [...report.notes],
  };
}
