// `npm run compare`: the base-vs-new diff (harness/stats/results-diff.ts) on sample results, and the CLI's exit codes
// (0 on a rerun of the same suite, 1 on a doctored regression, 2 on bad input) and its self-contained diff report.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeResults } from '../../harness/results/output.ts';
import { readResults } from '../../harness/results/read.ts';
import { PROJECT_ROOT } from '../../harness/run/page-server.ts';
import { defaultGate, diffResults, diffSaturation, parseFailOn, verdictOf } from '../../harness/stats/results-diff.ts';
import type { Results, SweepEntry } from '../../harness/results/types.ts';
import { rerunResults } from '../fixtures/rerun-results.ts';
import { cliCommand } from '../support/cli-command.ts';

const SLOW = 'raf-buffered';
const base = rerunResults(1, { runs: 6 });
const rerun = rerunResults(2, { runs: 6 });
const slow = rerunResults(3, { runs: 6, slowdown: (c) => (c.renderer === SLOW ? 1.5 : 1) });

describe('--fail-on', () => {
  it('sets the horizons of the named metrics, which alone then gate', () => {
    const gate = parseFailOn('ttvP95:+10%,droppedPct:+1');
    expect(gate.gating).toEqual(['ttvP95', 'droppedPct']);
    expect(gate.horizons.ttvP95).toEqual({ kind: 'relative', value: 0.1 });
    expect(gate.horizons.droppedPct).toEqual({ kind: 'absolute', value: 1 });
    expect(defaultGate().gating).toHaveLength(5);
  });

  it('names an unknown metric or a bad value in one line', () => {
    expect(() => parseFailOn('ttvP95:+10%,ttvP96:+5%')).toThrow(/unknown metric "ttvP96" in --fail-on; valid: ttvP95/);
    expect(() => parseFailOn('ttvP95:lots')).toThrow(/bad --fail-on "ttvP95:lots"/);
    expect(() => parseFailOn(',')).toThrow(/empty --fail-on/);
  });
});

describe('verdict against a horizon (tachometer style)', () => {
  it('calls only intervals wholly beyond or wholly inside the horizon', () => {
    expect(verdictOf(0.12, 0.3, 0.1)).toBe('regressed');
    expect(verdictOf(-0.3, -0.11, 0.1)).toBe('improved');
    expect(verdictOf(-0.05, 0.08, 0.1)).toBe('unchanged');
    expect(verdictOf(0.05, 0.2, 0.1)).toBe('undecided');
    expect(verdictOf(-0.2, 0.2, 0.1)).toBe('undecided');
    expect(verdictOf(0, 0, 0)).toBe('unchanged');
  });
});

