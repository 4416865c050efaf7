// The cost model: the non-DOM JavaScript work each renderer strategy does per chunk, timed in Node with
// tinybench as the accumulated text grows. It shows why a strategy saturates where it does: a full
// re-parse per chunk costs O(n) at length n, so an answer costs O(n^2); an append costs O(1).
//
// Pure apart from runMicrobench / runQuickMicrobench / primeJit (which run the ops and read the clock),
// collectMicrobenchEnvironment and tinybenchVersion. `npm run bench` runs runQuickMicrobench after the suite
// and stores its compact form (harness/microbench/cost-model.ts) as results.costModel, which the report draws.
// DOMPurify needs a DOM, which Node does not have, so sanitising is not timed here: its cost is measured
// in the browser only, inside the markdown renderers' frames.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Bench } from 'tinybench';
import { marked } from '../renderer/marked.ts';
import { linearSlope } from '../stats/slope.ts';
import { markdownOfLength } from '../../scenarios/corpora.ts';
import { GRAMMAR, LINKS, pick, type Grammar } from '../../scenarios/generate/grammar.ts';
import {
  formatCharsShort,
  formatCost,
  formatCount,
  formatEstimatePct,
  formatPerSecond,
  textTable,
} from '../common/format.ts';

/** The operations timed, one per strategy's per-chunk work. */
export const MICROBENCH_OPS = ['full-parse', 'incremental-parse', 'append'] as const;
export type MicrobenchOp = (typeof MICROBENCH_OPS)[number];

export const OP_DESCRIPTIONS: Record<MicrobenchOp, string> = {
  'full-parse': 'marked parse of the whole accumulated text (markdown-batch per batch; no-stream once at the end)',
  'incremental-parse':
    'find the last block (text after the last blank line) and marked-parse only it: what an incremental markdown ' +
    'renderer would do',
  append: 'concatenate a ~4-char token onto the accumulated text (the JS string work before a DOM write)',
};

/** Default accumulated-text sizes, in characters. */
export const DEFAULT_SIZES: readonly number[] = [1_000, 4_000, 16_000, 64_000];

/** The answer the per-answer estimate integrates over: ~ the `long-markdown` scenario. */
export const ANSWER_TOKENS = 4_000;
export const CHARS_PER_TOKEN = 4;
/** Token rates the "keeps up to" figures are given for (one token per chunk): the README's fast and frontier lanes. */
export const REFERENCE_RATES: readonly number[] = [981, 55];

/** Appends are far below the timer's resolution: each append sample is the mean of this many appends. */
export const APPEND_BATCH = 1_000;
/** Incremental parse cycles through this many cut points, 64 characters apart, ending at the size. */
export const INCREMENTAL_CUTS = 16;
const INCREMENTAL_CUT_STEP = 64;

export const SANITIZE_NOTE =
  'sanitize cost measured in the browser only: DOMPurify needs a DOM, and Node has none (no DOM dependency is added ' +
  'for it)';

// ---------------------------------------------------------------------------------------------------------
// Types of the JSON written by `npm run microbench -- --out FILE`.

export interface MicrobenchEnvironment {
  node: string;
  cpuModel: string;
  cores: number;
  /** ISO 8601, when the run started. */
  date: string;
}

/** One op at one accumulated size. Every timing is tinybench's latency statistic, in ms. */
export interface MicrobenchResult {
  op: MicrobenchOp;
  /** Length of the accumulated text, in characters. */
  chars: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Samples tinybench took (for `append`, each sample is the mean of APPEND_BATCH appends). */
  samples: number;
  /** Relative margin of error of the mean, in % (95% Student's t interval half-width / mean). */
  rmePct: number;
  /** Derived: 1000 / meanMs, the highest chunk rate (events/s) at this size if the op ran once per chunk. */
  maxEventsPerS: number;
}

