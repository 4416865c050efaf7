// `npm run bench`: validate input, run the suite, write results.json and the report (and with --baseline, compare).
import { join } from 'node:path';
import { abortOnInterrupt } from './interrupt.ts';
import { traceSaver } from '../results/trace-files.ts';
import { BrowserNotFoundError } from '../run/browser.ts';
import { buildCellSchedule, WARMUP_TOKENS } from '../schedule/cell-request.ts';
import { toCostModel, type CostModel } from '../microbench/cost-model.ts';
import { formatCharsShort, formatCost, formatSeconds } from '../common/format.ts';
import { estimateSuite, type SuiteEstimate } from './estimate.ts';
import { sweepRate } from '../run/sweep.ts';
import { HELP, listText, parseCli, UsageError } from './args.ts';
import { obtainChromium } from './obtain-browser.ts';
import { defaultOutDir, pointLatestAt, prepareOutDir, writeResults } from '../results/output.ts';
import { formatProgress, formatSummaryTable } from './progress.ts';
import { runQuickMicrobench } from '../microbench/bench.ts';
import { listRendererFiles } from '../renderer/files.ts';
import { describeRendererFiles } from './list-renderers.ts';
import { writeReport } from '../report/build.ts';
import { runSuite } from '../run/suite.ts';
import { prepareApp } from '../app/cli-app.ts';
import { AppError } from '../app/config.ts';
import { SchedulePlan, streamOptions } from '../run/suite-plan.ts';
import { planSliceCells } from '../run/shard.ts';
import { safetySummary } from '../run/safety.ts';
import type { Rate } from '../schedule/types.ts';
import type { Results, SuiteConfig } from '../results/types.ts';

/** Expected duration from the schedules themselves: stream lengths plus per-run overhead. */
function estimateConfig(config: SuiteConfig): SuiteEstimate {
  const stream = streamOptions(config);
  const seconds = (scenario: string, rate: Rate, maxTokens: number | null): number =>
    buildCellSchedule(stream, scenario, rate, maxTokens).lastDueMs / 1000;
  const warmupTokens = Math.min(WARMUP_TOKENS, config.maxTokens ?? Infinity);
  const cells = config.scenarios.flatMap((scenario) => {
    const perRate = config.rates.map((rate) => ({
      streamS: seconds(scenario, rate, config.maxTokens),
      warmupS: seconds(scenario, rate, warmupTokens),
    }));
    return config.renderers.flatMap(() => perRate);
  });
  const sweep = config.sweep
    ? {
        config: config.sweep,
        entries: config.renderers.flatMap(() =>
          config.scenarios.map(
            (scenario) => (tokPerS: number) => seconds(scenario, sweepRate(tokPerS), config.maxTokens),
          ),
        ),
      }
    : null;
  return estimateSuite(cells, config.runs, config.warmupRuns, sweep);
}

/**
 * The quick per-chunk cost model (harness/microbench/bench.ts, ~3 s in this process) for results.costModel. Never
 * fails the bench: an error is logged and the results go without it. Null when interrupted or failed.
 */
