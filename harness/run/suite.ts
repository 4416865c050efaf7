// Runs a suite: every cell (renderer x scenario x rate), one warm-up each, then N measured rounds in a
// seeded shuffled order (round-robin, so drift on a shared machine spreads over all cells instead of
// landing on one). A failing cell is recorded and skipped; the rest goes on. Results are checkpointed
// after every run so an interrupted suite keeps what it measured.
import { resolveChromium, type ResolvedBrowser } from './browser.ts';
import { collectEnvironment } from './environment.ts';
import { computeRunMetrics } from '../metrics/run-metrics.ts';
import { mulberry32, shuffled } from '../common/random.ts';
import { buildCellSchedule, parseScenarioVariant, SETTLE_MS, toPageRequest, WARMUP_TOKENS } from '../schedule/cell-request.ts';
import { STREAM_SHAPES } from '../schedule/schedule.ts';
import { BrowserSession } from './browser-session.ts';
import { runSweep } from './sweep.ts';
import { median } from '../stats/basic.ts';
import { summarizeRuns } from '../stats/cell-summary.ts';
import { compareCells, countUndecided, unresolvedCells } from '../stats/cell-comparisons.ts';
import { measureNoiseFloor, measureOverhead, traceCategoriesFor } from './instrument-overhead.ts';
import { traceOfRun, type SaveTrace } from './trace-of-run.ts';
import type { CellResult, Results, SuiteConfig } from '../results/types.ts';
import type { RunMetrics } from '../metrics/types.ts';
import type { Schedule } from '../schedule/types.ts';
import { RUN_SETUP_S } from './setup-cost.ts';

export interface ProgressEvent {
  done: number;
  total: number;
  round: number;
  rounds: number;
  warmup: boolean;
  cell: CellResult;
  /** p95 TTV of the run just finished (null: failed or text never visible). */
  ttvP95Ms: number | null;
  error?: string;
  elapsedS: number;
  etaS: number;
}

export interface SuiteHooks {
  onProgress?: (event: ProgressEvent) => void;
  /** Called after every run with the results so far (status `partial`). */
  onCheckpoint?: (results: Results) => void | Promise<void>;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
  browser?: ResolvedBrowser;
  /** Trace mode: where each run's trace goes (the CLI writes DIR/traces/NAME.json.gz). */
  saveTrace?: SaveTrace;
}

export function cellId(renderer: string, scenario: string, rateName: string, cpuThrottle = 1): string {
  return `${renderer}|${scenario}|${rateName}${cpuThrottle === 1 ? '' : `|cpu${cpuThrottle}x`}`;
}

interface PlannedRun {
  cell: CellResult;
  schedule: Schedule;
  round: number;
  warmup: boolean;
}

/** Round 0 is the warm-up round; rounds 1..runs are measured. Each round is shuffled with the seed. */
export function planRuns<T>(cells: readonly T[], runs: number, warmupRuns: number, seed: number): Array<{ item: T; round: number; warmup: boolean }> {
  const random = mulberry32(seed ^ 0x5eed);
  const plan: Array<{ item: T; round: number; warmup: boolean }> = [];
  for (let round = 0; round < warmupRuns + runs; round++) {
    for (const item of shuffled(cells, random)) plan.push({ item, round, warmup: round < warmupRuns });
  }
  return plan;
}