/** The accumulated length up to which running the op once per chunk still fits the gap between chunks. */
export interface RateLimit {
  tokPerS: number;
  /** Chunk gap at this rate (one token per chunk): 1000 / tokPerS. */
  gapMs: number;
  /** Interpolated length (chars) where the op's mean cost reaches gapMs; null when outside the measured sizes. */
  maxChars: number | null;
  /**
   * `within`: maxChars is interpolated; `beyond-largest`: fits at every measured size; `below-smallest`: fits at none.
   */
  where: 'within' | 'beyond-largest' | 'below-smallest';
}

export interface MicrobenchOpSummary {
  op: MicrobenchOp;
  description: string;
  /** What one tinybench sample is. */
  sample: string;
  /** Log-log least-squares slope of meanMs against chars (1: linear per call, 0: constant). */
  exponent: number;
  /** The same fit on p50Ms: less swayed by garbage-collection pauses, which land in the mean. */
  exponentP50: number;
  /**
   * Estimate: the op run once per chunk over an ANSWER_TOKENS-token answer (one token per chunk,
   * CHARS_PER_TOKEN chars per token), summing the measured per-size cost interpolated at each chunk's length.
   */
  perAnswerMs: number;
  rateLimits: RateLimit[];
}

export interface MicrobenchReport {
  schemaVersion: 1;
  environment: MicrobenchEnvironment;
  results: MicrobenchResult[];
  /** Per op: scaling exponent and the derived estimates. */
  summaries: MicrobenchOpSummary[];
  config: {
    sizes: number[];
    timeMs: number;
    warmupMs: number;
    answerTokens: number;
    charsPerToken: number;
    tinybench: string;
    /** A full garbage collection ran before each task's warmup and run (Node started with --expose-gc). */
    gcBetweenTasks: boolean;
  };
  notes: string[];
}

// ---------------------------------------------------------------------------------------------------------
// The text timed: the scenarios' generated markdown (scenarios/corpora.ts), the long-markdown scenario's kind
// of answer. Its links point at example.com, as the microbench's text always has (its tests pin that).

const MICROBENCH_GRAMMAR: Grammar = {
  ...GRAMMAR,
  // Same draw from LINKS as the scenarios' rule, so the rest of the text does not change with it.
  link: (r) => {
    const l = pick(r, LINKS);
    return `[${l.text}](https://example.com/${l.url.replace(/^https:\/\/[^/]+\//, '')})`;
  },
};

/** Exactly `chars` characters of deterministic chat-answer markdown; each length a prefix of the longer ones. */
export function generateMarkdown(chars: number): string {
  return markdownOfLength(chars, MICROBENCH_GRAMMAR);
}

/** The last block of `text`: everything after its last blank line (all of it when it has none). */
export function lastBlock(text: string): string {
  const at = text.lastIndexOf('\n\n');
  return at < 0 ? text : text.slice(at + 2);
}

// ---------------------------------------------------------------------------------------------------------
// Scaling fit and derived estimates (pure).

/**
 * Log-log least-squares slope of meanMs against chars: cost ~ chars^exponent. Needs at least two points with
 * distinct chars and positive values; throws RangeError otherwise.
 */
export function fitScaling(points: ReadonlyArray<{ chars: number; meanMs: number }>): { exponent: number } {
  const usable = points.filter(
    (p) => p.chars > 0 && p.meanMs > 0 && Number.isFinite(p.chars) && Number.isFinite(p.meanMs),
  );
  if (usable.length !== points.length) throw new RangeError('fitScaling: chars and meanMs must be finite and > 0');
  if (usable.length < 2) throw new RangeError(`fitScaling: needs at least 2 points, got ${usable.length}`);
  if (new Set(usable.map((p) => p.chars)).size < 2) throw new RangeError('fitScaling: all points have the same chars');
  return {
    exponent: linearSlope(
      usable.map((p) => Math.log(p.chars)),
      usable.map((p) => Math.log(p.meanMs)),
    ),
  };
}

type CostPoint = { chars: number; meanMs: number };

