// Agent loops and long transcripts through the real page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgentLoopSchedule } from '../../harness/schedule/agent-loop.ts';
import { computeRunMetrics } from '../../harness/metrics/run-metrics.ts';
import { runInFreshContext } from '../../harness/run/fresh-context.ts';
import { buildCellSchedule, toPageRequest } from '../../harness/schedule/cell-request.ts';
import type { Schedule } from '../../harness/schedule/types.ts';
import type { RawRun } from '../../harness/page/protocol.ts';
import type { RunMetrics } from '../../harness/metrics/types.ts';
import type { SuiteConfig } from '../../harness/results/types.ts';
import { findScenario, loadAgentCalls } from '../../scenarios/index.ts';
import { measure, openSession, type Session } from '../support/session.ts';

let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
});

const loop = (tokPerS: number): Schedule =>
  buildAgentLoopSchedule({
    scenario: 'agent-loop',
    format: 'markdown',
    rate: { name: String(tokPerS), tokPerS, ttftMs: 150 },
    seed: 1,
    callTexts: (loadAgentCalls(findScenario('agent-loop')!) ?? []).slice(0, 3),
    toolStepMs: 100,
    // Short calls: the busy renderer still spends several times the model time per call.
    maxTokens: 20,
  });

describe('agent loop in the page', () => {
  // One raf-buffered run of the loop serves both tests below (same renderer, same schedule).
  const schedule = loop(981);
  let rafRun: { raw: RawRun; metrics: RunMetrics };
  beforeAll(async () => {
    rafRun = await measure(session, 'raf-buffered', schedule);
  });

  const callsTitle =
    'streams each call as a new message, starting each call after the previous one arrived and the tool step ran';
  it(callsTitle, () => {
    const { raw, metrics } = rafRun;
    expect(raw.errors).toEqual([]);
    expect(metrics.textComplete).toBe(true);
    const calls = raw.calls ?? [];
    expect(calls).toHaveLength(3);
    for (let k = 1; k < calls.length; k++) {
      const prev = calls[k - 1]!;
      const lastDelivered = raw.chunks[prev.firstChunk + prev.chunkCount - 1]!.deliveredMs!;
      // Never before the previous call was received plus the tool step.
      expect(calls[k]!.startMs).toBeGreaterThanOrEqual(lastDelivered + 100 - 0.5);
      // Chunk due times follow the call's actual start.
      expect(raw.chunks[calls[k]!.firstChunk]!.dueMs - calls[k]!.startMs).toBeCloseTo(150, 3);
    }
    const loopMetrics = metrics.agentLoop!;
    expect(loopMetrics.calls).toBe(3);
    expect(loopMetrics.toolMs).toBe(200);
    expect(loopMetrics.loopWallMs).not.toBeNull();
    expect(loopMetrics.loopWallMs!).toBeGreaterThanOrEqual(loopMetrics.idealWallMs);
  });

  it('a renderer that blocks the main thread adds UI time to the loop; raf-buffered adds far less', async () => {
    const busy = (await measure(session, 'test-busy-write-40ms', schedule)).metrics.agentLoop!;
    const raf = rafRun.metrics.agentLoop!;
    // ~20 tokens per call at 40 ms each: the busy renderer needs ~0.8 s per call for ~0.17 s of model time.
    expect(busy.uiAddedMs!).toBeGreaterThan(5 * Math.max(raf.uiAddedMs!, 20));
    expect(busy.loopDelayMs).toBeGreaterThan(raf.loopDelayMs);
    expect(busy.uiSharePct!).toBeGreaterThan(raf.uiSharePct!);
  });
});

describe('long transcript', () => {
  const historyTitle =
    'streams the answer below ~40k tokens of earlier messages, which are on the page but not in the measured root';
  it(historyTitle, async () => {
    const config = { seed: 1, tokensPerChunk: 1, jitter: 0 } as SuiteConfig;
    const schedule = buildCellSchedule(config, 'long-transcript', { name: '981', tokPerS: 981, ttftMs: 150 }, 80);
    const request = toPageRequest('raf-buffered', schedule, 3_000);
    expect(request.history?.length).toBe(50);
    const outcome = await runInFreshContext(session.browser, request, {
      pageUrl: session.server.pageUrl,
      cpuThrottle: 1,
      timeoutMs: 60_000,
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const metrics = computeRunMetrics(outcome.raw);
    expect(metrics.textComplete).toBe(true);
    // The history is not part of the streamed answer's text.
    expect(outcome.raw.finalText).toBe(schedule.text);
  });
});
