import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../harness/common/random.ts';
import {
  DEFAULT_CRITERIA,
  geometricMid,
  maxDroppedFramesFor,
  maxLateMarkersForP95,
  runKeepsUp,
  searchSaturation,
  summarizePoint,
  type ProbeRun,
} from '../../harness/stats/saturation-search.ts';
import { percentile } from '../../harness/stats/basic.ts';
import { computeRunMetrics } from '../../harness/metrics/run-metrics.ts';
import { DEFAULT_FRAME_INTERVAL_MS } from '../../harness/common/frame.ts';
import type { RawRun } from '../../harness/page/protocol.ts';

/**
 * A simulated renderer with a known saturation point: per-token cost c ms, so its main thread is busy
 * c * rate / 1000 of the time. Below saturation TTV p95 is ~18 ms; past 1/c tokens per ms the backlog grows.
 * Noise makes runs near the threshold disagree, as real runs do.
 */
function simulated(saturation: number, seed = 1) {
  const random = mulberry32(seed);
  return async (rate: number): Promise<ProbeRun[]> =>
    [0, 1, 2].map(() => {
      const effective = rate * (1 + 0.03 * (2 * random() - 1));
      const keepsUp = effective <= saturation;
      return keepsUp
        ? { ttvP95Ms: 18, droppedFramePct: 0.5, uiBound: false }
        : { ttvP95Ms: 400, droppedFramePct: 12, uiBound: true };
    });
}

describe('saturation search', () => {
  it.each([35, 700, 2_300, 9_000])(
    'finds a known saturation point of %i tok/s within its stated bracket',
    async (truth) => {
      const outcome = await searchSaturation(simulated(truth, truth));
      expect(outcome.status).toBe('found');
      const { lo, hi } = outcome.bracket;
      expect(lo).not.toBeNull();
      expect(hi).not.toBeNull();
      // The stated bracket contains the truth (3% noise can only blur it at the edge: allow that much).
      expect(lo!).toBeLessThanOrEqual(truth * 1.03);
      expect(hi!).toBeGreaterThanOrEqual(truth * 0.97);
      expect(hi! / lo!).toBeLessThanOrEqual(1.25);
      expect(outcome.saturationRate).toBe(lo);
      expect(outcome.points.length).toBeLessThanOrEqual(10);
    },
  );

  it('reports "below range" when even the lowest rate fails, without crashing', async () => {
    const outcome = await searchSaturation(simulated(3));
    expect(outcome).toMatchObject({ status: 'below-range', saturationRate: null, bracket: { lo: null, hi: 10 } });
    expect(outcome.points.at(-1)?.rateTokPerS).toBe(10);
  });

  it('reports "above range" when even the highest rate keeps up', async () => {
    const outcome = await searchSaturation(simulated(1e9));
    expect(outcome).toMatchObject({ status: 'above-range', saturationRate: 20_000, bracket: { lo: 20_000, hi: null } });
  });

  it('probes geometric midpoints with readable rounding, and rejects a bad range', async () => {
    expect(geometricMid(10, 20_000)).toBe(450);
    expect(geometricMid(450, 20_000)).toBe(3_000);
    expect(geometricMid(100, 101)).toBeCloseTo(Math.sqrt(100 * 101), 9);
    await expect(searchSaturation(simulated(100), { minRate: 10, maxRate: 5 })).rejects.toThrow(/range/);
  });
});

