// The one place that finds and launches Chromium. Order: STREAMBENCH_CHROMIUM, Playwright's own
// Chromium (if `npx playwright install chromium` ever worked), then a system Chromium/Chrome.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Keep timers and rAF running at full rate even if Chromium thinks the page is hidden.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export const VIEWPORT = { width: 1280, height: 800 } as const;
export const DEVICE_SCALE_FACTOR = 1;

export interface ResolvedBrowser {
  path: string;
  source: 'env' | 'playwright' | 'system';
}

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/google-chrome'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export class BrowserNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `No Chromium found (${detail}). Install one: \`npx playwright install chromium\` where the network allows it, ` +
        `or on Debian/Ubuntu \`apt-get install -y chromium\`; or point STREAMBENCH_CHROMIUM at a Chromium/Chrome ` +
        `binary.`,
    );
    this.name = 'BrowserNotFoundError';
  }
}

export function resolveChromium(env: NodeJS.ProcessEnv = process.env): ResolvedBrowser {
  const override = env.STREAMBENCH_CHROMIUM;
  if (override) {
    if (!isExecutable(override))
      throw new BrowserNotFoundError(`STREAMBENCH_CHROMIUM=${override} is not an executable file`);
    return { path: override, source: 'env' };
  }
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return { path: own, source: 'playwright' };
  } catch {
    // Playwright throws when its browser registry has nothing installed: fall through.
  }
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name);
    if (found) return { path: found, source: 'system' };
  }
  for (const path of SYSTEM_PATHS) if (isExecutable(path)) return { path, source: 'system' };
  throw new BrowserNotFoundError(
    "looked at STREAMBENCH_CHROMIUM, Playwright's browsers, and chromium/google-chrome on PATH",
  );
}

export async function launchChromium(resolved: ResolvedBrowser = resolveChromium()): Promise<Browser> {
  // Playwright's own SIGINT/SIGTERM handlers would kill the browser and exit the process at once; the CLI
  // handles Ctrl-C itself so that finished runs are written out first.
  return chromium.launch({
    executablePath: resolved.path,
    headless: true,
    args: CHROMIUM_FLAGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
