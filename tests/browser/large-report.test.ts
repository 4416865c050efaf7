// Outputs that scale: a synthetic 20-renderer x 9-scenario x 2-rate suite (3 runs per cell, raw timelines included)
// writes a small results.json with the raw timelines in raw.jsonl.gz beside it, reads back whole, and makes a report
// under 5 MB that opens and draws in Chromium. The open time is printed as a figure, never asserted (shared machine).
import { mkdtemp, rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/run/browser.ts';
import { embedJson, writeReport } from '../../harness/report/build.ts';
import { writeResults } from '../../harness/results/output.ts';
import { readResults } from '../../harness/results/read.ts';
import { RAW_FILE } from '../../harness/results/raw-file.ts';
import type { Results } from '../../harness/results/types.ts';
import { largeResults } from '../fixtures/rerun-results.ts';
import { openReport, type OpenedReport } from '../support/report-page.ts';

const RENDERERS = 20;
const SCENARIOS = 9;
const RATES = 2;
const MB = 1024 * 1024;

describe('outputs of a 20 x 9 x 2 suite', () => {
  let dir: string;
  let results: Results;
  let browser: Browser | null = null;
  let report: OpenedReport;
  let openMs: number;
  let htmlPath: string;

  beforeAll(async () => {
    results = largeResults(RENDERERS, SCENARIOS, RATES);
    dir = await mkdtemp(join(tmpdir(), 'streambench-large-'));
    writeResults(dir, results, { fresh: true });
    htmlPath = await writeReport(dir, results);
    browser = await launchChromium();
    const started = performance.now();
    report = await openReport(browser, htmlPath);
    openMs = performance.now() - started;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps raw timelines out of results.json, in a gzipped file that reads back whole', () => {
    const inline = embedJson(results).length;
    const json = statSync(join(dir, 'results.json')).size;
    const raw = statSync(join(dir, RAW_FILE)).size;
    console.log(
      `results.json ${(json / MB).toFixed(1)} MB + ${RAW_FILE} ${(raw / MB).toFixed(1)} MB ` +
        `(raw timelines inline: ${(inline / MB).toFixed(1)} MB)`,
    );
    expect(json).toBeLessThan(inline / 4);
    const back = readResults(dir, { raw: true }).results;
    const runs = results.cells.flatMap((c) => c.runs);
    const backRuns = back.cells.flatMap((c) => c.runs);
    expect(backRuns.filter((r) => r.raw !== null)).toHaveLength(runs.filter((r) => r.raw !== null).length);
    expect(backRuns[0]?.raw).toEqual(runs[0]?.raw);
  });

  it('makes a report under 5 MB that draws every scenario without errors', async () => {
    const bytes = statSync(htmlPath).size;
    console.log(`report ${(bytes / MB).toFixed(2)} MB; opened and drawn in ${openMs.toFixed(0)} ms`);
    expect(bytes).toBeLessThan(5 * MB);
    expect(report.problems.filter((p) => !p.startsWith('console.warning'))).toEqual([]);
    const rows = await report.page.locator('tr[data-cell]').count();
    expect(rows).toBeGreaterThanOrEqual(RENDERERS * SCENARIOS * RATES);
    expect(await report.page.locator('.backlog-grid').count()).toBe(SCENARIOS);
  });
});