async function measureCostModel(log: (line: string) => void, signal: AbortSignal): Promise<CostModel | null> {
  log('Cost model: timing the per-chunk JS work (markdown re-parse, last-block parse, append) in Node, ~3 s...');
  try {
    const report = await runQuickMicrobench({ signal });
    if (!report) return null;
    const model = toCostModel(report);
    const full = model.ops.find((o) => o.op === 'full-parse');
    if (full)
      log(
        `Cost model: a full re-parse grows as length^${full.exponent.toFixed(2)} ` +
          `(${full.points.map((p) => `${formatCost(p.meanUs / 1000)} at ${formatCharsShort(p.chars)}`).join(', ')} ` +
          `chars).`,
      );
    return model;
  } catch (error) {
    log(`Cost model skipped: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** The suite's plan and expected duration, before it starts. */
function announce(config: SuiteConfig, outDir: string, log: (line: string) => void): void {
  const cells = config.renderers.length * config.scenarios.length * config.rates.length;
  const estimate = estimateConfig(config);
  log(
    `streambench: ${cells} cells (${config.renderers.join(', ')} x ` +
      `${config.scenarios.join(', ') || 'no timing scenario'} x ` +
      `${config.rates.map((r) => `${r.tokPerS} tok/s`).join(', ')}), ` +
      `${config.warmupRuns} warm-up + ${config.runs} runs each${config.quick ? ', quick' : ''}; output ${outDir}`,
  );
  if (config.shard) {
    const mine = planSliceCells(config, new SchedulePlan(config)).length;
    const { index, count } = config.shard;
    const groups = 'whole scenario x rate x CPU profile groups; the estimate below is for the whole suite';
    log(`--shard ${index}/${count}: this slice runs ${mine} of them (${groups}).`);
  }
  log(
    `Expected duration: ~${formatSeconds(estimate.cellsS, 'estimate')} for the cells` +
      (config.sweep
        ? ` + ${formatSeconds(estimate.sweepMinS, 'estimate')} to ${formatSeconds(estimate.sweepMaxS, 'estimate')}` +
          ' for the sweep (depends on where each renderer saturates)'
        : '') +
      '. Ctrl-C keeps what has been measured.',
  );
}

async function main(argv: string[]): Promise<number> {
  const rendererFiles = listRendererFiles();
  const parsed = parseCli(argv, rendererFiles);
  if (parsed.kind === 'help') {
    console.log(HELP);
    return 0;
  }
  if (parsed.kind === 'list') {
    const descriptions = await describeRendererFiles(rendererFiles);
    console.log(listText(rendererFiles, (name) => descriptions.get(name) ?? ''));
    return 0;
  }
  const { config } = parsed;
  if (parsed.baseline) await checkBaseline(parsed.baseline.path);
  let outDir: string;
  try {
    outDir = prepareOutDir(parsed.out ?? defaultOutDir());
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const log = (line: string): void => console.error(line);
  const browser = obtainChromium(log);
  // App mode: the app, its mock provider and a preflight run, before any cell (docs/app-mode.md).
  const app = parsed.app ? await prepareApp(parsed.app, config, { outDir, log, browser }) : null;
  announce(config, outDir, log);

  const controller = abortOnInterrupt(
    log,
    '\nInterrupted: keeping finished runs, writing partial results (Ctrl-C again to quit now)...',
  );

  let latest: Results | null = null;
  const results = await runSuite(config, {
    browser,
    ...(config.trace ? { saveTrace: traceSaver(outDir) } : {}),
    signal: controller.signal,
    ...(app ? { external: app.external } : {}),
    onLog: log,
    onProgress: (event) => log(formatProgress(event, config)),
    onCheckpoint: (partial) => {
      latest = partial;
      writeResults(outDir, partial);
    },
  })
    .catch((error: unknown) => {
      // Keep whatever was measured before the failure.
      if (latest) {
        latest.status = 'interrupted';
        writeResults(outDir, latest);
        log(`Partial results kept in ${join(outDir, 'results.json')}`);
      }
      throw error;
    })
    .finally(() => app?.close());

  // A safety-check-only run (no timing cells) has no use for the cost model.
  if (!controller.signal.aborted && results.cells.length) {
    const costModel = await measureCostModel(log, controller.signal);
    if (costModel) results.costModel = costModel;
  }
  const resultsPath = writeResults(outDir, results);
  const reportPath = await writeReport(outDir, results);
  if (!parsed.out || results.status === 'complete') pointLatestAt(outDir);
  if (results.cells.length) console.log(formatSummaryTable(results));
  if (results.safety) console.log(['', ...safetySummary(results.safety)].join('\n'));
  console.log(`\n${results.status === 'complete' ? 'Done' : 'Stopped early'} in ${results.wallS.toFixed(0)} s.`);
  console.log(`Results: ${resultsPath}`);
  console.log(`Report:  ${reportPath}   (open with: npm run report)`);
  const failed = results.cells.filter((c) => c.status === 'failed').length;
  if (failed) console.log(`${failed} cell(s) failed; see the report.`);
  if (results.status === 'interrupted') return 130;
  if (!parsed.baseline) return 0;
  const { compareAndReport } = await import('./compare-run.ts');
  return compareAndReport(parsed.baseline.path, outDir, parsed.baseline.gate, null);
}

/**
 * `--baseline`: readable streambench results, checked before any browser starts. Imported only then: the schema
 * validator costs a second to compile, which every other bench start would pay.
 */
async function checkBaseline(path: string): Promise<void> {
  const { readResults, ResultsInputError } = await import('../results/read.ts');
  try {
    readResults(path);
  } catch (error) {
    if (error instanceof ResultsInputError) throw new UsageError(`--baseline: ${error.message}`);
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof BrowserNotFoundError || error instanceof AppError)
      console.error(`streambench: ${error.message}`);
    else console.error(error);
    process.exit(2);
  },
);
