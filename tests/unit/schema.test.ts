import { describe, expect, it } from 'vitest';
import { computeRunMetrics } from '../../harness/metrics/run-metrics.ts';
import { summarizeCell } from '../../harness/stats/basic.ts';
import { emitterFigures } from '../../harness/stats/emitter-figures.ts';
import type { RawRun } from '../../harness/page/protocol.ts';
import type { Results } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';
import { makeSampleResults, SAMPLE_FAILED_CELL_ID, SAMPLE_FAILED_ERROR } from '../fixtures/sample-results.ts';

const RATE = { name: 'kimi-k2.6-cerebras', tokPerS: 981, ttftMs: 200 };

function tinyRaw(): RawRun {
  return {
    chunks: [
      { dueMs: 200, deliveredMs: 200.3, tokenCount: 1 },
      { dueMs: 201.02, deliveredMs: 201.4, tokenCount: 1 },
    ],
    markers: [
      { text: '⟦0⟧', tokenIndex: 0, dueMs: 200, deliveredMs: 200.3, commitMs: 200.5, visibleMs: 212.9 },
      { text: '⟦1⟧', tokenIndex: 1, dueMs: 201.02, deliveredMs: 201.4, commitMs: 201.6, visibleMs: 212.9 },
    ],
    frames: { rafTimestampsMs: [195.2, 211.9, 228.5], postFrameMs: [196.1, 212.9, 229.3] },
    longFrames: [],
    endCalledMs: 201.5,
    stoppedMs: 262.1,
    errors: [],
    finalVisibleText: '⟦0⟧ Hello ⟦1⟧',
    finalText: ' ⟦0⟧ Hello ⟦1⟧',
    timedOut: false,
    rootEmptyAfterDispose: true,
  };
}

/** A small hand-built Results: one ok cell with one run, one failed cell. */
function smallResults(): Results {
  const raw = tinyRaw();
  const metrics = computeRunMetrics(raw);
  return {
    schemaVersion: 1,
    tool: 'streambench',
    status: 'complete',
    startedAt: '2026-05-12T09:30:00.000Z',
    finishedAt: '2026-05-12T09:30:04.000Z',
    wallS: 4,
    environment: {
      chromiumVersion: '141.0.7390.37',
      chromiumPath: '/usr/bin/chromium',
      chromiumFlags: ['--no-sandbox'],
      headless: true,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      cpuThrottles: [1],
      cores: 8,
      cpuModel: 'AMD EPYC 7B13',
      totalMemGiB: 31.3,
      platform: 'linux x64',
      nodeVersion: 'v20.20.2',
      playwrightVersion: '1.65.1',
      gitCommit: null,
      gitDirty: true,
      date: '2026-05-12T09:30:00.000Z',
    },
    config: {
      renderers: ['per-chunk-dom', 'markdown-batch'],
      scenarios: ['markdown-answer'],
      rates: [RATE],
      runs: 1,
      warmupRuns: 0,
      seed: 42,
      cpuThrottles: [1],
      throttleWarmupRuns: 0,
      quick: true,
      tokensPerChunk: 1,
      jitter: 0,
      cellTimeoutMs: 60000,
      maxTokens: 2,
    },
    renderers: [
      { name: 'per-chunk-dom', description: 'one DOM write per chunk', output: 'text' },
      {
        name: 'markdown-batch',
        description: 'whole markdown re-parsed every 50 ms',
        output: 'markdown',
        family: 'markdown',
        packages: [
          { name: 'marked', version: '18.2.1' },
          { name: 'dompurify', version: '3.5.0' },
        ],
        source: { name: 'a chat UI', url: 'https://example.com/chat' },
      },
      { name: 'test-missing-package', description: '', output: 'text', broken: 'failed to import: no package' },
    ],
    scenarios: [
      { name: 'markdown-answer', description: 'a markdown answer', format: 'markdown', tokens: 2, markers: 2 },
    ],
    cells: [
      {
        id: 'per-chunk-dom|markdown-answer|kimi-k2.6-cerebras',
        renderer: 'per-chunk-dom',
        scenario: 'markdown-answer',
        rate: RATE,
        cpuThrottle: 1,
        status: 'ok',
        warmupRuns: 0,
        runs: [{ index: 0, startedAtS: 0.4, wallMs: 1210.5, status: 'ok', metrics, raw }],
        summary: summarizeCell([metrics]),
      },
      {
        id: 'markdown-batch|markdown-answer|kimi-k2.6-cerebras',
        renderer: 'markdown-batch',
        scenario: 'markdown-answer',
        rate: RATE,
        cpuThrottle: 1,
        status: 'failed',
        error: 'run did not finish within 61 s (renderer hung or blocked the main thread)',
        warmupRuns: 0,
        runs: [
          {
            index: 0,
            startedAtS: 1.7,
            wallMs: 61002,
            status: 'failed',
            error: 'run did not finish within 61 s (renderer hung or blocked the main thread)',
            metrics: null,
            raw: null,
          },
        ],
        summary: null,
      },
    ],
  };
}

