// Visible means on screen: the probe's rules, each checked with a test renderer whose expected outcome follows
// from what it does (never an absolute time): text that reaches the screen is visible within a frame of its
// commit; text in shadow roots and iframes counts like light-DOM text; a fade counts from opacity 0.5. Text that
// never reaches the screen (off-screen, hidden, removed, on a canvas) times nothing: never-visible.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeRunMetrics } from '../../harness/metrics/run-metrics.ts';
import type { MarkerObservation, RawRun } from '../../harness/page/protocol.ts';
import { FADE_MS } from '../renderers/test-fade-in.ts';
import { openSession, runRenderer, scenarioSchedule, type Session } from '../support/session.ts';

/** A short plain-text stream: 8 markers, about one every 180 ms, so each marker has frames to itself. */
const schedule = scenarioSchedule('prose-answer', 55, 60);

let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
});

const run = (renderer: string): Promise<RawRun> => runRenderer(session, renderer, schedule);

/** Index of the frame a marker was committed for: the first frame whose post-frame task ran after the commit. */
function commitFrame(raw: RawRun, marker: MarkerObservation): number {
  return raw.frames.postFrameMs.findIndex((t) => t >= (marker.commitMs ?? Infinity));
}
/** Index of the frame in which the probe saw the marker on screen. */
const visibleFrame = (raw: RawRun, marker: MarkerObservation): number =>
  raw.frames.postFrameMs.indexOf(marker.visibleMs ?? Number.NaN);

/** Every marker shown in the frame it was committed for, or the next (a commit after that frame's layout). */
function expectVisibleWithinAFrame(raw: RawRun): void {
  expect(raw.markers.length).toBeGreaterThan(3);
  for (const marker of raw.markers) {
    expect(marker.commitMs).not.toBeNull();
    expect(marker.notVisible).toBeUndefined();
    const lag = visibleFrame(raw, marker) - commitFrame(raw, marker);
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThanOrEqual(1);
  }
}

describe('text that reaches the screen is visible', () => {
  it('below the fold but scrolled into view after each append: within a frame of its commit', async () => {
    expectVisibleWithinAFrame(await run('test-below-fold-scrolled'));
  });

  it('split over many text nodes and elements: found, and within a frame of its commit', async () => {
    const raw = await run('test-split-chars');
    expectVisibleWithinAFrame(raw);
    expect(raw.finalText).toBe(schedule.text);
  });

  it('shown beside a visually hidden copy (a live region) that is found last: the visible copy counts', async () => {
    expectVisibleWithinAFrame(await run('test-live-region'));
  });

  it(`a ${FADE_MS} ms linear fade-in: when its opacity reaches 0.5 (+-1 frame)`, async () => {
    const raw = await run('test-fade-in');
    const stamps = raw.frames.rafTimestampsMs;
    for (const marker of raw.markers) {
      // The fade starts at the timeline time of the last frame before the commit; opacity 0.5 halfway through.
      const start = stamps[commitFrame(raw, marker) - 1] ?? Number.NaN;
      const expected = stamps.findIndex((t) => t - start >= FADE_MS / 2);
      expect(expected).toBeGreaterThan(0);
      expect(Math.abs(visibleFrame(raw, marker) - expected)).toBeLessThanOrEqual(1);
    }
  });
});

describe('text in shadow roots and same-origin iframes counts like light-DOM text', () => {
  it('a Lit element (open shadow root): same time to visible as light-DOM per-chunk-dom, within a frame', async () => {
    const lit = await run('test-lit-shadow');
    const light = await run('per-chunk-dom');
    expectVisibleWithinAFrame(lit);
    expectVisibleWithinAFrame(light);
    expect(lit.finalText).toBe(schedule.text);
    const litMetrics = computeRunMetrics(lit);
    const lightMetrics = computeRunMetrics(light);
    expect(litMetrics.markersVisible).toBe(litMetrics.markersTotal);
    const gap = Math.abs((litMetrics.ttvMs.p50 ?? Infinity) - (lightMetrics.ttvMs.p50 ?? Infinity));
    expect(gap).toBeLessThanOrEqual(lightMetrics.frameIntervalMs);
  });

  it('a closed shadow root: seen through the attachShadow patch', async () => {
    const raw = await run('test-closed-shadow');
    expectVisibleWithinAFrame(raw);
    expect(raw.finalText).toBe(schedule.text);
    expect(computeRunMetrics(raw).textComplete).toBe(true);
  });

  it('a same-origin iframe written by the renderer', async () => {
    const raw = await run('test-iframe');
    expectVisibleWithinAFrame(raw);
    expect(raw.finalText).toBe(schedule.text);
    expect(computeRunMetrics(raw).textComplete).toBe(true);
  });
});
