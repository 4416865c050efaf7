// The calibration model is pure: its predictions are checked here against hand-derived figures.
import { describe, expect, it } from 'vitest';
import { parseCalibrateArgs } from '../../harness/cli/calibrate.ts';
import { CALIBRATION_CASES, caseSchedule, findCase, modelStream } from '../../harness/calibration/cases.ts';
import { reparseCostMs, REPARSE_MS_PER_KCHAR, spin } from '../../harness/calibration/costs.ts';
import {
  evenQuantiles,
  machineConstants,
  MEASURED_PARAMS,
  MIN_SAMPLES,
  paramsWith,
  queuedFrameGaps,
  runSamples,
} from '../../harness/calibration/machine.ts';
import {
  DEFAULT_MODEL_PARAMS,
  expectOverPhases,
  simulate,
  vsyncPhase,
  type ModelParams,
  type ModelStream,
} from '../../harness/calibration/model.ts';
import {
  formatCalibrationTable,
  type CalibrationReport,
  type CalibrationRun,
} from '../../harness/calibration/report.ts';
import { evaluateCase, modelAssumptions, planCalibration } from '../../harness/calibration/run.ts';
import type { RawRun } from '../../harness/page/protocol.ts';

const F = 1000 / 60;

/** A metronome: `count` one-character chunks every `everyMs` from `firstMs`, a marker in each. */
function metronome(count: number, everyMs: number, firstMs = 100): ModelStream {
  return {
    chunks: Array.from({ length: count }, (_, i) => ({ dueMs: firstMs + i * everyMs, chars: 1 })),
    markers: Array.from({ length: count }, (_, i) => ({ chunkIndex: i })),
  };
}

/** The textbook model: no delivery, dispatch, frame or message cost; a vsync is missed iff the thread is busy at it. */
const IDEAL: Partial<ModelParams> = {
  deliveryMs: 0,
  writeOverheadMs: 0,
  frameDispatchMs: 0,
  frameWorkMs: 0,
  longFrameWorkMs: 0,
  frameLatencyMs: 0,
  onTimeSlackMs: 0,
};

