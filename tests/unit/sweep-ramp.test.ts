// Ramp + confirm sweep on simulated renderers with known limits: the ramp schedule, the ramp reading, and the
// confirming probes' brackets (keeps-up, throughput and smoothness apart). Counts and ratios only, no times.
import { describe, expect, it } from 'vitest';
import { RUN_OVERHEAD_S, sweepEntryRange } from '../../harness/cli/estimate.ts';
import { mulberry32 } from '../../harness/common/random.ts';
import { buildSchedule } from '../../harness/schedule/schedule.ts';
import { rampElapsedMs, rampRateAt, rampSchedule, rampStartRate, RAMP_TARGET_MS } from '../../harness/schedule/ramp.ts';
import { readRamp, type RampMarker } from '../../harness/stats/ramp-analysis.ts';
import {
  confirmBracket,
  DEFAULT_CRITERIA,
  DEFAULT_SEARCH,
  majorityDecided,
  pointThroughputOk,
  runKeepsUp,
  searchFromRamp,
  searchSaturation,
  type ProbeMode,
  type ProbeRun,
} from '../../harness/stats/saturation-search.ts';

/**
 * A renderer whose backlog grows past `throughput` tok/s and whose frames drop past `smooth` tok/s (3% noise per
 * run). Keeps-up runs that fall behind stop early (fail-fast), so their backlog verdict is unknown, as in the
 * real sweep. Runs until the point's majority is decided, as sweep.ts does.
 */
function simulated(throughput: number, smooth = throughput, seed = 1) {
  const random = mulberry32(seed);
  let runs = 0;
  const probe = async (rate: number, mode: ProbeMode): Promise<ProbeRun[]> => {
    const out: ProbeRun[] = [];
    while (out.length < 3) {
      runs++;
      const effective = rate * (1 + 0.03 * (2 * random() - 1));
      const behind = effective > throughput;
      const run: ProbeRun =
        behind && mode === 'keeps-up'
          ? { ttvP95Ms: null, droppedFramePct: null, uiBound: true, note: 'stopped early: late markers' }
          : { ttvP95Ms: behind ? 400 : 18, droppedFramePct: effective > smooth ? 8 : 0.5, uiBound: behind };
      out.push(run);
      const ok = out.filter((r) => (mode === 'keeps-up' ? runKeepsUp(r, DEFAULT_CRITERIA) : !r.uiBound)).length;
      if (majorityDecided(ok, out.length - ok, 3)) break;
    }
    return out;
  };
  return { probe, runs: () => runs };
}

const contains = (b: { lo: number | null; hi: number | null }, truth: number): void => {
  expect(b.lo).not.toBeNull();
  expect(b.hi).not.toBeNull();
  expect(b.lo!).toBeLessThanOrEqual(truth * 1.03);
  expect(b.hi!).toBeGreaterThanOrEqual(truth * 0.97);
  expect(b.hi! / b.lo!).toBeLessThanOrEqual(1.25);
};

describe('ramp + confirm search', () => {
  it.each([35, 700, 2_300, 9_000])(
    'brackets a known limit of %i tok/s with fewer runs than bisection',
    async (truth) => {
      const sim = simulated(truth, truth, truth);
      const guess = truth * 1.15;
      const outcome = await searchFromRamp(sim.probe, { throughputGuess: guess, smoothnessGuess: guess });
      expect(outcome.status).toBe('found');
      contains(outcome.bracket, truth);
      contains(outcome.limits.throughput, truth);
      expect(outcome.saturationRate).toBe(outcome.bracket.lo);
      const bisect = simulated(truth, truth, truth);
      await searchSaturation((rate) => bisect.probe(rate, 'keeps-up'));
      expect(sim.runs()).toBeLessThan(bisect.runs());
    },
  );

  it.each([0.2, 0.6, 1.8, 6])('still brackets the limit when the ramp guessed %fx the truth', async (factor) => {
    const outcome = await searchFromRamp(simulated(700, 700, 7).probe, {
      throughputGuess: 700 * factor,
      smoothnessGuess: 700 * factor,
    });
    contains(outcome.bracket, 700);
    contains(outcome.limits.throughput, 700);
  });

  it('reports the smoothness limit apart from a higher throughput limit (drops at 110, backlog at 190)', async () => {
    const outcome = await searchFromRamp(simulated(190, 110, 3).probe, { throughputGuess: 200, smoothnessGuess: 120 });
    contains(outcome.bracket, 110);
    contains(outcome.limits.smoothness, 110);
    contains(outcome.limits.throughput, 190);
    // Throughput verdicts above the smoothness limit come from runs streamed out, never from stopped ones.
    const above = outcome.points.filter((p) => p.rateTokPerS > 150);
    expect(above.length).toBeGreaterThan(0);
    for (const p of above) expect(pointThroughputOk(p)).not.toBeNull();
  });

  it('states below range and above range as bisection does', async () => {
    const below = await searchFromRamp(simulated(3).probe, { throughputGuess: 12, smoothnessGuess: 12 });
    expect(below).toMatchObject({ status: 'below-range', saturationRate: null, bracket: { lo: null, hi: 10 } });
    expect(below.limits.throughput).toEqual({ lo: null, hi: 10 });
    const above = await searchFromRamp(simulated(1e9).probe, { throughputGuess: null, smoothnessGuess: null });
    expect(above).toMatchObject({ status: 'above-range', saturationRate: 20_000, bracket: { lo: 20_000, hi: null } });
    expect(above.limits.throughput).toEqual({ lo: 20_000, hi: null });
    // The ramp saw no limit: the first probe is the range's top, and its runs decide the throughput bracket too.
    expect(above.points.map((p) => p.rateTokPerS)).toEqual([20_000]);
  });

  it('decides a point as soon as the remaining runs cannot change its strict majority', () => {
    expect(majorityDecided(2, 0, 3)).toBe(true);
    expect(majorityDecided(0, 2, 3)).toBe(true);
    expect(majorityDecided(1, 1, 3)).toBe(false);
    expect(majorityDecided(1, 0, 1)).toBe(true);
    expect(majorityDecided(1, 1, 4)).toBe(false);
    expect(majorityDecided(2, 2, 4)).toBe(true);
  });
});

