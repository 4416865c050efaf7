// A browser + page server shared by the tests in one file, driving the real harness page.
import type { Browser, Page } from 'playwright';
import { launchChromium } from '../../harness/run/browser.ts';
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
  return buildSchedule({ scenario: name, format: def.format, text: loadScenarioText(def), rate: { name: String(tokPerS), tokPerS, ttftMs: 100 }, seed, maxTokens });
}

export async function runRenderer(session: Session, renderer: string, schedule: Schedule, timeoutMs = 60_000): Promise<RawRun> {
  const outcome = await runInFreshContext(session.browser, toPageRequest(renderer, schedule, 3_000), {
    pageUrl: session.server.pageUrl,
    cpuThrottle: 1,
    timeoutMs: schedule.lastDueMs + timeoutMs,
  });
  if (!outcome.ok) throw new Error(`${renderer}: ${outcome.error}`);
  return outcome.raw;
}

export async function measure(session: Session, renderer: string, schedule: Schedule): Promise<{ raw: RawRun; metrics: RunMetrics }> {
  const raw = await runRenderer(session, renderer, schedule);
  return { raw, metrics: computeRunMetrics(raw) };
}

async function withPage<T>(session: Session, fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await session.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(session.server.pageUrl);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    return await fn(page);
  } finally {
    await context.close();
  }
}

/** What the page's registry reports (name, description, output kind). */
export function pageRenderers(session: Session): Promise<RendererInfo[]> {
  return withPage(session, (page) => page.evaluate(() => window.streambench.renderers()));
}

/** The text content a markdown renderer should end with, rendered by the page itself. */
export function expectedMarkdownText(session: Session, source: string): Promise<string> {
  return withPage(session, (page) => page.evaluate((text) => window.streambench.expectedMarkdownText(text), source));
}

export const normalizeSpace = (s: string): string => s.replace(/\s+/g, ' ').trim();