describe('calibration model: dropped frames', () => {
  it('no cost: no missed vsync at any phase', () => {
    const e = expectOverPhases(metronome(60, 37), {}, {}, 32);
    expect(e.droppedFrames.max).toBe(0);
    expect(e.rafVisibleDropped.max).toBe(0);
  });

  it('40 ms writes every 200 ms: 2.4 missed vsyncs per write on average over the phase (40 / 16.67)', () => {
    const stream = metronome(20, 200);
    const ideal = expectOverPhases(stream, { perWriteMs: () => 40 }, IDEAL, 96);
    expect(ideal.droppedPerWrite).toBeCloseTo(2.4, 1);
    // Each write misses 2 or 3 vsyncs, never fewer or more.
    expect(ideal.droppedFrames.min).toBeGreaterThanOrEqual(40);
    expect(ideal.droppedFrames.max).toBeLessThanOrEqual(60);
    // The harness counts a frame as missed only when it starts more than half an interval late: a vsync in
    // the last half interval of a write still gets its frame, so (40 - 8.33) / 16.67 = 1.9 per write, plus a
    // little for this Chromium's dispatch latencies.
    const real = expectOverPhases(stream, { perWriteMs: () => 40 }, {}, 96);
    expect(real.droppedPerWrite).toBeGreaterThan(1.85);
    expect(real.droppedPerWrite).toBeLessThan(2.3);
  });

  it('a fixed cost misses cost / frame interval vsyncs per write on average (8 and 20 ms)', () => {
    for (const cost of [8, 20]) {
      const e = expectOverPhases(metronome(30, 190), { perWriteMs: () => cost }, IDEAL, 96);
      expect(e.droppedPerWrite).toBeCloseTo(cost / F, 1);
    }
  });

  it('a 100 ms stall every second misses 6 vsyncs per stall, whatever the writes', () => {
    const stream = metronome(100, 25, 100); // 100 .. 2,575 ms
    const e = expectOverPhases(stream, { stall: { everyMs: 1000, durationMs: 100, firstAtMs: 850 } }, IDEAL, 32);
    // Stalls at 850 and 1,850 fall inside the window; the one at 2,850 does not.
    expect(e.droppedFrames.median).toBe(12);
  });

  it('a cost that grows with the text misses sum(cost) / frame interval vsyncs', () => {
    const stream: ModelStream = {
      chunks: Array.from({ length: 40 }, (_, i) => ({ dueMs: 100 + i * 97, chars: 40 })),
      markers: [{ chunkIndex: 39 }],
    };
    const totalMs = Array.from({ length: 40 }, (_, i) => reparseCostMs(40 * (i + 1))).reduce((a, b) => a + b, 0);
    const e = expectOverPhases(stream, { perWriteMs: reparseCostMs }, IDEAL, 96);
    expect(e.droppedFrames.mean).toBeGreaterThan(totalMs / F - 2);
    expect(e.droppedFrames.mean).toBeLessThan(totalMs / F + 2);
    // Quadratic: the last write costs 40x the first.
    expect(reparseCostMs(1600) / reparseCostMs(40)).toBe(40);
    expect(reparseCostMs(1000)).toBe(REPARSE_MS_PER_KCHAR);
  });

  it('dispatch spread: a constant spread is the scalar model; a tail misses more vsyncs than its median', () => {
    const stream = metronome(30, 190);
    const cost = { perWriteMs: () => F / 2 - 0.5 };
    const constant = simulate(stream, cost, 3.1, { frameDispatchQuantilesMs: [0.5, 0.5, 0.5] });
    expect(constant).toEqual(simulate(stream, cost, 3.1, {}));
    // A write of (half an interval - 0.5 ms) that starts after a vsync but before its frame is runnable makes
    // that frame start more than half an interval late iff it starts more than 0.5 ms after the vsync: per
    // write, a miss with chance mean(max(0, delay - 0.5)) / F. Delays 0 and 2 ms, half each: 0.75 / F = 0.045.
    const threshold = { ...IDEAL, frameDispatchMs: 0, onTimeSlackMs: F / 2 };
    const spread = expectOverPhases(stream, cost, { ...threshold, frameDispatchQuantilesMs: [0, 2] }, 96);
    expect(spread.droppedPerWrite).toBeGreaterThan(0.03);
    expect(spread.droppedPerWrite).toBeLessThan(0.06);
    // Their median (1 ms) alone predicts 0.5 / F = 0.03 per write.
    const scalar = expectOverPhases(stream, cost, { ...threshold, frameDispatchMs: 1, onTimeSlackMs: F / 2 - 1 }, 96);
    expect(scalar.droppedPerWrite).toBeLessThan(spread.droppedPerWrite);
  });

  it("rAF timestamps alone cannot see a short stall: the late frame carries the missed vsync's timestamp", () => {
    // One 20 ms write at phase 0: vsyncs at 100 (write starts at 100.25), 116.67 inside -> missed; the frame
    // for 116.67 runs late at 120.25 with timestamp 116.67, so consecutive rAF timestamps show no gap.
    const sim = simulate(metronome(1, 0, 100.25), { perWriteMs: () => 20 }, 100 % F, { ...IDEAL, deliveryMs: 0 });
    expect(sim.droppedFrames).toBe(1);
    expect(sim.rafVisibleDropped).toBe(0);
    const late = sim.frames.filter((f) => !f.onTime);
    expect(late).toHaveLength(1);
    expect(late[0]?.vsyncMs).toBeCloseTo(116.67, 1);
    expect(late[0]?.beginMs).toBeCloseTo(120.25, 5);
  });

  it('a saturated stream misses (nearly) every vsync until the backlog drains', () => {
    const stream = metronome(40, 10); // 20 ms of work every 10 ms: 800 ms of work over 390 ms of stream
    const sim = simulate(stream, { perWriteMs: () => 20 }, 3, IDEAL);
    expect(sim.demand).toBeGreaterThan(1.9);
    // Busy from 100 to 900: 48 vsyncs, all missed.
    expect(sim.droppedFrames).toBe(48);
    // The last marker shows when the backlog has drained: 100 + 40 * 20 - 490.
    expect(sim.completionLagMs).toBeCloseTo(900 - 490, 5);
  });
});

