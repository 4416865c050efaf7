// Text that never reaches the screen: which markers the probe never saw, with the reason, and what the metrics
// make of it. Nothing here is timed (each outcome follows from what the renderer does to the DOM, whatever the
// load), so these runs share the machine with the other functional browser tests instead of waiting in the timed
// phase. The timed visibility checks are in visibility.test.ts, the injected-cost checks in instrument.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeVisibility } from '../../harness/metrics/visibility.ts';
import type { MarkerObservation, RawRun } from '../../harness/page/protocol.ts';
import { measure, openSession, runRenderer, scenarioSchedule, type Session } from '../support/session.ts';

/** The visibility checks' stream (visibility.test.ts): 8 markers, about one every 180 ms. */
const schedule = scenarioSchedule('prose-answer', 55, 60);
/** Renderers that never show their text: wait only briefly after the last due time (the outcome is the same). */
const NEVER_SETTLE_MS = 1_000;

let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
});

const runNever = (renderer: string): Promise<RawRun> =>
  runRenderer(session, renderer, schedule, undefined, NEVER_SETTLE_MS);

function expectNeverVisible(raw: RawRun, reason: MarkerObservation['notVisible']): void {
  expect(raw.errors).toEqual([]);
  expect(raw.markers.length).toBeGreaterThan(3);
  for (const marker of raw.markers) {
    expect(marker.visibleMs).toBeNull();
    expect(marker.notVisible).toBe(reason);
  }
}

describe('text that is in the DOM but not on screen is never visible, with the reason', () => {
  it('appended below the fold, never scrolled to: off-screen', async () => {
    const raw = await runNever('test-below-fold');
    expect(raw.markers.every((m) => m.commitMs !== null)).toBe(true);
    expectNeverVisible(raw, 'off-screen');
    expect(raw.unmeasurable).toBeUndefined();
  });

  it('below the visible area of a scroll box: off-screen', async () => {
    expectNeverVisible(await runNever('test-clipped-box'), 'off-screen');
  });

  it('in a display:none element: hidden', async () => {
    const raw = await runNever('test-hidden-text');
    expect(raw.markers.every((m) => m.commitMs !== null)).toBe(true);
    expectNeverVisible(raw, 'hidden');
  });

  it('removed before a frame could show it: committed, then removed', async () => {
    const raw = await runNever('test-removed-text');
    expect(raw.markers.every((m) => m.commitMs !== null)).toBe(true);
    expectNeverVisible(raw, 'removed');
  });

  it('drawn on a canvas: the run is unmeasurable, no marker ever in a DOM', async () => {
    const raw = await runNever('test-canvas');
    expectNeverVisible(raw, 'never-in-dom');
    expect(raw.unmeasurable).toBe(true);
    const summary = summarizeVisibility(raw);
    expect(summary.unmeasurable).toBe(true);
    expect(summary.notVisible['never-in-dom']).toBe(raw.markers.length);
  });
});

describe('a renderer that does not show the text cannot score well', () => {
  it('skipped chunks: their markers are never visible, TTV p95 is "never" and the text is incomplete', async () => {
    const { metrics } = await measure(
      session,
      'test-skip-chunks',
      scenarioSchedule('markdown-answer', 981, null),
      NEVER_SETTLE_MS,
    );
    expect(metrics.markersVisible).toBeLessThan(metrics.markersTotal * 0.9);
    expect(metrics.markersVisible).toBeGreaterThan(0);
    expect(metrics.textComplete).toBe(false);
    expect(metrics.ttvMs.p95).toBeNull();
    expect(metrics.ttvMs.max).toBeNull();
  });

  it('text written into a display:none element counts as never visible', async () => {
    const { raw, metrics } = await measure(
      session,
      'test-hidden-text',
      scenarioSchedule('prose-answer', 981, 120),
      NEVER_SETTLE_MS,
    );
    // The DOM had every marker...
    expect(raw.markers.every((m) => m.commitMs !== null)).toBe(true);
    // ...but none reached the screen.
    expect(metrics.markersVisible).toBe(0);
    expect(metrics.ttvMs.p50).toBeNull();
    expect(metrics.firstTokenTtvMs).toBeNull();
    expect(metrics.textComplete).toBe(false);
  });
});
