// One browser + page server for a suite. Runs each request in a fresh context, relaunches Chromium when a
// hung renderer leaves it unusable, and gives up a run at once when the suite is interrupted. An external runner
// (app mode: a real app as the renderer `app:<name>`) runs its renderer's requests in the same browser; when it
// is the only renderer, the measured page is built and served only if something asks for it.
import type { Browser, BrowserContext } from 'playwright';
import { DEVICE_SCALE_FACTOR, launchChromium, VIEWPORT, type ResolvedBrowser } from './browser.ts';
import { loadHarnessPage, runInFreshContext, type RunOutcome } from './fresh-context.ts';
import { startPageServer, type PageServer } from './page-server.ts';
import type { PageRunRequest } from '../page/protocol.ts';
import type { RendererResult } from '../results/types.ts';
import { packageVersions } from '../renderer/versions.ts';

/** Runs the requests of one renderer that is not a page of the zoo (app mode's `app:<name>`). */
export interface ExternalRunner {
  readonly info: RendererResult;
  run(
    browser: Browser,
    request: PageRunRequest,
    options: { cpuThrottle: number; timeoutMs: number },
  ): Promise<RunOutcome>;
}

export class BrowserSession {
  private constructor(
    private browser: Browser,
    /** The measured page's server: started at open when a renderer of the zoo runs, else at first need. */
    private server: Promise<PageServer> | null,
    private readonly resolved: ResolvedBrowser,
    private readonly aborted: Promise<'aborted'>,
    private readonly onLog: (line: string) => void,
    private readonly external: ExternalRunner | undefined,
  ) {}

  static async open(
    resolved: ResolvedBrowser,
    signal: AbortSignal | undefined,
    onLog: (line: string) => void,
    external?: ExternalRunner,
    /** false: only the external runner's renderer runs (app mode alone), so the page is built only if needed. */
    pageNeeded = true,
  ): Promise<BrowserSession> {
    const server = pageNeeded ? await startPageServer() : null;
    try {
      const browser = await launchChromium(resolved);
      const aborted = new Promise<'aborted'>((resolve) => {
        if (signal?.aborted) resolve('aborted');
        signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
      });
      return new BrowserSession(browser, server && Promise.resolve(server), resolved, aborted, onLog, external);
    } catch (error) {
      await server?.close().catch(() => {});
      throw error;
    }
  }

  get version(): string {
    return this.browser.version();
  }

  /** Runs one request; 'aborted' when the suite was interrupted meanwhile (the run is abandoned). */
  async run(
    request: PageRunRequest,
    cpuThrottle: number,
    timeoutMs: number,
    traceCategories?: readonly string[],
  ): Promise<RunOutcome | 'aborted'> {
    const outcome = await Promise.race([
      this.external?.info.name === request.renderer
        ? this.external.run(this.browser, request, { cpuThrottle, timeoutMs })
        : this.pageUrl().then((pageUrl) =>
            runInFreshContext(this.browser, request, {
              pageUrl,
              cpuThrottle,
              timeoutMs,
              ...(traceCategories ? { traceCategories } : {}),
            }),
          ),
      this.aborted,
    ]);
    if (outcome !== 'aborted' && (outcome.browserUnhealthy || !this.browser.isConnected())) {
      this.onLog('browser did not recover from a hung renderer: relaunching it');
      await this.browser.close().catch(() => {});
      this.browser = await launchChromium(this.resolved);
    }
    return outcome;
  }

  /**
   * rAF timestamps and start times over `durationMs` on the harness page with nothing streaming (the idle
   * noise floor).
   */
  async idleFrames(durationMs: number): Promise<{ rafTimestampsMs: number[]; rafStartMs: number[] }> {
    const context = await this.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DEVICE_SCALE_FACTOR });
    try {
      const page = await context.newPage();
      await loadHarnessPage(page, await this.pageUrl());
      return await page.evaluate((ms) => window.streambench.idleFrames(ms), durationMs);
    } finally {
      await context.close();
    }
  }

  /** Runs `use` with a new context of the suite's browser (closed afterwards): the safety check's pages. */
  async inContext<T>(use: (context: BrowserContext, pageUrl: string) => Promise<T>): Promise<T> {
    const context = await this.browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: DEVICE_SCALE_FACTOR });
    try {
      return await use(context, await this.pageUrl());
    } finally {
      await context.close().catch(() => {});
    }
  }

  /** The wanted renderers' metadata (or import errors), with their packages' installed versions. */
  async renderers(wanted: readonly string[]): Promise<RendererResult[]> {
    const external = this.external && wanted.includes(this.external.info.name) ? [this.external.info] : [];
    if (external.length === wanted.length) return external;
    const context = await this.browser.newContext();
    try {
      const page = await context.newPage();
      await loadHarnessPage(page, await this.pageUrl());
      const all = await page.evaluate(() => window.streambench.renderers());
      return all
        .filter((r) => wanted.includes(r.name))
        .map(({ packages, ...r }) => ({ ...r, ...(packages ? { packages: packageVersions(packages) } : {}) }))
        .concat(external);
    } finally {
      await context.close();
    }
  }

  /** The measured page's URL, its server started (and the page built) on first need. */
  private async pageUrl(): Promise<string> {
    this.server ??= startPageServer();
    return (await this.server).pageUrl;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => {});
    await this.server?.then((s) => s.close()).catch(() => {});
  }
}
