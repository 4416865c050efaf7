// End to end: the real quick suite through the real CLI (`npm run bench -- --quick --renderers ... --out DIR`),
// then the results file it wrote and the report it wrote, opened from file:// in Chromium. A fixed
// pair of renderers keeps the run short however many files renderers/ holds (conformance.test.ts runs each one).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/run/browser.ts';
import { parseCli } from '../../harness/cli/args.ts';
import { LATEST_FILE, LATEST_LINK, REPORTS_DIR } from '../../harness/results/output.ts';
import { listRendererFiles } from '../../harness/renderer/files.ts';
import { PROJECT_ROOT } from '../../harness/run/page-server.ts';
import type { Results } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';
import { chartCanvasStats, openReport, type OpenedReport } from '../support/report-page.ts';
import { cliCommand, runCliProcess, type CliOutcome } from '../support/cli-command.ts';

/** The end-to-end renderers, sorted: one that writes every chunk at once, one that batches per frame. */
const RENDERERS = ['per-chunk-dom', 'raf-buffered'];
const ARGS = ['--quick', '--renderers', RENDERERS.join(',')];

function readLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * A complete run with --out repoints reports/latest and reports/LATEST at its folder. Put back what was there,
 * unless something else (another run) has moved them since.
 */
function keepLatestPointers(): (ourDir: string) => void {
  const link = readLink(LATEST_LINK);
  const file = existsSync(LATEST_FILE) ? readFileSync(LATEST_FILE, 'utf8') : null;
  return (ourDir) => {
    if (readLink(LATEST_LINK) !== null && resolve(REPORTS_DIR, readLink(LATEST_LINK)!) === resolve(ourDir)) {
      rmSync(LATEST_LINK, { force: true });
      if (link !== null) symlinkSync(link, LATEST_LINK);
    }
    if (existsSync(LATEST_FILE) && readFileSync(LATEST_FILE, 'utf8').trim() === resolve(ourDir)) {
      if (file !== null) writeFileSync(LATEST_FILE, file);
      else rmSync(LATEST_FILE, { force: true });
    }
  };
}

describe(`npm run bench -- ${ARGS.join(' ')}, end to end`, () => {
  const expected = parseCli(ARGS, listRendererFiles()).config;
  let dir: string;
  let restoreLatest: ((ourDir: string) => void) | null = null;
  let run: CliOutcome;
  let results: Results;
  let browser: Browser | null = null;
  let report: OpenedReport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'streambench-e2e-'));
    restoreLatest = keepLatestPointers();
    // Killed well inside the test's 5 minutes, so a hung bench is reported with its output instead of a bare timeout.
    run = await runCliProcess('bench', [...ARGS, '--out', dir], { killAfterMs: 270_000 });
    // Only now, with the bench's own browser gone, start the one that opens the report.
    if (run.code === 0) {
      results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Results;
      browser = await launchChromium();
      report = await openReport(browser, join(dir, 'index.html'));
    }
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) {
      restoreLatest?.(dir);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 and writes results.json and index.html', () => {
    expect(
      run.code,
      `exit ${run.code} ${run.signal ?? ''}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout}`,
    ).toBe(0);
    expect(existsSync(join(dir, 'results.json'))).toBe(true);
    expect(existsSync(join(dir, 'index.html'))).toBe(true);
    expect(run.stdout).toContain(join(dir, 'results.json'));
  });

  it('writes valid, complete results: every cell ok with a summary', () => {
    expect(run.code).toBe(0);
    expect(validateResults(results)).toEqual({ ok: true });
    expect(results.status).toBe('complete');
    expect(results.finishedAt).not.toBeNull();
    expect(results.environment.chromiumVersion).toMatch(/\S/);
    expect(results.environment.chromiumVersion).not.toBe('unknown');

    expect([...results.config.renderers].sort()).toEqual(RENDERERS);
    expect(results.config).toMatchObject({ quick: true, runs: 2, maxTokens: 100 });
    expect(results.config.scenarios).toEqual(expected.scenarios);
    expect(results.config.rates).toEqual(expected.rates);

    const { renderers, scenarios, rates } = results.config;
    expect(results.cells).toHaveLength(renderers.length * scenarios.length * rates.length);
    const combos = new Set(results.cells.map((c) => `${c.renderer}|${c.scenario}|${c.rate.name}`));
    for (const r of renderers)
      for (const s of scenarios)
        for (const rate of rates) expect(combos.has(`${r}|${s}|${rate.name}`), `${r} ${s} ${rate.name}`).toBe(true);
    for (const cell of results.cells) {
      expect(cell.status, `${cell.id}: ${cell.error ?? ''}`).toBe('ok');
      expect(cell.summary, cell.id).not.toBeNull();
      expect(cell.runs.length, cell.id).toBe(results.config.runs);
    }
  });

  it('opens the report from file:// without console or page errors', () => {
    expect(run.code).toBe(0);
    expect(report.problems.filter((p) => !p.startsWith('console.warning'))).toEqual([]);
    expect(report.foreignRequests).toEqual([]);
  });

  it('draws every chart', async () => {
    expect(run.code).toBe(0);
    const stats = await chartCanvasStats(report.page);
    expect(stats.length).toBeGreaterThanOrEqual(results.config.scenarios.length);
    for (const s of stats) {
      expect(s.w).toBeGreaterThan(0);
      expect(s.h).toBeGreaterThan(0);
      expect(s.differing).toBeGreaterThan(500);
      expect(s.coloured).toBeGreaterThan(100);
    }
  });

  it('has a verdict naming each renderer', async () => {
    expect(run.code).toBe(0);
    const verdict = await report.page.locator('#verdict').innerText();
    expect(await report.page.locator('#verdict li.verdict').count()).toBeGreaterThan(0);
    for (const r of RENDERERS) expect(verdict).toContain(r);
  });
});

describe('Ctrl-C during a bench', () => {
  it('keeps the finished runs: writes results.json (interrupted) and the report, exits 130', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'streambench-sigint-'));
    try {
      const outcome = await new Promise<{ code: number | null; stderr: string }>((done, fail) => {
        // One renderer at the quick suite's two rates: its warm-ups, then a measured run, with three runs still to go.
        const args = ['--quick', '--renderers', 'raf-buffered', '--out', dir];
        const child = spawn(...cliCommand('bench', args), {
          cwd: PROJECT_ROOT,
          env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        let sent = false;
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          stderr += d;
          // Interrupt once a measured run has finished, as a user would after watching some progress.
          if (!sent && / run 1\/\d+: /.test(stderr)) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.stdout.resume();
        const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
        child.on('error', fail);
        child.on('close', (code) => {
          clearTimeout(timer);
          done({ code, stderr });
        });
      });
      expect(outcome.stderr).toContain('Interrupted');
      expect(outcome.code).toBe(130);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Results;
      expect(validateResults(results)).toEqual({ ok: true });
      expect(results.status).toBe('interrupted');
      expect(results.cells.reduce((n, c) => n + c.runs.length, 0)).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(dir, 'index.html'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