export async function runSuite(config: SuiteConfig, hooks: SuiteHooks = {}): Promise<Results> {
  const startedAt = new Date();
  const started = performance.now();
  const elapsedS = (): number => (performance.now() - started) / 1000;
  const resolved = hooks.browser ?? resolveChromium();
  const aborted = (): boolean => hooks.signal?.aborted ?? false;

  const schedules = new Map<string, { full: Schedule; warmup: Schedule }>();
  config.scenarios.forEach((scenario) =>
    config.rates.forEach((rate) =>
      schedules.set(`${scenario}|${rate.name}`, {
        full: buildCellSchedule(config, scenario, rate, config.maxTokens),
        warmup: buildCellSchedule(config, scenario, rate, Math.min(WARMUP_TOKENS, config.maxTokens ?? Infinity)),
      }),
    ),
  );
  const schedulesOf = (cell: CellResult): { full: Schedule; warmup: Schedule } => {
    const pair = schedules.get(`${cell.scenario}|${cell.rate.name}`);
    if (!pair) throw new Error(`no schedule for ${cell.id}`);
    return pair;
  };

  const cells: CellResult[] = [];
  for (const cpuThrottle of config.cpuThrottles)
    for (const renderer of config.renderers)
      for (const scenario of config.scenarios)
        for (const rate of config.rates)
          cells.push({ id: cellId(renderer, scenario, rate.name, cpuThrottle), renderer, scenario, rate, cpuThrottle, status: 'pending', warmupRuns: 0, runs: [], summary: null });

  const plan: PlannedRun[] = planRuns(cells, config.runs, config.warmupRuns, config.seed).map(({ item, round, warmup }) => ({
    cell: item,
    schedule: warmup ? schedulesOf(item).warmup : schedulesOf(item).full,
    round,
    warmup,
  }));
  const expectedMs = (run: PlannedRun): number => run.schedule.lastDueMs + RUN_SETUP_S * 1000;

  let session: BrowserSession | null = null;
  const results: Results = {
    schemaVersion: 1,
    tool: 'streambench',
    status: 'partial',
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    wallS: 0,
    environment: await collectEnvironment({ resolved, browserVersion: 'unknown', cpuThrottles: config.cpuThrottles }),
    config,
    renderers: [],
    scenarios: config.scenarios.map((name) => {
      const { def, shape } = parseScenarioVariant(name);
      const full = schedules.get(`${name}|${config.rates[0]?.name}`)?.full;
      const shaped = shape === 'token' ? '' : ` Streamed as: ${STREAM_SHAPES.find((s) => s.name === shape)?.description ?? shape}.`;
      return { name, description: def.description + shaped, format: def.format, tokens: full?.tokenCount ?? 0, markers: full?.markers.length ?? 0 };
    }),
    cells,
  };
  const checkpoint = async (): Promise<void> => {
    results.wallS = elapsedS();
    await hooks.onCheckpoint?.(results);
  };

  try {
    session = await BrowserSession.open(resolved, hooks.signal, hooks.onLog ?? (() => {}));
    const browser = session;
    results.environment = await collectEnvironment({ resolved, browserVersion: session.version, cpuThrottles: config.cpuThrottles });
    results.renderers = await session.renderers(config.renderers);
    const traceCategories = config.trace ? traceCategoriesFor(config.trace) : undefined;

    /** Runs one planned run and records it in its cell. 'aborted': the suite was interrupted meanwhile. */
    const execute = async (run: PlannedRun): Promise<{ wallMs: number; metrics: RunMetrics | null; error?: string } | 'aborted'> => {
      const { cell } = run;
      const runStart = performance.now();
      const request = toPageRequest(cell.renderer, run.schedule, Math.min(SETTLE_MS, config.cellTimeoutMs / 2));
      const timeoutMs = run.schedule.lastDueMs + config.cellTimeoutMs;
      // Warm-ups are discarded, so they are not traced.
      const outcome = await browser.run(request, cell.cpuThrottle, timeoutMs, run.warmup ? undefined : traceCategories);
      // Interrupted mid-run: that run is dropped (closing the browser below ends it); finished runs are kept.
      if (outcome === 'aborted') return 'aborted';
      const wallMs = performance.now() - runStart;

      let error: string | undefined;
      let metrics: RunMetrics | null = null;
      if (!outcome.ok) error = outcome.error;
      else if (outcome.raw.errors.length) error = outcome.raw.errors[0];
      else metrics = computeRunMetrics(outcome.raw);

      if (error !== undefined) {
        // Renderer errors are deterministic in practice: fail the cell once, don't burn time repeating it.
        cell.status = 'failed';
        cell.error = error;
      }
      if (run.warmup) {
        cell.warmupRuns++;
        return { wallMs, metrics, ...(error === undefined ? {} : { error }) };
      }
      const index = cell.runs.length;
      const trace =
        outcome.ok && outcome.trace && metrics ? await traceOfRun(traceFileName(cell, index), outcome.trace, outcome.raw, hooks.saveTrace) : undefined;
      const invalid = trace && !trace.analysis.valid ? `trace: ${trace.analysis.reason}` : undefined;
      if (invalid) hooks.onLog?.(`${cell.id} run ${index + 1} is invalid and left out of the statistics (${invalid})`);
      cell.runs.push({
        index,
        startedAtS: (runStart - started) / 1000,
        wallMs,
        status: error === undefined ? 'ok' : 'failed',
        ...(error === undefined ? {} : { error }),
        metrics,
        raw: outcome.ok ? outcome.raw : null,
        ...(trace ? { trace } : {}),
        ...(invalid ? { invalid } : {}),
      });
      cell.summary = summarizeRuns(cell.runs);
      if (cell.status === 'pending' && cell.runs.length >= config.runs) cell.status = 'ok';
      return { wallMs, metrics, ...(error === undefined ? {} : { error }) };
    };

    if (config.throttleWarmupRuns > 0) {
      hooks.onLog?.(`CPU throttling warm-up: ${config.throttleWarmupRuns} short runs, discarded`);
      const throttled = cells.filter((c) => c.cpuThrottle !== 1);
      for (let i = 0; i < config.throttleWarmupRuns && !aborted() && throttled.length; i++) {
        const cell = throttled[i % throttled.length] as CellResult;
        const request = toPageRequest(cell.renderer, schedulesOf(cell).warmup, Math.min(SETTLE_MS, config.cellTimeoutMs / 2));
        await browser.run(request, cell.cpuThrottle, schedulesOf(cell).warmup.lastDueMs + config.cellTimeoutMs);
      }
    }

    let done = 0;
    let spentMs = 0;
    let expectedSpentMs = 0;
    /** false: interrupted. `stopAtS`: skip the remaining runs once the suite has run this long. */
    const runAll = async (runs: readonly PlannedRun[], rounds: number, stopAtS = Infinity): Promise<boolean> => {
      for (const [i, run] of runs.entries()) {
        if (aborted()) return false;
        if (elapsedS() >= stopAtS) return true;
        if (run.cell.status === 'failed') continue;
        const result = await execute(run);
        if (result === 'aborted') return false;
        done++;
        spentMs += result.wallMs;
        expectedSpentMs += expectedMs(run);
        const remainingExpected = runs.slice(i + 1).reduce((sum, r) => sum + (r.cell.status === 'failed' ? 0 : expectedMs(r)), 0);
        hooks.onProgress?.({
          done,
          total: done + runs.slice(i + 1).filter((r) => r.cell.status !== 'failed').length,
          round: run.round,
          rounds,
          warmup: run.warmup,
          cell: run.cell,
          ttvP95Ms: result.metrics?.ttvMs.p95 ?? null,
          ...(result.error === undefined ? {} : { error: result.error }),
          elapsedS: elapsedS(),
          etaS: (remainingExpected * (spentMs / Math.max(1, expectedSpentMs))) / 1000,
        });
        await checkpoint();
      }
      return true;
    };

    let completed = await runAll(plan, config.warmupRuns + config.runs);
    results.comparisons = compareCells(cells, config.seed);

    if (config.auto && completed) {
      const { maxTimeS, maxTimeDefaulted } = config.auto;
      if (maxTimeDefaulted) hooks.onLog?.(`--auto without --max-time: stopping after ${maxTimeS / 60} min at most`);
      let extraRounds = 0;
      let stoppedBecause: 'resolved' | 'time-limit' | 'interrupted' = 'resolved';
      for (;;) {
        const open = unresolvedCells(cells, results.comparisons);
        if (!open.length) break;
        if (elapsedS() >= maxTimeS) {
          stoppedBecause = 'time-limit';
          break;
        }
        extraRounds++;
        const round = config.warmupRuns + config.runs + extraRounds - 1;
        hooks.onLog?.(`auto: ${countUndecided(results.comparisons)} comparison(s) undecided; round ${extraRounds} more over ${open.length} cell(s)`);
        const extra = shuffled(open, mulberry32(config.seed ^ (0xa070 + extraRounds))).map((cell) => ({ cell, schedule: schedulesOf(cell).full, round, warmup: false }));
        // Time limit checked before each run: a round may be cut short, which only leaves samples uneven.
        completed = await runAll(extra, round + 1, maxTimeS);
        results.comparisons = compareCells(cells, config.seed);
        if (!completed) {
          stoppedBecause = 'interrupted';
          break;
        }
      }
      const undecided = countUndecided(results.comparisons);
      results.auto = { maxTimeS, maxTimeDefaulted, extraRounds, stoppedBecause, resolved: results.comparisons.length - undecided, unresolved: undecided };
      hooks.onLog?.(`auto: ${results.auto.resolved} of ${results.comparisons.length} comparisons resolved (${stoppedBecause})`);
      await checkpoint();
    }

    if (config.trace && completed && !aborted()) {
      hooks.onLog?.('Measuring the instrument: probe and tracing overhead, idle noise floor');
      const reference = cells.find((c) => c.status === 'ok') ?? cells[0];
      // The evidence is an extra: a failure here is reported, and the measured cells are kept.
      try {
        results.overhead = await measureOverhead(browser, config, reference ? { cell: reference, schedule: schedulesOf(reference).full } : null, aborted);
        if (!aborted()) results.noiseFloor = await measureNoiseFloor(browser, config.quick ? 3 : 5);
      } catch (error) {
        hooks.onLog?.(`could not measure the instrument's overhead: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
      const intervals = cells.flatMap((c) => c.runs.flatMap((r) => (r.trace?.analysis.valid ? [r.trace.analysis.metrics.frameIntervalMs] : [])));
      const interval = median(intervals);
      if (interval !== null) results.environment.traceFrameIntervalMs = interval;
      await checkpoint();
    }

    if (config.sweep && !aborted()) {
      results.sweep = { config: config.sweep, entries: [] };
      await runSweep(browser, config, config.sweep, results.sweep, {
        onLog: hooks.onLog,
        onPoint: checkpoint,
        aborted,
      });
    }
    results.status = aborted() ? 'interrupted' : 'complete';
  } finally {
    results.finishedAt = new Date().toISOString();
    results.wallS = elapsedS();
    if (results.status === 'partial') results.status = 'interrupted';
    await session?.close();
  }
  return results;
}

/** `per-chunk-dom__markdown-answer__kimi-k2.6-cerebras__run1`: safe as a file name, readable in a listing. */
export function traceFileName(cell: CellResult, index: number): string {
  const parts = [cell.renderer, cell.scenario, cell.rate.name, ...(cell.cpuThrottle === 1 ? [] : [`cpu${cell.cpuThrottle}x`]), `run${index + 1}`];
  return parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('__');
}
