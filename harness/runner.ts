// Runs one measured stream in a fresh browser context and returns the page's raw timeline.
import type { Browser, BrowserContext } from 'playwright';
import { VIEWPORT } from './browser.ts';
import type { PageRunRequest, RawRun } from './types.ts';

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
  /** Called with browser console errors and page errors outside the renderer's run. */
  onPageError?: (message: string) => void;
}

export type RunOutcome =
  | { ok: true; raw: RawRun; browserUnhealthy: boolean }
  /** `browserUnhealthy`: the context could not be closed (hung renderer): relaunch the browser. */
  | { ok: false; error: string; browserUnhealthy: boolean };

const delay = (ms: number): Promise<'timeout'> => new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));

export async function runInFreshContext(browser: Browser, request: PageRunRequest, options: RunOptions): Promise<RunOutcome> {
  const context: BrowserContext = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => options.onPageError?.(error.message));
    if (options.cpuThrottle !== 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuThrottle });
    }
    await page.goto(options.pageUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, { timeout: 30_000 });
    const result = page.evaluate((req) => window.streambench.run(req), request);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RunTimeoutError(options.timeoutMs)), options.timeoutMs);
    });
    const raw = await Promise.race([result, timeout]);
    return { ok: true, raw, browserUnhealthy: !(await closeWithin(context, 5_000)) };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    // A renderer stuck in an endless loop can keep the context from closing: don't wait forever.
    return { ok: false, error: message, browserUnhealthy: !(await closeWithin(context, 5_000)) };
  } finally {
    clearTimeout(timer);
  }
}

async function closeWithin(context: BrowserContext, ms: number): Promise<boolean> {
  const closed = await Promise.race([context.close().then(() => 'closed' as const, () => 'failed' as const), delay(ms)]);
  return closed === 'closed';
}
