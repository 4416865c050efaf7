// `npm run bench -- --app FILE`: loads the app's config, checks the suite suits an app (one answer per question),
// opens the app session (mock provider, the app's process, the probe) and runs the preflight in a browser of its
// own, so a bad URL, selector or base URL is one line before any cell runs. Adds the app's renderer to the suite.
import { basename, relative } from 'node:path';
import { launchChromium, type ResolvedBrowser } from '../run/browser.ts';
import { buildCellSchedule, parseScenarioVariant, toPageRequest, WARMUP_TOKENS } from '../schedule/cell-request.ts';
import { streamOptions } from '../run/suite-plan.ts';
import type { SuiteConfig } from '../results/types.ts';
import { AppError, loadAppConfig, type AppConfig } from './config.ts';
import { composerOf } from './app-interaction.ts';
import { openAppSession, type AppSession } from './app-session.ts';

/** How long the preflight waits for a missing marker after the last due time. */
const PREFLIGHT_SETTLE_MS = 5_000;

function checkScenarios(config: SuiteConfig, app: AppConfig): void {
  for (const scenario of config.scenarios) {
    const { def } = parseScenarioVariant(scenario);
    if (def.agentLoop)
      throw new AppError(`scenario "${scenario}" is an agent loop (several calls): app mode asks one question`);
  }
  if (config.trace) throw new AppError('--trace does not apply to --app yet');
  // The interaction script types into the app's own composer: an app asked by a script names it.
  if (config.interact && composerOf(app) === null)
    throw new AppError(`${basename(app.file)}: --interact types into the app's input: add "composer": SELECTOR`);
}

export async function prepareApp(
  file: string,
  config: SuiteConfig,
  options: { outDir: string; log: (line: string) => void; browser: ResolvedBrowser },
): Promise<AppSession> {
  const app = await loadAppConfig(file);
  checkScenarios(config, app);
  const session = await openAppSession(app, { outDir: options.outDir, log: options.log });
  try {
    const [scenario = 'markdown-answer'] = config.scenarios;
    const [rate] = config.rates;
    if (!rate) throw new AppError('no rate to stream at');
    const schedule = buildCellSchedule(streamOptions(config), scenario, rate, WARMUP_TOKENS);
    const browser = await launchChromium(options.browser);
    try {
      options.log(`app: preflight run (${WARMUP_TOKENS} tokens of ${scenario})`);
      await session.preflight(browser, toPageRequest(session.renderer, schedule, PREFLIGHT_SETTLE_MS));
    } finally {
      await browser.close().catch(() => {});
    }
  } catch (error) {
    await session.close();
    throw error;
  }
  config.renderers.push(session.renderer);
  config.app = { name: app.name, file: relative(process.cwd(), app.file), url: app.url, format: app.format };
  return session;
}
