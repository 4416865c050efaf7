// "What to pick", read off the sweep: for each swept scenario (a content type), which strategies keep up at the
// reference rate on each CPU profile and which is fastest; then the fast lane beside the best library renderer.
// Pure (bundled into the report, tested in Node). Only fixed-rate sweep probes decide: a bracket that straddles
// the reference rate is "near", never rounded either way.
import { RENDERER_FAMILIES } from '../renderer/contract.ts';
import { RATE_PRESETS } from '../../scenarios/rates.ts';
import type { CellSummary, RendererResult, Results, SweepEntry } from '../results/types.ts';

/** Our own reference strategy (renderers/fast-lane). */
export const FAST_LANE = 'fast-lane';

/** The reference rate: the fastest measured frontier lane the project is about (Kimi K2.6 on Cerebras). */
export const PICK_RATE: number = RATE_PRESETS.find((p) => p.name === 'kimi-k2.6-cerebras')?.tokPerS ?? 981;

export type KeepsUp = 'yes' | 'near' | 'no';

/** Whether a sweep entry keeps up at `rate`: its bracket is wholly above, straddles, or is at or below it. */
export function keepsUpAt(entry: SweepEntry, rate: number): KeepsUp | null {
  const { lo, hi } = entry.bracket;
  switch (entry.status) {
    case 'above-range':
      return 'yes';
    case 'below-range':
      return 'no';
    case 'found':
      if (lo !== null && lo >= rate) return 'yes';
      if (hi !== null && hi <= rate) return 'no';
      return 'near';
    default:
      return null;
  }
}

/** Where an entry's limit lies, as an interval [lo, hi): below-range is [0, min), above-range [max, ∞). */
function interval(entry: SweepEntry): { lo: number; hi: number } | null {
  const { lo, hi } = entry.bracket;
  if (entry.status === 'above-range') return { lo: lo ?? 0, hi: Number.POSITIVE_INFINITY };
  if (entry.status === 'below-range') return { lo: 0, hi: hi ?? 0 };
  if (entry.status === 'found' && lo !== null) return { lo, hi: hi ?? Number.POSITIVE_INFINITY };
  return null;
}

/**
 * The fastest entries: the one with the highest lower bound, and every entry whose interval overlaps it (the
 * sweep cannot tell them apart at its resolution). Empty when no entry was decided.
 */
export function fastest(entries: readonly SweepEntry[]): SweepEntry[] {
  const decided = entries.flatMap((e) => {
    const iv = interval(e);
    return iv ? [{ e, iv }] : [];
  });
  const top = decided.reduce<(typeof decided)[number] | null>((a, b) => (!a || b.iv.lo > a.iv.lo ? b : a), null);
  if (!top) return [];
  return decided.filter((d) => d.iv.hi > top.iv.lo).map((d) => d.e);
}

export interface PickProfile {
  cpuThrottle: number;
  /** Renderers whose whole bracket is at or above the rate, fastest first. */
  keepUp: string[];
  /** Renderers whose bracket straddles the rate. */
  near: string[];
  /** Renderers that fall behind at or below the rate. */
  fallBehind: number;
  fastest: SweepEntry[];
  swept: number;
}

export interface PickRow {
  scenario: string;
  description: string;
  profiles: PickProfile[];
}

/** Rank for ordering lists best first: an entry's interval's lower bound (above range first). */
const rank = (e: SweepEntry): number => (e.status === 'above-range' ? Infinity : (interval(e)?.lo ?? -1));

