// The report's safety verdicts, on the sample results with a hand-made `safety` block: the Safety section names the
// payloads that got through per renderer (and where, as a title), says "not checked" for a check that did not
// finish, and the renderers table badges each checked renderer safe or unsafe. A `where` carrying markup is shown
// as text: the report itself must not run what it reports.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeReport } from '../../harness/report/build.ts';
import { launchChromium } from '../../harness/run/browser.ts';
import type { Results } from '../../harness/results/types.ts';
import { PAYLOADS, UNSAFE_SCENARIO } from '../../scenarios/unsafe-payloads.ts';
import { makeSampleResults } from '../fixtures/sample-results.ts';
import { openReport } from '../support/report-page.ts';

const HOSTILE_WHERE = '<img src=x onerror="window.__reportPwned=1">';

function withSafety(): Results {
  const results = makeSampleResults();
  results.config.safety = true;
  results.renderers.push({ name: 'leaky', description: 'a markdown renderer without a sanitiser', output: 'markdown' });
  results.safety = {
    scenario: UNSAFE_SCENARIO,
    chunks: 302,
    payloads: PAYLOADS.map((p) => ({ ...p })),
    renderers: [
      { renderer: 'markdown-batch', safe: true, executed: [], survived: [] },
      {
        renderer: 'leaky',
        safe: false,
        executed: ['img-onerror'],
        survived: [
          { payload: 'img-onerror', where: HOSTILE_WHERE },
          { payload: 'md-link-js', where: '<a href="javascript:…">' },
        ],
      },
      { renderer: 'hung', safe: false, executed: [], survived: [], error: 'safety check did not finish within 30 s' },
    ],
  };
  return results;
}

let browser: Browser | null = null;
let page: Page;
let dir: string;
let problems: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streambench-safety-report-'));
  const htmlPath = await writeReport(dir, withSafety());
  browser = await launchChromium();
  ({ page, problems } = await openReport(browser, htmlPath));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

const text = async (selector: string): Promise<string> =>
  (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();
const row = (name: string): string => `#safety tr[data-renderer="${name}"]`;

it('shows one verdict row per checked renderer, with the payloads that got through', async () => {
  expect(await text('#safety .banner')).toContain('2 of 3 markdown renderers');
  expect(await page.locator(row('markdown-batch')).getAttribute('data-safe')).toBe('true');
  expect(await text(`${row('markdown-batch')} td:nth-child(2)`)).toBe('safe');
  expect(await page.locator(row('leaky')).getAttribute('data-safe')).toBe('false');
  expect(await text(`${row('leaky')} td:nth-child(2)`)).toBe('unsafe');
  expect(await text(`${row('leaky')} td:nth-child(3)`)).toBe('img-onerror');
  expect(await text(`${row('leaky')} td:nth-child(4)`)).toBe('img-onerror, md-link-js');
  expect(await text(`${row('leaky')} code[title*="javascript:"]`)).toBe('md-link-js');
  expect(await text(`${row('hung')} td:nth-child(2)`)).toMatch(/^not checked .*did not finish/);
});

it('badges each checked renderer in the renderers table, and only those', async () => {
  const badge = (name: string) => page.locator('#config tr', { hasText: name }).locator('.safety-badge');
  expect(await badge('markdown-batch').innerText()).toBe('safe');
  expect(await badge('leaky').innerText()).toBe('unsafe');
  expect(await badge('leaky').getAttribute('title')).toBe('got through: img-onerror, md-link-js');
  expect(await badge('per-chunk-dom').count()).toBe(0);
});

it('shows a `where` that carries markup as text, and runs nothing', async () => {
  const title = page.locator('#safety tr[data-renderer="leaky"] code', { hasText: 'img-onerror' }).last();
  expect(await title.getAttribute('title')).toBe(HOSTILE_WHERE);
  expect(await page.evaluate(() => (window as { __reportPwned?: number }).__reportPwned)).toBeUndefined();
  expect(await page.locator('#safety img').count()).toBe(0);
  expect(problems).toEqual([]);
});
