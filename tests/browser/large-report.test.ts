// Outputs that scale: a synthetic 20-renderer x 9-scenario x 2-rate suite (3 runs per cell, raw timelines included)
// writes a small results.json with the raw timelines in raw.jsonl.gz beside it, and makes a report under 5 MB that
// opens and draws in Chromium, building the pairwise tables only when opened. The open time is printed as a figure,
// never asserted (shared machine).
import { mkdtemp, rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/run/browser.ts';
import { embedJson, writeReport } from '../../harness/report/build.ts';
import { writeResults } from '../../harness/results/output.ts';
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

  it('keeps raw timelines out of results.json, in a gzipped file beside it', () => {
    const inline = embedJson(results).length;
    const json = statSync(join(dir, 'results.json')).size;
    const raw = statSync(join(dir, RAW_FILE)).size;
    console.log(
      `results.json ${(json / MB).toFixed(1)} MB + ${RAW_FILE} ${(raw / MB).toFixed(1)} MB ` +
        `(raw timelines inline: ${(inline / MB).toFixed(1)} MB)`,
    );
    // Reading them back is tested on the sample results (tests/unit/raw-file.test.ts).
    expect(json).toBeLessThan(inline / 4);
    expect(raw).toBeGreaterThan(0);
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

  it('builds the 3,420 pairwise comparison rows only for the group opened', async () => {
    const pairs = (RENDERERS * (RENDERERS - 1)) / 2;
    const groups = report.page.locator('sb-lazy-details');
    expect(await groups.count()).toBe(SCENARIOS * RATES);
    expect(await report.page.locator('tr.comparison').count()).toBe(0);
    await groups.first().locator('summary').click();
    await report.page.waitForSelector('tr.comparison');
    expect(await report.page.locator('tr.comparison').count()).toBe(pairs);
  });
});
