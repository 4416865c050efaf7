// The 'scroll' family (renderers/scroll-*.ts, scroll: 'own'): with the page's CSS follow switched off, a renderer's
// own scroll policy is what keeps the newest text on screen. On an answer over two windows tall, each policy shows
// every marker, in order, while a control with scroll: 'own' that never scrolls (tests/renderers/test-scroll-never.ts)
// shows only the first window and leaves every later marker 'off-screen': the page's rule that text its scroller
// pushed above the window counts as seen does not apply to 'own' runs. Expectations follow from what each renderer
// does; counts and order only, never times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkerObservation, RawRun } from '../../harness/page/protocol.ts';
import { openSession, runRenderer, scenarioSchedule, type Session } from '../support/session.ts';

/**
 * The whole plain answer at a moderate rate (~8 tokens per frame, so no frame adds anywhere near a window of
 * text). Its ~6,000 characters wrap to ~70 lines of 24 px in the 760 px column: ~1,700 px, over twice the 800 px
 * window, so fewer than half of its markers fit in the first window.
 */
const schedule = scenarioSchedule('prose-answer', 500, null);
/** The control never shows its later markers: wait only briefly for them after the last due time. */
const CONTROL_SETTLE_MS = 500;

let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
});

const isVisible = (m: MarkerObservation): boolean => m.visibleMs !== null;

function expectCleanRun(raw: RawRun): void {
  expect(raw.errors).toEqual([]);
  expect(raw.rootEmptyAfterDispose).toBe(true);
  expect(raw.markers.length).toBeGreaterThan(100);
}

describe('own scroll policies on an answer taller than the window', () => {
  // Each policy scrolls to the end after every append (in the same frame, or by a smooth animation that heads
  // there and only moves a few lines per frame), and end() appends and scrolls once more: every marker passes
  // through the window on its way up, and none can be skipped over. Newer text shows no earlier than older text.
  it.each(['scroll-top-per-frame', 'scroll-pin-observer', 'scroll-smooth-into-view'])(
    '%s keeps the newest text on screen: every marker visible, in order',
    async (name) => {
      const raw = await runRenderer(session, name, schedule);
      expectCleanRun(raw);
      expect(raw.markers.filter((m) => !isVisible(m))).toEqual([]);
      const times = raw.markers.map((m) => m.visibleMs ?? Infinity);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    },
  );

  it('a control that never scrolls shows the first window only: later markers never visible, off-screen', async () => {
    const raw = await runRenderer(session, 'test-scroll-never', schedule, undefined, CONTROL_SETTLE_MS);
    expectCleanRun(raw);
    const seen = raw.markers.filter(isVisible).length;
    // The first window: marker 0 onwards, a prefix of fewer than half of the markers.
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(raw.markers.length / 2);
    expect(raw.markers.slice(0, seen).every(isVisible)).toBe(true);
    for (const marker of raw.markers.slice(seen)) {
      expect(marker.commitMs).not.toBeNull();
      expect(marker.visibleMs).toBeNull();
      expect(marker.notVisible).toBe('off-screen');
    }
  });
});
