// Records the golden traces that tests/trace-parser.test.ts checks the trace parser against: three small real
// runs through the real harness (runInFreshContext with every trace category trace mode can use), each kept
// as the Chrome trace (gzipped) plus the run facts the parser needs.
//
//   npx tsx scripts/record-golden-traces.ts            # writes tests/fixtures/traces/
//   npx tsx scripts/record-golden-traces.ts --out DIR  # somewhere else (e.g. to compare with the committed ones)
//
// Re-recording changes every expected number in tests/trace-parser.test.ts: recompute them and redo the
// cross-checks written there. The traces are kept whole when they gzip to under MAX_GZ_BYTES; otherwise they
// are filtered down to the events the parser and the tests read (see keepEvent).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../harness/run/browser.ts';
import { toPageRequest } from '../harness/schedule/cell-request.ts';
import { computeRunMetrics } from '../harness/metrics/run-metrics.ts';
import { runInFreshContext } from '../harness/run/fresh-context.ts';
import { buildSchedule } from '../harness/schedule/schedule.ts';
import { startPageServer } from '../harness/run/page-server.ts';
import { analysisInputFromRun, analyzeTrace, parseTraceJson, type TraceEvent } from '../harness/trace/analyze.ts';
import { MAIN_THREAD_CATEGORIES, TRACE_CATEGORIES } from '../harness/run/trace-recorder.ts';
import { CLOCK_MARK, type RawRun } from '../harness/page/protocol.ts';
import { findScenario, loadScenarioText } from '../scenarios/index.ts';

const MAX_GZ_BYTES = 150 * 1024;
const SETTLE_MS = 3_000;

interface GoldenCase {
  name: string;
  what: string;
  renderer: string;
  scenario: string;
  tokPerS: number;
  maxTokens: number;
}

const CASES: GoldenCase[] = [
  {
    name: 'idle',
    what: 'nothing drawn until the stream ends (no-stream renderer, 25 tokens at 15 tok/s): ~1.9 s with an idle page',
    renderer: 'no-stream',
    scenario: 'prose-answer',
    tokPerS: 15,
    maxTokens: 25,
  },
  {
    name: 'janky',
    what: 'every chunk blocks the main thread 40 ms (test-busy-write-40ms, 40 tokens at 20 tok/s)',
    renderer: 'test-busy-write-40ms',
    scenario: 'prose-answer',
    tokPerS: 20,
    maxTokens: 40,
  },
  {
    name: 'streaming',
    what: 'per-chunk DOM writes at 981 tok/s (per-chunk-dom on markdown-answer, 150 tokens)',
    renderer: 'per-chunk-dom',
    scenario: 'markdown-answer',
    tokPerS: 981,
    maxTokens: 150,
  },
];

/** The run facts the fixture keeps: the parser's input (without events) and what the tests cross-check against. */
export interface GoldenRun {
  case: GoldenCase;
  recorded: { chromium: string; date: string; categories: string[]; filtered: boolean; events: number };
  dataLoss: boolean;
  pageT0Ms: number;
  window: { startMs: number; endMs: number };
  markers: Array<{ dueMs: number; commitMs: number | null }>;
  /** The page's own (rAF/probe) view of the same run, for independent cross-checks. */
  page: {
    markers: Array<{ text: string; dueMs: number; commitMs: number | null; visibleMs: number | null }>;
    rafTimestampsMs: number[];
    postFrameMs: number[];
    rafDroppedFrames: number;
    rafTtvP50Ms: number | null;
  };
}

const RENDERER_EVENTS = new Set([
  'PipelineReporter',
  'Commit',
  'SendBeginMainFrameToCommit',
  'Activation',
  'BeginFrame',
  'DrawFrame',
  'DroppedFrame',
  'BeginMainThreadFrame',
  'ActivateLayerTree',
  'RequestMainThreadFrame',
  'NeedsBeginFrameChanged',
]);

/** Only used when a whole trace is too big: the events the parser and the tests read. */
function keepEvent(e: TraceEvent, mark: TraceEvent): boolean {
  if (e.ph === 'M' || e.name === CLOCK_MARK) return true;
  if (e.name === 'PipelineReporter') return true; // every process: the parser must ignore the browser's
  if (e.pid !== mark.pid) return false;
  if (RENDERER_EVENTS.has(e.name)) return true;
  return e.tid === mark.tid && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E');
}

