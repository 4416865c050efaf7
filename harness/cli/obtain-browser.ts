// When no Chromium is found, `npm run bench` tries to get one and says what it did: Playwright's own
// download where the network allows it, else Debian/Ubuntu's chromium package when running as root.
import { spawnSync } from 'node:child_process';
import { BrowserNotFoundError, resolveChromium, type ResolvedBrowser } from '../run/browser.ts';

function tryResolve(): ResolvedBrowser | null {
  try {
    return resolveChromium();
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return null;
    throw error;
  }
}

function run(command: string, args: string[], log: (line: string) => void): boolean {
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: 10 * 60_000 });
  return result.status === 0;
}

export function obtainChromium(log: (line: string) => void): ResolvedBrowser {
  const found = tryResolve();
  if (found) return found;
  log('No Chromium found: trying to install one.');
  if (run('npx', ['--no-install', 'playwright', 'install', 'chromium'], log)) {
    const got = tryResolve();
    if (got) {
      log(`Installed Playwright's Chromium: ${got.path}`);
      return got;
    }
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    run('apt-get', ['update', '-qq'], log);
    if (run('apt-get', ['install', '-y', '-qq', 'chromium'], log)) {
      const got = tryResolve();
      if (got) {
        log(`Installed Debian's chromium package: ${got.path}`);
        return got;
      }
    }
  }
  return resolveChromium(); // throws BrowserNotFoundError naming both ways
}
