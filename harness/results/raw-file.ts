// Raw timelines (each run's RawRun: chunks, markers, frames, final text) kept out of results.json, which they
// would otherwise dominate (12 cells x 3 runs of a 560-token answer made 4.9 MB), in DIR/raw.jsonl.gz: one JSON
// line per run, `{"cell": id, "run": index, "raw": RawRun}`. Each checkpoint appends only the runs not yet
// written, as its own gzip member (a file of concatenated members is one valid gzip stream), so saving after
// every run costs that run's timeline, not the whole suite's. A torn last member (a crash mid-write) loses only
// the lines it held.
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import type { RawRun } from '../page/protocol.ts';
import type { Results } from './types.ts';

export const RAW_FILE = 'raw.jsonl.gz';

interface RawLine {
  cell: string;
  run: number;
  raw: RawRun;
}

const rawKey = (cell: string, run: number): string => `${cell}#${run}`;

/** Per output folder, the runs already appended by this process. */
const written = new Map<string, Set<string>>();

/**
 * Appends the runs of `results` whose raw timeline is not in DIR/raw.jsonl.gz yet (the first call for a folder
 * starts the file afresh). Returns the file's name relative to DIR, or null when no run has a timeline.
 */
export function appendRawTimelines(dir: string, results: Results): string | null {
  let done = written.get(dir);
  if (!done) {
    done = new Set();
    written.set(dir, done);
    rmSync(join(dir, RAW_FILE), { force: true });
  }
  const lines: string[] = [];
  for (const cell of results.cells) {
    for (const run of cell.runs) {
      const key = rawKey(cell.id, run.index);
      if (!run.raw || done.has(key)) continue;
      done.add(key);
      lines.push(JSON.stringify({ cell: cell.id, run: run.index, raw: run.raw } satisfies RawLine));
    }
  }
  if (lines.length) appendFileSync(join(dir, RAW_FILE), gzipSync(`${lines.join('\n')}\n`));
  return done.size || existsSync(join(dir, RAW_FILE)) ? RAW_FILE : null;
}

/** Writes every run's raw timeline afresh (merge: the runs come from several folders). */
export function writeRawTimelines(dir: string, results: Results): string | null {
  written.delete(dir);
  return appendRawTimelines(dir, results);
}

/** A copy of `results` with every run's raw timeline left out (null), naming the file that holds them. */
export function withoutRaw(results: Results, rawFile: string | null): Results {
  const cells = results.cells.map((cell) => ({ ...cell, runs: cell.runs.map((run) => ({ ...run, raw: null })) }));
  return { ...results, cells, ...(rawFile ? { rawFile } : {}) };
}

/** The timelines in DIR/FILE by cell id and run index; a torn trailing member or line is skipped. */
export function readRawTimelines(dir: string, file: string): Map<string, RawRun> {
  const out = new Map<string, RawRun>();
  const path = join(dir, file);
  if (!existsSync(path)) return out;
  // SYNC_FLUSH: return what decompresses instead of throwing on a truncated end.
  const text = gunzipSync(readFileSync(path), { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const parsed = JSON.parse(line) as RawLine;
      out.set(rawKey(parsed.cell, parsed.run), parsed.raw);
    } catch {
      // A line cut by a crash mid-write: that run's timeline is lost, the rest is kept.
    }
  }
  return out;
}

/** Puts the timelines back into the runs of `results` (in place); returns how many runs got one. */
export function attachRaw(results: Results, timelines: ReadonlyMap<string, RawRun>): number {
  let attached = 0;
  for (const cell of results.cells) {
    for (const run of cell.runs) {
      const raw = timelines.get(rawKey(cell.id, run.index));
      if (raw) {
        run.raw = raw;
        attached++;
      }
    }
  }
  return attached;
}
