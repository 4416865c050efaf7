// Builds the HTML report from sample results, opens it from file:// in headless Chromium and checks that it
// renders: no errors, verdicts, non-blank charts, one table row per cell, the failed cell's error.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness/browser.ts';
import { buildReportHtml, embedJson, writeReport } from '../harness/report.ts';
import type { Results } from '../harness/types.ts';
import { verdictLines } from '../harness/verdict.ts';
import { makeSampleResults, SAMPLE_FAILED_ERROR } from './fixtures/sample-results.ts';
import { chartCanvasStats, openReport, watchPage } from './support/report-page.ts';

// ---- the test ----
describe('HTML report', () => {
  let browser: Browser | null = null;
  let page: Page;
  let dir: string;
  let htmlPath: string;
  let results: Results;
  let problems: string[];
  let foreignRequests: string[];

  beforeAll(async () => {
    results = makeSampleResults();
    // A failed cell whose error tries to break out of the embedded JSON <script>.
    const failed = results.cells.find((c) => c.status === 'failed');
    if (failed) failed.error = `${failed.error ?? 'failed'} </script><script>window.__pwned = 1</script>`;
    dir = await mkdtemp(join(tmpdir(), 'streambench-report-'));
    htmlPath = await writeReport(dir, results);
    browser = await launchChromium();
    ({ page, problems, foreignRequests } = await openReport(browser, htmlPath));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is one self-contained file', async () => {
    const html = await readFile(htmlPath, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/type="module"/);
    // Nothing that could load from a network: no src/href/url() pointing anywhere but inside the file.
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain('<script type="application/json" id="streambench-data">');
    // The JSON cannot close its <script> early.
    const json = html.split('id="streambench-data">')[1]!.split('</script>')[0]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(results)));
    expect(embedJson({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}');
  }, 60_000);

  it('reuses the built bundle', async () => {
    const t0 = performance.now();
    const again = await buildReportHtml(results);
    expect(again).toBe(await readFile(htmlPath, 'utf8'));
    // Not a timing assertion on the page, just that a cached build did not rebuild (that takes a second or more).
    expect(performance.now() - t0).toBeLessThan(5_000);
  }, 60_000);

  it('loads without console errors, page errors or network requests', async () => {
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }, 60_000);

  it('shows the status banner with the failed-cell count', async () => {
    const failed = results.cells.filter((c) => c.status === 'failed').length;
    const banner = page.locator('header .banner');
    await expect.poll(() => banner.getAttribute('data-status')).toBe(results.status);
    expect(Number(await banner.locator('.failed-count').getAttribute('data-failed'))).toBe(failed);
    if (results.status !== 'complete') expect(await banner.innerText()).toMatch(/partial|interrupted/i);
  }, 60_000);

  it('shows every verdict line, naming the renderers, before the charts', async () => {
    const text = await page.locator('#verdict').innerText();
    const expected = verdictLines(results);
    expect(expected.length).toBeGreaterThan(0);
    const items = await page.locator('#verdict li.verdict').allTextContents();
    expect(items.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(expected.map((l) => l.text));
    for (const r of results.config.renderers) expect(text).toContain(r);
    const order = await page.evaluate(() => [...document.querySelectorAll('section[id]')].map((s) => s.id));
    expect(order.indexOf('verdict')).toBeLessThan(order.indexOf('charts'));
    expect(order).toEqual(['verdict', 'how-to-read', 'charts', 'table', 'environment', 'config']);
  }, 60_000);

  it('draws every chart (coloured bar pixels, not just axes)', async () => {
    const scenarios = new Set(results.cells.map((c) => c.scenario)).size;
    const stats = await chartCanvasStats(page);
    expect(stats.length).toBe(2 * scenarios);
    for (const s of stats) {
      expect(s.w).toBeGreaterThan(0);
      expect(s.h).toBeGreaterThan(0);
      expect(s.differing).toBeGreaterThan(500);
      expect(s.coloured).toBeGreaterThan(100);
    }
  }, 60_000);

  it('has a table row per cell, with CIs, uiBound and the failed cell’s error', async () => {
    const rows = page.locator('table.cells tbody tr.cell-row');
    expect(await rows.count()).toBe(results.cells.length);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.cell));
    expect(new Set(ids)).toEqual(new Set(results.cells.map((c) => c.id)));

    const failed = results.cells.filter((c) => c.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const c of failed) {
      const row = page.locator(`table.cells tr.cell-row[data-cell="${c.id}"]`);
      expect(await row.innerText()).toContain(c.error!);
    }
    expect(await page.locator('table.cells').innerText()).toContain(SAMPLE_FAILED_ERROR);
    const ok = results.cells.find((c) => c.status === 'ok' && c.summary)!;
    const okRow = await page.locator(`table.cells tr.cell-row[data-cell="${ok.id}"]`).innerText();
    expect(okRow).toMatch(/\d+(\.\d)? ms\s*\[[\d.,…]+–[\d.,…]+\]/);
    expect(okRow).toMatch(/\b(yes|no)\b\s*\d+\/\d+/);
  }, 60_000);

  it('marks an interrupted run and its cells that never ran', async () => {
    const interrupted: Results = structuredClone(results);
    interrupted.status = 'interrupted';
    interrupted.finishedAt = null;
    const last = interrupted.cells.find((c) => c.status === 'ok')!;
    last.status = 'pending';
    last.summary = null;
    last.runs = [];
    const other = await browser!.newPage();
    const { problems: errors } = watchPage(other, { warnings: false });
    try {
      const file = await writeReport(join(dir, 'interrupted'), interrupted);
      await other.goto(pathToFileURL(file).href);
      const banner = other.locator('header .banner');
      await expect.poll(() => banner.getAttribute('data-status')).toBe('interrupted');
      expect(await banner.innerText()).toMatch(/Interrupted run: .*1 never ran/);
      expect(await other.locator(`tr.cell-row[data-cell="${last.id}"]`).innerText()).toContain('not run');
      expect(await other.locator('#verdict').innerText()).toContain(`${last.renderer} has no results (not run)`);
      expect(errors).toEqual([]);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('lists the environment and config', async () => {
    const env = await page.locator('#environment').innerText();
    expect(env).toContain(results.environment.chromiumVersion);
    expect(env).toContain(results.environment.playwrightVersion);
    const config = await page.locator('#config').innerText();
    for (const rate of results.config.rates) expect(config).toContain(rate.name);
    expect(config).toContain(String(results.config.seed));
  }, 60_000);

  it('names the scripts inside long animation frames, per cell, after the charts', async () => {
    const section = page.locator('section.long-frames');
    const perChunk = results.cells.filter((c) => c.renderer === 'per-chunk-dom' && c.status === 'ok');
    expect(perChunk.length).toBeGreaterThan(0);
    for (const cell of perChunk) {
      const names = new Set(cell.runs.flatMap((r) => (r.status === 'ok' && r.metrics ? r.metrics.longFrames.topScripts.map((s) => s.name) : [])));
      // The fixture attributes long frames to two scripts, so all of them are within the section's top 5.
      expect(names.size).toBeGreaterThan(0);
      expect(names.size).toBeLessThanOrEqual(5);
      const row = await section.locator(`tr.long-frame-cell[data-cell="${cell.id}"]`).innerText();
      for (const name of names) expect(row).toContain(name);
      // Ranked by summed time: the renderer's own entry point before the probe's scan.
      expect(row.indexOf('push @ per-chunk-dom.ts')).toBeGreaterThanOrEqual(0);
      expect(row.indexOf('push @ per-chunk-dom.ts')).toBeLessThan(row.indexOf('scan @ probe.ts'));
    }
    // The failed cell has no successful run, so it is in neither the table nor the "no long frames" line.
    const failedId = results.cells.find((c) => c.status === 'failed')!.id;
    expect(await section.locator(`tr.long-frame-cell[data-cell="${failedId}"]`).count()).toBe(0);
    const between = await page.evaluate(() => {
      const lf = document.querySelector('section.long-frames')!;
      const follows = (a: Element, b: Element) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
      return follows(document.querySelector('#charts')!, lf) && follows(lf, document.querySelector('#table')!);
    });
    expect(between).toBe(true);
  }, 60_000);

  it('draws a backlog line chart per scenario and rate, naming the run it shows', async () => {
    const measured = results.cells.filter((c) => c.runs.some((r) => r.status === 'ok' && r.metrics));
    const expected = new Set(measured.map((c) => `${c.scenario}|${c.rate.name}`)).size;
    const stats = await chartCanvasStats(page, 'sb-line-chart canvas');
    expect(stats.length).toBe(expected);
    for (const s of stats) {
      expect(s.w).toBeGreaterThan(0);
      expect(s.h).toBeGreaterThan(0);
      expect(s.differing).toBeGreaterThan(500);
      expect(s.coloured).toBeGreaterThan(100);
    }
    // The caption names the run shown: the one with the median TTV p95 (the middle of the fixture's three).
    const cell = measured.find((c) => c.renderer === 'per-chunk-dom')!;
    const byP95 = cell.runs.filter((r) => r.metrics).sort((a, b) => (a.metrics!.ttvMs.p95 ?? Infinity) - (b.metrics!.ttvMs.p95 ?? Infinity));
    expect(byP95).toHaveLength(3);
    const caption = await page.locator(`.backlog-grid[data-scenario="${cell.scenario}"] figure[data-rate="${cell.rate.name}"] figcaption`).innerText();
    expect(caption).toContain(`per-chunk-dom run ${byP95[1]!.index + 1} of 3`);
    expect(caption).toMatch(/median TTV p95/);
  }, 60_000);
});
