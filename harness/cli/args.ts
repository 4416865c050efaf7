// Command-line parsing and validation, with no side effects beyond reading the renderer list: every bad
// value is rejected here, with a one-line message naming it, before any browser starts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SCENARIOS } from '../../scenarios/index.ts';
import { UNSAFE_SCENARIO } from '../../scenarios/unsafe-payloads.ts';
import { BadRateError, parseRate, RATE_PRESETS } from '../../scenarios/rates.ts';
import { scenarioVariant } from '../schedule/cell-request.ts';
import type { RendererFile } from '../renderer/files.ts';
import { parseShape, STREAM_SHAPES } from '../schedule/schedule.ts';
import type { Rate, StreamShape } from '../schedule/types.ts';
import type { SuiteConfig } from '../results/types.ts';
import { BadShardError, parseShard, type Shard } from '../run/shard.ts';
import { BadFailOnError, defaultGate, parseFailOn, type Gate } from '../stats/results-diff.ts';

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

/**
 * One declared option. parseArgs gets no `default`: parseCli resolves the defaults itself, because several depend on
 * other options (--quick, --suite, --sweep); `shown` is the default as people read it.
 */
interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's placeholder, e.g. `a,b`; string options only. */
  readonly arg?: string;
  readonly shown: string;
  /** `code` in backticks: kept in docs/options.md's table, stripped in --help. */
  readonly help: string;
  /** A page in docs/ that explains more (linked from the options table in docs/options.md). */
  readonly doc?: string;
}

const SHAPE_NAMES = STREAM_SHAPES.map((s) => `\`${s.name}\``).join(', ');

/**
 * Every option of `npm run bench`, declared once: the parseArgs config, --help and the table in docs/options.md
 * (tests/unit/cli-options.test.ts keeps the page equal to optionsTable()) are all generated from this list.
 */
