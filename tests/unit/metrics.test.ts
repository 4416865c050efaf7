// Every expected value here is worked out by hand from the timeline in the test (see the comments).
import { describe, expect, it } from 'vitest';
import { computeRunMetrics, UI_BOUND_MIN_LAG_MS, UI_BOUND_MIN_SLOPE } from '../../harness/metrics/run-metrics.ts';
import { DEFAULT_FRAME_INTERVAL_MS } from '../../harness/common/frame.ts';
import type { LongFrame, LongFrameScript, MarkerObservation, RawRun } from '../../harness/page/protocol.ts';
import type { CellResult } from '../../harness/results/types.ts';
import { summarizeCell } from '../../harness/stats/basic.ts';
import { emitterFigures } from '../../harness/stats/emitter-figures.ts';

function rawRun(over: Partial<RawRun> = {}): RawRun {
  return {
    chunks: [],
    markers: [],
    frames: { rafTimestampsMs: [], postFrameMs: [] },
    longFrames: [],
    endCalledMs: null,
    stoppedMs: 0,
    errors: [],
    finalVisibleText: '',
    finalText: '',
    timedOut: false,
    rootEmptyAfterDispose: true,
    ...over,
  };
}

function marker(
  index: number,
  tokenIndex: number,
  dueMs: number,
  t: { deliveredMs?: number | null; commitMs?: number | null; visibleMs: number | null },
): MarkerObservation {
  return {
    text: `⟦${index}⟧`,
    tokenIndex,
    dueMs,
    deliveredMs: t.deliveredMs ?? null,
    commitMs: t.commitMs ?? null,
    visibleMs: t.visibleMs,
  };
}

/**
 * Three one-token chunks due at 0, 10, 20 (delivered 1 ms late), a marker on each token, committed at
 * 20, 30, 60 and visible at 30, 35, 70. TTVs: 30, 25, 50.
 */
function threeMarkerRun(over: Partial<RawRun> = {}): RawRun {
  return rawRun({
    chunks: [
      { dueMs: 0, deliveredMs: 1, tokenCount: 1 },
      { dueMs: 10, deliveredMs: 11, tokenCount: 1 },
      { dueMs: 20, deliveredMs: 21, tokenCount: 1 },
    ],
    markers: [
      marker(0, 0, 0, { deliveredMs: 1, commitMs: 20, visibleMs: 30 }),
      marker(1, 1, 10, { deliveredMs: 11, commitMs: 30, visibleMs: 35 }),
      marker(2, 2, 20, { deliveredMs: 21, commitMs: 60, visibleMs: 70 }),
    ],
    // Frame gaps: 16.67, 16.66, 50 (3 intervals: 2 missed), 16.67.
    frames: { rafTimestampsMs: [0, 16.67, 33.33, 83.33, 100], postFrameMs: [] },
    stoppedMs: 120,
    finalVisibleText: '⟦0⟧ alpha ⟦1⟧ beta ⟦2⟧',
    finalText: '⟦0⟧ alpha ⟦1⟧ beta ⟦2⟧',
    ...over,
  });
}

describe('constants', () => {
  it('has the documented values', () => {
    expect(UI_BOUND_MIN_SLOPE).toBe(0.05);
    expect(UI_BOUND_MIN_LAG_MS).toBe(100);
    expect(DEFAULT_FRAME_INTERVAL_MS).toBe(1000 / 60);
  });
});

