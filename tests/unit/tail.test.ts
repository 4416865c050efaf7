// Late-joining sweep probes (harness/schedule/tail.ts, harness/metrics/tail-run.ts): the cut keeps the text and the
// tail's timing exactly, watches only the tail's markers, and the metrics judge the tail alone.
import { describe, expect, it } from 'vitest';
import { burstOf, lastTokensOf, settleAfterBurstMs, tailOf } from '../../harness/schedule/tail.ts';
import { rampRateAt, rampSchedule } from '../../harness/schedule/ramp.ts';
import { buildSchedule } from '../../harness/schedule/schedule.ts';
import { computeRunMetrics } from '../../harness/metrics/run-metrics.ts';
import { tailRun } from '../../harness/metrics/tail-run.ts';
import type { RawRun } from '../../harness/page/protocol.ts';
import type { Schedule } from '../../harness/schedule/types.ts';
import { loadScenarioText, SCENARIOS } from '../../scenarios/index.ts';

const def = SCENARIOS.find((s) => s.name === 'markdown-answer')!;
/** markdown-answer at 50 tok/s: about 11 s of stream. */
const full: Schedule = buildSchedule({
  scenario: def.name,
  format: def.format,
  text: loadScenarioText(def),
  rate: { name: '50', tokPerS: 50, ttftMs: 300 },
  seed: 7,
});

describe('tailOf', () => {
  const cut = tailOf(full, 4_000, 900)!;

  it('sends the same text: the earlier chunks as one, then the tail chunks unchanged', () => {
    expect(cut.schedule.chunks.map((c) => c.text).join('')).toBe(full.text);
    expect(cut.schedule.chunks.reduce((n, c) => n + c.tokenCount, 0)).toBe(full.tokenCount);
    expect(cut.prefixTokens).toBe(cut.schedule.chunks[0]!.tokenCount);
    const tail = cut.schedule.chunks.slice(1);
    const original = full.chunks.slice(full.chunks.length - tail.length);
    expect(tail.map((c) => c.text)).toEqual(original.map((c) => c.text));
    expect(tail.map((c) => c.index)).toEqual(tail.map((_, i) => i + 1));
  });

  it('keeps the tail spaced as at its rate, starting settleMs after the prefix, lasting about tailMs', () => {
    const [prefix, first, ...rest] = cut.schedule.chunks;
    expect(prefix!.dueMs).toBe(full.chunks[0]!.dueMs);
    expect(first!.dueMs - prefix!.dueMs).toBeCloseTo(900, 6);
    const shift = first!.dueMs - full.chunks[full.chunks.length - rest.length - 1]!.dueMs;
    rest.forEach((c, i) =>
      expect(c.dueMs - shift).toBeCloseTo(full.chunks[full.chunks.length - rest.length + i]!.dueMs),
    );
    const tailMs = cut.schedule.lastDueMs - first!.dueMs;
    expect(tailMs).toBeLessThanOrEqual(4_000);
    expect(tailMs).toBeGreaterThan(4_000 - 100);
  });

  it('watches the tail markers only, indexed from 0, pointing at the chunks that carry them', () => {
    const { markers, chunks } = cut.schedule;
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.length).toBeLessThan(full.markers.length);
    expect(markers.map((m) => m.index)).toEqual(markers.map((_, i) => i));
    for (const m of markers) {
      expect(m.chunkIndex).toBeGreaterThanOrEqual(1);
      expect(chunks[m.chunkIndex]!.text).toContain(m.text);
      expect(m.dueMs).toBe(chunks[m.chunkIndex]!.dueMs);
    }
    expect(markers[markers.length - 1]!.text).toBe(full.markers[full.markers.length - 1]!.text);
  });

  it('reaches back for at least minMarkers markers where tailMs holds fewer (low rates)', () => {
    const short = tailOf(full, 1_000, 0)!;
    expect(short.schedule.markers.length).toBeLessThan(24);
    const wide = tailOf(full, 1_000, 0, 24)!;
    expect(wide.schedule.markers.length).toBeGreaterThanOrEqual(24);
    expect(wide.schedule.markers.length).toBeLessThan(24 + 3);
    expect(wide.schedule.chunks.map((c) => c.text).join('')).toBe(full.text);
  });

  it('cuts nothing from a stream no longer than the tail, nor from an agent loop', () => {
    expect(tailOf(full, full.lastDueMs, 900)).toBeNull();
    expect(tailOf({ ...full, calls: [{ chunkCount: full.chunks.length, idealStartMs: 0 }] }, 4_000, 900)).toBeNull();
  });
});

