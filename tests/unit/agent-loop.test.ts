import { describe, expect, it } from 'vitest';
import { computeAgentLoopMetrics } from '../../harness/metrics/agent-loop.ts';
import { buildAgentLoopSchedule } from '../../harness/schedule/agent-loop.ts';
import type { RawRun } from '../../harness/page/protocol.ts';

const rate = { name: '100', tokPerS: 100, ttftMs: 200 };
const callTexts = [
  'First call answers with a few words here.',
  'Second call reads the tool output and says more.',
  'Third call wraps it all up nicely.',
];

describe('agent loop schedule', () => {
  const s = buildAgentLoopSchedule({
    scenario: 'agent-loop',
    format: 'markdown',
    rate,
    seed: 3,
    callTexts,
    toolStepMs: 100,
  });

  it('numbers markers across calls, uniquely, and each call ends on a marker', () => {
    s.markers.forEach((m, i) => {
      expect(m.text).toBe(`⟦${i}⟧`);
      expect(s.chunks[m.chunkIndex]?.text).toContain(m.text);
      expect(s.text.split(m.text).length).toBe(2);
    });
    let end = 0;
    for (const call of s.calls ?? []) {
      end += call.chunkCount;
      expect(s.chunks[end - 1]?.text).toMatch(/⟦\d+⟧$/);
    }
    expect(end).toBe(s.chunks.length);
  });

  it('due times restart per call at TTFT; ideal starts add each call and the tool step', () => {
    const calls = s.calls ?? [];
    expect(calls).toHaveLength(3);
    const first = (k: number) => s.chunks[calls.slice(0, k).reduce((n, c) => n + c.chunkCount, 0)]!;
    const last = (k: number) => s.chunks[calls.slice(0, k + 1).reduce((n, c) => n + c.chunkCount, 0) - 1]!;
    for (let k = 0; k < 3; k++) expect(first(k).dueMs).toBe(200);
    expect(calls[0]!.idealStartMs).toBe(0);
    expect(calls[1]!.idealStartMs).toBeCloseTo(last(0).dueMs + 100, 6);
    expect(calls[2]!.idealStartMs).toBeCloseTo(calls[1]!.idealStartMs + last(1).dueMs + 100, 6);
    expect(s.lastDueMs).toBeCloseTo(calls[2]!.idealStartMs + last(2).dueMs, 6);
    expect(s.toolStepMs).toBe(100);
  });

  it('is deterministic and rejects an empty loop', () => {
    expect(
      JSON.stringify(
        buildAgentLoopSchedule({
          scenario: 'a',
          format: 'markdown',
          rate,
          seed: 3,
          callTexts,
          toolStepMs: 100,
          jitter: 0.5,
        }),
      ),
    ).toBe(
      JSON.stringify(
        buildAgentLoopSchedule({
          scenario: 'a',
          format: 'markdown',
          rate,
          seed: 3,
          callTexts,
          toolStepMs: 100,
          jitter: 0.5,
        }),
      ),
    );
    expect(() =>
      buildAgentLoopSchedule({ scenario: 'a', format: 'markdown', rate, seed: 3, callTexts: [], toolStepMs: 100 }),
    ).toThrow(/at least one call/);
  });
});

describe('agent loop metrics', () => {
  // Two calls. Call 0 starts at 0, chunks due 200 and 300. Call 1 should start at 300 + 100 = 400 but the busy
  // UI delayed it to 450; its chunks are due 450 + 200 = 650 and 450 + 300 = 750. The last marker is visible at 800.
  const raw = {
    chunks: [
      { dueMs: 200, deliveredMs: 201, tokenCount: 1 },
      { dueMs: 300, deliveredMs: 340, tokenCount: 1 },
      { dueMs: 650, deliveredMs: 651, tokenCount: 1 },
      { dueMs: 750, deliveredMs: 760, tokenCount: 1 },
    ],
    markers: [
      { text: '⟦0⟧', tokenIndex: 1, dueMs: 300, deliveredMs: 340, commitMs: 341, visibleMs: 350 },
      { text: '⟦1⟧', tokenIndex: 3, dueMs: 750, deliveredMs: 760, commitMs: 790, visibleMs: 800 },
    ],
    calls: [
      { startMs: 0, firstChunk: 0, chunkCount: 2 },
      { startMs: 450, firstChunk: 2, chunkCount: 2 },
    ],
    toolStepMs: 100,
    finalVisibleText: 'a ⟦0⟧ b ⟦1⟧',
  } as unknown as RawRun;

  it('splits wall time into model, tool and UI-added time (computed by hand)', () => {
    const m = computeAgentLoopMetrics(raw);
    // model = (300 - 0) + (750 - 450) = 600; tool = 100; ideal = 700; wall = 800; UI added = 100 = 12.5%.
    expect(m).toEqual({
      calls: 2,
      loopWallMs: 800,
      modelMs: 600,
      toolMs: 100,
      idealWallMs: 700,
      uiAddedMs: 100,
      uiSharePct: 12.5,
      loopDelayMs: 50,
    });
  });

  it('is null for a single answer, and has no wall time when the last marker never showed', () => {
    expect(computeAgentLoopMetrics({ ...raw, calls: undefined })).toBeNull();
    const hidden = computeAgentLoopMetrics({ ...raw, finalVisibleText: 'a ⟦0⟧' });
    expect([hidden?.loopWallMs, hidden?.uiAddedMs, hidden?.uiSharePct]).toEqual([null, null, null]);
  });
});
