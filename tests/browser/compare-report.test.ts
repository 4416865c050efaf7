// The HTML diff report of `npm run compare` (base against a doctored regression) opens from file:// with no errors
// and no network, draws base against new per cell, and lists every shared cell with regressions first.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/run/browser.ts';
import { writeCompareReport } from '../../harness/report/compare-build.ts';
import { defaultGate, diffResults, type ResultsDiff } from '../../harness/stats/results-diff.ts';
import { rerunResults } from '../fixtures/rerun-results.ts';
import { chartCanvasStats, watchPage, type PageWatch } from '../support/report-page.ts';

describe('HTML diff report', () => {
  let browser: Browser | null = null;
  let dir: string;
  let page: Page;
  let watch: PageWatch;
  let diff: ResultsDiff;

  beforeAll(async () => {
    const base = rerunResults(1, { runs: 6 });
    const slow = rerunResults(3, { runs: 6, slowdown: (c) => (c.renderer === 'raf-buffered' ? 1.5 : 1) });
    diff = diffResults(base, slow, defaultGate(), { base: 'main', new: 'pr' });
    dir = await mkdtemp(join(tmpdir(), 'streambench-compare-'));
    const path = await writeCompareReport(join(dir, 'compare.html'), diff);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch = watchPage(page);
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('sb-bar-chart canvas').length >= 4);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens without errors or network requests', () => {
    expect(watch.problems.filter((p) => !p.startsWith('console.warning'))).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });

  it('says how many cells regressed, and lists every shared cell, regressions first', async () => {
    expect(await page.locator('#summary h2').innerText()).toContain(`${diff.counts.regressed} regressed`);
    const verdicts = await page.locator('#cells tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.verdict));
    expect(verdicts).toEqual(diff.cells.map((c) => c.verdict));
    expect(verdicts[0]).toBe('regressed');
  });

  it('draws base against new for each headline metric', async () => {
    const stats = await chartCanvasStats(page);
    expect(stats).toHaveLength(4);
    for (const s of stats) expect(s.coloured).toBeGreaterThan(100);
  });
});
