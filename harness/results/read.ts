// Reading results back (compare, merge): a folder or a results.json, checked to be streambench results of this
// schema, with the raw timelines from the gzipped file beside it when asked. Every problem is one line naming
// the path (ResultsInputError; the CLIs exit 2 on it).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { attachRaw, readRawTimelines } from './raw-file.ts';
import type { Results } from './types.ts';
import { validateResults } from './validate.ts';

export class ResultsInputError extends Error {}

export interface LoadedResults {
  results: Results;
  /** The results.json read. */
  path: string;
  /** Its folder. */
  dir: string;
}

/** A folder means its results.json. */
export function resultsPathOf(arg: string): string {
  const full = resolve(arg);
  if (!existsSync(full)) throw new ResultsInputError(`no such file or folder: "${arg}"`);
  if (statSync(full).isDirectory()) {
    const inside = join(full, 'results.json');
    if (!existsSync(inside)) throw new ResultsInputError(`"${arg}" has no results.json`);
    return inside;
  }
  return full;
}

/** Parses and checks one results.json; `raw`: also read the raw timelines back into the runs. */
export function readResults(arg: string, options: { raw?: boolean } = {}): LoadedResults {
  const path = resultsPathOf(arg);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ResultsInputError(`"${arg}" is not streambench results: not JSON`);
  }
  const head = (data ?? {}) as { tool?: unknown; schemaVersion?: unknown };
  if (typeof data !== 'object' || head.tool !== 'streambench') {
    throw new ResultsInputError(`"${arg}" is not streambench results (no "tool": "streambench")`);
  }
  if (head.schemaVersion !== 1) {
    throw new ResultsInputError(`"${arg}": schema mismatch: schemaVersion ${String(head.schemaVersion)}, expected 1`);
  }
  const check = validateResults(data);
  if (!check.ok) {
    const more = check.errors.length > 1 ? ` (and ${check.errors.length - 1} more)` : '';
    throw new ResultsInputError(`"${arg}" does not match the results schema: ${check.errors[0]}${more}`);
  }
  const results = data as Results;
  const dir = dirname(path);
  if (options.raw && results.rawFile) attachRaw(results, readRawTimelines(dir, results.rawFile));
  return { results, path, dir };
}
