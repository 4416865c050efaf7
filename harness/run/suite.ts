// Runs a suite: every cell (renderer x scenario x rate), one warm-up each, then N measured rounds in a
// seeded shuffled order (round-robin, so drift on a shared machine spreads over all cells instead of
// landing on one). A failing cell is recorded and skipped; the rest goes on. Results are checkpointed
// after every run so an interrupted suite keeps what it measured.
//
// The Suite reads as its phases (after google/tachometer's Runner): plan (constructor), warm up, measure
// rounds, auto rounds (--auto), measure the instrument (trace mode), sweep, finish.
import { resolveChromium, type ResolvedBrowser } from './browser.ts';
import { collectEnvironment } from './environment.ts';
import { computeRunMetrics } from '../metrics/run-metrics.ts';
import { mulberry32, shuffled } from '../common/random.ts';
import { settleTimeoutFor, toPageRequest } from '../schedule/cell-request.ts';
import { BrowserSession, type ExternalRunner } from './browser-session.ts';
import { runSweep } from './sweep.ts';
import { safetyPhase } from './safety.ts';
import { median } from '../stats/basic.ts';
import { summarizeRuns } from '../stats/cell-summary.ts';
import { emitterFigures } from '../stats/emitter-figures.ts';
import { compareCells, countUndecided, unresolvedCells } from '../stats/cell-comparisons.ts';
import { measureNoiseFloor, measureOverhead, traceCategoriesFor } from './instrument-overhead.ts';
import { runInteractionRounds } from './interaction-rounds.ts';
import { traceOfRun, type SaveTrace } from './trace-of-run.ts';
import { planSuiteRuns, SchedulePlan, streamOptions, type PlannedRun } from './suite-plan.ts';
import { planSliceCells, sweepsOnShard } from './shard.ts';
import type { RunOutcome } from './fresh-context.ts';
import type { AutoOutcome, CellResult, Results, SuiteConfig } from '../results/types.ts';
import type { RunMetrics } from '../metrics/types.ts';
import type { PageRunRequest } from '../page/protocol.ts';
import type { Schedule } from '../schedule/types.ts';
import { RUN_SETUP_S } from './setup-cost.ts';

export { cellId, planRuns } from './suite-plan.ts';

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
  /** App mode: runs the app's cells (renderer `app:<name>`). */
  external?: ExternalRunner;
  /**
   * Trace mode: the instrument measurement's with/without pairs and idle noise-floor runs, in place of the suite's
   * (quick: 2 and 3, else 3 and 5). For tests that check these figures exist, not their precision; the CLI never
   * sets it.
   */
  instrumentRuns?: { pairs: number; noiseFloorRuns: number };
}

/** What one run gave: its wall time, and its metrics or the error that failed its cell. */
interface RunReport {
  wallMs: number;
  metrics: RunMetrics | null;
  error?: string;
}

export async function runSuite(config: SuiteConfig, hooks: SuiteHooks = {}): Promise<Results> {
  return new Suite(config, hooks).run();
}

class Suite {
  private readonly startedAt = new Date();
  private readonly started = performance.now();
  private readonly resolved: ResolvedBrowser;
  private readonly schedules: SchedulePlan;
  private readonly cells: CellResult[];
  private readonly plan: PlannedRun[];
  private readonly traceCategories: string[] | undefined;
  /** Set first thing in run(), before any phase reads it. */
  private results!: Results;
  /** Progress over the runs so far, for the ETA: runs done, wall time spent, and the time expected for them. */
  private done = 0;
  private spentMs = 0;
  private expectedSpentMs = 0;

  /** Plan: cells, their schedules, and the order of the runs. */
  constructor(
    private readonly config: SuiteConfig,
    private readonly hooks: SuiteHooks,
  ) {
    this.resolved = hooks.browser ?? resolveChromium();
    this.schedules = new SchedulePlan(config);
    this.cells = planSliceCells(config, this.schedules);
    this.plan = planSuiteRuns(config, this.cells, this.schedules);
    this.traceCategories = config.trace ? traceCategoriesFor(config.trace) : undefined;
  }

