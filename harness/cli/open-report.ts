// `npm run report`: open the latest report in a browser, or print its path where there is no display.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LATEST_FILE, LATEST_LINK } from '../results/output.ts';

function latestReport(): string | null {
  const candidates = [join(LATEST_LINK, 'index.html')];
  if (existsSync(LATEST_FILE)) candidates.push(join(readFileSync(LATEST_FILE, 'utf8').trim(), 'index.html'));
  return candidates.find((p) => existsSync(p)) ?? null;
}

function opener(): string | null {
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return 'explorer';
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : null;
}

const report = latestReport();
if (!report) {
  console.error('streambench: no report yet; run `npm run bench` first');
  process.exit(1);
}
const command = opener();
console.log(`Report: ${report}\n        ${pathToFileURL(report).href}`);
if (command) {
  const child = spawn(command, [report], { detached: true, stdio: 'ignore' });
  child.on('error', () => console.log('(could not start a browser: open the file above)'));
  child.unref();
} else {
  console.log('(no display found: open the file above in a browser)');
}