describe('a late-joining ramp', () => {
  it('ramps the last tokens only, from the tail start, leaving the prefix and the pause as they are', () => {
    const cut = lastTokensOf(full, 200, 700)!;
    const tailTokens = full.tokenCount - cut.prefixTokens;
    expect(tailTokens).toBeGreaterThanOrEqual(200);
    expect(tailTokens).toBeLessThan(200 + 10);
    const { schedule, spec, originMs } = rampSchedule(cut.schedule, 40, 4_000, 1);
    expect(spec.tokens).toBe(tailTokens);
    expect(schedule.chunks[0]).toEqual(cut.schedule.chunks[0]);
    expect(originMs).toBe(cut.schedule.chunks[1]!.dueMs);
    expect(schedule.chunks[1]!.dueMs).toBe(originMs);
    // The rate climbs from the start rate at the tail's first token to the end rate at its last.
    const dues = schedule.chunks.slice(1).map((c) => c.dueMs);
    dues.slice(1).forEach((d, i) => expect(d).toBeGreaterThan(dues[i]!));
    expect(rampRateAt(0, spec)).toBeCloseTo(40, 6);
    expect(rampRateAt(schedule.lastDueMs - originMs, spec) / 4_000).toBeGreaterThan(0.9);
    expect(schedule.markers.every((m) => m.dueMs === schedule.chunks[m.chunkIndex]!.dueMs)).toBe(true);
  });
});

describe('burstOf', () => {
  it('is the whole text in one chunk, every marker watched and due with it', () => {
    const burst = burstOf(full);
    expect(burst.chunks).toHaveLength(1);
    expect(burst.chunks[0]!.text).toBe(full.text);
    expect(burst.markers.map((m) => m.text)).toEqual(full.markers.map((m) => m.text));
    expect(new Set(burst.markers.map((m) => `${m.chunkIndex}@${m.dueMs}`))).toEqual(
      new Set([`0@${full.chunks[0]!.dueMs}`]),
    );
  });

  it('pauses twice the burst plus 250 ms', () => {
    expect(settleAfterBurstMs(0)).toBe(250);
    expect(settleAfterBurstMs(1_000)).toBe(2_250);
  });
});

describe('tailRun', () => {
  it('judges the tail alone: the prefix chunk and the pause after it are out of the window and the backlog', () => {
    const cut = tailOf(full, 4_000, 3_000)!;
    const { chunks, markers } = cut.schedule;
    // Every chunk delivered on time; every tail marker visible 10 ms after its due time; frames every 16.7 ms
    // from the tail's start, none during the prefix's render and the pause (a 2 s stall there).
    const tailStart = chunks[1]!.dueMs;
    const frames = Array.from({ length: 400 }, (_, i) => tailStart + (i * 1000) / 60);
    const raw: RawRun = {
      chunks: chunks.map((c) => ({ dueMs: c.dueMs, deliveredMs: c.dueMs, tokenCount: c.tokenCount })),
      markers: markers.map((m) => ({
        text: m.text,
        tokenIndex: m.tokenIndex,
        dueMs: m.dueMs,
        deliveredMs: m.dueMs,
        commitMs: m.dueMs + 2,
        visibleMs: m.dueMs + 10,
      })),
      frames: { rafTimestampsMs: [0, ...frames], postFrameMs: [0, ...frames] },
      longFrames: [],
      endCalledMs: cut.schedule.lastDueMs,
      stoppedMs: cut.schedule.lastDueMs + 20,
      errors: [],
      finalVisibleText: full.text,
      finalText: full.text,
      timedOut: false,
      rootEmptyAfterDispose: true,
    };
    const judged = computeRunMetrics(tailRun(raw, cut.prefixTokens));
    expect(judged.ttvMs.p95).toBe(10);
    expect(judged.droppedFrames).toBe(0);
    expect(judged.uiBound).toBe(false);
    expect(Math.max(...judged.backlog.series.map((b) => b.tokens))).toBeLessThanOrEqual(1);
    // Judged whole, the pause (no frames for seconds) would count as dropped frames.
    expect(computeRunMetrics(raw).droppedFrames).toBeGreaterThan(100);
  });
});
