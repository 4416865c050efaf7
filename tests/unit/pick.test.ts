// The report's "what to pick" data (harness/report/pick.ts) on hand-made sweep entries with exact answers.
import { describe, expect, it } from 'vitest';
import { byFamily, fastest, fastLaneVsBest, FAST_LANE, keepsUpAt, pickTable } from '../../harness/report/pick.ts';
import { makeSampleResults } from '../fixtures/sample-results.ts';
import type { RendererResult, Results, SweepEntry } from '../../harness/results/types.ts';

function entry(
  renderer: string,
  status: SweepEntry['status'],
  lo: number | null,
  hi: number | null,
  cpuThrottle = 1,
  scenario = 'long-markdown',
): SweepEntry {
  return { renderer, scenario, cpuThrottle, status, saturationRate: lo, bracket: { lo, hi }, points: [] };
}

const renderer = (name: string, packages: string[], family?: RendererResult['family']): RendererResult => ({
  name,
  description: name,
  output: 'markdown',
  ...(family ? { family } : {}),
  packages: packages.map((p) => ({ name: p, version: '1.0.0' })),
});

const SWEEP_CONFIG = { ttvBudgetMs: 50, maxDroppedPct: 2, minRate: 10, maxRate: 20_000, resolution: 1.25 };

function resultsWith(entries: SweepEntry[], renderers: RendererResult[]): Results {
  return { ...makeSampleResults(), renderers, sweep: { config: { ...SWEEP_CONFIG, runsPerPoint: 3 }, entries } };
}

describe('keepsUpAt', () => {
  it('is yes when the whole bracket is at or above the rate, no at or below, near when it straddles', () => {
    expect(keepsUpAt(entry('a', 'found', 1000, 1250), 981)).toBe('yes');
    expect(keepsUpAt(entry('a', 'found', 981, 1226), 981)).toBe('yes');
    expect(keepsUpAt(entry('a', 'found', 800, 981), 981)).toBe('no');
    expect(keepsUpAt(entry('a', 'found', 800, 1000), 981)).toBe('near');
    expect(keepsUpAt(entry('a', 'above-range', 20_000, null), 981)).toBe('yes');
    expect(keepsUpAt(entry('a', 'below-range', null, 10), 981)).toBe('no');
    expect(keepsUpAt(entry('a', 'failed', null, null), 981)).toBeNull();
  });
});

describe('fastest', () => {
  it('keeps the top bracket and every bracket overlapping it, nothing else', () => {
    const top = entry('top', 'found', 4000, 5000);
    const overlapping = entry('overlap', 'found', 3500, 4375);
    const below = entry('below', 'found', 3000, 3750);
    expect(fastest([below, overlapping, top]).map((e) => e.renderer)).toEqual(['overlap', 'top']);
  });

  it('above-range entries beat any found one and tie with each other', () => {
    const a = entry('a', 'above-range', 20_000, null);
    const b = entry('b', 'above-range', 20_000, null);
    expect(fastest([entry('c', 'found', 10_000, 12_500), a, b]).map((e) => e.renderer)).toEqual(['a', 'b']);
  });

  it('is empty when nothing was decided', () => {
    expect(fastest([entry('a', 'failed', null, null)])).toEqual([]);
  });
});

describe('pickTable', () => {
  it('lists, per scenario and CPU profile, who keeps up (best first), who is near and how many fall behind', () => {
    const entries = [
      entry('slow', 'found', 200, 250),
      entry('near', 'found', 900, 1125),
      entry('fast', 'found', 5000, 6250),
      entry('faster', 'above-range', 20_000, null),
      entry('fast', 'found', 1500, 1875, 4),
      entry('faster', 'found', 700, 875, 4),
    ];
    const [row] = pickTable(resultsWith(entries, []), 981);
    expect(row?.scenario).toBe('long-markdown');
    expect(row?.profiles.map((p) => p.cpuThrottle)).toEqual([1, 4]);
    const [one, four] = row?.profiles ?? [];
    expect(one).toMatchObject({ keepUp: ['faster', 'fast'], near: ['near'], fallBehind: 1, swept: 4 });
    expect(one?.fastest.map((e) => e.renderer)).toEqual(['faster']);
    expect(four).toMatchObject({ keepUp: ['fast'], near: [], fallBehind: 1, swept: 2 });
  });
});

describe('fastLaneVsBest', () => {
  it('pairs the fast lane with the best renderer that declares packages, with the brackets ratio', () => {
    const entries = [
      entry(FAST_LANE, 'found', 12_000, 15_000),
      entry('library', 'found', 2000, 2500),
      entry('library-slow', 'found', 500, 625),
      entry('hand-written', 'found', 16_000, 20_000),
    ];
    const renderers = [
      renderer(FAST_LANE, ['dompurify']),
      renderer('library', ['marked']),
      renderer('library-slow', ['react']),
      renderer('hand-written', []),
    ];
    const [row] = fastLaneVsBest(resultsWith(entries, renderers), 981);
    expect(row?.best?.renderer).toBe('library');
    expect(row?.ratio).toEqual({ lo: 12_000 / 2500, hi: 15_000 / 2000 });
    expect(row?.ttvP95AtRate).toEqual({ fastLane: null, best: null });
  });

  it('has no rows without a fast-lane entry', () => {
    expect(fastLaneVsBest(resultsWith([entry('library', 'found', 1, 2)], [renderer('library', ['x'])]))).toEqual([]);
  });
});

describe('byFamily', () => {
  it("groups renderers in the contract's family order, unnamed families after, none last", () => {
    const groups = byFamily([
      renderer('s', [], 'scroll'),
      renderer('n', []),
      renderer('t', [], 'text'),
      renderer('m', [], 'markdown'),
      renderer('t2', [], 'text'),
    ]);
    expect(groups.map((g) => [g.family, g.renderers.map((r) => r.name)])).toEqual([
      ['text', ['t', 't2']],
      ['markdown', ['m']],
      ['scroll', ['s']],
      ['', ['n']],
    ]);
  });
});
