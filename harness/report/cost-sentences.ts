// What the report says about the cost model (results.costModel): the sentences that tie the per-chunk JS cost
// timed in Node (harness/microbench/) to saturation, and the op labels the chart and the sentences share.
// Report layer: the microbench only measures; this module words it. Pure: no Node or DOM imports (bundled into
// the report, tested in Node).
import { formatCharsShort, formatCost, formatCount, formatEstimatePct, formatTokPerS } from '../common/format.ts';
import { roundSignificant, type CostModel, type CostModelOp, type CostModelPoint } from '../microbench/cost-model.ts';
import type { MicrobenchOp } from '../microbench/bench.ts';
import type { Results } from '../results/types.ts';

/** Short names of the ops, as the chart legend and the sentences use them. */
export const COST_OP_LABELS: Record<MicrobenchOp, string> = {
  'full-parse': 'full re-parse',
  'incremental-parse': 'last block only',
  append: 'string append',
};

/** Per-chunk JS work above this share of the gap between chunks is not called negligible. */
export const NEGLIGIBLE_SHARE = 0.1;

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

/** The fastest configured rate, its chunk rate and the gap between chunks (one chunk per tokensPerChunk tokens). */
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

/** What every sentence needs: the model, the fastest rate, the reference length and how it is worded. */
interface LineContext {
  model: CostModel;
  rate: CostModelRate;
  chars: number;
  tokensPerChunk: number;
  rateText: string;
  hasSweep: boolean;
}

/** The full re-parse at the reference length: its cost per chunk and per second of stream, then how it grows. */
function fullParseLines(c: LineContext, full: { op: CostModelOp; point: CostModelPoint }): CostModelLine[] {
  const costMs = full.point.meanUs / 1000;
  const perSecondMs = costMs * c.rate.chunksPerS;
  const share = perSecondMs / 1000;
  const chunkWording = c.tokensPerChunk === 1 ? 'one chunk per token' : `one chunk per ${c.tokensPerChunk} tokens`;
  const verdict =
    share > 1
      ? `${share.toFixed(1)}× the 1,000 ms available, so re-parsing on every chunk cannot keep up at that length`
      : `${formatEstimatePct(share * 100, { floor: false })} of the 1,000 ms available`;
  const caps = full.op.points
    .filter((p) => p.meanUs > 0)
    .map((p) => `~${formatTokPerS(roughly((1e6 / p.meanUs) * c.tokensPerChunk))} at ${formatCharsShort(p.chars)}`);
  const e = full.op.exponent;
  const answer = `${formatCount(c.model.config.answerTokens)}-token answer`;
  const before = c.hasSweep
    ? ', before any DOM, style, layout or paint work that the saturation rates above include.'
    : ', before any DOM, style, layout or paint work.';
  return [
    {
      kind: 'full-parse',
      text:
        `A full markdown re-parse of a ${formatCount(c.chars)}-character answer costs ${formatCost(costMs)} ` +
        `per chunk: at ${c.rateText} with ${chunkWording} that is ${formatCost(perSecondMs)} of parsing per second ` +
        `of stream, ${verdict}.`,
    },
    {
      kind: 'growth',
      text:
        `Parsing alone caps a strategy that re-parses every chunk at ${caps.join(', ')} characters: ` +
        `the cost grows as length^${e.toFixed(2)}, so the parsing over a whole answer grows as ` +
        `length^${(1 + e).toFixed(2)}, about ${formatCost(full.op.perAnswerMs)} of parsing for a ${answer}${before}`,
    },
  ];
}

/** The append and last-block work at the reference length, against the gap between chunks. */
function cheapLine(c: LineContext, cheap: Array<{ op: CostModelOp; point: CostModelPoint }>): CostModelLine {
  const worstMs = Math.max(...cheap.map((x) => x.point.meanUs / 1000));
  const share = worstMs / c.rate.gapMs;
  const parts = cheap.map((x) => {
    const what = x.op.op === 'append' ? 'an append' : 'parsing only the last block';
    return `${what} costs ${formatCost(x.point.meanUs / 1000)} (exponent ${x.op.exponent.toFixed(2)})`;
  });
  const gap = `the ${formatCost(c.rate.gapMs)} between chunks at ${c.rateText}`;
  const pct = formatEstimatePct(share * 100);
  const measured = c.hasSweep ? '; the saturation table above measures that work' : '';
  const tail =
    share < NEGLIGIBLE_SHARE
      ? `at most ${pct} of ${gap}, so what limits strategies that only append or parse the last block ` +
        `is the browser's work (DOM writes, style, layout, paint), not this JavaScript${measured}.`
      : `${pct} of ${gap}, so even this work takes a real share of the time between chunks.`;
  const [first, ...rest] = parts;
  const list = rest.length ? `${first} and ${rest.join(' and ')}` : (first ?? '');
  return { kind: 'cheap', text: `At ${formatCount(c.chars)} characters, ${list}: ${tail}` };
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
  const context: LineContext = {
    model,
    rate,
    chars,
    tokensPerChunk: Math.max(1, results.config.tokensPerChunk),
    rateText: formatTokPerS(rate.tokPerS),
    hasSweep: Boolean(results.sweep && results.sweep.entries.length > 0),
  };
  const full = pointAt(model, 'full-parse', chars);
  const cheap = (['incremental-parse', 'append'] as const).flatMap((op) => pointAt(model, op, chars) ?? []);
  return [...(full ? fullParseLines(context, full) : []), ...(cheap.length > 0 ? [cheapLine(context, cheap)] : [])];
}
