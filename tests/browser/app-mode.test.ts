// App mode end to end, functional (no timing asserted): both examples in examples/ started by their configs'
// commands, pointed at the mock provider, asked a question in one shared Chromium and measured by the injected
// probe into a RawRun the metrics read like a renderer's; then the bad inputs, each one AppError line before any
// cell runs (unreachable URL, a start command that exits, a selector that matches nothing, text never shown, the
// wrong format), and the CLI's exit code 2 for a bad config.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/run/browser.ts';
import { freePort, PROJECT_ROOT } from '../../harness/run/page-server.ts';
import { cliCommand } from '../support/cli-command.ts';
import { AppError, checkAppConfig, loadAppConfig, type AppConfig } from '../../harness/app/config.ts';
import { openAppSession } from '../../harness/app/app-session.ts';
import { appProbeScript } from '../../harness/app/probe-bundle.ts';
import type { AppProbeApi } from '../../harness/app/probe-entry.ts';
import { openProviderLink, type ProviderLink } from '../../harness/app/provider-link.ts';
import { computeRunMetrics } from '../../harness/metrics/run-metrics.ts';
import { buildCellSchedule, toPageRequest } from '../../harness/schedule/cell-request.ts';
import type { PageRunRequest } from '../../harness/page/protocol.ts';

const EXAMPLES = ['browser-direct', 'relayed'];
const RATE = { name: 'kimi-k2.6-cerebras', tokPerS: 981, ttftMs: 180 };
const example = (name: string): string => join(PROJECT_ROOT, 'examples', name, 'streambench.app.json');

function quickRequest(renderer: string, tokens = 100, settleMs = 3_000): PageRunRequest {
  const schedule = buildCellSchedule({ seed: 1, tokensPerChunk: 1, jitter: 0 }, 'markdown-answer', RATE, tokens);
  return toPageRequest(renderer, schedule, settleMs);
}

/** The example's config with some fields replaced (as if its JSON said so). */
async function variant(name: string, change: Partial<AppConfig>): Promise<AppConfig> {
  return { ...(await loadAppConfig(example(name))), ...change };
}

/** Opens a session on `config` and runs its preflight; the AppError's message, or null when it passed. */
async function failureOf(
  browser: Browser,
  provider: ProviderLink,
  config: AppConfig,
  outDir: string | null = null,
): Promise<string | null> {
  let session;
  try {
    session = await openAppSession(config, { outDir, log: () => {}, provider });
    await session.preflight(browser, quickRequest(session.renderer, 60, 1_000));
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.message;
  } finally {
    await session?.close();
  }
}

