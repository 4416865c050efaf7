// Raw timelines beside results.json (harness/results/raw-file.ts): results.json holds none, raw.jsonl.gz holds every
// run's, appended run by run across checkpoints, and readResults puts them back; a torn last write loses only itself.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeResults } from '../../harness/results/output.ts';
import { RAW_FILE } from '../../harness/results/raw-file.ts';
import { readResults } from '../../harness/results/read.ts';
import type { Results } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';
import { makeSampleResults } from '../fixtures/sample-results.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-raw-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const rawOf = (r: Results) => r.cells.flatMap((c) => c.runs.map((run) => run.raw));

describe('raw timelines beside results.json', () => {
  it('writes results.json without them, valid, and reads them back whole', () => {
    const dir = tempDir();
    const results = makeSampleResults();
    writeResults(dir, results);
    const written = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
    expect(validateResults(written)).toEqual({ ok: true });
    expect(written.rawFile).toBe(RAW_FILE);
    expect(rawOf(written).every((r) => r === null)).toBe(true);
    // The object written from is left as it was.
    expect(rawOf(results).every((r) => r !== null)).toBe(true);
    expect(rawOf(readResults(dir, { raw: true }).results)).toEqual(rawOf(results));
    expect(rawOf(readResults(dir).results).every((r) => r === null)).toBe(true);
  });

  it('appends only the runs new since the last checkpoint', () => {
    const dir = tempDir();
    const results = makeSampleResults();
    const cell = results.cells.find((c) => c.runs.length > 1)!;
    const later = cell.runs.splice(1);
    writeResults(dir, results);
    const first = statSync(join(dir, RAW_FILE)).size;
    writeResults(dir, results);
    expect(statSync(join(dir, RAW_FILE)).size).toBe(first);
    cell.runs.push(...later);
    writeResults(dir, results);
    const lines = gunzipSync(readFileSync(join(dir, RAW_FILE)))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(rawOf(results).filter((r) => r !== null).length);
    expect(rawOf(readResults(dir, { raw: true }).results)).toEqual(rawOf(results));
  });

  it('keeps every complete run when the last write was torn', () => {
    const dir = tempDir();
    const results = makeSampleResults();
    writeResults(dir, results);
    appendFileSync(join(dir, RAW_FILE), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]));
    expect(rawOf(readResults(dir, { raw: true }).results)).toEqual(rawOf(results));
  });
});
