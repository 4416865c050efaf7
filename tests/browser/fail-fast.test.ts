// The sweep's fail-fast on dropped frames, in the real page: a renderer that blocks every frame is stopped once
// more frames were dropped than allowed, says so, and the page never counted more than the metrics count.
// Counts only: a 40 ms busy-wait per chunk drops frames on any machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDroppedFrames, DEFAULT_FRAME_INTERVAL_MS, onTimeFrames } from '../../harness/common/frame.ts';
import { runInFreshContext } from '../../harness/run/fresh-context.ts';
import { toPageRequest } from '../../harness/schedule/cell-request.ts';
import { openSession, scenarioSchedule, TEST_SETTLE_MS, type Session } from '../support/session.ts';

let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
});

describe('fail-fast on dropped frames', () => {
  it('stops a renderer that drops frames once it dropped more than allowed, on that criterion', async () => {
    const schedule = scenarioSchedule('markdown-answer', 100, 300);
    const fromMs = schedule.chunks[0]!.dueMs;
    const max = 5;
    // A TTV budget no run can fail: only the dropped frames can stop it.
    const droppedFrames = { fromMs, toMs: schedule.lastDueMs, max };
    const failFast = { ttvBudgetMs: 60_000, maxLateMarkers: 1_000, droppedFrames };
    const request = { ...toPageRequest('test-busy-write-40ms', schedule, TEST_SETTLE_MS), failFast };
    const outcome = await runInFreshContext(session.browser, request, {
      pageUrl: session.server.pageUrl,
      cpuThrottle: 1,
      timeoutMs: 60_000,
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const { raw } = outcome;
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
