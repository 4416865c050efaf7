// Builds the HTML report from sample results, opens it from file:// in headless Chromium and checks that it
// renders: no errors, verdicts, non-blank charts, one table row per cell, the failed cell's error.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/run/browser.ts';
import { buildReportHtml, embedJson, reportBundle, writeReport } from '../../harness/report/build.ts';
import { forReport } from '../../harness/report/embed.ts';
import { costModelLines } from '../../harness/report/cost-sentences.ts';
import { agentLoopGroups, saturationRows } from '../../harness/report/data.ts';
import type { Results } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';
import { agentLoopLines, saturationLines, uiBoundLines, verdictLines } from '../../harness/report/verdict.ts';
import { formatTokPerS } from '../../harness/common/format.ts';
import { pickTable } from '../../harness/report/pick.ts';
import {
  makeSampleResults,
  makeSweepResults,
  SAMPLE_FAILED_ERROR,
  SAMPLE_SWEEP_ERROR,
  SAMPLE_SWEEP_FAILED,
} from '../fixtures/sample-results.ts';
import { chartCanvasStats, openReport, watchPage } from '../support/report-page.ts';

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
    // It embeds what the report draws (harness/report/embed.ts): the results without raw timelines.
    const embedded = JSON.parse(json) as Results;
    expect(embedded).toEqual(JSON.parse(JSON.stringify(forReport(results))));
    expect(embedded.cells.flatMap((c) => c.runs).every((r) => r.raw === null)).toBe(true);
    expect(embedJson({ a: '</script>' })).toBe('{"a":"\\u003c/script>"}');
  }, 60_000);

  it('reuses the built bundle', async () => {
    // The same build, not a second one: the memoised promise is handed out again (no clock involved).
    expect(reportBundle()).toBe(reportBundle());
    const again = await buildReportHtml(results);
    expect(again).toBe(await readFile(htmlPath, 'utf8'));
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
    // The bottleneck map comes first; the UI-bound breakdown follows the verdict (no agent loop in this sample).
    expect(order).toEqual([
      'bottleneck-map',
      'verdict',
      'ui-bound',
      'how-to-read',
      'charts',
      'table',
      'environment',
      'config',
    ]);
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
      const names = new Set(
        cell.runs.flatMap((r) =>
          r.status === 'ok' && r.metrics ? r.metrics.longFrames.topScripts.map((s) => s.name) : [],
        ),
      );
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
      const follows = (a: Element, b: Element) =>
        Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
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
    const byP95 = cell.runs
      .filter((r) => r.metrics)
      .sort((a, b) => (a.metrics!.ttvMs.p95 ?? Infinity) - (b.metrics!.ttvMs.p95 ?? Infinity));
    expect(byP95).toHaveLength(3);
    const caption = await page
      .locator(`.backlog-grid[data-scenario="${cell.scenario}"] figure[data-rate="${cell.rate.name}"] figcaption`)
      .innerText();
    expect(caption).toContain(`per-chunk-dom run ${byP95[1]!.index + 1} of 3`);
    expect(caption).toMatch(/median TTV p95/);
  }, 60_000);
  it('draws the bottleneck map from the cells alone when there is no sweep, and says so', async () => {
    const section = page.locator('#bottleneck-map');
    const scenarios = new Set(results.cells.map((c) => c.scenario)).size;
    const stats = await chartCanvasStats(page, '#bottleneck-map sb-map-chart canvas');
    expect(stats.length).toBe(scenarios);
    for (const s of stats) {
      expect(s.differing).toBeGreaterThan(500);
      expect(s.coloured).toBeGreaterThan(100);
    }
    expect(await section.locator('.map-note').innerText()).toMatch(
      /No saturation sweep in this run.*benchmark cells alone/s,
    );
    expect(await section.locator('figure.map .map-source').allInnerTexts()).toEqual(
      Array(scenarios).fill('benchmark cells only'),
    );
    expect(await section.locator('table.saturation').count()).toBe(0);
    // No point of the sample is over budget, so the key explains only the cell markers.
    const key = await section.locator('.map-key').innerText();
    expect(key).toMatch(/benchmark cell at a configured rate \(median over 3 runs\)/);
    expect(key).not.toMatch(/sweep probe|top edge/);
  }, 60_000);

  it('breaks down where the time went in the UI-bound cell', async () => {
    const expected = uiBoundLines(results);
    expect(expected.length).toBeGreaterThan(0);
    const lines = await page.locator('#ui-bound li.ui-bound-line').allTextContents();
    expect(lines.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(expected.map((l) => l.text));
    expect(lines[0]).toContain('push @ per-chunk-dom.ts');
    expect(await page.locator('#agent-loop').count()).toBe(0);
  }, 60_000);

  it('has no cost model section when the results carry none', async () => {
    expect(results.costModel).toBeUndefined();
    expect(await page.locator('sb-cost-model, #cost-model, sb-cost-chart').count()).toBe(0);
  }, 60_000);
});