describe('keeping up', () => {
  it('needs TTV p95 within budget, few dropped frames, no growing backlog, and no failure', () => {
    const ok: ProbeRun = { ttvP95Ms: 50, droppedFramePct: 2, uiBound: false };
    expect(runKeepsUp(ok, DEFAULT_CRITERIA)).toBe(true);
    expect(runKeepsUp({ ...ok, ttvP95Ms: 50.1 }, DEFAULT_CRITERIA)).toBe(false);
    expect(runKeepsUp({ ...ok, ttvP95Ms: null }, DEFAULT_CRITERIA)).toBe(false);
    expect(runKeepsUp({ ...ok, droppedFramePct: 2.1 }, DEFAULT_CRITERIA)).toBe(false);
    expect(runKeepsUp({ ...ok, uiBound: true }, DEFAULT_CRITERIA)).toBe(false);
    expect(runKeepsUp({ ...ok, note: 'stopped early' }, DEFAULT_CRITERIA)).toBe(false);
  });

  it('a point passes on a strict majority of its runs', () => {
    const pass: ProbeRun = { ttvP95Ms: 10, droppedFramePct: 0, uiBound: false };
    const fail: ProbeRun = { ...pass, uiBound: true };
    expect(summarizePoint(100, [pass, pass, fail], DEFAULT_CRITERIA)).toMatchObject({ passRuns: 2, pass: true });
    expect(summarizePoint(100, [pass, fail], DEFAULT_CRITERIA)).toMatchObject({ passRuns: 1, pass: false });
  });

  it('fail-fast allowance matches the nearest-rank p95: one more late marker pushes p95 over budget', () => {
    for (const n of [1, 19, 20, 21, 54, 100, 561]) {
      const allowed = maxLateMarkersForP95(n);
      const within = [...Array(n - allowed).fill(10), ...Array(allowed).fill(1000)];
      const over = [...Array(n - allowed - 1).fill(10), ...Array(allowed + 1).fill(1000)];
      expect(percentile(within, 95)).toBe(10);
      expect(percentile(over, 95)).toBe(1000);
    }
  });

  it('fail-fast on dropped frames matches the metric: one frame more than allowed fails the run', () => {
    const interval = DEFAULT_FRAME_INTERVAL_MS;
    for (const streamMs of [4_100, 6_000, 19_000]) {
      const allowed = maxDroppedFramesFor(streamMs, DEFAULT_CRITERIA, interval);
      // Last text shown anywhere from the last due time to the budget after it: the window the allowance assumes.
      for (const shownAfterLastDueMs of [0, 25, DEFAULT_CRITERIA.ttvBudgetMs]) {
        const pct = (dropped: number) => droppedPct(streamMs, shownAfterLastDueMs, dropped);
        expect(pct(allowed + 1)).toBeGreaterThan(DEFAULT_CRITERIA.maxDroppedPct);
        if (shownAfterLastDueMs === DEFAULT_CRITERIA.ttvBudgetMs) {
          expect(pct(allowed)).toBeLessThanOrEqual(DEFAULT_CRITERIA.maxDroppedPct);
        }
      }
    }
  });
});

/**
 * Dropped % the metrics give a run streaming from 1,000 to 1,000 + streamMs (one marker at each end), its last
 * marker shown `shownAfterLastDueMs` after its due time, with `dropped` vsyncs missed at the stream's start.
 */
function droppedPct(streamMs: number, shownAfterLastDueMs: number, dropped: number): number {
  const interval = DEFAULT_FRAME_INTERVAL_MS;
  const start = 1_000;
  const end = start + streamMs;
  // Vsyncs k = -10... at start + k * interval; 1..dropped are missed.
  const frames: number[] = [];
  for (let k = -10; start + k * interval < end + shownAfterLastDueMs + 10 * interval; k++) {
    if (k < 1 || k > dropped) frames.push(start + k * interval);
  }
  const marker = (dueMs: number, visibleMs: number) => ({
    text: `m${dueMs}`,
    tokenIndex: 0,
    dueMs,
    deliveredMs: dueMs,
    commitMs: dueMs,
    visibleMs,
  });
  const raw: RawRun = {
    chunks: [
      { dueMs: start, deliveredMs: start, tokenCount: 1 },
      { dueMs: end, deliveredMs: end, tokenCount: 1 },
    ],
    markers: [marker(start, start + 10), marker(end, end + shownAfterLastDueMs)],
    frames: { rafTimestampsMs: frames, postFrameMs: [] },
    longFrames: [],
    endCalledMs: null,
    stoppedMs: end + shownAfterLastDueMs + 100,
    errors: [],
    finalVisibleText: `m${start} m${end}`,
    finalText: `m${start} m${end}`,
    timedOut: false,
    rootEmptyAfterDispose: true,
  };
  const metrics = computeRunMetrics(raw);
  expect(metrics.droppedFrames).toBe(dropped);
  return metrics.droppedFramePct;
}
