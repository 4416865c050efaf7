// `npm run compare -- BASE NEW [--fail-on ttvP95:+10%,droppedPct:+1] [--out FILE]`: the CI gate. Exit 0: no
// regression; 1: some cell regressed; 2: bad input (one line naming the value).
import { compareAndReport } from './compare-run.ts';
import { COMPARE_OPTIONS, parseToolArgs, runTool, ToolUsageError } from './tool-options.ts';
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

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseToolArgs(argv, COMPARE_OPTIONS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 2) {
    throw new ToolUsageError(`expected BASE and NEW, got ${positionals.length} path(s) (see --help)`);
  }
  const gate = values['fail-on'] === undefined ? defaultGate() : parseFailOn(values['fail-on']);
  const [base = '', next = ''] = positionals;
  return compareAndReport(base, next, gate, values.out ?? null);
}

runTool('compare', () => main(process.argv.slice(2)), [ResultsInputError, BadFailOnError]);
