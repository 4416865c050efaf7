// The cost model as results.json carries it (`results.costModel`): a compact form of the microbench report
// (harness/microbench/bench.ts) that `npm run bench` runs after the suite, and the sentences the HTML report
// derives from it to explain the saturation rates. Pure: no Node or DOM imports (bundled into the report,
// tested in Node). Types from microbench.ts are imported as types only.
import type { MicrobenchOp, MicrobenchReport } from './bench.ts';
import type { Results } from '../results/types.ts';
import { formatTokPerS } from '../report/verdict.ts';

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

// ---- what the report says ----

/** Short names of the ops, as the chart legend and the sentences use them. */
export const COST_OP_LABELS: Record<MicrobenchOp, string> = {
  'full-parse': 'full re-parse',
  'incremental-parse': 'last block only',
  append: 'string append',
};

/** Per-chunk JS work above this share of the gap between chunks is not called negligible. */
export const NEGLIGIBLE_SHARE = 0.1;

/** A per-call cost given in ms, readable at any scale: `48 ns`, `7.5 µs`, `1.21 ms`, `2.06 s`. */
export function formatCost(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  const p = (v: number) => String(Number(v.toPrecision(3)));
  if (abs >= 1000) return `${p(ms / 1000)} s`;
  if (abs >= 1) return `${p(ms)} ms`;
  if (abs >= 1e-3) return `${p(ms * 1e3)} µs`;
  return `${p(ms * 1e6)} ns`;
}

const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `16,000` */
export function formatChars(chars: number): string {
  return countFormat.format(chars);
}

/** `16k` for whole thousands, else `1,500`. */
export function formatCharsShort(chars: number): string {
  return chars >= 1000 && chars % 1000 === 0 ? `${chars / 1000}k` : countFormat.format(chars);
}

/** Two significant digits, for figures that are estimates: 1,936 → 1,900. */
function roughly(value: number): number {
  return roundSignificant(value, 2);
}

export interface CostModelRate {
  tokPerS: number;
  /** Chunks per second at this rate: tokPerS / config.tokensPerChunk. */
  chunksPerS: number;
  /** Time between chunks, ms. */
  gapMs: number;
}

/** The fastest configured rate, with its chunk rate and the gap between chunks (one chunk per tokensPerChunk tokens). */
export function costModelRate(results: Results): CostModelRate | null {
  const fastest = Math.max(...results.config.rates.map((r) => r.tokPerS));
  if (!Number.isFinite(fastest) || fastest <= 0) return null;
  const chunksPerS = fastest / Math.max(1, results.config.tokensPerChunk);
  return { tokPerS: fastest, chunksPerS, gapMs: 1000 / chunksPerS };
}

/** The measured length closest (on a log scale) to the cost model's answer length (answerTokens x charsPerToken). */
export function referenceChars(model: CostModel): number | null {
  const sizes = model.ops.flatMap((o) => o.points.map((p) => p.chars)).filter((c) => c > 0);
  if (sizes.length === 0) return null;
  const target = model.config.answerTokens * model.config.charsPerToken;
  return sizes.reduce((best, c) => (Math.abs(Math.log(c / target)) < Math.abs(Math.log(best / target)) ? c : best));
}

function pointAt(model: CostModel, op: MicrobenchOp, chars: number): { op: CostModelOp; point: CostModelPoint } | null {
  const found = model.ops.find((o) => o.op === op);
  const point = found?.points.find((p) => p.chars === chars);
  return found && point && point.meanUs > 0 ? { op: found, point } : null;
}

export interface CostModelLine {
  kind: 'full-parse' | 'growth' | 'cheap';
  text: string;
}

/**
 * Two or three sentences tying the cost model to saturation, computed from results.costModel and the
 * configured rates: what a full re-parse per chunk costs at the fastest rate, the rate it caps a strategy at as
 * the text grows, and how little the append / last-block work leaves out of the gap between chunks.
 * Empty without a cost model (or without the ops a sentence needs).
 */
