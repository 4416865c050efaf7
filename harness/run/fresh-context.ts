// Runs one measured stream in a fresh browser context and returns the page's raw timeline.
import type { Browser, BrowserContext, Page } from 'playwright';
import { DEVICE_SCALE_FACTOR, VIEWPORT } from './browser.ts';
import { startTrace, type RecordedTrace, type TraceRecorder } from './trace-recorder.ts';
import type { PageRunRequest, RawRun } from '../page/protocol.ts';
import { driveRun } from './interaction.ts';

export class RunTimeoutError extends Error {
  constructor(ms: number) {
    super(`run did not finish within ${Math.round(ms / 1000)} s (renderer hung or blocked the main thread)`);
    this.name = 'RunTimeoutError';
  }
}

export interface RunOptions {
  pageUrl: string;
  cpuThrottle: number;
  timeoutMs: number;
  /** Record a Chromium trace of the run with these categories (trace mode). */
  traceCategories?: readonly string[];
  /** Called with browser console errors and page errors outside the renderer's run. */
  onPageError?: (message: string) => void;
}

export type RunOutcome =
  | { ok: true; raw: RawRun; browserUnhealthy: boolean; trace?: RecordedTrace }
  /** `browserUnhealthy`: the context could not be closed (hung renderer): relaunch the browser. */
  | { ok: false; error: string; browserUnhealthy: boolean };

/** Loads the harness page and waits until its module has run (window.streambench is set). */
export async function loadHarnessPage(page: Page, pageUrl: string): Promise<void> {
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, { timeout: 30_000 });
}

const delay = (ms: number): Promise<'timeout'> => new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));

export async function runInFreshContext(
  browser: Browser,
  request: PageRunRequest,
  options: RunOptions,
): Promise<RunOutcome> {
  const context: BrowserContext = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: DEVICE_SCALE_FACTOR,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => options.onPageError?.(error.message));
    const cdp = await context.newCDPSession(page);
    if (options.cpuThrottle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuThrottle });
    await loadHarnessPage(page, options.pageUrl);
    // Traced from just before the run: page load and module evaluation stay out of the trace.
    const recorder: TraceRecorder | null = options.traceCategories
      ? await startTrace(cdp, options.traceCategories)
      : null;
    const result = page.evaluate((req) => window.streambench.run(req), request);
    // Interaction runs: real input from Node while the run plays (harness/run/interaction.ts).
    const driver = driveRun(page, request, result);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RunTimeoutError(options.timeoutMs)), options.timeoutMs);
    });
    const played = await Promise.race([result, timeout]);
    const raw = driver ? await driver.withDriver(played) : played;
    const trace = recorder ? await recorder.stop() : undefined;
    return { ok: true, raw, browserUnhealthy: !(await closeWithin(context, 5_000)), ...(trace ? { trace } : {}) };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    // A renderer stuck in an endless loop can keep the context from closing: don't wait forever.
    return { ok: false, error: message, browserUnhealthy: !(await closeWithin(context, 5_000)) };
  } finally {
    clearTimeout(timer);
  }
}

async function closeWithin(context: BrowserContext, ms: number): Promise<boolean> {
  const closed = await Promise.race([
    context.close().then(
      () => 'closed' as const,
      () => 'failed' as const,
    ),
    delay(ms),
  ]);
  return closed === 'closed';
}
