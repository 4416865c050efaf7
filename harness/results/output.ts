// Where results go: a writable folder checked up front, atomic writes (an interrupted write never leaves a
// truncated results.json), raw timelines in a gzipped file beside it, and a stable pointer to the latest report.
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../run/page-server.ts';
import { appendRawTimelines, withoutRaw, writeRawTimelines } from './raw-file.ts';
import type { Results } from './types.ts';

export const REPORTS_DIR = join(PROJECT_ROOT, 'reports');
export const LATEST_LINK = join(REPORTS_DIR, 'latest');
export const LATEST_FILE = join(REPORTS_DIR, 'LATEST');

export function defaultOutDir(now = new Date()): string {
  return join(
    REPORTS_DIR,
    now
      .toISOString()
      .replace(/:/g, '-')
      .replace(/\.\d+Z$/, ''),
  );
}

/** Creates DIR if needed and proves it writable; throws a one-line error naming it otherwise. */
export function prepareOutDir(dir: string): string {
  const full = resolve(dir);
  try {
    if (statSync(full, { throwIfNoEntry: false })?.isFile()) throw new Error('it is a file');
    mkdirSync(full, { recursive: true });
    accessSync(full, constants.W_OK);
    const probe = join(full, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^[A-Z]+: /, '') : String(error);
    throw new Error(`cannot write to --out "${dir}": ${reason}`, { cause: error });
  }
  return full;
}

export function writeFileAtomic(path: string, content: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temp, content);
  renameSync(temp, path);
}

/**
 * DIR/results.json without the raw timelines, which go to DIR/raw.jsonl.gz (harness/results/raw-file.ts). `fresh`:
 * rewrite the timelines file whole (merge) instead of appending the runs new since the last call.
 */
export function writeResults(dir: string, results: Results, options: { fresh?: boolean } = {}): string {
  const rawFile = (options.fresh ? writeRawTimelines : appendRawTimelines)(dir, results);
  const path = join(dir, 'results.json');
  writeFileAtomic(path, `${JSON.stringify(withoutRaw(results, rawFile), null, 1)}\n`);
  return path;
}

/**
 * reports/latest -> the newest run's folder (symlink), and reports/LATEST with its path (for systems without symlinks).
 */
export function pointLatestAt(dir: string): void {
  mkdirSync(REPORTS_DIR, { recursive: true });
  writeFileAtomic(LATEST_FILE, `${dir}\n`);
  try {
    rmSync(LATEST_LINK, { force: true });
    symlinkSync(relative(REPORTS_DIR, dir) || '.', LATEST_LINK);
  } catch {
    // LATEST is enough for `npm run report`.
  }
}