export function costModelLines(results: Results): CostModelLine[] {
  const model = results.costModel;
  const rate = costModelRate(results);
  const chars = model ? referenceChars(model) : null;
  if (!model || !rate || chars === null) return [];
  const lines: CostModelLine[] = [];
  const tokensPerChunk = Math.max(1, results.config.tokensPerChunk);
  const chunkWording = tokensPerChunk === 1 ? 'one chunk per token' : `one chunk per ${tokensPerChunk} tokens`;
  const rateText = formatTokPerS(rate.tokPerS);
  const hasSweep = Boolean(results.sweep && results.sweep.entries.length > 0);

  const full = pointAt(model, 'full-parse', chars);
  if (full) {
    const costMs = full.point.meanUs / 1000;
    const perSecondMs = costMs * rate.chunksPerS;
    const share = perSecondMs / 1000;
    const verdict =
      share > 1
        ? `${share.toFixed(1)}× the 1,000 ms available, so re-parsing on every chunk cannot keep up at that length`
        : `${share >= 0.1 ? Math.round(share * 100) : Number((share * 100).toPrecision(2))}% of the 1,000 ms available`;
    lines.push({
      kind: 'full-parse',
      text:
        `A full markdown re-parse of a ${formatChars(chars)}-character answer costs ${formatCost(costMs)} per chunk: ` +
        `at ${rateText} with ${chunkWording} that is ${formatCost(perSecondMs)} of parsing per second of stream, ${verdict}.`,
    });

    const caps = full.op.points
      .filter((p) => p.meanUs > 0)
      .map((p) => `~${formatTokPerS(roughly((1e6 / p.meanUs) * tokensPerChunk))} at ${formatCharsShort(p.chars)}`);
    const e = full.op.exponent;
    const answer = `${countFormat.format(model.config.answerTokens)}-token answer`;
    lines.push({
      kind: 'growth',
      text:
        `Parsing alone caps a strategy that re-parses every chunk at ${caps.join(', ')} characters: the cost grows as ` +
        `length^${e.toFixed(2)}, so the parsing over a whole answer grows as length^${(1 + e).toFixed(2)}, about ${formatCost(full.op.perAnswerMs)} ` +
        `of parsing for a ${answer}` +
        (hasSweep ? ', before any DOM, style, layout or paint work that the saturation rates above include.' : ', before any DOM, style, layout or paint work.'),
    });
  }

  const cheap = (['incremental-parse', 'append'] as const).flatMap((op) => {
    const found = pointAt(model, op, chars);
    return found ? [found] : [];
  });
  if (cheap.length > 0) {
    const worstMs = Math.max(...cheap.map((c) => c.point.meanUs / 1000));
    const share = worstMs / rate.gapMs;
    const parts = cheap.map(
      (c) => `${c.op.op === 'append' ? 'an append' : 'parsing only the last block'} costs ${formatCost(c.point.meanUs / 1000)} (exponent ${c.op.exponent.toFixed(2)})`,
    );
    const gap = `the ${formatCost(rate.gapMs)} between chunks at ${rateText}`;
    const pct = share * 100 >= 10 ? `${Math.round(share * 100)}%` : share * 100 >= 0.01 ? `${Number((share * 100).toPrecision(2))}%` : '<0.01%';
    const tail =
      share < NEGLIGIBLE_SHARE
        ? `at most ${pct} of ${gap}, so what limits strategies that only append or parse the last block is the browser's ` +
          `work (DOM writes, style, layout, paint), not this JavaScript${hasSweep ? '; the saturation table above measures that work' : ''}.`
        : `${pct} of ${gap}, so even this work takes a real share of the time between chunks.`;
    const [first, ...rest] = parts;
    const list = rest.length ? `${first} and ${rest.join(' and ')}` : (first ?? '');
    lines.push({ kind: 'cheap', text: `At ${formatChars(chars)} characters, ${list}: ${tail}` });
  }
  return lines;
}