  async run(): Promise<Results> {
    const { config } = this;
    this.results = await this.initialResults();
    let session: BrowserSession | null = null;
    try {
      const { signal, onLog, external } = this.hooks;
      // App mode alone needs no measured page: it is built only if something asks for it.
      const pageNeeded = config.renderers.some((r) => r !== external?.info.name);
      session = await BrowserSession.open(this.resolved, signal, onLog ?? (() => {}), external, pageNeeded);
      await this.describeBrowser(session);
      // With --shard, slice 1 alone runs the safety check: its verdicts do not depend on the slice, and the merge
      // keeps slice 1's fields.
      if (config.safety && (config.shard?.index ?? 1) === 1 && !this.aborted()) await this.checkSafety(session);
      await this.warmUpThrottling(session);
      let completed = await this.measureRounds(session);
      if (config.auto && completed) completed = await this.autoRounds(session, config.auto);
      if (config.interact && completed) completed = await this.interactionRounds(session);
      if (config.trace && completed && !this.aborted()) await this.measureInstrument(session, config.trace);
      if (config.sweep && !this.aborted()) await this.sweep(session, config.sweep);
      this.results.status = this.aborted() ? 'interrupted' : 'complete';
    } finally {
      this.finish();
      await session?.close();
    }
    return this.results;
  }

  private async initialResults(): Promise<Results> {
    const { config, resolved } = this;
    return {
      schemaVersion: 1,
      tool: 'streambench',
      status: 'partial',
      startedAt: this.startedAt.toISOString(),
      finishedAt: null,
      wallS: 0,
      environment: await collectEnvironment({ resolved, browserVersion: 'unknown', cpuThrottles: config.cpuThrottles }),
      config,
      renderers: [],
      scenarios: this.schedules.describeScenarios(),
      cells: this.cells,
    };
  }

  /** The browser's version and the renderers' descriptions, from the browser the suite runs in. */
  private async describeBrowser(session: BrowserSession): Promise<void> {
    const { config, resolved } = this;
    const browserVersion = session.version;
    const { cpuThrottles } = config;
    this.results.environment = await collectEnvironment({ resolved, browserVersion, cpuThrottles });
    this.results.renderers = await session.renderers(config.renderers);
  }

  /** --safety: the unsafe scenario streamed into each selected markdown renderer (harness/run/safety.ts). */
  private async checkSafety(session: BrowserSession): Promise<void> {
    this.results.safety = await safetyPhase(session, this.results.renderers, this.hooks.onLog);
    await this.checkpoint();
  }

  /** Warm up: short throttled runs, discarded (throttling gives nonsense ratios until Chromium is warm). */
  private async warmUpThrottling(session: BrowserSession): Promise<void> {
    const { throttleWarmupRuns } = this.config;
    if (throttleWarmupRuns <= 0) return;
    this.hooks.onLog?.(`CPU throttling warm-up: ${throttleWarmupRuns} short runs, discarded`);
    const throttled = this.cells.filter((c) => c.cpuThrottle !== 1);
    for (let i = 0; i < throttleWarmupRuns && !this.aborted() && throttled.length; i++) {
      const cell = throttled[i % throttled.length] as CellResult;
      const { warmup } = this.schedules.of(cell);
      await session.run(this.requestFor(cell, warmup), cell.cpuThrottle, this.timeoutFor(warmup));
    }
  }

  /** Measure: the planned warm-up and measured rounds, then the comparisons. false: interrupted. */
  private async measureRounds(session: BrowserSession): Promise<boolean> {
    const completed = await this.runAll(session, this.plan, this.config.warmupRuns + this.config.runs);
    this.results.comparisons = compareCells(this.cells, this.config.seed);
    return completed;
  }

