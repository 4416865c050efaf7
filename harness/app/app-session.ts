// An app-mode session: the mock provider, the app's process (when the config starts one) and the injected probe,
// set up once for the whole suite; a preflight run that turns every bad input into one line before any cell runs;
// and the external runner that runs the app's cells (renderer `app:<name>`) in the suite's browser.
import type { Browser } from 'playwright';
import type { ExternalRunner } from '../run/browser-session.ts';
import { freePort } from '../run/page-server.ts';
import type { PageRunRequest } from '../page/protocol.ts';
import { AppError, fillIn, fillInUrl, type AppConfig, type Placeholders } from './config.ts';
import { answers, startApp, type AppProcess } from './app-process.ts';
import { appProbeScript } from './probe-bundle.ts';
import { openProviderLink, type ProviderLink } from './provider-link.ts';
import { runApp, type AppRunSetup } from './app-run.ts';

export const APP_PREFIX = 'app:';

export interface AppSession {
  /** The renderer name of the app's cells. */
  readonly renderer: string;
  readonly external: ExternalRunner;
  /** One short run; throws an AppError line when the app cannot be measured. */
  preflight(browser: Browser, request: PageRunRequest): Promise<void>;
  close(): Promise<void>;
}

async function startIfNeeded(config: AppConfig, values: Placeholders, log: (l: string) => void) {
  const ready = fillInUrl(config.ready, values);
  if (!config.start) {
    const reached = await answers(ready);
    if (!reached.ok) throw new AppError(`the app at ${ready} is unreachable (${reached.error}); is it running?`);
    return null;
  }
  const env = Object.fromEntries(Object.entries(config.env).map(([k, v]) => [k, fillIn(v, values)]));
  const command = fillIn(config.start, values);
  log(`app: starting "${command}" in ${config.dir}, waiting for ${ready}`);
  return startApp(command, {
    cwd: config.dir,
    env: { PORT: String(values.port), ...env },
    ready,
    timeoutMs: config.startTimeoutMs,
  });
}

export interface AppSessionOptions {
  outDir: string | null;
  log: (line: string) => void;
  /** A provider to share (tests: one for many sessions; the session then leaves it open). */
  provider?: ProviderLink;
}

export async function openAppSession(config: AppConfig, options: AppSessionOptions): Promise<AppSession> {
  const { outDir, log, provider: shared } = options;
  const provider: ProviderLink = shared ?? (await openProviderLink());
  const own = shared ? null : provider;
  let app: AppProcess | null = null;
  try {
    const values: Placeholders = {
      baseUrl: config.format === 'openai' ? provider.baseUrlOpenAI : provider.url,
      providerUrl: provider.url,
      port: await freePort(),
    };
    const probeScript = await appProbeScript(log);
    app = await startIfNeeded(config, values, log);
    const setup: AppRunSetup = { config, url: fillInUrl(config.url, values), probeScript, provider, outDir };
    return session(config, setup, own, app);
  } catch (error) {
    await app?.stop();
    await own?.close();
    throw error;
  }
}

function session(config: AppConfig, setup: AppRunSetup, own: ProviderLink | null, app: AppProcess | null): AppSession {
  const renderer = `${APP_PREFIX}${config.name}`;
  // The first line that says the app cannot be measured fails every later run at once: no run is wasted on it.
  let fatal: string | null = null;
  const external: ExternalRunner = {
    info: { name: renderer, description: `your app at ${setup.url} (${config.file})`, output: 'markdown' },
    async run(browser, request, options) {
      if (fatal !== null) return { ok: false, error: fatal, browserUnhealthy: false };
      try {
        return await runApp(browser, request, options, setup);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        fatal = error.message;
        return { ok: false, error: fatal, browserUnhealthy: false };
      }
    },
  };
  return {
    renderer,
    external,
    async preflight(browser, request) {
      const outcome = await runApp(browser, { ...request, renderer }, { cpuThrottle: 1, timeoutMs: 60_000 }, setup);
      if (!outcome.ok) throw new AppError(`the app's first run failed: ${outcome.error}`);
    },
    async close() {
      await app?.stop();
      await own?.close();
    },
  };
}