describe('diffResults', () => {
  it('finds no regression in a rerun of the same suite', () => {
    const diff = diffResults(base, rerun, defaultGate());
    expect(diff.regressed).toBe(false);
    expect(diff.counts.regressed).toBe(0);
    expect(diff.cells).toHaveLength(base.cells.length);
    expect(diff.onlyBase).toEqual([]);
    expect(diff.warnings).toEqual([]);
  });

  it('calls the doctored cells regressed, lists them first, and only them', () => {
    const diff = diffResults(base, slow, defaultGate());
    expect(diff.regressed).toBe(true);
    const regressed = diff.cells.filter((c) => c.verdict === 'regressed');
    expect(regressed.length).toBeGreaterThan(0);
    expect(new Set(regressed.map((c) => c.renderer))).toEqual(new Set([SLOW]));
    expect(diff.cells.slice(0, regressed.length).every((c) => c.verdict === 'regressed')).toBe(true);
    const ttv = regressed.flatMap((c) => c.metrics.filter((m) => m.metric === 'ttvP95' && m.verdict === 'regressed'));
    for (const m of ttv) expect(m.relative.ciLow).toBeGreaterThan(0.1);
  });

  it('gates only on the --fail-on metrics', () => {
    const diff = diffResults(base, slow, parseFailOn('droppedPct:+1'));
    expect(diff.regressed).toBe(false);
  });

  it('calls a cell that fails only in new regressed, and lists cells on one side only', () => {
    const broken: Results = structuredClone(rerun);
    const cell = broken.cells.find((c) => c.status === 'ok')!;
    cell.status = 'failed';
    cell.error = 'push: TypeError';
    cell.runs = cell.runs.slice(0, 1).map((r) => ({ ...r, status: 'failed', metrics: null }));
    const dropped = broken.cells.pop()!;
    const diff = diffResults(base, broken, defaultGate());
    const verdict = diff.cells.find((c) => c.id === cell.id);
    expect(verdict?.verdict).toBe('regressed');
    expect(verdict?.metrics[0]?.note).toContain('push: TypeError');
    expect(diff.onlyBase).toEqual([dropped.id]);
  });

  it('warns about what differs between the machines', () => {
    const other: Results = structuredClone(rerun);
    other.environment = { ...other.environment, chromiumVersion: '999.0', cores: 64 };
    const diff = diffResults(base, other, defaultGate());
    expect(diff.warnings).toHaveLength(1);
    expect(diff.warnings[0]).toMatch(/Chromium .* vs 999\.0; cores \d+ vs 64/);
    expect(diff.cells[0]?.environment.length).toBe(2);
  });

  it('compares saturation rates by their brackets (lower is worse)', () => {
    const entry = (lo: number, hi: number): SweepEntry => ({
      renderer: 'r',
      scenario: 's',
      cpuThrottle: 1,
      status: 'found',
      saturationRate: lo,
      bracket: { lo, hi },
      points: [],
    });
    const gate = defaultGate();
    expect(diffSaturation(entry(1000, 1100), entry(500, 550), gate).verdict).toBe('regressed');
    expect(diffSaturation(entry(500, 550), entry(1000, 1100), gate).verdict).toBe('improved');
    expect(diffSaturation(entry(1000, 1020), entry(1000, 1020), gate).verdict).toBe('unchanged');
    expect(diffSaturation(entry(1000, 1500), entry(1000, 1500), gate).verdict).toBe('undecided');
  });
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function compareCli(args: string[]): Promise<Exit> {
  return new Promise((done) => {
    const child = spawn(...cliCommand('compare', args), {
      cwd: PROJECT_ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run compare', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-compare-'));
    for (const [name, results] of [
      ['base', base],
      ['rerun', rerun],
      ['slow', slow],
    ] as const) {
      mkdirSync(join(dir, name));
      writeResults(join(dir, name), results, { fresh: true });
    }
    writeFileSync(join(dir, 'other.json'), '{"name": "not results"}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a rerun and 1 on a doctored regression, writing a self-contained diff report', async () => {
    const [same, worse] = await Promise.all([
      compareCli([join(dir, 'base'), join(dir, 'rerun')]),
      compareCli([join(dir, 'base'), join(dir, 'slow', 'results.json'), '--out', join(dir, 'diff.html')]),
    ]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/compare: 0 regressed/);
    expect(worse.code, worse.stderr).toBe(1);
    expect(worse.stdout.split('\n')[0]).toMatch(new RegExp(`^REGRESSED +${SLOW} `));
    const html = readFileSync(join(dir, 'diff.html'), 'utf8');
    expect(html).toContain('<sb-compare>');
    expect(html).toContain('"regressed":true');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    expect(readFileSync(join(dir, 'rerun', 'compare.html'), 'utf8')).toContain('"regressed":false');
  });

  it('reads only streambench results of this schema, naming the path', () => {
    expect(() => readResults(join(dir, 'nowhere'))).toThrow(/no such file or folder: ".*nowhere"/);
    expect(() => readResults(dir)).toThrow(/has no results\.json/);
    const old = { ...JSON.parse(readFileSync(join(dir, 'base', 'results.json'), 'utf8')), schemaVersion: 2 };
    writeFileSync(join(dir, 'v2.json'), JSON.stringify(old));
    expect(() => readResults(join(dir, 'v2.json'))).toThrow(/schema mismatch: schemaVersion 2, expected 1/);
  });

  it('exits 2 with one line naming the value on bad input', async () => {
    // Spawned only for two cases (each start costs seconds); readResults' other refusals are tested above.
    const cases: Array<[string[], RegExp]> = [
      [[join(dir, 'base'), join(dir, 'other.json')], /"[^"]*other\.json" is not streambench results/],
      [[join(dir, 'base'), join(dir, 'slow'), '--fail-on', 'ttvP95:+10%,lag:+5%'], /unknown metric "lag"/],
    ];
    const exits = await Promise.all(cases.map(([args]) => compareCli(args)));
    exits.forEach((exit, i) => {
      expect(exit.code, exit.stdout).toBe(2);
      expect(exit.stderr.trim().split('\n')).toHaveLength(1);
      expect(exit.stderr).toMatch(cases[i]![1]);
    });
  });
});
