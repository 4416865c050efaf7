// Command-line parsing and validation, with no side effects beyond reading the renderer list: every bad
// value is rejected here, with a one-line message naming it, before any browser starts.
import { parseArgs } from 'node:util';
import { SCENARIOS } from '../../scenarios/index.ts';
import { BadRateError, parseRate, RATE_PRESETS } from '../../scenarios/rates.ts';
import { scenarioVariant } from '../schedule/cell-request.ts';
import type { RendererFile } from '../renderer/files.ts';
import { parseShape, STREAM_SHAPES } from '../schedule/schedule.ts';
import type { Rate, StreamShape } from '../schedule/types.ts';
import type { SuiteConfig } from '../results/types.ts';

export class UsageError extends Error {}

export const DEFAULTS = {
  scenarios: ['markdown-answer'],
  quickScenarios: ['markdown-answer'],
  rates: ['kimi-k2.6-cerebras', 'frontier'],
  runs: 5,
  quickRuns: 2,
  quickMaxTokens: 100,
  seed: 1,
  cpuThrottles: [1],
  /** Throttled warm-up runs before measuring (see the notes: ratios are nonsense until Chromium is warm). */
  throttleWarmupRuns: 10,
  /** `--auto` without `--max-time`. */
  autoMaxTimeS: 600,
  tokensPerChunk: 1,
  jitter: 0,
  /** A run may take this long beyond its stream's duration before it is failed as hung. */
  cellTimeoutMs: 40_000,
  sweepScenarios: ['markdown-answer', 'prose-answer'],
  sweepBudgetMs: 50,
  sweepMaxDroppedPct: 2,
  sweepMinRate: 10,
  sweepMaxRate: 20_000,
  sweepResolution: 1.25,
  sweepRuns: 3,
  quickSweepRuns: 1,
  quickSweepResolution: 1.5,
  fullRuns: 3,
} as const;

export const SUITES = ['quick', 'default', 'full'] as const;

export const HELP = `streambench: replay token streams into UI renderers in headless Chromium and measure when text becomes visible.

Usage: npm run bench -- [options]

  --renderers a,b        renderers to run (default: every file in renderers/)
  --scenarios x,y        scenarios (default: ${DEFAULTS.scenarios.join(',')})
  --rates r1,r2          tokens/s as numbers or presets (default: ${DEFAULTS.rates.join(',')})
  --runs N               measured runs per cell, after one warm-up (default: ${DEFAULTS.runs}; --quick: ${DEFAULTS.quickRuns})
  --cpu-throttle N,M     CPU profiles: Chromium CPU slowdown factors from 1 to 20 (default: 1); a list such as 1,4,6
                         runs the matrix once per profile, after ${DEFAULTS.throttleWarmupRuns} discarded warm-up runs
  --trace                record a Chromium trace of every run (saved as DIR/traces/*.json.gz, loadable in Perfetto
                         or DevTools) and report Chromium's own frame accounting beside the rAF-derived figures
  --trace-main-thread    --trace plus the main thread's script / style+layout / paint split (bigger traces)
  --auto                 keep adding rounds until every pairwise renderer comparison of TTV p95 resolves, or
                         --max-time passes (default ${DEFAULTS.autoMaxTimeS / 60} min)
  --max-time T           time limit for --auto: seconds, or with a unit (90s, 10m)
  --seed N               seed for schedules and run order (default: ${DEFAULTS.seed})
  --tokens-per-chunk N   tokens per network event (default: 1)
  --jitter F             inter-token gap jitter as a fraction of the mean gap, 0..1 (default: 0)
  --shapes s1,s2         stream shapes: ${STREAM_SHAPES.map((s) => s.name).join(', ')} (default: token); each non-token
                         shape makes a scenario variant such as markdown-answer@bursty
  --out DIR              output folder (default: reports/<timestamp>/, with reports/latest pointing at it)
  --sweep                also search each renderer x scenario's saturation rate: the highest rate with
                         TTV p95 <= budget, dropped frames <= ${DEFAULTS.sweepMaxDroppedPct}% and no growing backlog, between
                         ${DEFAULTS.sweepMinRate} and ${DEFAULTS.sweepMaxRate} tok/s (default scenarios: ${DEFAULTS.sweepScenarios.join(',')})
  --budget MS            sweep TTV p95 budget (default: ${DEFAULTS.sweepBudgetMs} ms, about three frames)
  --suite NAME           quick (= --quick), default (the plain defaults), or full (every scenario at 981 and 55 tok/s,
                         ${DEFAULTS.fullRuns} runs, plus the sweep); explicit options override the suite's
  --quick                smoke run: ${DEFAULTS.quickRuns} runs, ${DEFAULTS.quickScenarios.join(',')} unless --scenarios, contents cut to ${DEFAULTS.quickMaxTokens} tokens
  --list                 list renderers, scenarios and rate presets
  --help                 this text

Writes DIR/results.json and DIR/index.html (open it with: npm run report).`;