export const OPTIONS = {
  renderers: { type: 'string', arg: 'a,b', shown: 'every file in `renderers/`', help: 'renderers (strategies) to run' },
  scenarios: {
    type: 'string',
    arg: 'x,y',
    shown: `\`${DEFAULTS.scenarios.join(',')}\``,
    help: 'content to stream; `--list` shows them all',
    doc: 'docs/scenarios.md',
  },
  rates: {
    type: 'string',
    arg: 'r1,r2',
    shown: `\`${DEFAULTS.rates.join(',')}\``,
    help: 'tokens/s, as numbers or rate presets',
    doc: 'docs/scenarios.md#rate-presets',
  },
  shapes: {
    type: 'string',
    arg: 's1,s2',
    shown: '`token`',
    help:
      `how tokens arrive over the network: ${SHAPE_NAMES}; every shape other than \`token\` makes a scenario ` +
      'variant such as `markdown-answer@bursty`',
    doc: 'docs/scenarios.md#stream-shapes',
  },
  runs: {
    type: 'string',
    arg: 'N',
    shown: `${DEFAULTS.runs}; \`--quick\`: ${DEFAULTS.quickRuns}`,
    help: 'measured runs per cell, after 1 warm-up run',
  },
  'cpu-throttle': {
    type: 'string',
    arg: 'N,M',
    shown: DEFAULTS.cpuThrottles.join(','),
    help: "CPU profiles: Chromium's CPU slowdown factors from 1 to 20; `1,4,6` runs the matrix once per profile",
  },
  trace: {
    type: 'boolean',
    shown: 'off',
    help:
      'record a Chromium trace of every run (`DIR/traces/*.json.gz`, opens in Perfetto or DevTools) and report ' +
      "Chromium's own frame accounting beside the probe's",
    doc: 'docs/trace-mode.md',
  },
  'trace-main-thread': {
    type: 'boolean',
    shown: 'off',
    help: "`--trace` plus the main thread's script / style+layout / paint split (~50% bigger traces)",
    doc: 'docs/trace-mode.md',
  },
  auto: {
    type: 'boolean',
    shown: 'off',
    help: 'keep adding rounds until every pairwise renderer comparison of TTV p95 resolves, or `--max-time` passes',
    doc: 'docs/statistics.md',
  },
  'max-time': {
    type: 'string',
    arg: 'T',
    shown: `${DEFAULTS.autoMaxTimeS / 60} min`,
    help: "`--auto`'s time limit: seconds, or with a unit (`600`, `90s`, `10m`)",
  },
  seed: {
    type: 'string',
    arg: 'N',
    shown: String(DEFAULTS.seed),
    help: "seed for the schedule's jitter and the run order",
  },
  'tokens-per-chunk': {
    type: 'string',
    arg: 'N',
    shown: String(DEFAULTS.tokensPerChunk),
    help: 'tokens per network event (1 is like OpenAI-style streams); the `token` shape only',
  },
  jitter: {
    type: 'string',
    arg: 'F',
    shown: String(DEFAULTS.jitter),
    help: 'inter-token gap jitter, as a fraction of the mean gap, from 0 to 1',
  },
  out: {
    type: 'string',
    arg: 'DIR',
    shown: '`reports/<timestamp>/`, with `reports/latest` pointing at it',
    help: 'output folder',
  },
  shard: {
    type: 'string',
    arg: 'K/N',
    shown: 'all',
    help:
      'run only slice K of N of the planned cells (and sweep), never splitting a scenario x rate x CPU profile; ' +
      'join the slices with `npm run merge`',
    doc: 'docs/ci.md',
  },
  baseline: {
    type: 'string',
    arg: 'DIR',
    shown: 'none',
    help: 'after the run, compare against these results as `npm run compare` does; exit 1 on a regression',
    doc: 'docs/ci.md',
  },
  'fail-on': {
    type: 'string',
    arg: 'LIST',
    shown: 'every headline metric, 10% (dropped frames: 1 point)',
    help: "`--baseline`'s gate, e.g. `ttvP95:+10%,droppedPct:+1`; only the listed metrics gate",
    doc: 'docs/ci.md',
  },
  sweep: {
    type: 'boolean',
    shown: 'off',
    help:
      `also find each renderer x scenario's saturation rate (${DEFAULTS.sweepMinRate} to ` +
      `${DEFAULTS.sweepMaxRate} tok/s); default scenarios become \`${DEFAULTS.sweepScenarios.join(',')}\``,
    doc: 'docs/sweep.md',
  },
  budget: {
    type: 'string',
    arg: 'MS',
    shown: `${DEFAULTS.sweepBudgetMs} ms`,
    help: "the sweep's TTV p95 budget (about three frames)",
  },
  safety: {
    type: 'boolean',
    shown: 'off; on when `unsafe-markdown` is among the scenarios',
    help:
      'also stream `unsafe-markdown` (injection payloads) into each selected markdown renderer and report which ' +
      'payloads execute or survive into its DOM',
    doc: 'docs/safety.md',
  },
  interact: {
    type: 'boolean',
    shown: 'off',
    help:
      'also play the interaction script in each cell (typing into a composer, reading back, selecting) and ' +
      'report how it feels: typing latency, reader respected, following, selection, layout shift',
    doc: 'docs/interaction.md',
  },
  suite: {
    type: 'string',
    arg: 'NAME',
    shown: '`default`',
    help:
      '`quick` (= `--quick`), `default` (the plain defaults), or `full` (every scenario at 981 and 55 tok/s, ' +
      `${DEFAULTS.fullRuns} runs, plus the sweep and the safety check); explicit options override the suite's`,
  },
  quick: {
    type: 'boolean',
    shown: 'off',
    help:
      `smoke run: ${DEFAULTS.quickRuns} runs, \`${DEFAULTS.quickScenarios.join(',')}\` unless \`--scenarios\`, ` +
      `contents cut to ${DEFAULTS.quickMaxTokens} tokens`,
  },
  app: {
    type: 'string',
    arg: 'FILE',
    shown: 'none',
    help:
      'measure your own chat app (`streambench.app.json` or `.ts`) against a mock provider, as the renderer ' +
      '`app:<name>`; `--renderers` then defaults to none',
    doc: 'docs/app-mode.md',
  },
  list: { type: 'boolean', shown: '', help: 'list renderers, scenarios, stream shapes and rate presets' },
  help: { type: 'boolean', short: 'h', shown: '', help: 'print this help' },
} as const satisfies Record<string, OptionSpec>;