describe('computeRunMetrics: a complete three-marker run', () => {
  it('computes every metric', () => {
    expect(computeRunMetrics(threeMarkerRun())).toEqual({
      markersTotal: 3,
      markersVisible: 3,
      textComplete: true,
      // TTVs 30, 25, 50 -> sorted 25, 30, 50.
      ttvMs: { p50: 30, p95: 50, p99: 50, max: 50 },
      breakdownMs: {
        delivery: { p50: 1, p95: 1, p99: 1, max: 1 }, // 1, 1, 1
        buffering: { p50: 19, p95: 39, p99: 39, max: 39 }, // 19, 19, 39
        render: { p50: 10, p95: 10, p99: 10, max: 10 }, // 10, 5, 10
      },
      firstTokenTtvMs: 30, // marker 0: 30 - 0
      completionLagMs: 50, // last marker visible 70 - last chunk due 20
      frameIntervalMs: 1000 / 60,
      // Window 0..70 (last marker visible at 70): round(70 / 16.67) = round(4.2) = 4 frames expected.
      // The pair (83.33, 100) starts after the window and is ignored.
      expectedFrames: 4,
      droppedFrames: 2,
      droppedFramePct: 50,
      longFrames: { count: 0, blockingDurationMs: 0, topScripts: [] },
      backlog: {
        // All 3 tokens are due by 30; marker k covers k+1 tokens: 3-1, 3-2, 3-3.
        series: [
          { tMs: 30, tokens: 2 },
          { tMs: 35, tokens: 1 },
          { tMs: 70, tokens: 0 },
        ],
        // TTV 30, 25, 50 against due 0, 10, 20: Sxy = 200, Sxx = 200.
        lagSlope: 1,
      },
      // Slope 1 > 0.05, but the last TTV (50) is not above 100 ms.
      uiBound: false,
      delivery: {
        achievedRateTokPerS: 100, // (3 - 1) tokens / (21 - 1) ms
        errorMs: { p50: 1, p95: 1, p99: 1, max: 1 },
      },
      // Every marker seen: no reasons to count.
      visibility: {
        notVisible: { 'never-in-dom': 0, hidden: 0, 'off-screen': 0, removed: 0, 'no-frame': 0 },
        unmeasurable: false,
      },
    });
  });

  it('uses a given frame interval', () => {
    // 10 ms frames, window 0..70: 7 expected. Gaps 16.67 -> 2 intervals (1 missed), 16.66 -> 1 missed,
    // 50 -> 5 intervals (4 missed, at 43.33, 53.33, 63.33 and 73.33: the last is past the window).
    const m = computeRunMetrics(threeMarkerRun(), { frameIntervalMs: 10 });
    expect([m.frameIntervalMs, m.expectedFrames, m.droppedFrames, m.droppedFramePct]).toEqual([
      10,
      7,
      5,
      (100 * 5) / 7,
    ]);
  });

  it('rejects a frame interval that is not positive', () => {
    expect(() => computeRunMetrics(threeMarkerRun(), { frameIntervalMs: 0 })).toThrow(RangeError);
    expect(() => computeRunMetrics(threeMarkerRun(), { frameIntervalMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('computeRunMetrics: missing and hidden text', () => {
  it('a marker in the DOM but never shown ends the window when it entered the DOM, not when the probe stopped', () => {
    const raw = threeMarkerRun();
    // Committed at 60, then left hidden (clipped, off-screen): the renderer was done with it at 60.
    raw.markers[2] = marker(2, 2, 20, { deliveredMs: 21, commitMs: 60, visibleMs: null });
    const m = computeRunMetrics(raw);
    expect(m.markersVisible).toBe(2);
    // Window [0, 60): round(3.6) = 4 frames expected. The gap (33.33, 83.33) misses 50 and 66.67; only 50 is inside.
    expect([m.expectedFrames, m.droppedFrames]).toEqual([4, 1]);
    expect(m.droppedFramePct).toBe(25);
  });

  it('a never-visible marker makes the tail null and the text incomplete', () => {
    const raw = threeMarkerRun();
    raw.markers[2] = marker(2, 2, 20, { deliveredMs: 21, commitMs: null, visibleMs: null });
    const m = computeRunMetrics(raw);
    // TTVs 30, 25, +Inf -> sorted 25, 30, Inf.
    expect(m.ttvMs).toEqual({ p50: 30, p95: null, p99: null, max: null });
    expect(m.markersVisible).toBe(2);
    expect(m.textComplete).toBe(false);
    expect(m.completionLagMs).toBeNull();
    // Only markers with both timestamps: render 10, 5; buffering 19, 19.
    expect(m.breakdownMs.render).toEqual({ p50: 5, p95: 10, p99: 10, max: 10 });
    expect(m.breakdownMs.buffering).toEqual({ p50: 19, p95: 19, p99: 19, max: 19 });
    expect(m.breakdownMs.delivery).toEqual({ p50: 1, p95: 1, p99: 1, max: 1 });
    // Window ends at stoppedMs = 120: round(7.2) = 7 frames expected; all 4 gaps count (2 missed).
    expect([m.expectedFrames, m.droppedFrames]).toEqual([7, 2]);
    expect(m.droppedFramePct).toBeCloseTo(200 / 7, 12);
    // Two visible markers: too few for a slope.
    expect(m.backlog.series).toEqual([
      { tMs: 30, tokens: 2 },
      { tMs: 35, tokens: 1 },
    ]);
    expect(m.backlog.lagSlope).toBe(0);
    expect(m.uiBound).toBe(false);
  });

  it('a marker in the DOM but not in the visible text (CSS-hidden, or removed) counts as never visible', () => {
    const m = computeRunMetrics(threeMarkerRun({ finalVisibleText: '⟦0⟧ alpha beta ⟦2⟧' }));
    expect([m.markersVisible, m.textComplete]).toEqual([2, false]);
    // TTVs 30, never, 50 -> nearest-rank p50 is 50, p95 is "never".
    expect(m.ttvMs.p50).toBe(50);
    expect(m.ttvMs.p95).toBeNull();
    const hidden = computeRunMetrics(threeMarkerRun({ finalVisibleText: '' }));
    expect([hidden.markersVisible, hidden.ttvMs.p50, hidden.firstTokenTtvMs]).toEqual([0, null, null]);
  });

  it('first-token TTV is marker 0 TTV, null when marker 0 never showed', () => {
    const raw = threeMarkerRun();
    raw.markers[0] = marker(0, 0, 0, { deliveredMs: 1, commitMs: null, visibleMs: null });
    expect(computeRunMetrics(raw).firstTokenTtvMs).toBeNull();

    // Marker 0 on the second chunk (content starts with a non-word token): its own due time counts.
    const late = rawRun({
      chunks: [
        { dueMs: 0, deliveredMs: 0, tokenCount: 1 },
        { dueMs: 10, deliveredMs: 10, tokenCount: 1 },
      ],
      markers: [marker(0, 1, 10, { visibleMs: 25 })],
      finalVisibleText: '# ⟦0⟧',
    });
    expect(computeRunMetrics(late).firstTokenTtvMs).toBe(15);
  });

  it('a run with no markers has no TTVs', () => {
    const m = computeRunMetrics(rawRun({ chunks: [{ dueMs: 0, deliveredMs: 0, tokenCount: 4 }] }));
    expect(m.ttvMs).toEqual({ p50: null, p95: null, p99: null, max: null });
    expect([m.markersTotal, m.markersVisible, m.firstTokenTtvMs, m.completionLagMs]).toEqual([0, 0, null, null]);
    // Vacuously complete: nothing was expected to show.
    expect(m.textComplete).toBe(true);
    expect(m.backlog).toEqual({ series: [], lagSlope: 0 });
    expect([m.uiBound, m.expectedFrames, m.droppedFrames]).toEqual([false, 1, 0]);
  });

  it('an empty run does not throw', () => {
    const m = computeRunMetrics(rawRun());
    expect([m.expectedFrames, m.droppedFramePct, m.delivery.achievedRateTokPerS]).toEqual([1, 0, 0]);
    expect(m.delivery.errorMs).toEqual({ p50: null, p95: null, p99: null, max: null });
  });
});

describe('computeRunMetrics: dropped frames', () => {
  /** Chunks due at 100 and 200, the marker on the last token visible at 200: window 100..200. */
  const windowRun = (raf: number[]): RawRun =>
    rawRun({
      chunks: [
        { dueMs: 100, deliveredMs: 100, tokenCount: 1 },
        { dueMs: 200, deliveredMs: 200, tokenCount: 1 },
      ],
      markers: [marker(0, 1, 200, { visibleMs: 200 })],
      frames: { rafTimestampsMs: raf, postFrameMs: [] },
      stoppedMs: 260,
      finalVisibleText: 'a ⟦0⟧',
    });

  it('counts only the missed vsyncs inside the window', () => {
    // 10 ms frames, window [100, 200). (0,50) and (50,90) end before it; (210,400) starts after it.
    // (90,110) misses 100 -> 1; (110,150) misses 120-140 -> 3; (150,160): 0; (160,210) misses 170-200, of
    // which 200 is past the window -> 3. Total 7 of 10.
    const m = computeRunMetrics(windowRun([0, 50, 90, 110, 150, 160, 210, 400]), { frameIntervalMs: 10 });
    expect([m.droppedFrames, m.expectedFrames, m.droppedFramePct]).toEqual([7, 10, 70]);
  });

  it('never counts more missed frames than the window expects (one gap across the whole window)', () => {
    const m = computeRunMetrics(windowRun([0, 500]), { frameIntervalMs: 10 });
    expect([m.droppedFrames, m.expectedFrames]).toEqual([10, 10]);
  });

  it('rounds jittery vsync gaps to whole intervals', () => {
    // 60 Hz: gaps 16.5, 17, 16.6 round to 1 interval (none missed); 33.1 rounds to 2 (1 missed).
    // Window 100..200: round(100 / 16.67) = 6 frames expected.
    const m = computeRunMetrics(windowRun([100, 116.5, 133.5, 150.1, 183.2]));
    expect([m.droppedFrames, m.expectedFrames]).toEqual([1, 6]);
    expect(m.droppedFramePct).toBeCloseTo(100 / 6, 12);
  });

  it('ignores repeated timestamps (two callbacks in one frame)', () => {
    const m = computeRunMetrics(windowRun([100, 110, 110, 120]), { frameIntervalMs: 10 });
    expect(m.droppedFrames).toBe(0);
  });

  it(
    'counts a frame that started more than half an interval after its vsync as missed, ' +
      'though its timestamps are contiguous',
    () => {
      // A 40 ms busy-wait from 121 to 161 ms at 10 ms frames: the frames for vsyncs 130, 140, 150 and 160 run
      // at 161-163 ms with their own timestamps, so the timestamps alone show no gap at all.
      const raf = [100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200];
      const starts = [100.5, 110.5, 120.5, 161.2, 161.9, 162.6, 163.3, 170.5, 180.5, 190.5, 200.5];
      const run = windowRun(raf);
      expect(computeRunMetrics(run, { frameIntervalMs: 10 }).droppedFrames).toBe(0);
      run.frames.rafStartMs = starts;
      // Late: 130, 140, 150 (31.2, 21.9, 12.6 ms late); 160 started 3.3 ms late, within half of 10 ms: on time.
      expect(computeRunMetrics(run, { frameIntervalMs: 10 }).droppedFrames).toBe(3);
      // A frame 4 ms late at 10 ms frames is within half an interval: on time.
      run.frames.rafStartMs = raf.map((t) => t + 4);
      expect(computeRunMetrics(run, { frameIntervalMs: 10 }).droppedFrames).toBe(0);
    },
  );
});

describe('computeRunMetrics: backlog and uiBound', () => {
  /** Ten one-token chunks due at 0, 10, ..., 90, a marker on every token, visible at visibleAt(i). */
  function tenMarkerRun(visibleAt: (i: number) => number): RawRun {
    const chunks = Array.from({ length: 10 }, (_, i) => ({ dueMs: 10 * i, deliveredMs: 10 * i, tokenCount: 1 }));
    const markers = chunks.map((c, i) =>
      marker(i, i, c.dueMs, { deliveredMs: c.dueMs, commitMs: visibleAt(i) - 5, visibleMs: visibleAt(i) }),
    );
    return rawRun({ chunks, markers, stoppedMs: 1000, finalVisibleText: markers.map((m) => m.text).join(' ') });
  }

  it('a growing lag is UI-bound', () => {
    // visible = due + 20 + 20i: TTV 20, 40, ..., 200 (slope 2, last 200 > 100).
    const m = computeRunMetrics(tenMarkerRun((i) => 10 * i + 20 + 20 * i));
    // At t = 30i + 20 the tokens due are min(10, floor(t/10) + 1); marker i covers i + 1 tokens.
    expect(m.backlog.series).toEqual([
      { tMs: 20, tokens: 2 },
      { tMs: 50, tokens: 4 },
      { tMs: 80, tokens: 6 },
      { tMs: 110, tokens: 6 },
      { tMs: 140, tokens: 5 },
      { tMs: 170, tokens: 4 },
      { tMs: 200, tokens: 3 },
      { tMs: 230, tokens: 2 },
      { tMs: 260, tokens: 1 },
      { tMs: 290, tokens: 0 },
    ]);
    expect(m.backlog.lagSlope).toBeCloseTo(2, 12);
    expect(m.uiBound).toBe(true);
    expect(m.ttvMs).toEqual({ p50: 100, p95: 200, p99: 200, max: 200 });
    expect(m.completionLagMs).toBe(290 - 90);
  });

  it('a steady lag is not UI-bound', () => {
    // TTV 30 for every marker. At t = 10i + 30 the tokens due are min(10, i + 4).
    const m = computeRunMetrics(tenMarkerRun((i) => 10 * i + 30));
    expect(m.backlog.series.map((p) => p.tokens)).toEqual([3, 3, 3, 3, 3, 3, 3, 2, 1, 0]);
    expect(m.backlog.lagSlope).toBe(0);
    expect(m.uiBound).toBe(false);
  });

  it('a large but constant lag is not UI-bound (slope 0)', () => {
    const m = computeRunMetrics(tenMarkerRun((i) => 10 * i + 500));
    expect([m.ttvMs.p50, m.backlog.lagSlope, m.uiBound]).toEqual([500, 0, false]);
  });

  it('needs the last TTV strictly above 100 ms', () => {
    // Three markers with TTV 0, 50, 100 at due 0, 10, 20: slope 5, last TTV exactly 100.
    const raw = threeMarkerRun();
    raw.markers = [
      marker(0, 0, 0, { visibleMs: 0 }),
      marker(1, 1, 10, { visibleMs: 60 }),
      marker(2, 2, 20, { visibleMs: 120 }),
    ];
    const m = computeRunMetrics(raw);
    expect([m.backlog.lagSlope, m.uiBound]).toEqual([5, false]);
    raw.markers[2] = marker(2, 2, 20, { visibleMs: 120.5 });
    expect(computeRunMetrics(raw).uiBound).toBe(true);
  });

  it('counts tokens cumulatively over multi-token chunks, floored at 0, in token order', () => {
    const raw = rawRun({
      chunks: [
        { dueMs: 0, deliveredMs: 0, tokenCount: 3 }, // tokens 0-2
        { dueMs: 10, deliveredMs: 10, tokenCount: 3 }, // tokens 3-5
        { dueMs: 20, deliveredMs: 20, tokenCount: 2 }, // tokens 6-7
      ],
      // Deliberately out of token order in the array.
      markers: [
        marker(2, 7, 20, { visibleMs: 25 }), // 8 due by 25, covers 8 -> 0
        marker(0, 2, 0, { visibleMs: 15 }), // 6 due by 15, covers 3 -> 3
        marker(1, 5, 10, { visibleMs: 9.9 }), // 3 due by 9.9, covers 6 -> -3 -> 0
      ],
      finalVisibleText: '⟦0⟧ ⟦1⟧ ⟦2⟧',
    });
    expect(computeRunMetrics(raw).backlog.series).toEqual([
      { tMs: 15, tokens: 3 },
      { tMs: 9.9, tokens: 0 },
      { tMs: 25, tokens: 0 },
    ]);
  });
});

describe('computeRunMetrics: long frames', () => {
  const script = (over: Partial<LongFrameScript>): LongFrameScript => ({
    invoker: '',
    invokerType: 'event-listener',
    sourceURL: '',
    sourceFunctionName: '',
    durationMs: 0,
    forcedStyleAndLayoutDurationMs: 0,
    ...over,
  });
  const frame = (
    startMs: number,
    durationMs: number,
    blockingDurationMs: number,
    scripts: LongFrameScript[],
  ): LongFrame => ({
    startMs,
    durationMs,
    blockingDurationMs,
    renderStartMs: startMs + durationMs - 5,
    styleAndLayoutStartMs: startMs + durationMs - 3,
    scripts,
  });
  const RENDERER_URL = 'http://127.0.0.1:5173/renderers/per-chunk-dom.ts';

  /** Window 100..200, as in the dropped-frame tests. */
  const withFrames = (longFrames: LongFrame[]): RawRun =>
    rawRun({
      chunks: [
        { dueMs: 100, deliveredMs: 100, tokenCount: 1 },
        { dueMs: 200, deliveredMs: 200, tokenCount: 1 },
      ],
      markers: [marker(0, 1, 200, { visibleMs: 200 })],
      longFrames,
      stoppedMs: 300,
      finalVisibleText: 'a ⟦0⟧',
    });

  it('counts frames overlapping the window and ranks their scripts', () => {
    const m = computeRunMetrics(
      withFrames([
        frame(50, 60, 10, [script({ sourceFunctionName: 'push', sourceURL: `${RENDERER_URL}?t=1`, durationMs: 40 })]),
        // Ends exactly at the window start: outside.
        frame(0, 100, 50, [script({ sourceFunctionName: 'zzz', durationMs: 1000 })]),
        frame(150, 80, 30, [
          script({ sourceFunctionName: 'push', sourceURL: RENDERER_URL, durationMs: 30 }),
          script({
            invoker: 'MessagePort.onmessage',
            sourceURL: 'http://127.0.0.1:5173/harness/page/main.ts#x',
            durationMs: 20,
          }),
          script({ durationMs: 5 }),
        ]),
        // Starts exactly at the window end: outside.
        frame(200, 70, 20, [script({ sourceFunctionName: 'late', durationMs: 500 })]),
      ]),
    );
    expect(m.longFrames).toEqual({
      count: 2,
      blockingDurationMs: 40,
      topScripts: [
        { name: 'push @ per-chunk-dom.ts', durationMs: 70, count: 2 },
        { name: 'MessagePort.onmessage @ main.ts', durationMs: 20, count: 1 },
        { name: 'anonymous @ (inline)', durationMs: 5, count: 1 },
      ],
    });
  });

  it('keeps the top 5, ties broken by name, and names page-level scripts (inline)', () => {
    const scripts = [1, 2, 3, 4, 5, 6].map((d) =>
      script({ sourceFunctionName: `f${d}`, sourceURL: RENDERER_URL, durationMs: d }),
    );
    scripts.push(script({ sourceFunctionName: 'e6', sourceURL: 'http://127.0.0.1:5173/', durationMs: 6 }));
    const m = computeRunMetrics(withFrames([frame(120, 60, 10, scripts)]));
    expect(m.longFrames.topScripts.map((s) => s.name)).toEqual([
      'e6 @ (inline)',
      'f6 @ per-chunk-dom.ts',
      'f5 @ per-chunk-dom.ts',
      'f4 @ per-chunk-dom.ts',
      'f3 @ per-chunk-dom.ts',
    ]);
  });
});

describe('computeRunMetrics: delivery', () => {
  it('measures emitter error and the achieved rate over delivered chunks', () => {
    const m = computeRunMetrics(
      rawRun({
        chunks: [
          { dueMs: 0, deliveredMs: 1, tokenCount: 2 },
          { dueMs: 10, deliveredMs: 10.5, tokenCount: 3 },
          { dueMs: 20, deliveredMs: 22, tokenCount: 5 },
          { dueMs: 30, deliveredMs: null, tokenCount: 4 }, // never delivered: not counted
        ],
      }),
    );
    // Errors 1, 0.5, 2 -> sorted 0.5, 1, 2.
    expect(m.delivery.errorMs).toEqual({ p50: 1, p95: 2, p99: 2, max: 2 });
    // (2 + 3 + 5 - 2) tokens over 22 - 1 ms.
    expect(m.delivery.achievedRateTokPerS).toBeCloseTo(8000 / 21, 10);
  });

  it('is 0 when the rate is undefined (one delivery, or none)', () => {
    const one = computeRunMetrics(rawRun({ chunks: [{ dueMs: 0, deliveredMs: 3, tokenCount: 5 }] }));
    expect(one.delivery).toEqual({ achievedRateTokPerS: 0, errorMs: { p50: 3, p95: 3, p99: 3, max: 3 } });
    const none = computeRunMetrics(rawRun({ chunks: [{ dueMs: 0, deliveredMs: null, tokenCount: 5 }] }));
    expect(none.delivery.achievedRateTokPerS).toBe(0);
  });

  it("splits the error into the emitter's send error and the main thread's receipt delay", () => {
    const m = computeRunMetrics(
      rawRun({
        chunks: [
          { dueMs: 0, sentMs: 0.25, deliveredMs: 1, tokenCount: 1 }, // send 0.25, delay 0.75
          { dueMs: 10, sentMs: 10.5, deliveredMs: 10.5, tokenCount: 1 }, // send 0.5, delay 0
          { dueMs: 20, sentMs: 20, deliveredMs: 30, tokenCount: 1 }, // send 0, delay 10 (main thread busy)
          { dueMs: 30, sentMs: 33, deliveredMs: null, tokenCount: 1 }, // send 3, never received: no delay
          { dueMs: 40, sentMs: null, deliveredMs: null, tokenCount: 1 }, // never sent: in neither
        ],
      }),
    );
    // Send errors 0.25, 0.5, 0, 3 -> sorted 0, 0.25, 0.5, 3: p50 rank 2, p95/p99 rank 4.
    expect(m.delivery.sendErrorMs).toEqual({ p50: 0.25, p95: 3, p99: 3, max: 3 });
    // Delays 0.75, 0, 10 -> sorted 0, 0.75, 10.
    expect(m.delivery.receiptDelayMs).toEqual({ p50: 0.75, p95: 10, p99: 10, max: 10 });
    // delivered - due is still their sum per chunk: 1, 0.5, 10.
    expect(m.delivery.errorMs).toEqual({ p50: 1, p95: 10, p99: 10, max: 10 });
  });

  it('leaves the split out for results recorded before send times', () => {
    const m = computeRunMetrics(threeMarkerRun());
    expect(m.delivery).not.toHaveProperty('sendErrorMs');
    expect(m.delivery).not.toHaveProperty('receiptDelayMs');
  });
});

describe('computeRunMetrics: why text was not seen', () => {
  it('counts never-visible markers by reason', () => {
    const markers = [
      marker(0, 0, 0, { commitMs: 5, visibleMs: 20 }),
      { ...marker(1, 1, 10, { commitMs: 15, visibleMs: null }), notVisible: 'off-screen' as const },
      { ...marker(2, 2, 20, { commitMs: 25, visibleMs: null }), notVisible: 'off-screen' as const },
      { ...marker(3, 3, 30, { commitMs: 35, visibleMs: null }), notVisible: 'removed' as const },
      { ...marker(4, 4, 40, { visibleMs: null }), notVisible: 'no-frame' as const },
      marker(5, 5, 50, { visibleMs: null }), // recorded without a reason: counted nowhere
    ];
    const m = computeRunMetrics(rawRun({ markers, finalVisibleText: '⟦0⟧' }));
    expect(m.visibility).toEqual({
      notVisible: { 'never-in-dom': 0, hidden: 0, 'off-screen': 2, removed: 1, 'no-frame': 1 },
      unmeasurable: false,
    });
  });

  it('marks a run with no marker text in any DOM the probe reaches as unmeasurable', () => {
    const markers = [0, 1].map((i) => ({
      ...marker(i, i, i * 10, { visibleMs: null }),
      notVisible: 'never-in-dom' as const,
    }));
    const m = computeRunMetrics(rawRun({ markers, unmeasurable: true }));
    expect(m.visibility).toEqual({
      notVisible: { 'never-in-dom': 2, hidden: 0, 'off-screen': 0, removed: 0, 'no-frame': 0 },
      unmeasurable: true,
    });
  });
});

describe('per cell and per rate: send error, receipt delay and reasons', () => {
  // Run a: send errors 0.2, 0.4 (p99 0.4), delays 1, 3 (p99 3). Run b: send errors 0, 2 (p99 2), delays 0.5, 0.5.
  const runA = rawRun({
    chunks: [
      { dueMs: 0, sentMs: 0.2, deliveredMs: 1.2, tokenCount: 1 },
      { dueMs: 10, sentMs: 10.4, deliveredMs: 13.4, tokenCount: 1 },
    ],
    markers: [{ ...marker(0, 0, 0, { visibleMs: null }), notVisible: 'hidden' }],
  });
  const runB = rawRun({
    chunks: [
      { dueMs: 0, sentMs: 0, deliveredMs: 0.5, tokenCount: 1 },
      { dueMs: 10, sentMs: 12, deliveredMs: 12.5, tokenCount: 1 },
    ],
    markers: [{ ...marker(0, 0, 0, { visibleMs: null }), notVisible: 'never-in-dom' }],
    unmeasurable: true,
  });
  const cellOf = (raws: RawRun[], rate = { name: 'r', tokPerS: 981, ttftMs: 0 }): CellResult => ({
    id: `x|y|${rate.name}`,
    renderer: 'x',
    scenario: 'y',
    rate,
    cpuThrottle: 1,
    status: 'ok',
    warmupRuns: 0,
    runs: raws.map((raw, index) => ({
      index,
      startedAtS: 0,
      wallMs: 1,
      status: 'ok' as const,
      metrics: computeRunMetrics(raw),
      raw,
    })),
    summary: null,
  });

  it("summarises each run's p99 over the cell, and sums the reasons", () => {
    const s = summarizeCell([computeRunMetrics(runA), computeRunMetrics(runB)]);
    // Medians of (0.4, 2) and (3, 0.5).
    expect(s.sendErrorP99Ms?.median).toBeCloseTo(1.2, 9);
    expect(s.receiptDelayP99Ms?.median).toBeCloseTo(1.75, 9);
    expect(s.notVisible).toEqual({ 'never-in-dom': 1, hidden: 1, 'off-screen': 0, removed: 0, 'no-frame': 0 });
    expect(s.unmeasurableRuns).toBe(1);
  });

  it('leaves the emitter figures out of a cell with runs from before send times', () => {
    const s = summarizeCell([computeRunMetrics(threeMarkerRun()), computeRunMetrics(runA)]);
    expect(s).not.toHaveProperty('sendErrorP99Ms');
    expect(s).not.toHaveProperty('receiptDelayP99Ms');
  });

  it('pools every chunk of every valid run per rate, slowest rate first', () => {
    const slow = { name: 'slow', tokPerS: 55, ttftMs: 0 };
    const invalid = cellOf([runA]);
    const first = invalid.runs[0];
    if (first) invalid.runs = [{ ...first, invalid: 'trace lost events' }];
    const figures = emitterFigures([cellOf([runA, runB]), cellOf([runB], slow), invalid, cellOf([threeMarkerRun()])]);
    expect(figures.map((f) => [f.rate, f.chunks, f.runs])).toEqual([
      ['slow', 2, 1],
      ['r', 4, 2],
    ]);
    // Pooled send errors 0, 0.2, 0.4, 2 -> p50 rank 2, p99 rank 4; delays 0.5, 0.5, 1, 3.
    expect(figures[1]?.sendErrorMs).toEqual({ p50: 0.2, p99: 2, max: 2 });
    expect(figures[1]?.receiptDelayMs.p50).toBeCloseTo(0.5, 9);
    expect(figures[1]?.receiptDelayMs.p99).toBeCloseTo(3, 9);
  });
});