/** A JSON copy, mutable without type constraints: broken variants are not `Results`. */
type Json = Record<string, unknown>;
const jsonCopy = (r: Results): Json => JSON.parse(JSON.stringify(r)) as Json;
const at = (o: Json, ...path: Array<string | number>): Json =>
  path.reduce<Json>((acc, key) => (acc as Record<string | number, unknown>)[key] as Json, o);

describe('results schema', () => {
  it('accepts a small hand-built Results', () => {
    expect(validateResults(smallResults())).toEqual({ ok: true });
    // What is written to disk is JSON: the parsed file must validate too.
    expect(validateResults(jsonCopy(smallResults()))).toEqual({ ok: true });
  });

  it('accepts the shared sample (as an object and after a JSON round trip)', () => {
    const sample = makeSampleResults();
    expect(validateResults(sample)).toEqual({ ok: true });
    expect(validateResults(jsonCopy(sample))).toEqual({ ok: true });
  });

  it('rejects a missing schemaVersion', () => {
    const data = jsonCopy(smallResults());
    delete data['schemaVersion'];
    const result = validateResults(data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain("must have required property 'schemaVersion'");
  });

  it('rejects another schemaVersion', () => {
    const data = jsonCopy(smallResults());
    data['schemaVersion'] = 2;
    expect(validateResults(data).ok).toBe(false);
  });

  it('rejects an unknown status', () => {
    const suite = jsonCopy(smallResults());
    suite['status'] = 'done';
    expect(validateResults(suite).ok).toBe(false);

    const cell = jsonCopy(smallResults());
    at(cell, 'cells', 0)['status'] = 'complete';
    const result = validateResults(cell);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toContain(
        '/cells/0/status: must be equal to one of the allowed values: ["ok","failed","pending"]',
      );

    const run = jsonCopy(smallResults());
    at(run, 'cells', 1, 'runs', 0)['status'] = 'pending';
    expect(validateResults(run).ok).toBe(false);
  });

  it('rejects a string where a number belongs', () => {
    const wall = jsonCopy(smallResults());
    at(wall, 'cells', 0, 'runs', 0)['wallMs'] = '1210.5';
    const result = validateResults(wall);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain('/cells/0/runs/0/wallMs: must be number');

    const ttv = jsonCopy(smallResults());
    at(ttv, 'cells', 0, 'runs', 0, 'metrics', 'ttvMs')['p95'] = '12';
    expect(validateResults(ttv).ok).toBe(false);

    const stat = jsonCopy(smallResults());
    at(stat, 'cells', 0, 'summary', 'ttvP95Ms')['median'] = 'n/a';
    expect(validateResults(stat).ok).toBe(false);
  });

  it('accepts null where the type allows it, and only there', () => {
    const ok = jsonCopy(smallResults());
    at(ok, 'cells', 0, 'runs', 0, 'metrics', 'ttvMs')['max'] = null;
    at(ok, 'cells', 0, 'summary', 'ttvMaxMs')['ciHigh'] = null;
    ok['finishedAt'] = null;
    expect(validateResults(ok)).toEqual({ ok: true });

    const bad = jsonCopy(smallResults());
    at(bad, 'cells', 0, 'runs', 0, 'metrics')['droppedFrames'] = null;
    expect(validateResults(bad).ok).toBe(false);
  });

  it('rejects unknown fields on closed objects and missing required ones', () => {
    const extra = jsonCopy(smallResults());
    at(extra, 'cells', 0, 'summary')['ttvP90Ms'] = { median: 1, ciLow: 1, ciHigh: 1, n: 1, level: 0 };
    const result = validateResults(extra);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContain('/cells/0/summary: must NOT have additional properties (ttvP90Ms)');

    const missing = jsonCopy(smallResults());
    delete at(missing, 'cells', 0, 'summary', 'renderP95Ms')['level'];
    expect(validateResults(missing).ok).toBe(false);
  });

  it('rejects impossible counts and levels', () => {
    const negative = jsonCopy(smallResults());
    at(negative, 'cells', 0, 'runs', 0, 'metrics')['markersTotal'] = -1;
    expect(validateResults(negative).ok).toBe(false);

    const level = jsonCopy(smallResults());
    at(level, 'cells', 0, 'summary', 'ttvP50Ms')['level'] = 1.5;
    expect(validateResults(level).ok).toBe(false);
  });

  it('accepts results with a cost model and rejects a malformed one', () => {
    const withModel = jsonCopy(makeSampleResults({ costModel: true }));
    expect(validateResults(withModel)).toEqual({ ok: true });
    expect(at(withModel, 'costModel', 'ops', 0, 'points')).toHaveLength(4);

    const unknownOp = jsonCopy(makeSampleResults({ costModel: true }));
    at(unknownOp, 'costModel', 'ops', 0)['op'] = 'sanitize';
    const result = validateResults(unknownOp);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.join('\n')).toContain('/costModel/ops/0/op: must be equal to one of the allowed values');

    const stringCost = jsonCopy(makeSampleResults({ costModel: true }));
    at(stringCost, 'costModel', 'ops', 1, 'points', 2)['meanUs'] = '7.5';
    expect(validateResults(stringCost).ok).toBe(false);

    const extra = jsonCopy(makeSampleResults({ costModel: true }));
    at(extra, 'costModel', 'ops', 0, 'points', 0)['meanMs'] = 0.05;
    const extraResult = validateResults(extra);
    expect(extraResult.ok).toBe(false);
    if (!extraResult.ok)
      expect(extraResult.errors).toContain('/costModel/ops/0/points/0: must NOT have additional properties (meanMs)');

    const noNode = jsonCopy(makeSampleResults({ costModel: true }));
    delete at(noNode, 'costModel', 'environment')['node'];
    expect(validateResults(noNode).ok).toBe(false);

    const notObject = jsonCopy(makeSampleResults());
    notObject['costModel'] = [];
    expect(validateResults(notObject).ok).toBe(false);
  });

  it("accepts the emitter's send times and figures, and reasons for unseen text; rejects malformed ones", () => {
    const r = smallResults();
    const raw = tinyRaw();
    raw.chunks = raw.chunks.map((c, i) => ({ ...c, sentMs: i === 0 ? c.dueMs + 0.1 : null }));
    raw.markers[1] = { ...raw.markers[1]!, visibleMs: null, notVisible: 'off-screen' };
    raw.unmeasurable = false;
    const metrics = computeRunMetrics(raw);
    const cell = r.cells[0]!;
    cell.runs = [{ index: 0, startedAtS: 0.4, wallMs: 1210.5, status: 'ok', metrics, raw }];
    cell.summary = summarizeCell([metrics]);
    r.emitter = emitterFigures(r.cells);
    // The new figures are there, so the schema really checked them.
    expect(metrics.delivery.sendErrorMs?.p50).toBeCloseTo(0.1, 9);
    expect(cell.summary.sendErrorP99Ms?.n).toBe(1);
    expect(cell.summary.notVisible?.['off-screen']).toBe(1);
    expect(r.emitter).toHaveLength(1);
    expect(validateResults(jsonCopy(r))).toEqual({ ok: true });

    const badReason = jsonCopy(r);
    at(badReason, 'cells', 0, 'summary', 'notVisible')['behind-canvas'] = 1;
    expect(validateResults(badReason).ok).toBe(false);
    const badVisibility = jsonCopy(r);
    at(badVisibility, 'cells', 0, 'runs', 0, 'metrics', 'visibility')['unmeasurable'] = 'no';
    expect(validateResults(badVisibility).ok).toBe(false);
    const badEmitter = jsonCopy(r);
    delete at(badEmitter, 'emitter', 0, 'sendErrorMs')['p99'];
    expect(validateResults(badEmitter).ok).toBe(false);
    const badSent = jsonCopy(r);
    at(badSent, 'cells', 0, 'runs', 0, 'raw', 'chunks', 0)['sentMs'] = '200.1';
    expect(validateResults(badSent).ok).toBe(false);
  });

  it('rejects things that are not results at all', () => {
    for (const data of [null, 42, 'results', [], {}]) expect(validateResults(data).ok).toBe(false);
  });
});

