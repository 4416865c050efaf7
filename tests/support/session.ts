// A browser + page server shared by the tests in one file, driving the real harness page.
import type { Browser, BrowserContext, Page } from 'playwright';
import { DEVICE_SCALE_FACTOR, launchChromium, VIEWPORT } from '../../harness/run/browser.ts';
import { computeRunMetrics } from '../../harness/metrics/run-metrics.ts';
import { runInFreshContext } from '../../harness/run/fresh-context.ts';
import { buildSchedule } from '../../harness/schedule/schedule.ts';
import { startPageServer, type PageServer } from '../../harness/run/page-server.ts';
import { toPageRequest } from '../../harness/schedule/cell-request.ts';
import type { RawRun, RendererInfo } from '../../harness/page/protocol.ts';
import type { RunMetrics } from '../../harness/metrics/types.ts';
import type { Schedule } from '../../harness/schedule/types.ts';
import { findScenario, loadScenarioText } from '../../scenarios/index.ts';

export interface Session {
  browser: Browser;
  server: PageServer;
  close(): Promise<void>;
}

/** How long the page waits for a missing marker after the last due time (tests of complete renderers never wait it). */
export const TEST_SETTLE_MS = 3_000;
/** A run may take this long beyond its last due time. */
const RUN_TIMEOUT_MS = 60_000;

export async function openSession(): Promise<Session> {
  const server = await startPageServer();
  const browser = await launchChromium();
  return {
    browser,
    server,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export function scenarioSchedule(name: string, tokPerS: number, maxTokens: number | null, seed = 1): Schedule {
  const def = findScenario(name);
  if (!def) throw new Error(`no scenario ${name}`);
  const rate = { name: String(tokPerS), tokPerS, ttftMs: 100 };
  return buildSchedule({ scenario: name, format: def.format, text: loadScenarioText(def), rate, seed, maxTokens });
}

/** One run in a fresh context, as the suite runs it. `settleMs`: shorter for renderers that never show the text. */
export async function runRenderer(
  session: Session,
  renderer: string,
  schedule: Schedule,
  timeoutMs = RUN_TIMEOUT_MS,
  settleMs = TEST_SETTLE_MS,
): Promise<RawRun> {
  const outcome = await runInFreshContext(session.browser, toPageRequest(renderer, schedule, settleMs), {
    pageUrl: session.server.pageUrl,
    cpuThrottle: 1,
    timeoutMs: schedule.lastDueMs + timeoutMs,
  });
  if (!outcome.ok) throw new Error(`${renderer}: ${outcome.error}`);
  return outcome.raw;
}

export async function measure(
  session: Session,
  renderer: string,
  schedule: Schedule,
  settleMs = TEST_SETTLE_MS,
): Promise<{ raw: RawRun; metrics: RunMetrics }> {
  const raw = await runRenderer(session, renderer, schedule, RUN_TIMEOUT_MS, settleMs);
  return { raw, metrics: computeRunMetrics(raw) };
}

/** A context sized like the suite's, for runInNewPage. */
export function measuringContext(session: Session): Promise<BrowserContext> {
  return session.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DEVICE_SCALE_FACTOR });
}

async function openHarnessPage(context: BrowserContext, pageUrl: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, { timeout: 30_000 });
  return page;
}

/**
 * Runs `schedules` one after another with one renderer in one new page of `context` (fresh module instances and
 * DOM, without a fresh context's cold cache: the page loads once instead of once per run). A chat page renders
 * many messages, so a renderer must work for several runs in one page. Each entry is the run or why it failed.
 */
export async function runInNewPage(
  session: Session,
  context: BrowserContext,
  renderer: string,
  schedules: readonly Schedule[],
): Promise<Array<RawRun | Error>> {
  let page: Page | null = null;
  try {
    page = await openHarnessPage(context, session.server.pageUrl);
    const runs: Array<RawRun | Error> = [];
    for (const schedule of schedules)
      runs.push(await runInPage(page, toPageRequest(renderer, schedule, TEST_SETTLE_MS), schedule));
    return runs;
  } catch (error) {
    return schedules.map(() => (error instanceof Error ? error : new Error(String(error))));
  } finally {
    // A renderer that hung its page must not hang the test's clean-up.
    await Promise.race([page?.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}

async function runInPage(
  page: Page,
  request: ReturnType<typeof toPageRequest>,
  schedule: Schedule,
): Promise<RawRun | Error> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(
      () => resolve(new Error(`${request.renderer}: run did not finish`)),
      schedule.lastDueMs + RUN_TIMEOUT_MS,
    );
  });
  try {
    const run = page.evaluate((req) => window.streambench.run(req), request);
    return await Promise.race([
      run.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every renderer's metadata (or import error), and the text each of `names` must end with for each source (its
 * expectedText, computed in the page since it may need the DOM; null: the renderer is broken), from one page.
 */
export async function pageFacts(
  session: Session,
  context: BrowserContext,
  names: readonly string[],
  sources: readonly string[],
): Promise<{ renderers: RendererInfo[]; expected: Map<string, Array<string | null>> }> {
  const page = await openHarnessPage(context, session.server.pageUrl);
  try {
    const facts = await page.evaluate(
      async ({ names, texts }) => {
        // Inline arrows only: a named function here would be compiled with a helper the page lacks.
        const renderers = await window.streambench.renderers();
        const expected = await Promise.all(
          names.map((name) =>
            Promise.all(texts.map((t) => window.streambench.expectedText(name, t).catch(() => null))),
          ),
        );
        return { renderers, expected };
      },
      { names: [...names], texts: [...sources] },
    );
    return { renderers: facts.renderers, expected: new Map(names.map((n, i) => [n, facts.expected[i] ?? []])) };
  } finally {
    await page.close();
  }
}

/** `fn` over `items`, at most `limit` at a time, results in input order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const normalizeSpace = (s: string): string => s.replace(/\s+/g, ' ').trim();
