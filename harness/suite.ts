// Runs a suite: every cell (renderer x scenario x rate), one warm-up each, then N measured rounds in a
// seeded shuffled order (round-robin, so drift on a shared machine spreads over all cells instead of
// landing on one). A failing cell is recorded and skipped; the rest goes on. Results are checkpointed
// after every run so an interrupted suite keeps what it measured.
import type { Browser } from 'playwright';
import { launchChromium, resolveChromium, type ResolvedBrowser } from './browser.ts';
import { collectEnvironment } from './environment.ts';
import { computeRunMetrics } from './metrics.ts';
import { mulberry32, shuffled } from './random.ts';
import { runInFreshContext } from './runner.ts';
import { buildSchedule } from './schedule.ts';
import { startPageServer, type PageServer } from './server.ts';
import { summarizeCell } from './stats.ts';
import type { CellResult, PageRunRequest, RendererInfo, Results, RunMetrics, Schedule, SuiteConfig } from './types.ts';
import { findScenario, loadScenarioText } from '../scenarios/index.ts';

/** Warm-up runs stream this many tokens of the cell's content at the cell's rate: enough to warm JIT and caches. */
export const WARMUP_TOKENS = 60;
/** After the last due time, how long the page waits for the last marker before calling the text missing. */
export const SETTLE_MS = 10_000;

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

export function buildCellSchedule(config: SuiteConfig, scenarioName: string, rateIndex: number, maxTokens: number | null): Schedule {
  const def = findScenario(scenarioName);
  if (!def) throw new Error(`unknown scenario "${scenarioName}"`);
  const rate = config.rates[rateIndex];
  if (!rate) throw new Error(`no rate at index ${rateIndex}`);
  return buildSchedule({
    scenario: def.name,
    format: def.format,
    text: loadScenarioText(def),
    rate,
    seed: config.seed,
    tokensPerChunk: config.tokensPerChunk,
    jitter: config.jitter,
    maxTokens,
  });
}

export function toPageRequest(renderer: string, schedule: Schedule, settleTimeoutMs = SETTLE_MS): PageRunRequest {
  return {
    renderer,
    format: schedule.format,
    chunks: schedule.chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount })),
    markers: schedule.markers.map(({ text, dueMs, tokenIndex, chunkIndex }) => ({ text, dueMs, tokenIndex, chunkIndex })),
    settleTimeoutMs,
  };
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
    config.rates.forEach((rate, rateIndex) =>
      schedules.set(`${scenario}|${rate.name}`, {
        full: buildCellSchedule(config, scenario, rateIndex, config.maxTokens),
        warmup: buildCellSchedule(config, scenario, rateIndex, Math.min(WARMUP_TOKENS, config.maxTokens ?? Infinity)),
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

  let server: PageServer | null = null;
  let browser: Browser | null = null;
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
      const def = findScenario(name);
      const full = schedules.get(`${name}|${config.rates[0]?.name}`)?.full;
      return { name, description: def?.description ?? '', format: def?.format ?? 'plain', tokens: full?.tokenCount ?? 0, markers: full?.markers.length ?? 0 };
    }),
    cells,
  };

  try {
    server = await startPageServer();
    browser = await launchChromium(resolved);
    results.environment = await collectEnvironment({ resolved, browserVersion: browser.version(), cpuThrottle: config.cpuThrottle });
    results.renderers = await listPageRenderers(browser, server.pageUrl, config.renderers);

    const aborted = new Promise<'aborted'>((resolve) => hooks.signal?.addEventListener('abort', () => resolve('aborted'), { once: true }));
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
      const outcome = await Promise.race([
        runInFreshContext(browser, request, {
          pageUrl: server.pageUrl,
          cpuThrottle: config.cpuThrottle,
          timeoutMs: run.schedule.lastDueMs + config.cellTimeoutMs,
        }),
        aborted,
      ]);
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

      if (outcome.browserUnhealthy || !browser.isConnected()) {
        hooks.onLog?.('browser did not recover from a hung renderer: relaunching it');
        await browser.close().catch(() => {});
        browser = await launchChromium(resolved);
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
    results.status = hooks.signal?.aborted ? 'interrupted' : 'complete';
  } finally {
    results.finishedAt = new Date().toISOString();
    results.wallS = elapsedS();
    if (results.status === 'partial') results.status = 'interrupted';
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
  }
  return results;
}

async function listPageRenderers(browser: Browser, pageUrl: string, wanted: readonly string[]): Promise<RendererInfo[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, { timeout: 30_000 });
    const all = await page.evaluate(() => window.streambench.renderers());
    return all.filter((r) => wanted.includes(r.name));
  } finally {
    await context.close();
  }
}