function parseOut(argv: string[]): string {
  const i = argv.indexOf('--out');
  return resolve(
    i >= 0 && argv[i + 1] ? (argv[i + 1] as string) : join(import.meta.dirname, '..', 'tests', 'fixtures', 'traces'),
  );
}

async function main(): Promise<void> {
  const outDir = parseOut(process.argv.slice(2));
  await mkdir(outDir, { recursive: true });
  const categories = [...TRACE_CATEGORIES, ...MAIN_THREAD_CATEGORIES];
  const server = await startPageServer();
  const browser = await launchChromium();
  try {
    for (const c of CASES) {
      const def = findScenario(c.scenario);
      if (!def) throw new Error(`no scenario ${c.scenario}`);
      const schedule = buildSchedule({
        scenario: c.scenario,
        format: def.format,
        text: loadScenarioText(def),
        rate: { name: String(c.tokPerS), tokPerS: c.tokPerS, ttftMs: 100 },
        seed: 1,
        maxTokens: c.maxTokens,
      });
      const request = toPageRequest(c.renderer, schedule, SETTLE_MS);
      const options = { pageUrl: server.pageUrl, cpuThrottle: 1, timeoutMs: schedule.lastDueMs + 60_000 };
      // One untraced warm-up run: the first run in a fresh browser is slow (JIT, caches).
      const warm = await runInFreshContext(browser, request, options);
      if (!warm.ok) throw new Error(`${c.name} warm-up: ${warm.error}`);
      const outcome = await runInFreshContext(browser, request, { ...options, traceCategories: categories });
      if (!outcome.ok) throw new Error(`${c.name}: ${outcome.error}`);
      if (!outcome.trace) throw new Error(`${c.name}: no trace recorded`);
      const raw: RawRun = outcome.raw;
      const events = parseTraceJson(outcome.trace.json);
      const mark = events.find((e) => e.name === CLOCK_MARK);
      if (!mark) throw new Error(`${c.name}: no clock mark in the trace`);

      let json = outcome.trace.json;
      let gz = gzipSync(json, { level: 9 });
      let filtered = false;
      let kept = events.length;
      if (gz.byteLength > MAX_GZ_BYTES) {
        const keep = events.filter((e) => keepEvent(e, mark));
        json = JSON.stringify({ traceEvents: keep });
        gz = gzipSync(json, { level: 9 });
        filtered = true;
        kept = keep.length;
      }

      const input = analysisInputFromRun(raw, events, outcome.trace.dataLoss);
      const metrics = computeRunMetrics(raw);
      const run: GoldenRun = {
        case: c,
        recorded: { chromium: browser.version(), date: new Date().toISOString(), categories, filtered, events: kept },
        dataLoss: input.dataLoss,
        pageT0Ms: input.pageT0Ms,
        window: input.window,
        markers: [...input.markers],
        page: {
          markers: raw.markers.map((m) => ({
            text: m.text,
            dueMs: m.dueMs,
            commitMs: m.commitMs,
            visibleMs: m.visibleMs,
          })),
          rafTimestampsMs: raw.frames.rafTimestampsMs,
          postFrameMs: raw.frames.postFrameMs,
          rafDroppedFrames: metrics.droppedFrames,
          rafTtvP50Ms: metrics.ttvMs.p50,
        },
      };
      await writeFile(join(outDir, `${c.name}.trace.json.gz`), gz);
      await writeFile(join(outDir, `${c.name}.run.json`), `${JSON.stringify(run, null, 2)}\n`);

      const analysis = analyzeTrace(input);
      const summary = analysis.valid
        ? `frames ${JSON.stringify(analysis.metrics.frames)} pdf ${JSON.stringify(analysis.metrics.pdfWindows)} ttv ` +
          `p50 ${analysis.metrics.ttvMs.p50?.toFixed(2)}`
        : `INVALID: ${analysis.reason}`;
      console.log(
        `${c.name}: ${(gz.byteLength / 1024).toFixed(1)} KB gz (${kept} events${filtered ? ', filtered' : ''}), ` +
          `dataLoss ${outcome.trace.dataLoss}; ${summary}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