describe('app mode', () => {
  let browser: Browser;
  let provider: ProviderLink;
  let outDir: string;
  beforeAll(async () => {
    [browser, provider] = await Promise.all([launchChromium(), openProviderLink()]);
    outDir = mkdtempSync(join(tmpdir(), 'streambench-app-'));
  });
  afterAll(async () => {
    await provider?.close();
    await browser?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  for (const name of EXAMPLES) {
    it(`measures examples/${name} like a renderer: each marker committed, then visible, in the text`, async () => {
      const session = await openAppSession(await loadAppConfig(example(name)), { outDir, log: () => {}, provider });
      try {
        const request = quickRequest(session.renderer);
        const outcome = await session.external.run(browser, request, { cpuThrottle: 1, timeoutMs: 60_000 });
        if (!outcome.ok) throw new Error(outcome.error);
        const { raw } = outcome;
        expect(raw.chunks.every((c) => c.sentMs !== null)).toBe(true);
        for (const m of raw.markers) {
          expect(m.commitMs).not.toBeNull();
          expect(m.visibleMs!).toBeGreaterThanOrEqual(m.commitMs!);
          expect(raw.finalVisibleText).toContain(m.text);
        }
        const metrics = computeRunMetrics(raw);
        expect(metrics.markersVisible).toBe(request.markers.length);
        expect(metrics.textComplete).toBe(true);
        expect(session.external.info.name).toBe(`app:${name}`);
      } finally {
        await session.close();
      }
    });
  }

  it("a .ts config's ask function drives an app on the Anthropic format (backend on @anthropic-ai/sdk)", async () => {
    const file = join(PROJECT_ROOT, 'tests/fixtures/app-anthropic/streambench.app.ts');
    const session = await openAppSession(await loadAppConfig(file), { outDir, log: () => {}, provider });
    try {
      const request = quickRequest(session.renderer);
      const outcome = await session.external.run(browser, request, { cpuThrottle: 1, timeoutMs: 60_000 });
      if (!outcome.ok) throw new Error(outcome.error);
      expect(computeRunMetrics(outcome.raw).markersVisible).toBe(request.markers.length);
    } finally {
      await session.close();
    }
  });

  it("a sweep's fail-fast budget stops an app run as soon as too many markers are late", async () => {
    const session = await openAppSession(await loadAppConfig(example('browser-direct')), {
      outDir,
      log: () => {},
      provider,
    });
    try {
      // No marker can be visible within 0.01 ms of its due time: the first one due fails the budget.
      const request = { ...quickRequest(session.renderer), failFast: { ttvBudgetMs: 0.01, maxLateMarkers: 0 } };
      const outcome = await session.external.run(browser, request, { cpuThrottle: 1, timeoutMs: 60_000 });
      if (!outcome.ok) throw new Error(outcome.error);
      expect(outcome.raw.stoppedEarly).toMatch(/markers not visible 0.01 ms after due/);
      expect(outcome.raw.timedOut).toBe(false);
    } finally {
      await session.close();
    }
  });

  it('fail-fast counts markers shown late before its check began (the whole stream shown first)', async () => {
    // The order a loaded machine can produce: the stream is shown before Node asks the probe to wait for it.
    const page = await browser.newPage();
    try {
      await page.setContent('<main id="answer"></main>');
      await page.addScriptTag({ content: await appProbeScript(() => {}) });
      type Api = { __streambenchApp: AppProbeApi };
      const outcomes = await page.evaluate(async () => {
        const api = (window as unknown as Api).__streambenchApp;
        api.start({ markers: ['⟦1⟧', '⟦2⟧'], answerSelector: '#answer', interaction: undefined });
        const due = performance.now();
        document.getElementById('answer')!.textContent = 'alpha ⟦1⟧ beta ⟦2⟧';
        await new Promise((r) => setTimeout(r, 200));
        const wait = (budgetMs: number) => api.allVisible(5_000, { duePageMs: [due, due], budgetMs, maxLate: 0 });
        return [await wait(0.01), await wait(60_000)];
      });
      expect(outcomes).toEqual(['late', 'all']);
    } finally {
      await page.close();
    }
  });

  it('an unreachable URL is one line naming it', async () => {
    const url = `http://127.0.0.1:${await freePort()}/`;
    const config = checkAppConfig({ url, ask: { input: '#q' } }, join(outDir, 'streambench.app.json'));
    expect(await failureOf(browser, provider, config)).toMatch(new RegExp(`the app at ${url} is unreachable`));
  });

  it('a start command that exits is one line with the tail of its stderr', async () => {
    const start = `node -e "console.error('OPENAI_API_KEY is missing'); process.exit(3)"`;
    const config = await variant('browser-direct', { start });
    const message = await failureOf(browser, provider, config);
    expect(message).toContain('exited (code 3)');
    expect(message).toContain('OPENAI_API_KEY is missing');
  });

  it('a selector that matches nothing is named', async () => {
    const message = await failureOf(browser, provider, await variant('browser-direct', { answer: '#no-such-answer' }));
    expect(message).toContain('"#no-such-answer" matches nothing');
  });

  it('text never shown: the likely causes, a screenshot and the console log in the output folder', async () => {
    // The answer selector names the composer, which never holds the answer.
    const message = await failureOf(browser, provider, await variant('browser-direct', { answer: '#ask' }), outDir);
    expect(message).toMatch(/^the app never showed the streamed text; likely causes: .*"#ask"/);
    expect(existsSync(join(outDir, 'app-failure', 'screenshot.png'))).toBe(true);
    expect(existsSync(join(outDir, 'app-failure', 'console.log'))).toBe(true);
  });

  it('the wrong format: the mock refuses the request (asked by a script) and the line says so', async () => {
    // An OpenAI app configured as Anthropic: its SDK posts to the provider's root + /chat/completions. Asked by a
    // script this time (the refusal shows the script sent the question).
    const script = "document.getElementById('question').value = question; document.getElementById('send').click();";
    const config = await variant('browser-direct', { format: 'anthropic', ask: { script } });
    const message = await failureOf(browser, provider, config);
    expect(message).toMatch(/never showed the streamed text.*base URL.*the mock refused the app's request \(HTTP 4/);
  });

  it('the CLI turns a bad config into one line and exit code 2, before any browser starts', () => {
    const file = join(outDir, 'bad.app.json');
    writeFileSync(file, JSON.stringify({ url: 'http://127.0.0.1:1/', ask: { input: '#q' }, format: 'grpc' }));
    const run = spawnSync(...cliCommand('bench', ['--app', file, '--out', join(outDir, 'cli')]), {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'streambench: bad.app.json: "format" must be "openai" or "anthropic", not "grpc"',
    ]);
  });
});