  /** --auto: more rounds over the cells of undecided comparisons, until they resolve or time runs out. */
  private async autoRounds(session: BrowserSession, auto: NonNullable<SuiteConfig['auto']>): Promise<boolean> {
    const { config, hooks, results } = this;
    const { maxTimeS, maxTimeDefaulted } = auto;
    if (maxTimeDefaulted) hooks.onLog?.(`--auto without --max-time: stopping after ${maxTimeS / 60} min at most`);
    let extraRounds = 0;
    let completed = true;
    let stoppedBecause: AutoOutcome['stoppedBecause'] = 'resolved';
    for (;;) {
      const open = unresolvedCells(this.cells, results.comparisons ?? []);
      if (!open.length) break;
      if (this.elapsedS() >= maxTimeS) {
        stoppedBecause = 'time-limit';
        break;
      }
      extraRounds++;
      completed = await this.autoRound(session, open, extraRounds, maxTimeS);
      results.comparisons = compareCells(this.cells, config.seed);
      if (!completed) {
        stoppedBecause = 'interrupted';
        break;
      }
    }
    const comparisons = results.comparisons ?? [];
    const undecided = countUndecided(comparisons);
    const resolved = comparisons.length - undecided;
    results.auto = { maxTimeS, maxTimeDefaulted, extraRounds, stoppedBecause, resolved, unresolved: undecided };
    hooks.onLog?.(`auto: ${resolved} of ${comparisons.length} comparisons resolved (${stoppedBecause})`);
    await this.checkpoint();
    return completed;
  }

  /** One added round over `open`, shuffled with its own seed. false: interrupted. */
  private async autoRound(
    session: BrowserSession,
    open: CellResult[],
    extraRound: number,
    maxTimeS: number,
  ): Promise<boolean> {
    const { config } = this;
    const round = config.warmupRuns + config.runs + extraRound - 1;
    const undecided = countUndecided(this.results.comparisons ?? []);
    this.hooks.onLog?.(
      `auto: ${undecided} comparison(s) undecided; round ${extraRound} more over ${open.length} cell(s)`,
    );
    const order = shuffled(open, mulberry32(config.seed ^ (0xa070 + extraRound)));
    const extra = order.map((cell) => ({ cell, schedule: this.schedules.of(cell).full, round, warmup: false }));
    // Time limit checked before each run: a round may be cut short, which only leaves samples uneven.
    return this.runAll(session, extra, round + 1, maxTimeS);
  }

  /** --interact: the interaction script in runs of its own per cell (harness/run/interaction-rounds.ts). */
  private interactionRounds(session: BrowserSession): Promise<boolean> {
    const { config, hooks } = this;
    const phase = {
      stream: streamOptions(config),
      cellTimeoutMs: config.cellTimeoutMs,
      ...(hooks.onLog ? { onLog: hooks.onLog } : {}),
      aborted: () => this.aborted(),
      checkpoint: () => this.checkpoint(),
    };
    return runInteractionRounds(session, this.cells, phase, config.seed);
  }

  /** Trace mode: what the instrument costs (probe and tracing overhead) and the idle noise floor. */
  private async measureInstrument(session: BrowserSession, trace: NonNullable<SuiteConfig['trace']>): Promise<void> {
    const { config, hooks, results, cells } = this;
    const settings = {
      pairs: hooks.instrumentRuns?.pairs ?? (config.quick ? 2 : 3),
      cpuThrottle: config.cpuThrottles[0] ?? 1,
      cellTimeoutMs: config.cellTimeoutMs,
      traceCategories: traceCategoriesFor(trace),
    };
    const aborted = (): boolean => this.aborted();
    hooks.onLog?.('Measuring the instrument: probe and tracing overhead, idle noise floor');
    const reference = cells.find((c) => c.status === 'ok') ?? cells[0];
    // The evidence is an extra: a failure here is reported, and the measured cells are kept.
    try {
      const referenceRun = reference ? { cell: reference, schedule: this.schedules.of(reference).full } : null;
      results.overhead = await measureOverhead(session, settings, referenceRun, aborted);
      const noiseFloorRuns = hooks.instrumentRuns?.noiseFloorRuns ?? (config.quick ? 3 : 5);
      if (!aborted()) results.noiseFloor = await measureNoiseFloor(session, noiseFloorRuns);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      hooks.onLog?.(`could not measure the instrument's overhead: ${message}`);
    }
    const intervals = cells.flatMap((c) =>
      c.runs.flatMap((r) => (r.trace?.analysis.valid ? [r.trace.analysis.metrics.frameIntervalMs] : [])),
    );
    const interval = median(intervals);
    if (interval !== null) results.environment.traceFrameIntervalMs = interval;
    await this.checkpoint();
  }

