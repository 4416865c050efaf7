// `npm run calibrate`: runs the calibration renderers (known injected costs) through the real harness and
// compares what the instrument measures with what the expectation model says it must measure.
// Exit codes: 0 every case within tolerance; 1 some case out of tolerance; 2 bad input or no browser; 130 interrupted.
import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { abortOnInterrupt } from './interrupt.ts';
import { BrowserNotFoundError, resolveChromium } from '../run/browser.ts';
import { CALIBRATION_CASES } from '../calibration/cases.ts';
import {
  CalibrationInputError,
  formatCalibrationTable,
  planCalibration,
  runCalibration,
  type CalibrationOptions,
} from '../calibration/run.ts';

export const CALIBRATE_HELP =
  `npm run calibrate -- [--runs N] [--quick] [--cases a,b] [--machine-rounds N] [--out FILE]
                         [--help]

` +
  'Runs test-only renderers with known injected costs (harness/calibration/renderers/calib-*.ts) through the real ' +
  `harness and
prints, per case, the dropped frames and TTV p50/p95 that a correct instrument must measure (from a pure model
of the main thread and the 60 Hz frame clock) next to what the harness measured (median over runs), with the
error. First it measures this machine's model constants through the real page (frame dispatch and latency,
delivery, per-message and per-frame main-thread work) and prints each with its spread beside the default it
replaces. Also measures the idle noise floor. Exits 1 if any checked figure is out of tolerance
(+-10% or +-1 frame for dropped frames, +-10% or +-16.7 ms for TTV, whichever is larger).

  --runs N            measured runs per case (default 5; --quick: 3), after 1 warm-up run
  --quick             shorter streams and 3 runs (~1.5 min instead of ~4)
  --cases a,b         only these cases (${CALIBRATION_CASES.map((c) => c.name).join(', ')})
  --machine-rounds N  rounds of the machine-constant measurement (default 3, ~10 s each; 0: model defaults)
  --out FILE          also write the report as JSON (machine constants, cases, expected, measured, error, pass,
                      noise floor, environment)
  --help              this text`;

export class UsageError extends Error {}

export interface CalibrateArgs {
  help: boolean;
  options: CalibrationOptions;
  out: string | null;
}

export function parseCalibrateArgs(argv: readonly string[]): CalibrateArgs {
  const options: CalibrationOptions = {};
  let out: string | null = null;
  let help = false;
  const value = (flag: string, i: number, inline: string | undefined): string => {
    const v = inline ?? argv[i + 1];
    if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const step = inline === undefined ? 1 : 0;
    switch (flag) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--quick':
        if (inline !== undefined) throw new UsageError('--quick takes no value');
        options.quick = true;
        break;
      case '--runs': {
        const v = value(flag, i, inline);
        if (!/^\d+$/.test(v.trim()) || Number(v) < 1)
          throw new UsageError(`--runs must be a whole number >= 1, got "${v}"`);
        options.runs = Number(v);
        i += step;
        break;
      }
      case '--machine-rounds': {
        const v = value(flag, i, inline);
        if (!/^\d+$/.test(v.trim())) throw new UsageError(`--machine-rounds must be a whole number >= 0, got "${v}"`);
        options.machineRounds = Number(v);
        i += step;
        break;
      }
      case '--cases': {
        const v = value(flag, i, inline);
        const names = v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const valid = CALIBRATION_CASES.map((c) => c.name);
        const bad = names.filter((n) => !valid.includes(n));
        if (!names.length) throw new UsageError('--cases needs at least one case name');
        if (bad.length)
          throw new UsageError(
            `unknown case${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}; valid: ` +
              `${valid.join(', ')}`,
          );
        options.cases = names;
        i += step;
        break;
      }
      case '--out':
        out = value(flag, i, inline);
        i += step;
        break;
      default:
        throw new UsageError(`unknown option "${arg}" (see --help)`);
    }
  }
  return { help, options, out };
}

/** Makes sure FILE can be written before any browser starts (its folder must exist). */
function checkOut(file: string): string {
  const path = resolve(file);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`--out ${file}: folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`--out ${file} is a folder; give a file name`);
  try {
    accessSync(dir, constants.W_OK);
    if (existsSync(path)) accessSync(path, constants.W_OK);
  } catch {
    throw new UsageError(`--out ${file} is not writable`);
  }
  return path;
}

async function main(argv: string[]): Promise<number> {
  const args = parseCalibrateArgs(argv);
  if (args.help) {
    console.log(CALIBRATE_HELP);
    return 0;
  }
  const out = args.out === null ? null : checkOut(args.out);
  let plan;
  try {
    plan = planCalibration(args.options);
  } catch (error) {
    if (error instanceof CalibrationInputError) throw new UsageError(error.message);
    throw error;
  }
  const resolved = resolveChromium();
  const log = (line: string): void => console.error(line);
  log(
    `streambench calibrate: ${plan.cases.length} cases x ${plan.runs} runs + ${plan.noiseRuns} idle ` +
      `runs${plan.quick ? ' (quick)' : ''}, Chromium ${resolved.path}. ` +
      `Expected duration ~${Math.ceil(plan.estimateS / 60)} min (${Math.round(plan.estimateS)} s). Ctrl-C stops ` +
      `after the current run.`,
  );

  const controller = abortOnInterrupt(log, '\nInterrupted: finishing the current run (Ctrl-C again to quit now)...');

  const report = await runCalibration({ ...args.options, browser: resolved, signal: controller.signal, onLog: log });
  console.log(`\n${formatCalibrationTable(report)}`);
  if (out) {
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`Report: ${out}`);
  }
  if (report.status === 'interrupted') return 130;
  return report.pass ? 0 : 1;
}

const isMain =
  process.argv[1] !== undefined &&
  resolve(process.argv[1]).replace(/\.ts$/, '') === resolve(new URL(import.meta.url).pathname).replace(/\.ts$/, '');
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError || error instanceof BrowserNotFoundError)
        console.error(`streambench calibrate: ${error.message}`);
      else console.error(error);
      process.exit(2);
    },
  );
}
