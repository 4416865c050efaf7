// One app run, as run/fresh-context.ts runs a renderer: a fresh browser context with the probe injected before any
// page script, the app loaded, the probe started on the answer element (or the whole document), the question asked
// while the mock provider streams the run's schedule, then the probe's timeline moved to stream time (app-raw.ts).
// A run that shows no streamed text fails with "the app never showed the streamed text", its likely causes, and a
// screenshot and the console log saved in the output folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { DEVICE_SCALE_FACTOR, VIEWPORT } from '../run/browser.ts';
import type { RunOutcome } from '../run/fresh-context.ts';
import type { PageRunRequest } from '../page/protocol.ts';
import { AppError, type AppConfig } from './config.ts';
import { appRawRun, pageT0, type PageClock } from './app-raw.ts';
import type { AppFailFast, AppProbeApi, AppProbeResult } from './probe-entry.ts';
import type { ExpectedStream, ProviderLink } from './provider-link.ts';
import type { ServedStream } from '../provider/mock-provider.ts';
import { driveRun } from '../run/interaction.ts';
import { composerOf, focusComposer, publishStreamOrigin } from './app-interaction.ts';

/** How long the app gets to load and show its input, and to send its request once asked. */
const LOAD_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** How long the ask selectors may take to appear after the page's load event (a client-rendered composer). */
const SELECTOR_TIMEOUT_MS = 10_000;
/** Frames to keep watching after the last marker shows, as the renderer page does. */
const TAIL_FRAMES = 3;

export interface AppRunSetup {
  config: AppConfig;
  /** The app's URL, placeholders filled in. */
  url: string;
  probeScript: string;
  provider: ProviderLink;
  /** Where a failed run's screenshot and console log go (null: nowhere). */
  outDir: string | null;
}

type ProbeWindow = Window & { __streambenchApp: AppProbeApi };

