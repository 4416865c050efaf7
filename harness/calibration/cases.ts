// The calibration cases: a calibration renderer (harness/calibration/renderers/calib-*.ts), a stream chosen so the
// model is sound for it, and which figures the model predicts. Streams are the prose-answer text cut to length, with
// seeded jitter on the token gaps, so write times fall at every phase of the vsync (a metronome at a multiple
// of the frame interval would hit the same phase on every write and make a run all-or-nothing).
import { buildSchedule } from '../schedule/schedule.ts';
import type { Schedule } from '../schedule/types.ts';
import { findScenario, loadScenarioText } from '../../scenarios/index.ts';
import { FIXED_WRITE_COSTS_MS, REPARSE_MS_PER_KCHAR, reparseCostMs, STALL } from './costs.ts';
import type { ModelCost, ModelStream } from './model.ts';

/**
 * When the page mounts the renderer, in stream time: LEAD_MS (150 ms, harness/page/main.ts) before stream time
 * 0, plus a few ms of set-up (probe, worker) before mount. Measured by wrapping setInterval in the page: over 6
 * runs the stall renderer's interval was set at -144.5 to -148.0 ms and fired 0.2-1.6 ms after each nominal
 * second.
 */
export const MOUNT_AT_MS = -147;

/** Figures a case checks; a figure the model cannot predict soundly for the case is shown but not checked. */
export type Metric = 'droppedFrames' | 'ttvP50Ms' | 'ttvP95Ms' | 'completionLagMs';
export const METRICS: readonly Metric[] = ['droppedFrames', 'ttvP50Ms', 'ttvP95Ms', 'completionLagMs'];

export interface StreamSpec {
  tokPerS: number;
  ttftMs: number;
  /** Content tokens (markers come on top). */
  tokens: number;
  tokensPerChunk: number;
  markerEvery: number;
  jitter: number;
  seed: number;
}

export interface CalibrationCase {
  name: string;
  renderer: string;
  /** One line: the injected cost and the regime. */
  summary: string;
  stream: StreamSpec;
  /** `--quick`: a shorter stream, same regime. */
  quickTokens: number;
  cost: ModelCost;
  /** Figures not checked, with the reason (shown in the table). */
  unchecked?: Partial<Record<Metric, string>>;
}

const STREAM_BASE = { ttftMs: 100, jitter: 0.5, seed: 7 } as const;
/**
 * Under a backlog, whether the main thread runs a queued frame or the next queued chunk is Chromium's task
 * scheduler's choice (frames are starved longer and longer as the queue grows), so when a mid-stream marker
 * gets its frame is not predictable from first principles. The last marker is: once the backlog has drained,
 * the next frame runs at once, so completion lag is checked instead.
 */
const BACKLOG_NOTE =
  "mid-stream markers wait for frames that Chromium's task scheduler places under a backlog (not first principles); " +
  'completion lag is checked instead';
const [FIXED_8, FIXED_20, FIXED_40] = FIXED_WRITE_COSTS_MS;

export const CALIBRATION_CASES: readonly CalibrationCase[] = [
  {
    name: 'zero-cost',
    renderer: 'calib-zero',
    summary: 'no injected cost, a write every ~25 ms: control (no drops, TTV = wait for the next frame)',
    stream: { ...STREAM_BASE, tokPerS: 40, tokens: 100, tokensPerChunk: 1, markerEvery: 4 },
    quickTokens: 60,
    cost: {},
  },
  {
    name: `write-${FIXED_8}ms`,
    renderer: `calib-write-${FIXED_8}ms`,
    summary: `${FIXED_8} ms per write, a write every ~40 ms (20% busy, never saturated)`,
    stream: { ...STREAM_BASE, tokPerS: 25, tokens: 80, tokensPerChunk: 1, markerEvery: 4 },
    quickTokens: 50,
    cost: { perWriteMs: () => FIXED_8 },
  },
  {
    name: `write-${FIXED_20}ms`,
    renderer: `calib-write-${FIXED_20}ms`,
    summary: `${FIXED_20} ms per write, a write every ~150 ms`,
    stream: { ...STREAM_BASE, tokPerS: 26.67, tokens: 80, tokensPerChunk: 4, markerEvery: 4 },
    quickTokens: 48,
    cost: { perWriteMs: () => FIXED_20 },
  },
  {
    name: `write-${FIXED_40}ms`,
    renderer: `calib-write-${FIXED_40}ms`,
    summary: `${FIXED_40} ms per write, a write every ~180 ms`,
    stream: { ...STREAM_BASE, tokPerS: 22.22, tokens: 80, tokensPerChunk: 4, markerEvery: 4 },
    quickTokens: 48,
    cost: { perWriteMs: () => FIXED_40 },
  },
  {
    name: 'reparse',
    renderer: 'calib-reparse',
    summary:
      `${REPARSE_MS_PER_KCHAR} ms per 1,000 characters so far, per write (quadratic total), 8 tokens per ` +
      `write every ~100 ms`,
    stream: { ...STREAM_BASE, tokPerS: 80, tokens: 320, tokensPerChunk: 8, markerEvery: 8 },
    quickTokens: 200,
    cost: { perWriteMs: reparseCostMs },
  },
  {
    name: 'stall',
    renderer: 'calib-stall',
    summary: `free writes every ~25 ms, plus a ${STALL.durationMs} ms stall every ${STALL.everyMs} ms from mount`,
    stream: { ...STREAM_BASE, tokPerS: 40, tokens: 130, tokensPerChunk: 1, markerEvery: 4 },
    quickTokens: 80,
    cost: { stall: { ...STALL, firstAtMs: MOUNT_AT_MS + STALL.everyMs } },
  },
  {
    name: `saturated-${FIXED_20}ms`,
    renderer: `calib-write-${FIXED_20}ms`,
    summary: `${FIXED_20} ms per write, a write every ~10 ms: saturated, the backlog grows, then drains`,
    stream: { ...STREAM_BASE, tokPerS: 100, tokens: 40, tokensPerChunk: 1, markerEvery: 4 },
    quickTokens: 30,
    cost: { perWriteMs: () => FIXED_20 },
    unchecked: {
      ttvP50Ms: BACKLOG_NOTE,
      ttvP95Ms: BACKLOG_NOTE,
    },
  },
];

export function findCase(name: string): CalibrationCase | undefined {
  return CALIBRATION_CASES.find((c) => c.name === name);
}

/** The stream a case sends: the prose-answer text, cut to the case's length, with the case's grouping and jitter. */
export function caseSchedule(c: CalibrationCase, quick: boolean): Schedule {
  const def = findScenario('prose-answer');
  if (!def) throw new Error('scenario prose-answer is missing');
  const s = c.stream;
  return buildSchedule({
    scenario: def.name,
    format: def.format,
    text: loadScenarioText(def),
    rate: { name: `${s.tokPerS}`, tokPerS: s.tokPerS, ttftMs: s.ttftMs },
    seed: s.seed,
    maxTokens: quick ? c.quickTokens : s.tokens,
    tokensPerChunk: s.tokensPerChunk,
    markerEvery: s.markerEvery,
    jitter: s.jitter,
  });
}

/** The model's view of a schedule. */
export function modelStream(schedule: Schedule): ModelStream {
  return {
    chunks: schedule.chunks.map((c) => ({ dueMs: c.dueMs, chars: c.text.length })),
    markers: schedule.markers.map((m) => ({ chunkIndex: m.chunkIndex })),
  };
}
