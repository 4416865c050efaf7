// `npm run microbench`: the per-chunk cost model (harness/microbench/bench.ts). Prints a table on stdout, progress
// on stderr; `--out FILE` also writes the JSON report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildReport,
  collectMicrobenchEnvironment,
  DEFAULT_SIZES,
  DEFAULT_TIME_MS,
  DEFAULT_WARMUP_MS,
  formatReport,
  gcBetweenTasks,
  runMicrobench,
  tinybenchVersion,
} from '../microbench/bench.ts';
import { formatCost } from '../common/format.ts';

const HELP = `streambench microbench: time the non-DOM work each renderer strategy does per chunk, in Node, as the
accumulated markdown grows (${DEFAULT_SIZES.join(', ')} chars).

Usage: npm run microbench -- [--out FILE] [--time MS]

  --out FILE   also write the results as JSON to FILE
  --time MS    tinybench time budget per task (default: ${DEFAULT_TIME_MS})
  --help       show this help`;

class UsageError extends Error {}

function parse(argv: string[]): { out: string | null; timeMs: number } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, time: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const timeMs = values.time === undefined ? DEFAULT_TIME_MS : Number(values.time);
  if (!Number.isFinite(timeMs) || timeMs <= 0)
    throw new UsageError(`--time must be a number of ms > 0, got "${values.time}"`);
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a file path');
  return { out: values.out === undefined ? null : resolve(values.out), timeMs };
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`microbench: ${error.message} (see --help)\n`);
      return 2;
    }
    throw error;
  }
  if (args === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (args.out) mkdirSync(dirname(args.out), { recursive: true });

  const environment = collectMicrobenchEnvironment();
  const started = performance.now();
  const results = await runMicrobench({
    sizes: DEFAULT_SIZES,
    timeMs: args.timeMs,
    warmupMs: DEFAULT_WARMUP_MS,
    onResult: (r) => {
      const mean = formatCost(r.meanMs, { fixedDigits: true });
      process.stderr.write(`  ${r.op} @ ${r.chars} chars: mean ${mean} (${r.samples} samples)\n`);
    },
  });
  const report = buildReport(environment, results, {
    sizes: DEFAULT_SIZES,
    timeMs: args.timeMs,
    warmupMs: DEFAULT_WARMUP_MS,
    tinybench: tinybenchVersion(),
    gcBetweenTasks: gcBetweenTasks(),
  });
  process.stderr.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n\n`);
  process.stdout.write(`${formatReport(report)}\n`);
  if (args.out) {
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nwrote ${args.out}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`microbench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