describe('ramp schedule', () => {
  const base = buildSchedule({
    scenario: 't',
    format: 'plain',
    text: 'word '.repeat(600),
    rate: { name: '1000', tokPerS: 1000, ttftMs: 200 },
    seed: 1,
  });

  it('climbs geometrically from the start rate to the end rate, keeping order and markers', () => {
    const { schedule, spec } = rampSchedule(base, 20, 20_000);
    expect(schedule.chunks.length).toBe(base.chunks.length);
    expect(schedule.chunks[0]?.dueMs).toBe(200);
    for (let i = 1; i < schedule.chunks.length; i++) {
      expect(schedule.chunks[i]!.dueMs).toBeGreaterThanOrEqual(schedule.chunks[i - 1]!.dueMs);
    }
    for (const m of schedule.markers) expect(m.dueMs).toBe(schedule.chunks[m.chunkIndex]!.dueMs);
    expect(rampRateAt(0, spec)).toBeCloseTo(20, 6);
    expect(rampRateAt(rampElapsedMs(spec.tokens - 1, spec), spec) / 20_000).toBeCloseTo(1, 3);
    // Gaps shrink: the rate at the middle token is the geometric mean of the ends.
    expect(rampRateAt(rampElapsedMs((spec.tokens - 1) / 2, spec), spec) / Math.sqrt(20 * 20_000)).toBeCloseTo(1, 3);
  });

  it('starts where the ramp lasts about its target, never below the minimum rate', () => {
    const tokens = 1_500;
    const start = rampStartRate(tokens, 20_000, 10);
    const ms = rampElapsedMs(tokens - 1, { startTokPerS: start, endTokPerS: 20_000, tokens });
    expect(ms / RAMP_TARGET_MS).toBeGreaterThan(0.9);
    expect(ms / RAMP_TARGET_MS).toBeLessThan(1.1);
    expect(rampStartRate(50, 20_000, 10)).toBe(10);
  });
});