  /** --sweep: each renderer x scenario's saturation rate. */
  private async sweep(session: BrowserSession, sweep: NonNullable<SuiteConfig['sweep']>): Promise<void> {
    const { renderers, scenarios, cpuThrottles, cellTimeoutMs, maxTokens } = this.config;
    const settings = {
      renderers,
      scenarios,
      cpuThrottles,
      cellTimeoutMs,
      maxTokens,
      stream: streamOptions(this.config),
      include: sweepsOnShard(this.config, this.config.shard),
    };
    this.results.sweep = { config: sweep, entries: [] };
    await runSweep(session, settings, sweep, this.results.sweep, {
      onLog: this.hooks.onLog,
      onPoint: () => this.checkpoint(),
      aborted: () => this.aborted(),
    });
  }

  /** Finish: stamp the end; a suite that did not get to say complete or interrupted was interrupted. */
  private finish(): void {
    this.results.finishedAt = new Date().toISOString();
    this.results.wallS = this.elapsedS();
    if (this.results.status === 'partial') this.results.status = 'interrupted';
    const emitter = emitterFigures(this.cells);
    if (emitter.length) this.results.emitter = emitter;
  }

  /** Runs `runs` in order, skipping failed cells. false: interrupted. `stopAtS`: skip the rest after this long. */
  private async runAll(
    session: BrowserSession,
    runs: readonly PlannedRun[],
    rounds: number,
    stopAtS = Infinity,
  ): Promise<boolean> {
    for (const [i, run] of runs.entries()) {
      if (this.aborted()) return false;
      if (this.elapsedS() >= stopAtS) return true;
      if (run.cell.status === 'failed') continue;
      const report = await this.execute(session, run);
      if (report === 'aborted') return false;
      this.reportProgress(run, report, runs.slice(i + 1), rounds);
      await this.checkpoint();
    }
    return true;
  }

  private reportProgress(run: PlannedRun, report: RunReport, rest: readonly PlannedRun[], rounds: number): void {
    this.done++;
    this.spentMs += report.wallMs;
    this.expectedSpentMs += this.expectedMs(run);
    const remainingExpected = rest.reduce((sum, r) => sum + (r.cell.status === 'failed' ? 0 : this.expectedMs(r)), 0);
    this.hooks.onProgress?.({
      done: this.done,
      total: this.done + rest.filter((r) => r.cell.status !== 'failed').length,
      round: run.round,
      rounds,
      warmup: run.warmup,
      cell: run.cell,
      ttvP95Ms: report.metrics?.ttvMs.p95 ?? null,
      ...(report.error === undefined ? {} : { error: report.error }),
      elapsedS: this.elapsedS(),
      etaS: (remainingExpected * (this.spentMs / Math.max(1, this.expectedSpentMs))) / 1000,
    });
  }