describe('calibration model: time to visible', () => {
  it('no cost: TTV is the wait for the next frame, uniform over one interval, plus latencies', () => {
    const e = expectOverPhases(metronome(200, 37.3), {}, IDEAL, 16);
    expect(e.ttvP50Ms.median).toBeGreaterThan(F / 2 - 2);
    expect(e.ttvP50Ms.median).toBeLessThan(F / 2 + 2);
    expect(e.ttvP95Ms.median).toBeGreaterThan(0.95 * F - 2);
    expect(e.ttvP95Ms.median).toBeLessThanOrEqual(F);
  });

  it(
    'a write that spans a vsync is shown by the late frame as soon as it ends: ' + 'TTV = delivery + cost + latency',
    () => {
      const params: Partial<ModelParams> = {
        deliveryMs: 0.25,
        writeOverheadMs: 0,
        frameDispatchMs: 0.5,
        frameLatencyMs: 0.9,
      };
      const e = expectOverPhases(metronome(20, 180), { perWriteMs: () => 40 }, params, 32);
      expect(e.ttvP50Ms.min).toBeCloseTo(0.25 + 40 + 0.9, 5);
      expect(e.ttvP50Ms.max).toBeCloseTo(0.25 + 40 + 0.9, 5);
    },
  );

  it('the frame that ends a long animation frame costs longFrameWorkMs, and a marker queued behind it waits', () => {
    // Marker due at 900 inside a 850-950 stall; vsyncs at 0 + k * F. At 950 the frame posted during the stall
    // runs first (FIFO), then the message, then the catch-up frame that shows it.
    const stream = metronome(1, 0, 900);
    const cost = { stall: { everyMs: 1000, durationMs: 100, firstAtMs: 850 } };
    const cheap = simulate(stream, cost, 0, { ...IDEAL, longFrameWorkMs: 0 });
    const dear = simulate(stream, cost, 0, { ...IDEAL, longFrameWorkMs: 3 });
    expect((dear.visibleMs[0] ?? 0) - (cheap.visibleMs[0] ?? 0)).toBeCloseTo(3, 5);
  });

  it('a marker due during a stall waits for the stall to end', () => {
    const stream = metronome(1, 0, 900);
    const sim = simulate(stream, { stall: { everyMs: 1000, durationMs: 100, firstAtMs: 850 } }, 0, IDEAL);
    expect(sim.ttvMs[0]).toBeCloseTo(50, 5);
  });
});

describe('calibration model: inputs and helpers', () => {
  it('is deterministic and validates its input', () => {
    const stream = metronome(10, 50);
    expect(simulate(stream, { perWriteMs: () => 8 }, 4.2)).toEqual(simulate(stream, { perWriteMs: () => 8 }, 4.2));
    expect(() => simulate({ chunks: [], markers: [] }, {}, 0)).toThrow(/no chunks/);
    expect(() =>
      simulate(
        {
          chunks: [
            { dueMs: 10, chars: 1 },
            { dueMs: 5, chars: 1 },
          ],
          markers: [],
        },
        {},
        0,
      ),
    ).toThrow(/decrease/);
    expect(() => simulate(stream, { stall: { everyMs: 100, durationMs: 100, firstAtMs: 0 } }, 0)).toThrow(/shorter/);
    expect(() => expectOverPhases(stream, {}, {}, 0)).toThrow(/phases/);
  });

  it('vsyncPhase recovers the grid from rAF timestamps, also across the wrap-around at 0', () => {
    for (const phase of [0.01, 3.3, 16.6]) {
      const stamps = Array.from({ length: 50 }, (_, k) => phase + (k + 7) * F);
      const found = vsyncPhase(stamps);
      expect(found).not.toBeNull();
      const d = Math.abs((found?.phaseMs ?? 0) - phase);
      expect(Math.min(d, F - d)).toBeLessThan(1e-6);
      expect(found?.maxResidualMs).toBeLessThan(1e-6);
    }
    expect(vsyncPhase([1])).toBeNull();
    // Timestamps off the grid show as a residual.
    expect(vsyncPhase([0, F, 2 * F + 4, 3 * F])?.maxResidualMs).toBeGreaterThan(2);
  });

  it('every case builds a schedule in the regime it claims', () => {
    for (const c of CALIBRATION_CASES) {
      for (const quick of [false, true]) {
        const e = expectOverPhases(modelStream(caseSchedule(c, quick)), c.cost, {}, 8);
        if (c.name.startsWith('saturated')) expect(e.demand).toBeGreaterThan(0.9);
        else expect(e.demand).toBeLessThan(0.5);
      }
      expect(c.renderer.startsWith('calib-')).toBe(true);
    }
    // Zero cost: the control shows nothing.
    const zero = planCalibration({ quick: true, cases: ['zero-cost'] }).cases[0];
    expect(zero?.expectation.droppedFrames.max).toBe(0);
  });

  it('spin blocks for at least the asked time', () => {
    expect(spin(3)).toBeGreaterThanOrEqual(3);
  });
});

