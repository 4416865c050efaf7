// Runs a suite: every cell (renderer x scenario x rate), one warm-up each, then N measured rounds in a
// seeded shuffled order (round-robin, so drift on a shared machine spreads over all cells instead of
// landing on one). A failing cell is recorded and skipped; the rest goes on. Results are checkpointed
// after every run so an interrupted suite keeps what it measured.
import { resolveChromium, type ResolvedBrowser } from './browser.ts';
import { collectEnvironment } from './environment.ts';
import { computeRunMetrics } from './metrics.ts';
import { mulberry32, shuffled } from './random.ts';
import { buildCellSchedule, parseScenarioVariant, SETTLE_MS, toPageRequest, WARMUP_TOKENS } from './cell-request.ts';
import { STREAM_SHAPES } from './schedule.ts';
import { BrowserSession } from './session.ts';
import { runSweep } from './sweep-runner.ts';
import { summarizeCell } from './stats.ts';
import type { CellResult, Results, RunMetrics, Schedule, SuiteConfig } from './types.ts';

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
}

export function cellId(renderer: string, scenario: string, rateName: string): string {
  return `${renderer}|${scenario}|${rateName}`;
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

  const schedules = new Map<string, { full: Schedule; warmup: Schedule }>();
  config.scenarios.forEach((scenario) =>
    config.rates.forEach((rate) =>
      schedules.set(`${scenario}|${rate.name}`, {
        full: buildCellSchedule(config, scenario, rate, config.maxTokens),
        warmup: buildCellSchedule(config, scenario, rate, Math.min(WARMUP_TOKENS, config.maxTokens ?? Infinity)),
      }),
    ),
  );

  const cells: CellResult[] = [];
  for (const renderer of config.renderers)
    for (const scenario of config.scenarios)
      for (const rate of config.rates)
        cells.push({ id: cellId(renderer, scenario, rate.name), renderer, scenario, rate, status: 'pending', warmupRuns: 0, runs: [], summary: null });

  const plan: PlannedRun[] = planRuns(cells, config.runs, config.warmupRuns, config.seed).map(({ item, round, warmup }) => {
    const pair = schedules.get(`${item.scenario}|${item.rate.name}`);
    if (!pair) throw new Error(`no schedule for ${item.id}`);
    return { cell: item, schedule: warmup ? pair.warmup : pair.full, round, warmup };
  });
  const expectedMs = (run: PlannedRun): number => run.schedule.lastDueMs + 1_500;

  let session: BrowserSession | null = null;
  const results: Results = {
    schemaVersion: 1,
    tool: 'streambench',
    status: 'partial',
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    wallS: 0,
    environment: await collectEnvironment({ resolved, browserVersion: 'unknown', cpuThrottle: config.cpuThrottle }),
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

  try {
    session = await BrowserSession.open(resolved, hooks.signal, hooks.onLog ?? (() => {}));
    results.environment = await collectEnvironment({ resolved, browserVersion: session.version, cpuThrottle: config.cpuThrottle });
    results.renderers = await session.renderers(config.renderers);

    let done = 0;
    let spentMs = 0;
    let expectedSpentMs = 0;
    for (const run of plan) {
      if (hooks.signal?.aborted) break;
      const { cell } = run;
      if (cell.status === 'failed') {
        done++;
        continue;
      }
      const runStart = performance.now();
      const request = toPageRequest(cell.renderer, run.schedule, Math.min(SETTLE_MS, config.cellTimeoutMs / 2));
      const outcome = await session.run(request, config.cpuThrottle, run.schedule.lastDueMs + config.cellTimeoutMs);
      // Interrupted mid-run: that run is dropped (closing the browser below ends it); finished runs are kept.
      if (outcome === 'aborted') break;
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
      if (run.warmup) cell.warmupRuns++;
      else {
        cell.runs.push({
          index: cell.runs.length,
          startedAtS: (runStart - started) / 1000,
          wallMs,
          status: error === undefined ? 'ok' : 'failed',
          ...(error === undefined ? {} : { error }),
          metrics,
          raw: outcome.ok ? outcome.raw : null,
        });
        const measured = cell.runs.flatMap((r) => (r.metrics ? [r.metrics] : []));
        cell.summary = measured.length ? summarizeCell(measured) : null;
        if (cell.status === 'pending' && cell.runs.length === config.runs) cell.status = 'ok';
      }

      done++;
      spentMs += wallMs;
      expectedSpentMs += expectedMs(run);
      const remainingExpected = plan.slice(done).reduce((sum, r) => sum + (r.cell.status === 'failed' ? 0 : expectedMs(r)), 0);
      const etaS = (remainingExpected * (spentMs / Math.max(1, expectedSpentMs))) / 1000;
      hooks.onProgress?.({
        done,
        total: plan.length,
        round: run.round,
        rounds: config.warmupRuns + config.runs,
        warmup: run.warmup,
        cell,
        ttvP95Ms: metrics?.ttvMs.p95 ?? null,
        ...(error === undefined ? {} : { error }),
        elapsedS: elapsedS(),
        etaS,
      });
      results.wallS = elapsedS();
      await hooks.onCheckpoint?.(results);
    }
    if (config.sweep && !hooks.signal?.aborted) {
      results.sweep = { config: config.sweep, entries: [] };
      await runSweep(session, config, config.sweep, results.sweep, {
        onLog: hooks.onLog,
        onPoint: async () => {
          results.wallS = elapsedS();
          await hooks.onCheckpoint?.(results);
        },
        aborted: () => hooks.signal?.aborted ?? false,
      });
    }
    results.status = hooks.signal?.aborted ? 'interrupted' : 'complete';
  } finally {
    results.finishedAt = new Date().toISOString();
    results.wallS = elapsedS();
    if (results.status === 'partial') results.status = 'interrupted';
    await session?.close();
  }
  return results;
}