function sortedPoints(points: readonly CostPoint[]): CostPoint[] {
  const sorted = [...points].filter((p) => p.chars > 0 && p.meanMs > 0).sort((a, b) => a.chars - b.chars);
  if (sorted.length === 0) throw new RangeError('needs at least one point with chars > 0 and meanMs > 0');
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.chars === sorted[i - 1]!.chars) throw new RangeError(`two points at ${sorted[i]!.chars} chars`);
  }
  return sorted;
}

/**
 * Cost at `chars`, interpolated linearly in log-log between the measured points (a power law between
 * neighbours); outside the measured range, the nearest segment's power law is extended. One point: constant.
 */
export function interpolateCost(points: readonly CostPoint[], chars: number): number {
  const sorted = sortedPoints(points);
  if (sorted.length === 1 || chars <= 0) return sorted[0]!.meanMs;
  let i = 0;
  while (i < sorted.length - 2 && chars > sorted[i + 1]!.chars) i++;
  const a = sorted[i]!;
  const b = sorted[i + 1]!;
  const slope = Math.log(b.meanMs / a.meanMs) / Math.log(b.chars / a.chars);
  return a.meanMs * (chars / a.chars) ** slope;
}

/**
 * Estimate: total time of running the op once per chunk over an answer of `answerTokens` tokens (one token
 * per chunk, `charsPerToken` characters each): the sum over chunks k = 1..answerTokens of the interpolated
 * cost at k * charsPerToken characters.
 */
export function estimatePerAnswerMs(
  points: readonly CostPoint[],
  answerTokens = ANSWER_TOKENS,
  charsPerToken = CHARS_PER_TOKEN,
): number {
  let total = 0;
  for (let k = 1; k <= answerTokens; k++) total += interpolateCost(points, k * charsPerToken);
  return total;
}

/** Where the op's interpolated mean cost reaches the chunk gap at `tokPerS` (one token per chunk). */
export function rateLimit(points: readonly CostPoint[], tokPerS: number): RateLimit {
  const sorted = sortedPoints(points);
  const gapMs = 1000 / tokPerS;
  const first = sorted[0]!;
  if (first.meanMs > gapMs) return { tokPerS, gapMs, maxChars: null, where: 'below-smallest' };
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    if (a.meanMs <= gapMs && b.meanMs > gapMs) {
      const slope = Math.log(b.meanMs / a.meanMs) / Math.log(b.chars / a.chars);
      return { tokPerS, gapMs, maxChars: Math.round(a.chars * (gapMs / a.meanMs) ** (1 / slope)), where: 'within' };
    }
  }
  // No crossing: the first size fits, so every measured size fits (a noisy dip above the gap was a crossing).
  return { tokPerS, gapMs, maxChars: null, where: 'beyond-largest' };
}

export function summarizeOp(op: MicrobenchOp, results: readonly MicrobenchResult[]): MicrobenchOpSummary {
  const points = results.filter((r) => r.op === op).map((r) => ({ chars: r.chars, meanMs: r.meanMs }));
  return {
    op,
    description: OP_DESCRIPTIONS[op],
    sample: sampleDescription(op),
    exponent: fitScaling(points).exponent,
    exponentP50: fitScaling(results.filter((r) => r.op === op).map((r) => ({ chars: r.chars, meanMs: r.p50Ms })))
      .exponent,
    perAnswerMs: estimatePerAnswerMs(points),
    rateLimits: REFERENCE_RATES.map((rate) => rateLimit(points, rate)),
  };
}

