// `npm run compare -- BASE NEW [--fail-on ttvP95:+10%,droppedPct:+1] [--out FILE]`: the CI gate. Exit 0: no
// regression; 1: some cell regressed; 2: bad input (one line naming the value).
import { parseArgs } from 'node:util';
import { compareAndReport } from './compare-run.ts';
import { COMPARE_OPTIONS } from './tool-options.ts';
import { ResultsInputError } from '../results/read.ts';
import { BadFailOnError, defaultGate, METRIC_NAMES, parseFailOn } from '../stats/results-diff.ts';

const HELP = [
  'Usage: npm run compare -- BASE NEW [options]',
  '',
  'Compares two streambench results (folders or results.json files) cell by cell: the change of each headline',
  'metric (new - base) with its 95% interval, and a verdict against its horizon.',
  '',
  '  --fail-on LIST   horizons that gate, e.g. ttvP95:+10%,droppedPct:+1 (N% relative, N absolute); only the',
  `                   listed metrics gate (default: all, ttvP95/firstTokenTtv/completionLag/saturation 10%,`,
  `                   droppedPct 1 point). Metrics: ${METRIC_NAMES.join(', ')}`,
  '  --out FILE       the HTML diff report (default: NEW/compare.html)',
  '  --help, -h       print this help',
  '',
  'Exit code: 0 no regression, 1 a regression, 2 bad input.',
].join('\n');

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: COMPARE_OPTIONS,
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 2) {
    throw new UsageError(`expected BASE and NEW, got ${positionals.length} path(s) (see --help)`);
  }
  const gate = values['fail-on'] === undefined ? defaultGate() : parseFailOn(values['fail-on']);
  const [base = '', next = ''] = positionals;
  return compareAndReport(base, next, gate, values.out ?? null);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof ResultsInputError || error instanceof BadFailOnError;
    console.error(known ? `streambench compare: ${error.message}` : error);
    process.exit(2);
  },
);