export interface ParsedCli {
  kind: 'run' | 'help' | 'list';
  config: SuiteConfig;
  out: string | null;
}

function splitList(flag: string, value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError(`empty ${flag} list: "${value}"`);
  // A name given twice would make two cells with the same id; run it once (rates are de-duplicated by value below).
  return [...new Set(items)];
}

function parseNumber(flag: string, value: string | undefined, check: (n: number) => boolean, rule: string): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`bad ${flag} "${value}": ${rule}`);
  return n;
}

const OPTIONS = {
  renderers: { type: 'string' },
  scenarios: { type: 'string' },
  rates: { type: 'string' },
  runs: { type: 'string' },
  'cpu-throttle': { type: 'string' },
  trace: { type: 'boolean' },
  'trace-main-thread': { type: 'boolean' },
  auto: { type: 'boolean' },
  'max-time': { type: 'string' },
  seed: { type: 'string' },
  'tokens-per-chunk': { type: 'string' },
  jitter: { type: 'string' },
  out: { type: 'string' },
  quick: { type: 'boolean' },
  sweep: { type: 'boolean' },
  budget: { type: 'string' },
  shapes: { type: 'string' },
  suite: { type: 'string' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `--rates -5` / `--runs -1`: node's parseArgs refuses a value that starts with a dash ("argument is
 * ambiguous", without the value), so a negative number never reached the range checks below and the message
 * did not name it. Joining such a pair into `--flag=value` lets the number be validated like any other.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const stringFlags = new Set(Object.entries(OPTIONS).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (stringFlags.has(arg) && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

export function parseCli(argv: string[], renderers: readonly RendererFile[]): ParsedCli {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      options: OPTIONS,
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${message} (see --help)`);
  }

  const known = new Set(renderers.map((r) => r.name));
  const strategies = renderers.filter((r) => r.kind === 'strategy').map((r) => r.name);
  const rendererNames = splitList('--renderers', values.renderers) ?? strategies;
  for (const name of rendererNames) {
    if (!known.has(name)) throw new UsageError(`unknown renderer "${name}"; valid: ${strategies.join(', ')}`);
  }
  if (!rendererNames.length) throw new UsageError('no renderers found in renderers/');

  const suite = values.suite ?? 'default';
  if (!(SUITES as readonly string[]).includes(suite)) throw new UsageError(`unknown suite "${suite}"; valid: ${SUITES.join(', ')}`);
  const full = suite === 'full';
  const quick = values.quick ?? suite === 'quick';
  const sweep = values.sweep ?? full;
  const scenarioNames =
    splitList('--scenarios', values.scenarios) ??
    (full ? SCENARIOS.map((s) => s.name) : [...(sweep ? DEFAULTS.sweepScenarios : quick ? DEFAULTS.quickScenarios : DEFAULTS.scenarios)]);
  for (const name of scenarioNames) {
    if (!SCENARIOS.some((s) => s.name === name)) throw new UsageError(`unknown scenario "${name}"; valid: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }

  const shapes: StreamShape[] = [];
  for (const name of splitList('--shapes', values.shapes) ?? ['token']) {
    try {
      shapes.push(parseShape(name));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  }
  if (values['tokens-per-chunk'] !== undefined && shapes.some((s) => s !== 'token')) {
    throw new UsageError('--tokens-per-chunk applies to the token shape only; the other shapes decide their own chunking');
  }
  const variants = scenarioNames.flatMap((name) => shapes.map((shape) => scenarioVariant(name, shape)));

  const rates: Rate[] = [];
  for (const text of splitList('--rates', values.rates) ?? [...DEFAULTS.rates]) {
    try {
      const rate = parseRate(text);
      if (!rates.some((r) => r.tokPerS === rate.tokPerS)) rates.push(rate);
    } catch (error) {
      if (error instanceof BadRateError) throw new UsageError(error.message);
      throw error;
    }
  }

  const runs = parseNumber('--runs', values.runs, (n) => Number.isInteger(n) && n >= 1, 'must be a whole number >= 1') ?? (quick ? DEFAULTS.quickRuns : full ? DEFAULTS.fullRuns : DEFAULTS.runs);
  const cpuThrottles = (splitList('--cpu-throttle', values['cpu-throttle']) ?? DEFAULTS.cpuThrottles.map(String)).map(
    (text) => parseNumber('--cpu-throttle', text, (n) => n >= 1 && n <= 20, 'each must be a number from 1 to 20') ?? 1,
  );
  const uniqueThrottles = [...new Set(cpuThrottles)];
  const maxTimeS = parseDuration(values['max-time']);
  if (maxTimeS !== null && !values.auto) throw new UsageError('--max-time only applies with --auto');
  const trace = values.trace || values['trace-main-thread'] ? { mainThread: values['trace-main-thread'] ?? false } : null;
  const seed = parseNumber('--seed', values.seed, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, 'must be a whole number from 0 to 2^32-1') ?? DEFAULTS.seed;
  const tokensPerChunk = parseNumber('--tokens-per-chunk', values['tokens-per-chunk'], (n) => Number.isInteger(n) && n >= 1, 'must be a whole number >= 1') ?? DEFAULTS.tokensPerChunk;
  const jitter = parseNumber('--jitter', values.jitter, (n) => n >= 0 && n <= 1, 'must be a number from 0 to 1') ?? DEFAULTS.jitter;
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('bad --out "": needs a folder');
  const budget = parseNumber('--budget', values.budget, (n) => n > 0 && n <= 60_000, 'must be a number of milliseconds > 0') ?? DEFAULTS.sweepBudgetMs;
  if (values.budget !== undefined && !sweep) throw new UsageError('--budget only applies with --sweep');

  return {
    kind: values.help ? 'help' : values.list ? 'list' : 'run',
    out: values.out ?? null,
    config: {
      renderers: rendererNames,
      scenarios: variants,
      rates,
      runs,
      warmupRuns: 1,
      seed,
      cpuThrottles: uniqueThrottles,
      throttleWarmupRuns: uniqueThrottles.some((t) => t !== 1) ? DEFAULTS.throttleWarmupRuns : 0,
      quick,
      tokensPerChunk,
      jitter,
      cellTimeoutMs: DEFAULTS.cellTimeoutMs,
      maxTokens: quick ? DEFAULTS.quickMaxTokens : null,
      ...(sweep
        ? {
            sweep: {
              ttvBudgetMs: budget,
              maxDroppedPct: DEFAULTS.sweepMaxDroppedPct,
              minRate: DEFAULTS.sweepMinRate,
              maxRate: DEFAULTS.sweepMaxRate,
              resolution: quick ? DEFAULTS.quickSweepResolution : DEFAULTS.sweepResolution,
              runsPerPoint: quick ? DEFAULTS.quickSweepRuns : DEFAULTS.sweepRuns,
            },
          }
        : {}),
      ...(trace ? { trace } : {}),
      ...(values.auto ? { auto: { maxTimeS: maxTimeS ?? DEFAULTS.autoMaxTimeS, maxTimeDefaulted: maxTimeS === null } } : {}),
    },
  };
}

/** `--max-time`: `300`, `300s`, `5m` or `1h` -> seconds. */
function parseDuration(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(value);
  const unit = (match?.[2] ?? 's') as 's' | 'm' | 'h';
  const seconds = match ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[unit] : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`bad --max-time "${value}": use seconds or a unit, e.g. 90, 90s, 10m`);
  return seconds;
}

export function listText(renderers: readonly RendererFile[], describe: (name: string) => string): string {
  const lines = ['Renderers (renderers/):'];
  for (const r of renderers.filter((x) => x.kind === 'strategy')) lines.push(`  ${r.name.padEnd(22)} ${describe(r.name)}`);
  const tests = renderers.filter((x) => x.kind === 'test');
  if (tests.length) {
    lines.push('Instrument renderers (harness/calibration/renderers/, tests/renderers/; run only when named):');
    for (const r of tests) lines.push(`  ${r.name.padEnd(22)} ${describe(r.name)}`);
  }
  lines.push('Scenarios:');
  for (const s of SCENARIOS) lines.push(`  ${s.name.padEnd(22)} ${s.description}`);
  lines.push('Stream shapes (--shapes):');
  for (const shape of STREAM_SHAPES) lines.push(`  ${shape.name.padEnd(22)} ${shape.description}`);
  lines.push('Rate presets:');
  for (const p of RATE_PRESETS) lines.push(`  ${p.name.padEnd(22)} ${p.tokPerS} tok/s, TTFT ${p.ttftMs} ms (${p.source})`);
  return lines.join('\n');
}