/** Console messages and page errors, for the log saved with a failure. */
function consoleLog(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  page.on('requestfailed', (r) => lines.push(`[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  return lines;
}

/** The page's clock against Node's: the round trip with the smallest delay of a few. */
async function measureClock(page: Page): Promise<PageClock> {
  let best = { rtt: Infinity, offsetMs: 0, timeOrigin: 0 };
  for (let i = 0; i < 5; i++) {
    const before = performance.timeOrigin + performance.now();
    const c = await page.evaluate(() => (window as unknown as ProbeWindow).__streambenchApp.clock());
    const after = performance.timeOrigin + performance.now();
    if (after - before < best.rtt)
      best = { rtt: after - before, offsetMs: c.timeOrigin + c.now - (before + after) / 2, timeOrigin: c.timeOrigin };
  }
  // Within the round trip's uncertainty the clocks agree (both are the system clock): no correction then.
  const offsetMs = Math.abs(best.offsetMs) <= best.rtt / 2 ? 0 : best.offsetMs;
  return { timeOrigin: best.timeOrigin, offsetMs };
}

/** Loads the app and checks the selectors the run needs (`composer`: typing's too); an AppError names what's wrong. */
async function openApp(page: Page, setup: AppRunSetup, composer: string | null): Promise<void> {
  const { config, url } = setup;
  try {
    await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new AppError(`the app at ${url} is unreachable (${message.replace(/^page\.goto: /, '')})`);
  }
  const ask = config.ask;
  const fromAsk = typeof ask === 'object' && 'input' in ask;
  const selectors = [
    ['ask.input', fromAsk ? ask.input : undefined],
    ['ask.send', fromAsk ? ask.send : undefined],
    ['composer', composer !== null && config.composer === composer ? composer : undefined],
  ] as const;
  for (const [key, selector] of selectors) {
    if (selector === undefined) continue;
    const found = await page.waitForSelector(selector, { timeout: SELECTOR_TIMEOUT_MS }).catch(() => null);
    if (!found) throw new AppError(`the ${key} selector "${selector}" matches nothing on ${url}`);
  }
}

async function askQuestion(page: Page, config: AppConfig): Promise<void> {
  const { ask, question } = config;
  if (typeof ask === 'function') await ask(page, question);
  else if ('script' in ask)
    await page.evaluate(({ script, q }) => new Function('question', script)(q) as unknown, {
      script: ask.script,
      q: question,
    });
  else {
    await page.fill(ask.input, question);
    if (ask.send) await page.click(ask.send);
    else await page.press(ask.input, 'Enter');
  }
}

/** A run that showed no streamed text: saved with a screenshot and the console log before it is reported. */
class NeverShownError extends AppError {}

/**
 * Refusals of the app's requests by the mock provider that the page saw (a browser-direct app in the wrong
 * format or path): the mock's 400/404 body says what it expected.
 */
function watchRefusals(page: Page, provider: ProviderLink): () => string | null {
  let refusal: string | null = null;
  page.on('response', (response) => {
    if (refusal !== null || !response.url().startsWith(provider.url) || response.status() < 400) return;
    refusal = `HTTP ${response.status()}`;
    void response
      .text()
      .then((body) => (refusal = `HTTP ${response.status()}: ${body.replace(/\s+/g, ' ').slice(0, 200)}`))
      .catch(() => {});
  });
  return () => refusal;
}

/** Waits until the mock has received the app's request; the error says why it may not have. */
async function streamStart(expected: ExpectedStream, setup: AppRunSetup, refused: () => string | null): Promise<void> {
  const deadline = performance.now() + REQUEST_TIMEOUT_MS;
  while (!expected.started()) {
    const refusal = refused();
    if (refusal !== null) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // the refusal's body
      throw new NeverShownError(`${neverShown(setup, false)}; the mock refused the app's request (${refused()})`);
    }
    if (performance.now() > deadline) throw new NeverShownError(neverShown(setup, false));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The failure line for a run that showed no streamed text, with its likely causes. */
function neverShown(setup: AppRunSetup, requested: boolean): string {
  const { config, provider } = setup;
  const baseUrl = config.format === 'openai' ? provider.baseUrlOpenAI : provider.url;
  const causes = requested
    ? [
        `the app did not render the stream it received (is "format": "${config.format}" what it speaks?)`,
        config.answer
          ? `the answer selector "${config.answer}" is not where the answer appears`
          : 'the answer is drawn where the probe cannot read text (canvas, cross-origin frame)',
      ]
    : [
        `the app's base URL is not pointed at the mock provider (${baseUrl}: set it through "env" or the URL ` +
          'with {{baseUrl}})',
        `the wrong format (the app speaks another API than "${config.format}")`,
        'the question was not sent (check "ask")',
      ];
  return `the app never showed the streamed text; likely causes: ${causes.join('; ')}`;
}

/** Saves the page's screenshot and console log for a failed run; returns where, for the message. */
async function saveEvidence(page: Page, log: readonly string[], outDir: string | null): Promise<string> {
  if (!outDir) return '';
  const dir = join(outDir, 'app-failure');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'screenshot.png'), fullPage: true }).catch(() => {});
  writeFileSync(join(dir, 'console.log'), `${log.join('\n')}\n`);
  return ` (screenshot and console log in ${dir})`;
}

/** The sweep's fail-fast budget with each marker's due time on the page's clock; null without one. */
function failFastOf(request: PageRunRequest, served: ServedStream, clock: PageClock): AppFailFast | null {
  if (!request.failFast) return null;
  const t0 = pageT0(served, clock);
  const { ttvBudgetMs, maxLateMarkers } = request.failFast;
  return { duePageMs: request.markers.map((m) => t0 + m.dueMs), budgetMs: ttvBudgetMs, maxLate: maxLateMarkers };
}

/** The renderer page's words for a run stopped by the fail-fast budget. */
function lateLine(request: PageRunRequest, budgetMs: number): string {
  return `more than ${request.failFast?.maxLateMarkers} markers not visible ${budgetMs} ms after due`;
}

