// The interaction metrics (harness/metrics/interaction.ts) on hand-made observations: keystroke latency from Event
// Timing entries (and the threshold fallback), the reader's view after the wheel settles, following, selection, CLS
// session windows outside the growing edge, and a cell's pooled figures against the thresholds.
import { describe, expect, it } from 'vitest';
import {
  computeInteractionMetrics,
  followingMetrics,
  interactionChecks,
  layoutShiftMetrics,
  readingMetrics,
  selectionMetrics,
  summarizeInteraction,
  typingMetrics,
  EVENT_TIMING_THRESHOLD_MS,
} from '../../harness/metrics/interaction.ts';
import type { KeyEventTiming, RawInteraction } from '../../harness/page/interaction-protocol.ts';

const keyEntry = (name: string, startMs: number, durationMs: number, id: number): KeyEventTiming => ({
  name,
  startMs,
  durationMs,
  processingStartMs: startMs + 2,
  processingEndMs: startMs + 5,
  interactionId: id,
});

function raw(parts: Partial<RawInteraction>): RawInteraction {
  return {
    request: { typing: true, selecting: false, readingBack: false, seed: 1 },
    keystrokes: [],
    keyEvents: [],
    layoutShifts: [],
    following: [],
    ...parts,
  };
}

describe('typing', () => {
  it('takes the longest entry of each keystroke; a keystroke with none reported is under the threshold', () => {
    const typed = raw({
      keystrokes: [
        { startMs: 100, handledMs: 101 },
        { startMs: 200, handledMs: 260 },
        { startMs: 300, handledMs: 301 },
      ],
      keyEvents: [
        keyEntry('keydown', 200, 64, 7),
        keyEntry('keyup', 210, 120, 7),
        keyEntry('keydown', 300, 24, 9),
        keyEntry('input', 300, 500, 0),
      ],
    });
    const m = typingMetrics(typed, [105, 280, 320]);
    expect(m.keystrokes).toBe(3);
    // Keystroke 1: none reported, its next paint 5 ms after it (under the threshold); 2: max(64, 120); 3: 24.
    expect(m.latenciesMs).toEqual([5, 120, 24]);
    expect(m.latencyMs.max).toBe(120);
    expect(m.over100Pct).toBeCloseTo(33.3, 1);
    expect(m.breakdownP95Ms.inputDelay).toBe(2);
    expect(m.breakdownP95Ms.processing).toBe(3);
    expect(m.breakdownP95Ms.presentation).toBe(64 - 5);
  });

  it('caps a keystroke with no entry just under the Event Timing threshold', () => {
    const m = typingMetrics(raw({ keystrokes: [{ startMs: 0, handledMs: 1 }] }), [90]);
    expect(m.latenciesMs).toEqual([EVENT_TIMING_THRESHOLD_MS - 1]);
  });
});

describe('reading back', () => {
  const following = [1000, 1100, 1200, 1300].map((tMs) => ({ tMs, inView: tMs !== 1100 }));
  it('measures from the first frame where the wheel landed; a view held in place is respected', () => {
    const offsets = [
      { tMs: 520, offsetPx: -700 },
      { tMs: 540, offsetPx: 0 },
      { tMs: 600, offsetPx: 1 },
    ];
    const m = readingMetrics({ wheelUpMs: 500, returnMs: 700, offsets }, following, 2000);
    expect(m).toMatchObject({ respected: true, movedPx: 1 });
  });

  it('a wheel landing a little short and staying put is judged from where it landed', () => {
    const offsets = [520, 540, 560, 580, 600].map((tMs, i) => ({ tMs, offsetPx: i ? -72 : -700 }));
    const m = readingMetrics({ wheelUpMs: 500, returnMs: 700, wheelPx: 720, offsets }, following, 2000);
    expect(m).toMatchObject({ respected: true, movedPx: 0 });
  });

  it('a short read (a fast stream) gives the wheel half of it to land', () => {
    const offsets = [420, 440, 560, 600].map((tMs) => ({ tMs, offsetPx: -720 }));
    // Wheel at 400, return at 700: never landed by 550, judged from there.
    const m = readingMetrics({ wheelUpMs: 400, returnMs: 700, wheelPx: 720, offsets }, following, 2000);
    expect(m).toMatchObject({ respected: false, movedPx: 720 });
  });

  it('a view pulled away (never landing) is not respected, by how far it moved', () => {
    const offsets = [
      { tMs: 520, offsetPx: -700 },
      { tMs: 1100, offsetPx: -720 },
    ];
    const m = readingMetrics({ wheelUpMs: 500, returnMs: 1200, offsets }, following, 2000);
    expect(m).toMatchObject({ respected: false, movedPx: 720 });
  });

  it('following resumed: from the frame the return landed on, the share of frames with the newest text in view', () => {
    const m = readingMetrics({ wheelUpMs: 0, returnMs: 850, offsets: [] }, following, 1250);
    // Landed at 1000 (in view); then 1100 (out) and 1200 (in): 2 of 3, not resumed. No offsets: the view is unknown.
    expect(m).toMatchObject({ respected: null, movedPx: null, resumed: false, resumedFollowingPct: 66.7 });
    // Never landing within the settle time (nothing in view after the return) is not resuming.
    const away = following.map((f) => ({ ...f, inView: false }));
    expect(readingMetrics({ wheelUpMs: 0, returnMs: 500, offsets: [] }, away, 1250).resumed).toBe(false);
  });
});