/** A raw run with frames every F from 0: rAF start `dispatch` after each timestamp, post-frame `latency` after that. */
function rawRun(frames: number, dispatch: number, latency: number, over: Partial<RawRun> = {}): RawRun {
  const stamps = Array.from({ length: frames }, (_, k) => k * F);
  return {
    chunks: [
      { dueMs: 10, deliveredMs: 10.25, tokenCount: 1 },
      { dueMs: 40, deliveredMs: 40.35, tokenCount: 1 },
    ],
    // Shown by frame 1 (its post-frame time).
    markers: [
      { text: '⟦0⟧', tokenIndex: 0, dueMs: 10, deliveredMs: 10.25, commitMs: 10.35, visibleMs: F + dispatch + latency },
    ],
    frames: {
      rafTimestampsMs: stamps,
      rafStartMs: stamps.map((t) => t + dispatch),
      postFrameMs: stamps.map((t) => t + dispatch + latency),
    },
    longFrames: [],
    endCalledMs: 40.4,
    stoppedMs: frames * F,
    errors: [],
    finalVisibleText: '',
    finalText: '',
    timedOut: false,
    rootEmptyAfterDispose: true,
    ...over,
  };
}

describe("calibration: this machine's constants", () => {
  it('takes delivery, dispatch, frame latency and message overhead from an idle run, skipping the first frame', () => {
    const s = runSamples(rawRun(10, 0.6, 1.5), true);
    expect(s.frameDispatchMs).toHaveLength(9);
    expect(s.frameDispatchMs.every((v) => Math.abs(v - 0.6) < 1e-9)).toBe(true);
    // Work: every frame; latency: the frame that showed the marker.
    expect(s.frameWorkMs).toHaveLength(9);
    expect(s.frameWorkMs.every((v) => Math.abs(v - 1.5) < 1e-9)).toBe(true);
    expect(s.frameLatencyMs).toHaveLength(1);
    expect(s.frameLatencyMs[0]).toBeCloseTo(1.5, 9);
    expect(s.deliveryMs.map((v) => Number(v.toFixed(6)))).toEqual([0.25, 0.35]);
    expect(s.writeOverheadMs).toEqual([]);
    expect(s.longFrameWorkMs).toEqual([]);
  });

  it("message overhead: a frame queued behind a write starts this long after the write's start + busy-wait", () => {
    // A write of 8 ms delivered at 30 (vsync 2 at 33.3 ticks inside it): frame 2 starts at 38.25, 0.25 ms after.
    const chunks = [
      { dueMs: 10, deliveredMs: 10.25, tokenCount: 1 },
      { dueMs: 29.8, deliveredMs: 30, tokenCount: 1 },
    ];
    const raw = rawRun(5, 0.5, 1, { chunks });
    const starts = raw.frames.rafStartMs?.map((t, i) => (i === 2 ? 38.25 : t)) ?? [];
    const posts = raw.frames.postFrameMs.map((t, i) => (i === 2 ? 39.25 : t));
    const queued = { ...raw, frames: { ...raw.frames, rafStartMs: starts, postFrameMs: posts } };
    expect(queuedFrameGaps(queued, 8).map((v) => Number(v.toFixed(6)))).toEqual([0.25]);
    expect(runSamples(queued, false, 8).writeOverheadMs.map((v) => Number(v.toFixed(6)))).toEqual([0.25]);
    // Two chunks delivered together are one message of two writes: 16 ms of busy-wait.
    const batched = { ...queued, chunks: [...chunks, { dueMs: 29.9, deliveredMs: 30, tokenCount: 1 }] };
    const late = { ...batched, frames: { ...batched.frames, rafStartMs: starts.map((t, i) => (i === 2 ? 46.3 : t)) } };
    expect(queuedFrameGaps(late, 8).map((v) => Number(v.toFixed(6)))).toEqual([0.3]);
    // A frame that did not wait for the write (or waited for something else too) is no sample.
    expect(queuedFrameGaps(batched, 8)).toEqual([]);
    const another = starts.map((t, i) => (i === 2 ? 50 : t));
    expect(queuedFrameGaps({ ...late, frames: { ...late.frames, rafStartMs: another } }, 8)).toEqual([]);
  });

  it('a frame starting more than 50 ms after the previous post-frame is a long frame, from any run', () => {
    const raw = rawRun(6, 0.5, 1);
    // Frame 3 starts 100 ms late (a stall), and its post-frame comes 3 ms after it starts.
    const starts = raw.frames.rafStartMs?.map((t, i) => (i === 3 ? t + 100 : t)) ?? [];
    const posts = raw.frames.postFrameMs.map((t, i) => (i === 3 ? (starts[3] ?? 0) + 3 : t));
    const stalled = { ...raw, frames: { ...raw.frames, rafStartMs: starts, postFrameMs: posts } };
    const busy = runSamples(stalled, false);
    expect(busy.longFrameWorkMs.map((v) => Number(v.toFixed(6)))).toEqual([3]);
    // A busy run gives nothing else: its delays are the renderer's, not the page's.
    expect(busy.frameDispatchMs).toEqual([]);
    expect(busy.deliveryMs).toEqual([]);
    const idle = runSamples(stalled, true);
    expect(idle.longFrameWorkMs).toHaveLength(1);
    expect(idle.frameWorkMs).toHaveLength(4);
  });

  it('uses the median of all samples, with exact p10/p90, and keeps the default with too few samples', () => {
    const a = runSamples(rawRun(11, 0.4, 1), true);
    const b = runSamples(rawRun(11, 0.8, 2), true);
    const m = machineConstants([a, b], { requested: 2, ok: 2, errors: [] });
    const dispatch = m.constants.find((c) => c.param === 'frameDispatchMs');
    // 10 samples of 0.4 and 10 of 0.8: the median is their mean; nearest-rank p10 and p90 are observed values.
    expect(dispatch?.measured?.median).toBeCloseTo(0.6, 9);
    expect(dispatch?.measured?.p10).toBeCloseTo(0.4, 9);
    expect(dispatch?.measured?.p90).toBeCloseTo(0.8, 9);
    expect(dispatch?.measured?.n).toBe(20);
    expect(dispatch?.replaced).toBe(DEFAULT_MODEL_PARAMS.frameDispatchMs);
    expect(m.params.frameDispatchMs).toBeCloseTo(0.6, 9);
    const long = m.constants.find((c) => c.param === 'longFrameWorkMs');
    expect(long?.measured).toBeNull();
    expect(long?.used).toBe(DEFAULT_MODEL_PARAMS.longFrameWorkMs);
    expect(MIN_SAMPLES).toBeGreaterThan(1);
    expect(m.constants.map((c) => c.param)).toEqual([...MEASURED_PARAMS]);
  });

  it("passes the dispatch delay's spread to the model as 20 evenly spaced observed quantiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(evenQuantiles(values)).toEqual(Array.from({ length: 20 }, (_, i) => 3 + 5 * i));
    expect(evenQuantiles(values.slice(0, 10))).toEqual([]);
    const m = machineConstants([runSamples(rawRun(60, 0.7, 1), true)], { requested: 1, ok: 1, errors: [] });
    expect(m.params.frameDispatchQuantilesMs).toHaveLength(20);
    expect(m.params.frameDispatchQuantilesMs.every((v) => Math.abs(v - 0.7) < 1e-9)).toBe(true);
  });

  it('the on-time slack follows the dispatch delay: late = a rAF start over half an interval after its vsync', () => {
    for (const frameDispatchMs of [0.2, 0.5, 1.7]) {
      const p = paramsWith({ frameDispatchMs });
      expect(p.frameDispatchMs + p.onTimeSlackMs).toBeCloseTo(F / 2, 9);
    }
    expect(DEFAULT_MODEL_PARAMS.frameDispatchMs + DEFAULT_MODEL_PARAMS.onTimeSlackMs).toBeCloseTo(F / 2, 9);
  });

  it("the model's assumptions state the constants it runs with", () => {
    const text = modelAssumptions(paramsWith({ frameDispatchMs: 1.23, deliveryMs: 0.31 })).join('\n');
    expect(text).toContain('runnable 1.23 ms later');
    expect(text).toContain('idle main thread 0.31 ms later');
    expect(() => planCalibration({ machineRounds: -1 })).toThrow(/machine-constant rounds/);
    expect(planCalibration({ quick: true, cases: ['zero-cost'], machineRounds: 0 }).estimateS).toBeLessThan(
      planCalibration({ quick: true, cases: ['zero-cost'], machineRounds: 3 }).estimateS,
    );
  });
});

