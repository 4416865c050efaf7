// What a result was measured on: every figure is reported with the environment it ran in.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { CHROMIUM_FLAGS, DEVICE_SCALE_FACTOR, VIEWPORT, type ResolvedBrowser } from './browser.ts';
import { PROJECT_ROOT } from './page-server.ts';
import type { Environment } from '../results/types.ts';

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function playwrightVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../node_modules/playwright/package.json', import.meta.url), 'utf8'),
    ) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function collectEnvironment(options: {
  resolved: ResolvedBrowser;
  browserVersion: string;
  cpuThrottles: number[];
}): Promise<Environment> {
  const cpuList = cpus();
  return {
    chromiumVersion: options.browserVersion,
    chromiumPath: options.resolved.path,
    chromiumFlags: [...CHROMIUM_FLAGS],
    headless: true,
    viewport: { ...VIEWPORT },
    deviceScaleFactor: DEVICE_SCALE_FACTOR,
    cpuThrottles: [...options.cpuThrottles],
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    totalMemGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${platform()} ${release()}`,
    nodeVersion: process.version,
    playwrightVersion: playwrightVersion(),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: (git(['status', '--porcelain']) ?? '') !== '',
    date: new Date().toISOString(),
  };
}