type OptionName = keyof typeof OPTIONS;
/** What parseArgs returns for OPTIONS (strict, no defaults): a string or a boolean per option, when given. */
type CliValues = { readonly [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

const OPTION_LIST: ReadonlyArray<[OptionName, OptionSpec]> = Object.entries(OPTIONS) as Array<[OptionName, OptionSpec]>;

/** The config node:util parseArgs needs: only type and short. */
function parseArgsOptions(): NonNullable<ParseArgsConfig['options']> {
  const config = (o: OptionSpec) => (o.short ? { type: o.type, short: o.short } : { type: o.type });
  return Object.fromEntries(OPTION_LIST.map(([name, o]) => [name, config(o)]));
}

function flagLabel(name: string, spec: OptionSpec): string {
  return `--${name}${spec.arg ? ` ${spec.arg}` : ''}${spec.short ? `, -${spec.short}` : ''}`;
}

const HELP_INDENT = 25;
const HELP_WIDTH = 118;

/** Greedy word wrap of `text` into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return [...lines, line];
}

function helpEntry(name: string, spec: OptionSpec): string {
  const plain = (s: string): string => s.replaceAll('`', '');
  const text = plain(spec.help) + (spec.type === 'string' ? ` (default: ${plain(spec.shown)})` : '');
  const [first = '', ...rest] = wrap(text, HELP_WIDTH - HELP_INDENT);
  const label = `  ${flagLabel(name, spec)}`;
  // A label too long for the column gets its text on the next line.
  const indent = ' '.repeat(HELP_INDENT);
  const head = label.length < HELP_INDENT - 1 ? [label.padEnd(HELP_INDENT) + first] : [label, indent + first];
  return [...head, ...rest.map((l) => indent + l)].join('\n');
}

export const HELP = [
  'streambench: replay token streams into UI renderers in headless Chromium and measure when text becomes visible.',
  '',
  'Usage: npm run bench -- [options]',
  '',
  ...OPTION_LIST.map(([name, spec]) => helpEntry(name, spec)),
  '',
  'Writes DIR/results.json and DIR/index.html (open it with: npm run report).',
].join('\n');

/** The options table of docs/options.md, in markdown (tests/unit/cli-options.test.ts keeps the page equal to it). */
export function optionsTable(): string {
  const rows = OPTION_LIST.map(([name, spec]) => {
    // The table lives in docs/options.md: links are relative to docs/.
    const more = spec.doc ? ` ([more](${spec.doc.replace(/^docs\//, '')}))` : '';
    return `| \`${flagLabel(name, spec).replace(', -', '`, `-')}\` | ${spec.shown} | ${spec.help}${more} |`;
  });
  return ['| option | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

export interface ParsedCli {
  kind: 'run' | 'help' | 'list';
  config: SuiteConfig;
  out: string | null;
  /** `--app FILE`: the app config to measure (loaded by the CLI; its renderer is added then). */
  app: string | null;
  /** `--baseline DIR`: results to compare the run against, with the gate (`--fail-on`). */
  baseline?: { path: string; gate: Gate };
}

/** `--shard`, `--baseline` and `--fail-on`: the CI options (docs/ci.md). */
function resolveCi(values: CliValues): { shard?: Shard; baseline?: { path: string; gate: Gate } } {
  const failOn = values['fail-on'];
  if (failOn !== undefined && values.baseline === undefined)
    throw new UsageError('--fail-on only applies with --baseline');
  if (values.baseline !== undefined && values.baseline.trim() === '')
    throw new UsageError('bad --baseline "": needs a folder');
  try {
    const gate = failOn === undefined ? defaultGate() : parseFailOn(failOn);
    return {
      ...(values.shard === undefined ? {} : { shard: parseShard(values.shard) }),
      ...(values.baseline === undefined ? {} : { baseline: { path: values.baseline, gate } }),
    };
  } catch (error) {
    if (error instanceof BadShardError || error instanceof BadFailOnError) throw new UsageError(error.message);
    throw error;
  }
}

function splitList(flag: string, value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) throw new UsageError(`empty ${flag} list: "${value}"`);
  // A name given twice would make two cells with the same id; run it once (rates are de-duplicated by value below).
  return [...new Set(items)];
}

function parseNumber(
  flag: string,
  value: string | undefined,
  check: (n: number) => boolean,
  rule: string,
): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`bad ${flag} "${value}": ${rule}`);
  return n;
}

/**
 * `--rates -5` / `--runs -1`: node's parseArgs refuses a value that starts with a dash ("argument is
 * ambiguous", without the value), so a negative number never reached the range checks below and the message
 * did not name it. Joining such a pair into `--flag=value` lets the number be validated like any other.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const stringFlags = new Set(OPTION_LIST.filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`));
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

function readArgv(argv: readonly string[]): CliValues {
  try {
    const args = joinNegativeValues(argv);
    const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: parseArgsOptions() });
    // parseArgs types its values from the options' literal types, which the generated config no longer carries.
    return values as CliValues;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${message} (see --help)`);
  }
}

function resolveRenderers(value: string | undefined, renderers: readonly RendererFile[]): string[] {
  const known = new Set(renderers.map((r) => r.name));
  const strategies = renderers.filter((r) => r.kind === 'strategy').map((r) => r.name);
  const names = splitList('--renderers', value) ?? strategies;
  for (const name of names) {
    if (!known.has(name)) throw new UsageError(`unknown renderer "${name}"; valid: ${strategies.join(', ')}`);
  }
  if (!names.length) throw new UsageError('no renderers found in renderers/');
  return names;
}

/** What --suite, --quick and --sweep make of the defaults. */
interface Mode {
  full: boolean;
  quick: boolean;
  sweep: boolean;
}

function resolveMode(values: CliValues): Mode {
  const suite = values.suite ?? 'default';
  if (!(SUITES as readonly string[]).includes(suite)) {
    throw new UsageError(`unknown suite "${suite}"; valid: ${SUITES.join(', ')}`);
  }
  const full = suite === 'full';
  return { full, quick: values.quick ?? suite === 'quick', sweep: values.sweep ?? full };
}

/** --scenarios x --shapes: the scenario variants to run, such as markdown-answer@bursty. */
function resolveScenarios(values: CliValues, { full, quick, sweep }: Mode): string[] {
  const all = SCENARIOS.map((s) => s.name);
  const defaults = full ? all : sweep ? DEFAULTS.sweepScenarios : quick ? DEFAULTS.quickScenarios : DEFAULTS.scenarios;
  const names = splitList('--scenarios', values.scenarios) ?? [...defaults];
  for (const name of names) {
    if (!all.includes(name)) throw new UsageError(`unknown scenario "${name}"; valid: ${all.join(', ')}`);
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
    throw new UsageError(
      '--tokens-per-chunk applies to the token shape only; the other shapes decide their own chunking',
    );
  }
  return names.flatMap((name) => shapes.map((shape) => scenarioVariant(name, shape)));
}

function resolveRates(value: string | undefined): Rate[] {
  const rates: Rate[] = [];
  for (const text of splitList('--rates', value) ?? [...DEFAULTS.rates]) {
    try {
      const rate = parseRate(text);
      if (!rates.some((r) => r.tokPerS === rate.tokPerS)) rates.push(rate);
    } catch (error) {
      if (error instanceof BadRateError) throw new UsageError(error.message);
      throw error;
    }
  }
  return rates;
}

const WHOLE_AT_LEAST_1 = 'must be a whole number >= 1';

/** The numeric options and --out, checked in the order they have always been reported. */
function resolveNumbers(values: CliValues, { full, quick, sweep }: Mode) {
  const runs = parseNumber('--runs', values.runs, (n) => Number.isInteger(n) && n >= 1, WHOLE_AT_LEAST_1);
  const cpuThrottles = (splitList('--cpu-throttle', values['cpu-throttle']) ?? DEFAULTS.cpuThrottles.map(String)).map(
    (text) => parseNumber('--cpu-throttle', text, (n) => n >= 1 && n <= 20, 'each must be a number from 1 to 20') ?? 1,
  );
  const maxTimeS = parseDuration(values['max-time']);
  if (maxTimeS !== null && !values.auto) throw new UsageError('--max-time only applies with --auto');
  const isSeed = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < 2 ** 32;
  const seed = parseNumber('--seed', values.seed, isSeed, 'must be a whole number from 0 to 2^32-1');
  const isWhole = (n: number): boolean => Number.isInteger(n) && n >= 1;
  const perChunk = parseNumber('--tokens-per-chunk', values['tokens-per-chunk'], isWhole, WHOLE_AT_LEAST_1);
  const jitter = parseNumber('--jitter', values.jitter, (n) => n >= 0 && n <= 1, 'must be a number from 0 to 1');
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('bad --out "": needs a folder');
  const isBudget = (n: number): boolean => n > 0 && n <= 60_000;
  const budget = parseNumber('--budget', values.budget, isBudget, 'must be a number of milliseconds > 0');
  if (values.budget !== undefined && !sweep) throw new UsageError('--budget only applies with --sweep');
  return {
    runs: runs ?? (quick ? DEFAULTS.quickRuns : full ? DEFAULTS.fullRuns : DEFAULTS.runs),
    cpuThrottles: [...new Set(cpuThrottles)],
    maxTimeS,
    seed: seed ?? DEFAULTS.seed,
    tokensPerChunk: perChunk ?? DEFAULTS.tokensPerChunk,
    jitter: jitter ?? DEFAULTS.jitter,
    budget: budget ?? DEFAULTS.sweepBudgetMs,
  };
}

export function parseCli(argv: string[], renderers: readonly RendererFile[]): ParsedCli {
  const values = readArgv(argv);
  // App mode measures the app alone unless renderers are named to stand beside it.
  const appOnly = values.app !== undefined && values.renderers === undefined;
  const rendererNames = appOnly ? [] : resolveRenderers(values.renderers, renderers);
  const mode = resolveMode(values);
  const { quick } = mode;
  const selected = resolveScenarios(values, mode);
  // unsafe-markdown is the safety check's input, not a timing scenario (markers inside HTML tags never show):
  // selecting it, or the full suite (every scenario), runs the check on it instead of timing it.
  const variants = selected.filter((v) => v.split('@')[0] !== UNSAFE_SCENARIO);
  const rates = resolveRates(values.rates);
  const { runs, cpuThrottles, maxTimeS, seed, tokensPerChunk, jitter, budget } = resolveNumbers(values, mode);
  const mainThread = values['trace-main-thread'] ?? false;
  const trace = values.trace || mainThread ? { mainThread } : null;
  const { shard, baseline } = resolveCi(values);

  return {
    kind: values.help ? 'help' : values.list ? 'list' : 'run',
    out: values.out ?? null,
    app: values.app ?? null,
    ...(baseline ? { baseline } : {}),
    config: {
      ...(shard ? { shard } : {}),
      renderers: rendererNames,
      scenarios: variants,
      rates,
      runs,
      warmupRuns: 1,
      seed,
      cpuThrottles,
      throttleWarmupRuns: cpuThrottles.some((t) => t !== 1) ? DEFAULTS.throttleWarmupRuns : 0,
      quick,
      tokensPerChunk,
      jitter,
      cellTimeoutMs: DEFAULTS.cellTimeoutMs,
      maxTokens: quick ? DEFAULTS.quickMaxTokens : null,
      ...(mode.sweep
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
      ...(values.interact ? { interact: true } : {}),
      ...(values.safety || variants.length < selected.length ? { safety: true } : {}),
      ...(values.auto
        ? { auto: { maxTimeS: maxTimeS ?? DEFAULTS.autoMaxTimeS, maxTimeDefaulted: maxTimeS === null } }
        : {}),
    },
  };
}

/** `--max-time`: `300`, `300s`, `5m` or `1h` -> seconds. */
function parseDuration(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/.exec(value);
  const unit = (match?.[2] ?? 's') as 's' | 'm' | 'h';
  const seconds = match ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[unit] : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`bad --max-time "${value}": use seconds or a unit, e.g. 90, 90s, 10m`);
  }
  return seconds;
}

export function listText(renderers: readonly RendererFile[], describe: (name: string) => string): string {
  const lines = ['Renderers (renderers/):'];
  for (const r of renderers.filter((x) => x.kind === 'strategy')) {
    lines.push(`  ${r.name.padEnd(22)} ${describe(r.name)}`);
  }
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
  for (const p of RATE_PRESETS) {
    lines.push(`  ${p.name.padEnd(22)} ${p.tokPerS} tok/s, TTFT ${p.ttftMs} ms (${p.source})`);
  }
  return lines.join('\n');
}