/** Starts the probe, asks the question and waits for the stream to be shown (or the settle timeout). */
async function measure(page: Page, request: PageRunRequest, setup: AppRunSetup) {
  const { config, provider } = setup;
  // An interaction run types into the app's own composer (typing pass only) and starts its observers with the probe.
  const composer = request.interaction?.typing ? composerOf(config) : null;
  await openApp(page, setup, composer);
  const clock = await measureClock(page);
  const interaction = request.interaction ? { request: request.interaction, composer } : undefined;
  const start = { markers: request.markers.map((m) => m.text), answerSelector: config.answer, interaction };
  const startError = await page.evaluate((s) => (window as unknown as ProbeWindow).__streambenchApp.start(s), start);
  if (startError) throw new AppError(`${startError} on ${setup.url}`);
  const refused = watchRefusals(page, provider);
  const expected = await provider.expect(request);
  await askQuestion(page, config);
  if (composer !== null) await focusComposer(page, composer);
  await streamStart(expected, setup, refused);
  const served = expected.started() as ServedStream;
  if (interaction) await publishStreamOrigin(page, served.receivedAtMs);
  const lastDue = request.chunks.at(-1)?.dueMs ?? 0;
  const nodeNow = performance.timeOrigin + performance.now();
  const waitMs = Math.max(0, served.receivedAtMs + lastDue + request.settleTimeoutMs - nodeNow);
  const failFast = failFastOf(request, served, clock);
  const outcome = await page.evaluate(
    ({ ms, f }) => (window as unknown as ProbeWindow).__streambenchApp.allVisible(ms, f),
    { ms: waitMs, f: failFast },
  );
  const ended = await Promise.race([expected.ended, new Promise<null>((r) => setTimeout(() => r(null), 2_000))]);
  const observed: AppProbeResult | null = await page.evaluate(
    (n) => (window as unknown as ProbeWindow).__streambenchApp.stop(n),
    TAIL_FRAMES,
  );
  if (!observed) throw new Error('the probe was not running at the end of the run');
  if (observed.result.commitMs.every((c) => c === null)) throw new NeverShownError(neverShown(setup, true));
  const stoppedEarly = outcome === 'late' && failFast ? lateLine(request, failFast.budgetMs) : null;
  return appRawRun(request, ended ?? served, observed, clock, { timedOut: outcome === 'timeout', stoppedEarly });
}

/** One app run in a fresh context; an AppError (bad app or config) is rethrown, anything else fails the run. */
export async function runApp(
  browser: Browser,
  request: PageRunRequest,
  options: { cpuThrottle: number; timeoutMs: number },
  setup: AppRunSetup,
): Promise<RunOutcome> {
  if (request.calls) throw new AppError('app mode streams one answer per question: agent-loop scenarios do not apply');
  const context: BrowserContext = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: DEVICE_SCALE_FACTOR,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await context.addInitScript({ content: setup.probeScript });
    const page = await context.newPage();
    const log = consoleLog(page);
    if (options.cpuThrottle !== 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuThrottle });
    }
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`app run did not finish within ${options.timeoutMs / 1000} s`)),
        options.timeoutMs + LOAD_TIMEOUT_MS,
      );
    });
    const measured = measure(page, request, setup).catch(async (error: unknown) => {
      if (!(error instanceof NeverShownError)) throw error;
      throw new AppError(error.message + (await saveEvidence(page, log, setup.outDir)));
    });
    // Interaction runs: real input from Node while the run plays, on the stream clock Node publishes to the page.
    const driver = driveRun(page, request, measured, setup.config.question);
    const played = await Promise.race([measured, timeout]);
    const raw = driver ? await driver.withDriver(played) : played;
    return { ok: true, raw, browserUnhealthy: false };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    return { ok: false, error: message, browserUnhealthy: false };
  } finally {
    clearTimeout(timer);
    await context.close().catch(() => {});
  }
}