describe('HTML report with a saturation sweep and an agent loop', () => {
  let browser: Browser | null = null;
  let page: Page;
  let dir: string;
  let results: Results;
  let problems: string[];
  let foreignRequests: string[];

  beforeAll(async () => {
    results = await makeSweepResults();
    dir = await mkdtemp(join(tmpdir(), 'streambench-report-sweep-'));
    const htmlPath = await writeReport(dir, results);
    browser = await launchChromium();
    ({ page, problems, foreignRequests } = await openReport(browser, htmlPath));
    await page.waitForFunction(
      () => document.querySelectorAll('sb-map-chart canvas, sb-stack-chart canvas').length > 0,
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('uses a schema-valid fixture with every sweep outcome and agent-loop cells', () => {
    expect(validateResults(results)).toEqual({ ok: true });
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
    expect(new Set(results.sweep!.entries.map((e) => e.status))).toEqual(
      new Set(['found', 'below-range', 'above-range', 'failed']),
    );
    expect(results.cells.filter((c) => c.summary?.loopWallMs).length).toBeGreaterThan(0);
  });

  it('loads without console errors, page errors or network requests', () => {
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('puts the bottleneck map first, right after the header and before the verdict', async () => {
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('sb-report > header, sb-report > section')].map(
        (s) => s.id || s.tagName.toLowerCase(),
      ),
    );
    expect(order.slice(0, 3)).toEqual(['header', 'bottleneck-map', 'verdict']);
    expect(order).toContain('agent-loop');
    expect(order.indexOf('agent-loop')).toBeLessThan(order.indexOf('charts'));
  }, 60_000);

  it('draws one non-blank map per scenario from the sweep and the cells', async () => {
    const stats = await chartCanvasStats(page, '#bottleneck-map sb-map-chart canvas');
    expect(stats.length).toBe(results.config.scenarios.length);
    for (const s of stats) {
      expect(s.w).toBeGreaterThan(0);
      expect(s.h).toBeGreaterThan(0);
      expect(s.differing).toBeGreaterThan(2000);
      expect(s.coloured).toBeGreaterThan(300);
    }
    const figures = page.locator('#bottleneck-map figure.map');
    expect(await figures.evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.scenario))).toEqual(
      results.config.scenarios,
    );
    expect(await figures.locator('.map-source').allInnerTexts()).toEqual(
      results.config.scenarios.map(() => 'sweep probes and benchmark cells'),
    );
    expect(await page.locator('#bottleneck-map .map-note').count()).toBe(0);
    // The shared legend names every renderer; the key explains the markers, the over-budget triangle included.
    const key = await page.locator('#bottleneck-map .map-key').innerText();
    for (const r of results.config.renderers) expect(key).toContain(r);
    expect(key).toMatch(/sweep probe that kept up/);
    expect(key).toMatch(/top edge: over budget/);
  }, 60_000);

  it('has a saturation row per sweep entry with the right figures', async () => {
    const rows = page.locator('#bottleneck-map table.saturation tbody tr.saturation-row');
    const entries = results.sweep!.entries;
    expect(await rows.count()).toBe(entries.length);
    const expected = saturationRows(results);
    const got = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const t = (sel: string) => (tr.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const el = tr as HTMLElement;
        return [
          el.dataset.scenario,
          el.dataset.renderer,
          el.dataset.status,
          t('.keeps-up'),
          t('.falls-behind'),
          t('.resolution'),
          t('.probes'),
          t('.status'),
        ];
      }),
    );
    const rate = (v: number | null) => (v === null ? '—' : formatTokPerS(v));
    expect(got.map((g) => g.slice(0, 7))).toEqual(
      expected.map((x) => [
        x.entry.scenario,
        x.entry.renderer,
        x.entry.status,
        rate(x.keepsUpTo),
        rate(x.fallsBehindAt),
        x.resolution === null ? '—' : `${Number(x.resolution.toFixed(2))}×`,
        String(x.entry.points.length),
      ]),
    );
    const byStatus = (status: string) => got.filter((g) => g[2] === status);
    for (const g of byStatus('found')) {
      expect(g[3]).toMatch(/^[\d,]+ tok\/s$/);
      expect(g[7]).toMatch(/^saturates between [\d,]+ and [\d,]+ tok\/s/);
    }
    for (const g of byStatus('above-range'))
      expect(g.slice(3, 5).concat(g[7]!)).toEqual([
        '20,000 tok/s',
        '—',
        'above 20,000 tok/s: keeps up across the whole range',
      ]);
    for (const g of byStatus('below-range'))
      expect(g.slice(3, 5).concat(g[7]!)).toEqual(['—', '10 tok/s', 'below 10 tok/s: never meets the 50 ms budget']);
    const failed = byStatus('failed');
    expect(failed.map((g) => [g[0], g[1], g[7]])).toEqual([
      [SAMPLE_SWEEP_FAILED.scenario, SAMPLE_SWEEP_FAILED.renderer, `failed: ${SAMPLE_SWEEP_ERROR}`],
    ]);
    // Each status appears in the fixture.
    expect(byStatus('found').length * byStatus('above-range').length * byStatus('below-range').length).toBeGreaterThan(
      0,
    );
  }, 60_000);

  it('states the saturation criteria and one generated sentence per scenario', async () => {
    const criteria = await page.locator('#bottleneck-map .saturation-criteria').innerText();
    expect(criteria).toMatch(/strict majority of the 3 runs/);
    expect(criteria).toMatch(/TTV p95 ≤ 50 ms/);
    expect(criteria).toMatch(/dropped frames ≤ 2%/);
    expect(criteria).toMatch(/backlog does not keep growing/);
    const expected = saturationLines(results);
    expect(expected.length).toBe(results.config.scenarios.length);
    const lines = await page.locator('#bottleneck-map li.saturation-line').allTextContents();
    expect(lines.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(expected.map((l) => l.text));
    expect(lines.join('\n')).toMatch(/raf-buffered keeps up to 20,000 tok\/s \(above range\)/);
    expect(lines.join('\n')).toMatch(/markdown-batch never meets the 50 ms budget \(below 10 tok\/s\)/);
  }, 60_000);

  it('draws the agent-loop split per rate with its generated sentence', async () => {
    const groups = agentLoopGroups(results);
    expect(groups.length).toBe(2);
    const stats = await chartCanvasStats(page, '#agent-loop sb-stack-chart canvas');
    expect(stats.length).toBe(groups.length);
    for (const s of stats) {
      expect(s.differing).toBeGreaterThan(2000);
      expect(s.coloured).toBeGreaterThan(500);
    }
    const sentences = await page.locator('#agent-loop p.agent-loop-line').allTextContents();
    expect(sentences.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(agentLoopLines(results).map((l) => l.text));
    expect(sentences[0]).toMatch(
      /^At 981 tok\/s \(kimi-k2\.6-cerebras\), the 4-call agent-loop took .+, of which the UI added .+ \([\d.<]+%\) with per-chunk-dom/,
    );
    const figs = page.locator('#agent-loop figure.agent-loop');
    expect(await figs.evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset.rate))).toEqual(
      groups.map((g) => g.rate.name),
    );
    // The UI-bound breakdown is still there, and the agent-loop cells are in the verdict.
    expect(await page.locator('#ui-bound li.ui-bound-line').count()).toBe(uiBoundLines(results).length);
    expect(await page.locator('#verdict li.verdict[data-scenario="agent-loop"]').count()).toBe(
      results.config.rates.length,
    );
  }, 60_000);

  it('says so when no cell is UI-bound', async () => {
    const calm: Results = structuredClone(results);
    for (const c of calm.cells) if (c.summary) c.summary.uiBound = false;
    const other = await browser!.newPage();
    const { problems: errors } = watchPage(other, { warnings: false });
    try {
      const file = await writeReport(join(dir, 'calm'), calm);
      await other.goto(pathToFileURL(file).href);
      await other.waitForSelector('#ui-bound');
      expect(await other.locator('#ui-bound').innerText()).toMatch(/No cell is UI-bound/);
      expect(await other.locator('#ui-bound li.ui-bound-line').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await other.close();
    }
  }, 60_000);

  it("has a 'what to pick' row per swept scenario naming the renderers that keep up, best first", async () => {
    const rows = page.locator('#what-to-pick table.pick tr.pick-row');
    const expected = pickTable(results);
    // The fixture has both: a scenario where one renderer keeps up, and one where none does.
    expect(expected.some((row) => row.profiles.some((p) => p.keepUp.length > 0))).toBe(true);
    expect(expected.some((row) => row.profiles.some((p) => p.keepUp.length === 0))).toBe(true);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.scenario))).toEqual(
      expected.map((row) => row.scenario),
    );
    for (const [i, row] of expected.entries()) {
      const cells = rows.nth(i).locator('td.pick-cell');
      expect(await cells.count()).toBe(row.profiles.length);
      for (const [j, profile] of row.profiles.entries()) {
        const text = await cells.nth(j).innerText();
        const listed = profile.keepUp.map((name) => text.indexOf(name));
        expect(listed.every((at) => at >= 0)).toBe(true);
        expect(listed).toEqual([...listed].sort((a, b) => a - b));
        if (!profile.keepUp.length) expect(text).toMatch(/^none/);
        expect(text).toContain(`${profile.fallBehind} of ${profile.swept} fall behind`);
      }
    }
    // No fast lane in this fixture: no side-by-side table.
    expect(await page.locator('#what-to-pick table.fast-lane-vs-best').count()).toBe(0);
  });
});