describe('reading a ramp', () => {
  /** Markers of a renderer that shows at most `capacity` tok/s (a queue), plus `lagMs` of rendering. */
  function rampRun(capacity: number, lagMs = 10): RampMarker[] {
    const spec = { startTokPerS: 20, endTokPerS: 20_000, tokens: 1_000 };
    const markers: RampMarker[] = [];
    let shownAt = 0;
    for (let t = 0; t < spec.tokens; t++) {
      const due = rampElapsedMs(t, spec);
      shownAt = Math.max(due, shownAt + 1000 / capacity);
      if (t % 8 === 0)
        markers.push({ dueMs: due, tokenIndex: t, visibleMs: shownAt + lagMs, rateTokPerS: rampRateAt(due, spec) });
    }
    return markers;
  }
  const steadyFrames = Array.from({ length: 1_000 }, (_, i) => (i * 1000) / 60);

  it.each([60, 400, 3_000])('guesses a throughput limit of %i tok/s within 1.25x', (capacity) => {
    const reading = readRamp(rampRun(capacity), steadyFrames, DEFAULT_CRITERIA, 1000 / 60);
    expect(reading.throughputGuess! / capacity).toBeGreaterThan(0.8);
    expect(reading.throughputGuess! / capacity).toBeLessThan(1.25);
    expect(reading.smoothnessGuess!).toBeLessThanOrEqual(reading.throughputGuess!);
  });

  it('sees no throughput limit in a constant lag over budget (a batching renderer), only a smoothness one', () => {
    const batching = rampRun(1e9, 65);
    const reading = readRamp(batching, steadyFrames, DEFAULT_CRITERIA, 1000 / 60);
    expect(reading.throughputGuess).toBeNull();
    // Late from the first marker on: smoothness breaks in the ramp's first window.
    expect(reading.smoothnessGuess! / batching[0]!.rateTokPerS).toBeLessThan(2);
  });

  it('guesses no limit for a renderer that keeps up over the whole ramp, and a low smoothness limit on drops', () => {
    expect(readRamp(rampRun(1e9), steadyFrames, DEFAULT_CRITERIA, 1000 / 60)).toEqual({
      throughputGuess: null,
      smoothnessGuess: null,
    });
    // Every 10th frame missing from 3 s on: 10% dropped there.
    const dropping = steadyFrames.filter((t, i) => t < 3_000 || i % 10 !== 0);
    const reading = readRamp(rampRun(1e9), dropping, DEFAULT_CRITERIA, 1000 / 60);
    expect(reading.throughputGuess).toBeNull();
    expect(reading.smoothnessGuess).not.toBeNull();
  });

  it('takes the break that lasts to the ramp end, not an early hiccup the renderer recovered from', () => {
    const run = rampRun(2_000);
    // A 300 ms stall 1 s into the ramp (a GC pause, another page): every marker due in it is shown at its end.
    const stalled = run.map((m) => (m.dueMs > 1_000 && m.dueMs < 1_300 ? { ...m, visibleMs: 1_300 + 10 } : m));
    const frames = steadyFrames.filter((t) => t <= 1_000 || t >= 1_300);
    const hiccupRate = run.find((m) => m.dueMs > 1_000)!.rateTokPerS;
    const reading = readRamp(stalled, frames, DEFAULT_CRITERIA, 1000 / 60);
    expect(hiccupRate).toBeLessThan(200);
    // Aimed at the real limit (within 2x of capacity), not ten times below it at the hiccup.
    expect(reading.smoothnessGuess! / 2_000).toBeGreaterThan(0.5);
    expect(reading.smoothnessGuess!).toBeLessThanOrEqual(reading.throughputGuess!);
    // Without the recovery (stalled for good from 1 s on), the same hiccup is the limit.
    const never = run.map((m) => (m.dueMs > 1_000 ? { ...m, visibleMs: null } : m));
    expect(readRamp(never, frames, DEFAULT_CRITERIA, 1000 / 60).smoothnessGuess! / hiccupRate).toBeLessThan(2);
  });
});

describe('confirming probes reuse what is known', () => {
  it('jumps to the guess when only the lower bound is known, instead of galloping up from it', async () => {
    const probed: number[] = [];
    const bracket = await confirmBracket(
      async (rate) => (probed.push(rate), rate <= 200),
      [{ rate: 16, pass: true }],
      200,
      { ...DEFAULT_SEARCH },
    );
    expect(bracket.lo! <= 200 && bracket.hi! > 200).toBe(true);
    expect(bracket.hi! / bracket.lo!).toBeLessThanOrEqual(1.25);
    expect(probed.length).toBeLessThanOrEqual(3);
    expect(probed.every((r) => r > 100)).toBe(true);
  });

  it('never re-measures a known rate and states a known bracket at once', async () => {
    const probed: number[] = [];
    const known = [
      { rate: 100, pass: true },
      { rate: 120, pass: false },
    ];
    expect(await confirmBracket(async (r) => (probed.push(r), false), known, 500, { ...DEFAULT_SEARCH })).toEqual({
      lo: 100,
      hi: 120,
    });
    expect(probed).toEqual([]);
  });
});

describe('sweep estimate (ramp + confirm)', () => {
  const config = { ttvBudgetMs: 50, maxDroppedPct: 2, minRate: 10, maxRate: 20_000, resolution: 1.25, runsPerPoint: 3 };

  it('is a range that grows with the content length, bounded by the late join at low rates', () => {
    const short = sweepEntryRange(config, (r) => 560 / r);
    const long = sweepEntryRange(config, (r) => 12_722 / r);
    expect(short.min).toBeLessThan(short.max);
    expect(long.min).toBeGreaterThan(short.min);
    expect(long.max).toBeGreaterThanOrEqual(short.max);
    // Streamed whole, a probe of 12,722 tokens at 10 tok/s alone would take over 20 min: joined late, the
    // dearest entry is a few probes of a 6 s tail and its pause.
    expect(long.max).toBeLessThan(12_722 / 10);
    expect(long.max / short.max).toBeLessThan(2);
  });

  it('costs less than the bisection alone would at its cheapest (~8 probes of 3 runs)', () => {
    const { min } = sweepEntryRange(config, () => 1);
    expect(min).toBeLessThan(8 * 3 * (1 + RUN_OVERHEAD_S));
  });
});
