// Shared by the report tests (tests/report.test.ts on sample results, tests/e2e.test.ts on a real run):
// open a written report from file:// and collect what went wrong on the page, and measure its chart canvases.
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright';

export interface PageWatch {
  /** Console errors (and warnings, unless turned off) and uncaught page errors, in order. */
  problems: string[];
  /** Requests to anything but file: and data: URLs (a self-contained report makes none). */
  foreignRequests: string[];
}

/** Starts recording console errors/warnings, page errors and non-local requests; call before navigating. */
export function watchPage(page: Page, options: { warnings?: boolean } = {}): PageWatch {
  const levels = new Set(options.warnings === false ? ['error'] : ['error', 'warning']);
  const watch: PageWatch = { problems: [], foreignRequests: [] };
  page.on('console', (msg) => {
    if (levels.has(msg.type())) watch.problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => watch.problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith('file:') && !req.url().startsWith('data:')) watch.foreignRequests.push(req.url());
  });
  return watch;
}

export interface OpenedReport extends PageWatch {
  page: Page;
}

/** Opens DIR/index.html in a new page of `browser`, watched from the start; waits for the verdict and the charts. */
export async function openReport(
  browser: Browser,
  htmlPath: string,
  viewport = { width: 1280, height: 900 },
): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport });
  const watch = watchPage(page);
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  await page.waitForSelector('#verdict li.verdict');
  await page.waitForFunction(() => document.querySelectorAll('sb-bar-chart canvas').length > 0);
  // Charts are drawn lazily: the first screen's at once (the report has opened when one is drawn).
  await page.waitForSelector('[data-drawn]', { state: 'attached' });
  return { page, ...watch };
}

export interface CanvasStats {
  w: number;
  h: number;
  /** Pixels that differ from the top-left (background) pixel: axes, labels, bars. */
  differing: number;
  /** Opaque, clearly coloured pixels (bars and legend swatches, not grey axes or text). */
  coloured: number;
}

/** Pixel statistics of every chart canvas matching `selector` (default: the bar charts), in document order. */
export async function chartCanvasStats(page: Page, selector = 'sb-bar-chart canvas'): Promise<CanvasStats[]> {
  // Charts below the first screen are drawn in the background, one per task: wait for all of these.
  await page.waitForFunction(
    (sel) => [...document.querySelectorAll(sel)].every((canvas) => canvas.closest('[data-drawn]')),
    selector,
  );
  return page.evaluate(
    (sel) =>
      [...document.querySelectorAll(sel)].map((node) => {
        const canvas = node as HTMLCanvasElement;
        const ctx = canvas.getContext('2d')!;
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const bg = [data[0], data[1], data[2], data[3]];
        let differing = 0;
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
          if (r !== bg[0] || g !== bg[1] || b !== bg[2] || a !== bg[3]) differing++;
          if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
        }
        return { w: canvas.width, h: canvas.height, differing, coloured };
      }),
    selector,
  );
}