describe('HTML report with a cost model', () => {
  let browser: Browser | null = null;
  let page: Page;
  let dir: string;
  let results: Results;
  let problems: string[];
  let foreignRequests: string[];

  beforeAll(async () => {
    results = await makeSweepResults({ costModel: true });
    dir = await mkdtemp(join(tmpdir(), 'streambench-report-cost-'));
    const htmlPath = await writeReport(dir, results);
    browser = await launchChromium();
    ({ page, problems, foreignRequests } = await openReport(browser, htmlPath));
    await page.waitForFunction(() => document.querySelectorAll('sb-cost-chart canvas').length > 0);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('uses a schema-valid fixture and loads without errors or network requests', () => {
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
    expect(problems).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('sits in the bottleneck-map section, right after the saturation table', async () => {
    const placed = await page.evaluate(() => {
      const cost = document.querySelector('#cost-model');
      const table = document.querySelector('#bottleneck-map table.saturation');
      if (!cost || !table) return null;
      return {
        inMap: cost.closest('section')?.id,
        afterTable: Boolean(table.compareDocumentPosition(cost) & Node.DOCUMENT_POSITION_FOLLOWING),
        beforeVerdict: Boolean(
          cost.compareDocumentPosition(document.querySelector('#verdict')!) & Node.DOCUMENT_POSITION_FOLLOWING,
        ),
      };
    });
    expect(placed).toEqual({ inMap: 'bottleneck-map', afterTable: true, beforeVerdict: true });
    // The other sections are where they were.
    const order = await page.evaluate(() => [...document.querySelectorAll('sb-report > section')].map((s) => s.id));
    expect(order.slice(0, 2)).toEqual(['bottleneck-map', 'verdict']);
  }, 60_000);

  it('draws the log-log cost chart: one coloured line per op', async () => {
    const stats = await chartCanvasStats(page, '#cost-model sb-cost-chart canvas');
    expect(stats).toHaveLength(1);
    expect(stats[0]!.differing).toBeGreaterThan(2000);
    expect(stats[0]!.coloured).toBeGreaterThan(300);
    // What the chart was given: every op with a point per measured length, and a gap line per configured rate.
    const chart = await page.evaluate(() => {
      const el = document.querySelector('#cost-model sb-cost-chart') as unknown as {
        spec: { ops: Array<{ op: string; points: unknown[] }>; gaps: Array<{ label: string }> };
      };
      return { ops: el.spec.ops.map((o) => [o.op, o.points.length]), gaps: el.spec.gaps.map((g) => g.label) };
    });
    expect(chart.ops).toEqual([
      ['full-parse', 4],
      ['incremental-parse', 4],
      ['append', 4],
    ]);
    expect(chart.gaps).toEqual(['981 tok/s: 1.02 ms between chunks', '55 tok/s: 18.2 ms between chunks']);
  }, 60_000);

  it('shows the generated sentences tying the cost to saturation', async () => {
    const expected = costModelLines(results);
    expect(expected.map((l) => l.kind)).toEqual(['full-parse', 'growth', 'cheap']);
    const lines = await page.locator('#cost-model li.cost-model-line').allTextContents();
    expect(lines.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(expected.map((l) => l.text));
    expect(lines[0]).toMatch(
      /^A full markdown re-parse of a 16,000-character answer costs 1\.21 ms per chunk: at 981 tok\/s with one chunk per token/,
    );
    expect(lines[1]).toMatch(/saturation rates above include\.$/);
    const details = await page.locator('#cost-model details').textContent();
    expect(details).toContain(`Node ${results.costModel!.environment.node}`);
    expect(details).toMatch(/no garbage collection was forced/);
  }, 60_000);
});