describe('calibration: evaluation, table and CLI input', () => {
  const planned = planCalibration({ quick: true, cases: ['write-40ms'] }).cases[0];
  if (!planned) throw new Error('case write-40ms missing');
  const run = (phaseMs: number, over: Partial<CalibrationRun>): CalibrationRun => {
    const expected = planned.at(phaseMs);
    return {
      round: 0,
      ok: true,
      wallMs: 1,
      phaseMs,
      phaseResidualMs: 0,
      expected,
      droppedFrames: expected.droppedFrames,
      ttvP50Ms: expected.ttvP50Ms,
      ttvP95Ms: expected.ttvP95Ms,
      completionLagMs: expected.completionLagMs,
      lateAwareDropped: null,
      lateFrames: null,
      frameLatencyMs: null,
      deliveryMs: null,
      ...over,
    };
  };

  it('passes a run that measures what the model expects, fails one outside +-10% / +-1 frame, compares medians', () => {
    const good = evaluateCase(planned, [run(1, {}), run(5, {}), run(9, {})]);
    expect(good.pass).toBe(true);
    const low = evaluateCase(planned, [
      run(1, { droppedFrames: 5 }),
      run(5, { droppedFrames: 6 }),
      run(9, { droppedFrames: 7 }),
    ]);
    expect(low.pass).toBe(false);
    const dropped = low.checks.find((k) => k.metric === 'droppedFrames');
    expect(dropped?.measured).toBe(6);
    expect(dropped?.tolerance).toBeCloseTo(Math.max(1, 0.1 * (dropped?.expected ?? 0)), 6);
    // One outlier run does not move the median.
    const outlier = evaluateCase(planned, [run(1, {}), run(5, {}), run(9, { ttvP95Ms: 500 })]);
    expect(outlier.pass).toBe(true);
    // TTV tolerance is at least one frame interval.
    const ttv = good.checks.find((k) => k.metric === 'ttvP50Ms');
    expect(ttv?.tolerance).toBeCloseTo(F, 6);
    // A failed run fails the case.
    expect(evaluateCase(planned, [run(1, {}), { ...run(5, {}), ok: false, error: 'boom' }]).pass).toBe(false);
    expect(evaluateCase(planned, []).pass).toBe(false);
  });

  it('prints a table with expected, measured, error and the verdict', () => {
    const result = evaluateCase(planned, [
      run(1, { droppedFrames: 5 }),
      run(5, { droppedFrames: 6 }),
      run(9, { droppedFrames: 7 }),
    ]);
    const report: CalibrationReport = {
      tool: 'streambench-calibrate',
      status: 'complete',
      pass: false,
      startedAt: '2026-01-01T00:00:00Z',
      wallS: 12,
      environment: {
        chromiumVersion: '156',
        chromiumPath: '/usr/bin/chromium',
        cores: 2,
        cpuModel: 'cpu',
        nodeVersion: 'v20',
        platform: 'linux',
        loadAverage: { atStart: [0, 0, 0], atEnd: [0, 0, 0] },
        date: '',
      },
      config: {
        runs: 3,
        quick: true,
        seed: 1,
        cases: ['write-40ms'],
        warmupRuns: 1,
        tolerance: { relative: 0.1, droppedFrames: 1, ttvMs: F },
        lateFrameMs: 6,
      },
      machine: machineConstants([runSamples(rawRun(11, 0.5, 1), true)], { requested: 1, ok: 1, errors: [] }),
      model: { params: planCalibration({}).params, phases: 48, assumptions: [] },
      cases: [result],
      noiseFloor: null,
    };
    const text = formatCalibrationTable(report);
    expect(text).toMatch(/write-40ms\s+calib-write-40ms\s+dropped frames/);
    expect(text).toContain('FAIL');
    expect(text).toMatch(/FAIL: 1 of 1 cases out of tolerance: write-40ms \(dropped frames\)/);
    // Each measured constant is printed with its spread beside the default it replaced.
    expect(text).toMatch(/frameDispatchMs\s+0\.50 ms \[p10 0\.50, p90 0\.50\] \(n 10\); replaces 0\.50 ms/);
    expect(text).toMatch(/frameDispatchMs.*; model uses 0\.50 ms/);
    expect(text).toMatch(/longFrameWorkMs\s+not measured \(too few samples\); replaces 3\.00 ms; model uses 3\.00 ms/);
    expect(formatCalibrationTable({ ...report, machine: null })).toContain('Machine constants: not measured');
    // ...and what the defaults would have predicted, beside the model with this machine's constants.
    expect(text).toContain('model, defaults');
    const defaults = [1, 5, 9].map((phase) => planned.at(phase).droppedWithDefaults).sort((x, y) => x - y);
    expect(result.diagnostics.defaultsExpected).toBe(defaults[1]);
  });

  it('parses the CLI options and rejects bad input with a clear message', () => {
    expect(parseCalibrateArgs([]).options).toEqual({});
    expect(parseCalibrateArgs(['--runs', '4', '--quick', '--out', 'x.json'])).toEqual({
      help: false,
      options: { runs: 4, quick: true },
      out: 'x.json',
    });
    expect(parseCalibrateArgs(['--runs=2', '--cases=stall,zero-cost']).options).toEqual({
      runs: 2,
      cases: ['stall', 'zero-cost'],
    });
    expect(parseCalibrateArgs(['--help']).help).toBe(true);
    expect(parseCalibrateArgs(['--machine-rounds', '0']).options).toEqual({ machineRounds: 0 });
    expect(() => parseCalibrateArgs(['--machine-rounds', 'x'])).toThrow(/--machine-rounds must be a whole number >= 0/);
    expect(() => parseCalibrateArgs(['--runs', '0'])).toThrow(/--runs must be a whole number >= 1, got "0"/);
    expect(() => parseCalibrateArgs(['--runs', 'many'])).toThrow(/--runs must be a whole number/);
    expect(() => parseCalibrateArgs(['--runs'])).toThrow(/--runs needs a value/);
    expect(() => parseCalibrateArgs(['--out', '--quick'])).toThrow(/--out needs a value/);
    expect(() => parseCalibrateArgs(['--cases', 'nope'])).toThrow(/unknown case "nope"; valid: zero-cost/);
    expect(() => parseCalibrateArgs(['--fast'])).toThrow(/unknown option "--fast"/);
    expect(findCase('stall')?.renderer).toBe('calib-stall');
  });
});
