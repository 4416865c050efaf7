// Trace mode, per run: keep the trace file and say what Chromium's own frame accounting shows. A trace that
// cannot be trusted (lost events, no frame reports, impossible latencies) makes the run invalid.
import type { RecordedTrace } from './trace-recorder.ts';
import { analysisInputFromRun, analyzeTrace, parseTraceJson, type TraceAnalysisInput } from '../trace/analyze.ts';
import type { RawRun } from '../page/protocol.ts';
import type { RunTrace } from '../results/types.ts';
import type { TraceAnalysis } from '../trace/types.ts';

/** Stores a trace; returns its path relative to results.json and its size, or null when it could not be saved. */
export type SaveTrace = (name: string, json: string) => Promise<{ file: string; bytes: number } | null>;

function safeAnalysis(build: () => TraceAnalysisInput): TraceAnalysis {
  try {
    return analyzeTrace(build());
  } catch (error) {
    return {
      valid: false,
      reason: `trace could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export async function traceOfRun(
  name: string,
  recorded: RecordedTrace,
  raw: RawRun,
  save: SaveTrace | undefined,
): Promise<RunTrace> {
  const saved = save ? await save(name, recorded.json).catch(() => null) : null;
  const analysis = safeAnalysis(() => analysisInputFromRun(raw, parseTraceJson(recorded.json), recorded.dataLoss));
  return { file: saved?.file ?? null, bytes: saved?.bytes ?? Buffer.byteLength(recorded.json), analysis };
}

/**
 * A run with nothing to observe (the probe-overhead baseline): the analysis over the stream's due window
 * only, where a page that produced no frame at all is valid (nothing wanted drawing).
 */
export function analyzeWindowOnly(recorded: RecordedTrace, raw: RawRun): TraceAnalysis {
  const first = raw.chunks[0]?.dueMs ?? 0;
  const last = raw.chunks[raw.chunks.length - 1]?.dueMs ?? first;
  return safeAnalysis(() => ({
    events: parseTraceJson(recorded.json),
    pageT0Ms: raw.pageT0Ms ?? Number.NaN,
    window: { startMs: first, endMs: last },
    markers: [],
    dataLoss: recorded.dataLoss,
    allowNoFrames: true,
  }));
}