describe('following, selection, layout shift', () => {
  it('following counts frames up to the cut-off', () => {
    const samples = [0, 10, 20, 30].map((tMs) => ({ tMs, inView: tMs < 20 }));
    expect(followingMetrics(samples, 15)).toEqual({ frames: 2, pct: 100 });
    expect(followingMetrics(samples, 100)).toEqual({ frames: 4, pct: 50 });
  });

  it('selection: lost at an update, kept, or not made or never updated after (nothing to judge)', () => {
    const base = {
      attempted: true,
      selectedMs: 100,
      selectedText: 'abc',
      updates: 9,
      lostAtUpdate: null,
      lostMs: null,
    };
    expect(selectionMetrics(base)).toMatchObject({ made: true, survived: true, lostAtUpdate: null });
    expect(selectionMetrics({ ...base, lostAtUpdate: 1, lostMs: 130 })).toMatchObject({
      survived: false,
      lostAtUpdate: 1,
      lostAfterMs: 30,
    });
    expect(selectionMetrics({ ...base, selectedMs: null })).toMatchObject({ made: false, survived: null });
    // Made after the answer's last update: nothing tested it.
    expect(selectionMetrics({ ...base, updates: 0 })).toMatchObject({ made: true, survived: null });
    expect(selectionMetrics({ ...base, attempted: false })).toBeUndefined();
  });

  it('CLS is the largest session window, growing-edge shifts left out', () => {
    const shift = (startMs: number, value: number, atEdge = false) => ({
      startMs,
      value,
      hadRecentInput: false,
      atEdge,
    });
    // Window 1: 0.05 + 0.04 (0.5 s apart); a gap of 1.5 s; window 2: 0.03; the edge shift of 0.5 is left out.
    const m = layoutShiftMetrics([shift(0, 0.05), shift(500, 0.04), shift(600, 0.5, true), shift(2000, 0.03)]);
    expect(m).toEqual({ cls: 0.09, shifts: 3, edgeShifts: 1 });
  });
});

describe('a cell', () => {
  it('pools keystrokes and frames over runs and checks them against the thresholds', () => {
    const typingRun = computeInteractionMetrics(
      raw({
        keystrokes: [0, 1, 2, 3].map((i) => ({ startMs: i * 100, handledMs: i * 100 + 1 })),
        keyEvents: [0, 1, 2, 3].map((i) => keyEntry('keydown', i * 100, i === 3 ? 200 : 24, i + 1)),
        following: [0, 1, 2, 3].map((i) => ({ tMs: i * 16, inView: true })),
      }),
      [400],
      1000,
    );
    const readingRun = computeInteractionMetrics(
      raw({
        request: { typing: false, selecting: true, readingBack: true, seed: 1 },
        following: [0, 1].map((i) => ({ tMs: i * 16, inView: i === 0 })),
        reading: { wheelUpMs: 500, returnMs: null, offsets: [{ tMs: 520, offsetPx: 0 }] },
        selection: { attempted: true, selectedMs: 10, selectedText: 'a', updates: 3, lostAtUpdate: 1, lostMs: 20 },
      }),
      [],
      1000,
    );
    const summary = summarizeInteraction([typingRun, readingRun]);
    expect(summary).toMatchObject({
      runs: 2,
      keystrokes: 4,
      typingP95Ms: 200,
      readerRespected: true,
      followingPct: 83.3,
      selectionSurvived: false,
      selectionLostAtUpdate: 1,
      cls: 0,
    });
    expect(interactionChecks(summary)).toEqual({
      typing: false,
      reader: true,
      following: false,
      selection: false,
      layoutShift: true,
    });
  });
});