function sampleDescription(op: MicrobenchOp): string {
  switch (op) {
    case 'append':
      return `mean of ${APPEND_BATCH} appends (one append is below the timer's resolution)`;
    case 'incremental-parse':
      return (
        `one call; calls cycle through ${INCREMENTAL_CUTS} cut points ${INCREMENTAL_CUT_STEP} chars apart ` +
        `ending at the size`
      );
    default:
      return 'one call';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Running the benchmarks.

export interface MicrobenchOptions {
  sizes?: readonly number[];
  ops?: readonly MicrobenchOp[];
  /** tinybench `time` per task, ms. */
  timeMs?: number;
  /** tinybench `warmupTime` per task, ms. */
  warmupMs?: number;
  /** Called after each task, e.g. for progress output. */
  onResult?: (result: MicrobenchResult) => void;
  /** Stops before the next task once aborted (the tasks run so far are returned). */
  signal?: AbortSignal;
}

export const DEFAULT_TIME_MS = 250;
export const DEFAULT_WARMUP_MS = 100;
/** The quick run `npm run bench` does after the suite: about 3 s for every op at every size. */
export const QUICK_TIME_MS = 200;
export const QUICK_WARMUP_MS = 50;
/** Before the quick run, every op runs untimed for about this long so the first task is not timed cold. */
export const QUICK_PRIME_MS = 300;

// Results are written here so the JIT cannot drop the work being timed.
const sink: unknown[] = new Array(64);
let sinkAt = 0;
function keep(value: unknown): void {
  sink[sinkAt] = value;
  sinkAt = (sinkAt + 1) & 63;
}

const TOKENS = [' the', 'ing ', ' to ', 'ed. ', ' **', '`x` ', '\n- a', ' per'];

type TaskFn = (now: () => number) => { overriddenDuration: number; overriddenIterationCost: number } | void;

function taskFor(op: MicrobenchOp, chars: number): TaskFn {
  const text = generateMarkdown(chars);
  switch (op) {
    case 'full-parse':
      return () => {
        keep(marked.parse(text, { async: false }));
      };
    case 'incremental-parse': {
      // The text cut at INCREMENTAL_CUTS points ending at `chars`: the last block's length varies with where
      // a chunk ends, so one cut point alone would make the size comparison depend on that accident.
      const prefixes = Array.from({ length: INCREMENTAL_CUTS }, (_, j) =>
        text.slice(0, Math.max(1, chars - j * INCREMENTAL_CUT_STEP)),
      );
      let j = 0;
      return () => {
        const prefix = prefixes[j]!;
        j = (j + 1) % prefixes.length;
        keep(marked.parse(lastBlock(prefix), { async: false }));
      };
    }
    case 'append':
      return (now) => {
        const start = now();
        for (let k = 0; k < APPEND_BATCH; k++) keep(text + TOKENS[k & 7]);
        const elapsed = now() - start;
        return { overriddenDuration: elapsed / APPEND_BATCH, overriddenIterationCost: elapsed };
      };
  }
}

/** `gc()` when Node runs with --expose-gc, else undefined. */
const forcedGc = (globalThis as { gc?: () => void }).gc;

/** Whether runMicrobench collects garbage between tasks (Node started with --expose-gc). */
export function gcBetweenTasks(): boolean {
  return typeof forcedGc === 'function';
}

/** Times every op at every size with tinybench (one task at a time) and returns the per-task statistics. */
export async function runMicrobench(options: MicrobenchOptions = {}): Promise<MicrobenchResult[]> {
  const sizes = options.sizes ?? DEFAULT_SIZES;
  const ops = options.ops ?? MICROBENCH_OPS;
  const results: MicrobenchResult[] = [];
  for (const op of ops) {
    for (const chars of sizes) {
      if (options.signal?.aborted) return results;
      const bench = new Bench({
        // A full collection before each phase, when the process exposes gc (`npm run microbench` does):
        // the garbage of the previous task is not collected on this task's clock.
        setup: () => forcedGc?.(),
        time: options.timeMs ?? DEFAULT_TIME_MS,
        warmupTime: options.warmupMs ?? DEFAULT_WARMUP_MS,
        warmupIterations: 4,
        iterations: 16,
        throws: true,
      });
      const fn = taskFor(op, chars);
      const name = `${op}@${chars}`;
      bench.add(name, () => fn(() => bench.now()));
      await bench.run();
      const result = bench.getTask(name)?.result;
      if (!result || !('latency' in result))
        throw new Error(`microbench: ${name} produced no statistics (state ${result?.state ?? 'missing'})`);
      const latency = result.latency;
      const row: MicrobenchResult = {
        op,
        chars,
        meanMs: latency.mean,
        p50Ms: latency.p50,
        p99Ms: latency.p99,
        samples: latency.samplesCount,
        rmePct: latency.rme,
        maxEventsPerS: latency.mean > 0 ? 1000 / latency.mean : Number.POSITIVE_INFINITY,
      };
      results.push(row);
      options.onResult?.(row);
    }
  }
  return results;
}

/**
 * Runs every op untimed for about `ms` in all (the JIT's warm-up), so that in a process that never parsed
 * markdown before the first timed task is not measured cold. tinybench's own warmup is per task and short.
 */
export function primeJit(ms: number, sizes: readonly number[] = DEFAULT_SIZES): void {
  const fns = MICROBENCH_OPS.flatMap((op) => sizes.map((chars) => taskFor(op, chars)));
  const until = performance.now() + ms;
  do for (const fn of fns) fn(() => performance.now());
  while (performance.now() < until);
}

/** The installed tinybench's version, or `unknown`. */
export function tinybenchVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../node_modules/tinybench/package.json', import.meta.url), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The quick cost model `npm run bench` runs after the suite, in its own process: every op at every default
 * size with QUICK_TIME_MS per task (about 3 s in all), after priming the JIT. Without --expose-gc no garbage
 * collection is forced between tasks; the report's notes say so. Null when aborted before the end.
 */
export async function runQuickMicrobench(options: { signal?: AbortSignal } = {}): Promise<MicrobenchReport | null> {
  if (options.signal?.aborted) return null;
  const environment = collectMicrobenchEnvironment();
  primeJit(QUICK_PRIME_MS);
  const results = await runMicrobench({
    sizes: DEFAULT_SIZES,
    timeMs: QUICK_TIME_MS,
    warmupMs: QUICK_WARMUP_MS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (options.signal?.aborted) return null;
  return buildReport(environment, results, {
    sizes: DEFAULT_SIZES,
    timeMs: QUICK_TIME_MS,
    warmupMs: QUICK_WARMUP_MS,
    tinybench: tinybenchVersion(),
    gcBetweenTasks: gcBetweenTasks(),
  });
}

export function collectMicrobenchEnvironment(): MicrobenchEnvironment {
  const list = cpus();
  return {
    node: process.version,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    date: new Date().toISOString(),
  };
}

export function buildReport(
  environment: MicrobenchEnvironment,
  results: MicrobenchResult[],
  config: { sizes: readonly number[]; timeMs: number; warmupMs: number; tinybench: string; gcBetweenTasks: boolean },
): MicrobenchReport {
  const ops = MICROBENCH_OPS.filter((op) => results.filter((r) => r.op === op).length >= 2);
  const fewSamples = results.filter((r) => r.samples < 100).map((r) => `${r.op} @ ${r.chars}`);
  return {
    schemaVersion: 1,
    environment,
    results,
    summaries: ops.map((op) => summarizeOp(op, results)),
    config: {
      sizes: [...config.sizes],
      timeMs: config.timeMs,
      warmupMs: config.warmupMs,
      answerTokens: ANSWER_TOKENS,
      charsPerToken: CHARS_PER_TOKEN,
      tinybench: config.tinybench,
      gcBetweenTasks: config.gcBetweenTasks,
    },
    notes: [
      SANITIZE_NOTE,
      'JS work only, in Node: DOM writes, style, layout and paint are not included (the browser suite measures those).',
      `per-answer totals and "keeps up to" lengths are estimates, interpolated from the measured sizes (log-log) for ` +
        `a ${ANSWER_TOKENS}-token answer, one token of ${CHARS_PER_TOKEN} chars per chunk.`,
      'per-chunk-dom does no string concatenation (it appends each chunk as a text node); raf-buffered and ' +
        'markdown-batch concatenate, so `append` is their JS-side cost before the DOM write.',
      'the mean includes garbage-collection pauses during the task (a real cost in the browser too); the p50 ' +
        'exponent leaves most of them out.',
      config.gcBetweenTasks
        ? "a full garbage collection ran before each task, so one task does not pay for the previous one's garbage."
        : 'no garbage collection was forced between tasks (run Node with --expose-gc for that): one task may pay for ' +
          "the previous one's garbage.",
      ...(fewSamples.length > 0
        ? [
            `p99 from fewer than 100 samples is interpolated between the largest samples, near the maximum: ` +
              `${fewSamples.join(', ')}.`,
          ]
        : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------
// Text output.

/** Durations in the text report keep trailing zeros (`1.00 ms`) so the table's columns line up. */
const duration = (ms: number): string => formatCost(ms, { fixedDigits: true });

function describeLimit(limit: RateLimit, sizes: readonly number[]): string {
  const rate = `${limit.tokPerS} tok/s (${duration(limit.gapMs)} per chunk)`;
  const chars = (n: number): string => `${formatCharsShort(n)} chars`;
  if (limit.where === 'within') return `keeps up with ${rate} up to ~${chars(Math.round(limit.maxChars! / 100) * 100)}`;
  if (limit.where === 'below-smallest') return `falls behind ${rate} already at ${chars(Math.min(...sizes))}`;
  return `keeps up with ${rate} at every measured size (to ${chars(Math.max(...sizes))})`;
}

export function formatReport(report: MicrobenchReport): string {
  const header = ['op', 'chars', 'mean', 'p50', 'p99', 'samples', '±rme', 'max events/s'];
  const rows = report.results.map((r) => [
    r.op,
    formatCharsShort(r.chars),
    duration(r.meanMs),
    duration(r.p50Ms),
    duration(r.p99Ms),
    String(r.samples),
    `${r.rmePct.toFixed(2)}%`,
    formatPerSecond(r.maxEventsPerS),
  ]);
  const env = report.environment;
  const lines = [
    `streambench cost model: per-chunk JS work vs accumulated length (tinybench ${report.config.tinybench}, ` +
      `${report.config.timeMs} ms per task)`,
    `${env.cpuModel}, ${env.cores} cores, Node ${env.node}, ${env.date}`,
    '',
    ...textTable(header, rows, new Set([1, 2, 3, 4, 5, 6, 7])),
    '',
    'max events/s = 1000 / mean: the highest chunk rate at that length if the op ran once per chunk.',
    '',
    `Scaling (cost ~ chars^exponent, log-log least squares) and estimates for a ` +
      `${formatCount(report.config.answerTokens)}-token answer, 1 token (${report.config.charsPerToken} chars) per ` +
      `chunk:`,
  ];
  for (const s of report.summaries) {
    const shares = REFERENCE_RATES.map((rate) => {
      const answerMs = (report.config.answerTokens / rate) * 1000;
      const share = formatEstimatePct((s.perAnswerMs / answerMs) * 100, { fixedDigits: true });
      return `${share} of the answer's ${duration(answerMs)} at ${rate} tok/s`;
    });
    lines.push(
      `  ${s.op}: exponent ${s.exponent.toFixed(2)} (on p50: ${s.exponentP50.toFixed(2)}); once per chunk ≈ ` +
        `${duration(s.perAnswerMs)} per answer (estimate: ${shares.join('; ')})`,
    );
    for (const limit of s.rateLimits) lines.push(`      ${describeLimit(limit, report.config.sizes)}`);
  }
  lines.push('', 'Ops:');
  for (const s of report.summaries) lines.push(`  ${s.op}: ${s.description}; sample = ${s.sample}`);
  lines.push('', 'Notes:', ...report.notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}