/** The "what to pick" table: one row per swept scenario, one column per swept CPU profile. */
export function pickTable(results: Results, rate: number = PICK_RATE): PickRow[] {
  const entries = results.sweep?.entries ?? [];
  const scenarios = [...new Set(entries.map((e) => e.scenario))];
  const profiles = [...new Set(entries.map((e) => e.cpuThrottle))].sort((a, b) => a - b);
  return scenarios.map((scenario) => ({
    scenario,
    description: results.scenarios.find((s) => s.name === scenario)?.description ?? '',
    profiles: profiles.map((cpuThrottle) => {
      const mine = entries
        .filter((e) => e.scenario === scenario && e.cpuThrottle === cpuThrottle)
        .sort((a, b) => rank(b) - rank(a) || a.renderer.localeCompare(b.renderer));
      const having = (k: KeepsUp) => mine.filter((e) => keepsUpAt(e, rate) === k).map((e) => e.renderer);
      return {
        cpuThrottle,
        keepUp: having('yes'),
        near: having('near'),
        fallBehind: having('no').length,
        fastest: fastest(mine),
        swept: mine.length,
      };
    }),
  }));
}

export interface FastLaneRow {
  scenario: string;
  cpuThrottle: number;
  fastLane: SweepEntry;
  /** The best renderer built on a library (one that declares packages), other than the fast lane. */
  best: SweepEntry | null;
  /** How many times the best library's saturation the fast lane's is: [worst case, best case] from the brackets. */
  ratio: { lo: number; hi: number } | null;
  /** TTV p95 at the reference rate from the benchmark cells, when they ran there (median with its CI). */
  ttvP95AtRate: { fastLane: CellSummary['ttvP95Ms'] | null; best: CellSummary['ttvP95Ms'] | null };
}

/** Renderers that use a library (declare packages), other than the fast lane. */
function libraryRenderers(renderers: readonly RendererResult[]): Set<string> {
  return new Set(renderers.filter((r) => r.name !== FAST_LANE && (r.packages ?? []).length > 0).map((r) => r.name));
}

/** The fast lane against the best library renderer, per swept scenario and CPU profile. */
export function fastLaneVsBest(results: Results, rate: number = PICK_RATE): FastLaneRow[] {
  const entries = results.sweep?.entries ?? [];
  const libraries = libraryRenderers(results.renderers);
  const ttvAt = (renderer: string, scenario: string, cpuThrottle: number) =>
    results.cells.find(
      (c) =>
        c.renderer === renderer &&
        c.scenario === scenario &&
        c.cpuThrottle === cpuThrottle &&
        c.rate.tokPerS === rate &&
        c.summary,
    )?.summary?.ttvP95Ms ?? null;
  return entries
    .filter((e) => e.renderer === FAST_LANE)
    .map((fastLane) => {
      const rivals = entries.filter(
        (e) => e.scenario === fastLane.scenario && e.cpuThrottle === fastLane.cpuThrottle && libraries.has(e.renderer),
      );
      const best = [...rivals].sort((a, b) => rank(b) - rank(a))[0] ?? null;
      const f = interval(fastLane);
      const b = best ? interval(best) : null;
      const ratio = f && b && b.lo > 0 && b.hi > 0 ? { lo: f.lo / b.hi, hi: f.hi / b.lo } : null;
      const { scenario, cpuThrottle } = fastLane;
      return {
        scenario,
        cpuThrottle,
        fastLane,
        best,
        ratio,
        ttvP95AtRate: {
          fastLane: ttvAt(FAST_LANE, scenario, cpuThrottle),
          best: best ? ttvAt(best.renderer, scenario, cpuThrottle) : null,
        },
      };
    });
}

/** Renderers in family order (RENDERER_FAMILIES, then families the contract does not name, then none). */
export function byFamily(renderers: readonly RendererResult[]): Array<{ family: string; renderers: RendererResult[] }> {
  const order: string[] = [...RENDERER_FAMILIES];
  const families = [...new Set(renderers.map((r) => r.family ?? ''))].sort((a, b) => {
    const ia = a === '' ? Infinity : order.indexOf(a) < 0 ? order.length : order.indexOf(a);
    const ib = b === '' ? Infinity : order.indexOf(b) < 0 ? order.length : order.indexOf(b);
    return ia - ib || a.localeCompare(b);
  });
  return families.map((family) => ({ family, renderers: renderers.filter((r) => (r.family ?? '') === family) }));
}
