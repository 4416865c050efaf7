// The sweep's page-side shortcuts, in the real page. Fail-fast on dropped frames: a renderer that blocks every frame
// is stopped once more frames were dropped than allowed, says so, and the page never counted more than the metrics
// count (a 40 ms busy-wait per chunk drops frames on any machine). Fail-fast on late markers, with a budget no
// renderer can meet. The end on a still page: text left clipped is
// given up without waiting out the settle time, with the same verdicts; a fade still running is waited for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDroppedFrames, DEFAULT_FRAME_INTERVAL_MS, onTimeFrames } from '../../harness/common/frame.ts';
import { runInFreshContext } from '../../harness/run/fresh-context.ts';
import { toPageRequest } from '../../harness/schedule/cell-request.ts';
import type { PageRunRequest, RawRun } from '../../harness/page/protocol.ts';
import { openSession, scenarioSchedule, TEST_SETTLE_MS, type Session } from '../support/session.ts';

let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
});

/** One run of `request` in a fresh context of the shared browser; a failed run throws its error. */
async function run(request: PageRunRequest): Promise<RawRun> {
  const outcome = await runInFreshContext(session.browser, request, {
    pageUrl: session.server.pageUrl,
    cpuThrottle: 1,
    timeoutMs: 60_000,
  });
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.raw;
}

describe('fail-fast on dropped frames', () => {
  it('stops a renderer that drops frames once it dropped more than allowed, on that criterion', async () => {
    const schedule = scenarioSchedule('markdown-answer', 100, 300);
    const fromMs = schedule.chunks[0]!.dueMs;
    const max = 5;
    // A TTV budget no run can fail: only the dropped frames can stop it.
    const droppedFrames = { fromMs, toMs: schedule.lastDueMs, max };
    const failFast = { ttvBudgetMs: 60_000, maxLateMarkers: 1_000, droppedFrames };
    const request = { ...toPageRequest('test-busy-write-40ms', schedule, TEST_SETTLE_MS), failFast };
    const raw = await run(request);
    expect(raw.stoppedOn).toBe('dropped');
    const said = Number(/^(\d+) frames dropped \(5 allowed\)$/.exec(raw.stoppedEarly ?? '')?.[1]);
    expect(said).toBeGreaterThan(max);
    // Stopped well before the stream's end (3 s of 1-token chunks, each taking 40 ms to write).
    expect(raw.stoppedMs).toBeLessThan(schedule.lastDueMs);
    // The page's running count never exceeds what the metrics would count once an on-time frame closed the gap
    // the run stopped in (the next vsync after its last frame).
    const interval = DEFAULT_FRAME_INTERVAL_MS;
    const frames = [...onTimeFrames(raw.frames, interval), raw.frames.rafTimestampsMs.at(-1)! + interval];
    expect(said).toBeLessThanOrEqual(countDroppedFrames(frames, fromMs, schedule.lastDueMs, interval));
  });
});

describe('fail-fast on late markers', () => {
  it('stops once more markers than allowed are past their TTV budget (late or unseen), on that criterion', async () => {
    // No marker can be shown within 0.01 ms of its due time: the first one due fails the budget.
    const schedule = scenarioSchedule('markdown-answer', 100, 300);
    const failFast = { ttvBudgetMs: 0.01, maxLateMarkers: 0 };
    const raw = await run({ ...toPageRequest('raf-buffered', schedule, TEST_SETTLE_MS), failFast });
    expect(raw.stoppedOn).toBe('ttv');
    expect(raw.stoppedEarly).toMatch(/^[1-9]\d* markers not visible 0.01 ms after due$/);
    // Stopped well before the stream's end (3 s of 1-token chunks).
    expect(raw.stoppedMs).toBeLessThan(schedule.lastDueMs);
  });
});

describe('the end on a still page (endWhenStill)', () => {
  it('gives up text left clipped once the page is still, instead of timing out, with the same reasons', async () => {
    const schedule = scenarioSchedule('markdown-answer', 981, 60);
    const request = toPageRequest('test-clipped-box', schedule, TEST_SETTLE_MS);
    const waited = await run(request);
    const still = await run({ ...request, endWhenStill: true });
    expect(waited.timedOut).toBe(true);
    expect(still.timedOut).toBe(false);
    const reasons = (raw: RawRun) => raw.markers.map((m) => [m.visibleMs, m.notVisible ?? null]);
    expect(reasons(still)).toEqual(reasons(waited));
    expect(still.markers.every((m) => m.commitMs !== null && m.notVisible === 'off-screen')).toBe(true);
  });

  it('waits for a fade that is still running: every marker is seen', async () => {
    const schedule = scenarioSchedule('markdown-answer', 981, 60);
    const raw = await run({ ...toPageRequest('test-fade-in', schedule, TEST_SETTLE_MS), endWhenStill: true });
    expect(raw.markers.every((m) => m.visibleMs !== null)).toBe(true);
  });
});