describe('sample results fixture', () => {
  it('has the documented shape', () => {
    const sample = makeSampleResults();
    expect(sample.cells.map((c) => [c.id, c.status, c.runs.length])).toEqual([
      ['per-chunk-dom|markdown-answer|kimi-k2.6-cerebras', 'ok', 3],
      ['per-chunk-dom|markdown-answer|frontier', 'ok', 3],
      ['raf-buffered|markdown-answer|kimi-k2.6-cerebras', 'ok', 3],
      ['raf-buffered|markdown-answer|frontier', 'ok', 3],
      ['markdown-batch|markdown-answer|kimi-k2.6-cerebras', 'failed', 1],
      ['markdown-batch|markdown-answer|frontier', 'ok', 3],
    ]);
    const failed = sample.cells.find((c) => c.id === SAMPLE_FAILED_CELL_ID);
    expect(failed?.error).toBe(SAMPLE_FAILED_ERROR);
    expect(failed?.summary).toBeNull();
  });

  it('tells a fast per-chunk renderer apart from a frame-buffered one', () => {
    const cell = (id: string) => makeSampleResults().cells.find((c) => c.id === id);
    const perChunkFast = cell('per-chunk-dom|markdown-answer|kimi-k2.6-cerebras')?.summary;
    const bufferedFast = cell('raf-buffered|markdown-answer|kimi-k2.6-cerebras')?.summary;
    const perChunkSlow = cell('per-chunk-dom|markdown-answer|frontier')?.summary;
    expect([perChunkFast?.uiBound, perChunkFast?.uiBoundRuns]).toEqual([true, 3]);
    expect([bufferedFast?.uiBound, perChunkSlow?.uiBound]).toEqual([false, false]);
    expect(perChunkFast?.ttvP95Ms.median).toBeGreaterThan(bufferedFast?.ttvP95Ms.median ?? Infinity);
    expect(perChunkFast?.longFrames.median).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(makeSampleResults())).toBe(JSON.stringify(makeSampleResults()));
  });

  it('has a cost model only when asked for one', () => {
    expect(makeSampleResults().costModel).toBeUndefined();
    expect(makeSampleResults({ costModel: true }).costModel?.ops.map((o) => o.op)).toEqual([
      'full-parse',
      'incremental-parse',
      'append',
    ]);
  });
});