  /** Runs one planned run and records it in its cell. 'aborted': the suite was interrupted meanwhile. */
  private async execute(session: BrowserSession, run: PlannedRun): Promise<RunReport | 'aborted'> {
    const { cell } = run;
    const runStart = performance.now();
    const request = this.requestFor(cell, run.schedule);
    // Warm-ups are discarded, so they are not traced.
    const traceCategories = run.warmup ? undefined : this.traceCategories;
    const outcome = await session.run(request, cell.cpuThrottle, this.timeoutFor(run.schedule), traceCategories);
    // Interrupted mid-run: that run is dropped (closing the browser ends it); finished runs are kept.
    if (outcome === 'aborted') return 'aborted';
    const wallMs = performance.now() - runStart;
    const { metrics, error } = metricsOrError(outcome);
    if (error !== undefined) {
      // Renderer errors are deterministic in practice: fail the cell once, don't burn time repeating it.
      cell.status = 'failed';
      cell.error = error;
    }
    const report: RunReport = { wallMs, metrics, ...(error === undefined ? {} : { error }) };
    if (run.warmup) cell.warmupRuns++;
    else await this.recordRun(cell, outcome, report, runStart);
    return report;
  }

  /** Adds a measured run to its cell (with its trace in trace mode) and updates the cell's summary. */
  private async recordRun(cell: CellResult, outcome: RunOutcome, report: RunReport, runStart: number): Promise<void> {
    const { metrics, error } = report;
    const index = cell.runs.length;
    const trace =
      outcome.ok && outcome.trace && metrics
        ? await traceOfRun(traceFileName(cell, index), outcome.trace, outcome.raw, this.hooks.saveTrace)
        : undefined;
    const invalid = trace && !trace.analysis.valid ? `trace: ${trace.analysis.reason}` : undefined;
    if (invalid) {
      this.hooks.onLog?.(`${cell.id} run ${index + 1} is invalid and left out of the statistics (${invalid})`);
    }
    cell.runs.push({
      index,
      startedAtS: (runStart - this.started) / 1000,
      wallMs: report.wallMs,
      status: error === undefined ? 'ok' : 'failed',
      ...(error === undefined ? {} : { error }),
      metrics,
      raw: outcome.ok ? outcome.raw : null,
      ...(trace ? { trace } : {}),
      ...(invalid ? { invalid } : {}),
    });
    cell.summary = summarizeRuns(cell.runs);
    if (cell.status === 'pending' && cell.runs.length >= this.config.runs) cell.status = 'ok';
  }

  private requestFor(cell: CellResult, schedule: Schedule): PageRunRequest {
    return toPageRequest(cell.renderer, schedule, settleTimeoutFor(this.config.cellTimeoutMs));
  }

  private timeoutFor(schedule: Schedule): number {
    return schedule.lastDueMs + this.config.cellTimeoutMs;
  }

  private expectedMs(run: PlannedRun): number {
    return run.schedule.lastDueMs + RUN_SETUP_S * 1000;
  }

  private async checkpoint(): Promise<void> {
    this.results.wallS = this.elapsedS();
    await this.hooks.onCheckpoint?.(this.results);
  }

  private elapsedS(): number {
    return (performance.now() - this.started) / 1000;
  }

  private aborted(): boolean {
    return this.hooks.signal?.aborted ?? false;
  }
}

/** A run's metrics, or the error that fails its cell (the browser's, or the renderer's first). */
function metricsOrError(outcome: RunOutcome): { metrics: RunMetrics | null; error?: string } {
  if (!outcome.ok) return { metrics: null, error: outcome.error };
  if (outcome.raw.errors.length) return { metrics: null, error: outcome.raw.errors[0] };
  return { metrics: computeRunMetrics(outcome.raw) };
}

/** `per-chunk-dom__markdown-answer__kimi-k2.6-cerebras__run1`: safe as a file name, readable in a listing. */
export function traceFileName(cell: CellResult, index: number): string {
  const throttle = cell.cpuThrottle === 1 ? [] : [`cpu${cell.cpuThrottle}x`];
  const parts = [cell.renderer, cell.scenario, cell.rate.name, ...throttle, `run${index + 1}`];
  return parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('__');
}
