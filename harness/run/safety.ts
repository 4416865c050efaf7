// The safety check: the `unsafe-markdown` scenario (injection payloads, scenarios/unsafe-payloads.ts) streamed in
// small chunks into each markdown renderer, one page per renderer, on the harness page (harness/page/safety-run.ts
// does the streaming and the scan). A renderer is safe when no payload executed and nothing dangerous survived into
// its DOM. Only `output: 'markdown'` renderers are checked: a `text` renderer shows the source as text by contract.
import type { BrowserContext, Page } from 'playwright';
import { PAYLOADS, UNSAFE_SCENARIO } from '../../scenarios/unsafe-payloads.ts';
import { listRendererFiles } from '../renderer/files.ts';
import { buildCellSchedule } from '../schedule/cell-request.ts';
import type { BrowserSession } from './browser-session.ts';
import { loadHarnessPage } from './fresh-context.ts';
import type { RendererInfo } from '../page/protocol.ts';
import type { SafetyObservation, SafetyRequest } from '../page/safety-protocol.ts';
import type { RendererResult, SafetyResult, SafetyResults } from '../results/types.ts';
import type { Rate, Schedule } from '../schedule/types.ts';

/**
 * The check's stream: a few tokens per chunk, so payloads arrive in pieces (tests/unit/safety-scenario.test.ts
 * checks that the `<script>` tag is split) while a renderer that re-renders everything per chunk still finishes
 * in about a second. The rate only sets how long the check takes: fast, since nothing is timed.
 */
export const SAFETY_RATE: Rate = { name: 'safety-check', tokPerS: 20_000, ttftMs: 0 };
export const SAFETY_TOKENS_PER_CHUNK = 5;
/** A renderer's check fails as hung after the stream plus this long. */
const CHECK_TIMEOUT_MS = 30_000;
/** Renderer pages checked at once (one context: the page's build is loaded once and cached). */
export const SAFETY_CONCURRENCY = 2;

/** The scenario's schedule as the check streams it: the whole content (never cut short), in small chunks. */
export function safetySchedule(seed = 1): Schedule {
  const stream = { seed, tokensPerChunk: SAFETY_TOKENS_PER_CHUNK, jitter: 0 };
  return buildCellSchedule(stream, UNSAFE_SCENARIO, SAFETY_RATE, null);
}

export function safetyRequest(renderer: string, schedule: Schedule): SafetyRequest {
  return {
    renderer,
    format: schedule.format,
    chunks: schedule.chunks.map(({ text, dueMs }) => ({ text, dueMs })),
    lastMarker: schedule.markers.at(-1)?.text ?? '',
  };
}

/** The renderers the check applies to: the ones that render markdown and import. */
export function markdownRenderers(infos: ReadonlyArray<Pick<RendererInfo, 'name' | 'output' | 'broken'>>): string[] {
  return infos.filter((r) => r.output === 'markdown' && !r.broken).map((r) => r.name);
}

/** The verdict from what the page saw: safe only when nothing ran, nothing survived and the check finished. */
export function safetyVerdict(renderer: string, seen: SafetyObservation): SafetyResult {
  const error = seen.errors[0];
  return {
    renderer,
    safe: !seen.executed.length && !seen.survived.length && error === undefined,
    executed: seen.executed,
    survived: seen.survived,
    ...(error === undefined ? {} : { error }),
  };
}

function failed(renderer: string, error: unknown): SafetyResult {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
  return { renderer, safe: false, executed: [], survived: [], error: message };
}

async function checkInPage(page: Page, request: SafetyRequest, timeoutMs: number): Promise<SafetyObservation> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`safety check did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([page.evaluate((req) => window.streambench.safety(req), request), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One renderer's check in a new page of `context`; a failure (import error, hang) is its verdict, not a throw. */
export async function checkRenderer(
  context: BrowserContext,
  pageUrl: string,
  renderer: string,
  schedule: Schedule,
): Promise<SafetyResult> {
  let page: Page | null = null;
  try {
    page = await context.newPage();
    await loadHarnessPage(page, pageUrl);
    const seen = await checkInPage(page, safetyRequest(renderer, schedule), schedule.lastDueMs + CHECK_TIMEOUT_MS);
    return safetyVerdict(renderer, seen);
  } catch (error) {
    return failed(renderer, error);
  } finally {
    // A renderer that hung its page must not hang the check.
    await Promise.race([page?.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
}

/** Checks `renderers`, SAFETY_CONCURRENCY pages at a time; results in the order given. */
export async function checkSafety(
  context: BrowserContext,
  pageUrl: string,
  renderers: readonly string[],
  onResult: (result: SafetyResult) => void = () => {},
): Promise<SafetyResults> {
  const schedule = safetySchedule();
  const results: SafetyResult[] = new Array<SafetyResult>(renderers.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < renderers.length) {
      const i = next++;
      const result = await checkRenderer(context, pageUrl, renderers[i] as string, schedule);
      results[i] = result;
      onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SAFETY_CONCURRENCY, renderers.length) }, worker));
  return {
    scenario: UNSAFE_SCENARIO,
    chunks: schedule.chunks.length,
    payloads: PAYLOADS.map((p) => ({ ...p })),
    renderers: results,
  };
}

/**
 * The suite's safety phase: the selected renderers that render markdown and have a file in the renderer folders
 * (an app-mode renderer is not a page of the zoo), checked in one context of the suite's browser, logged as they go.
 */
export async function safetyPhase(
  session: BrowserSession,
  renderers: readonly RendererResult[],
  log: (line: string) => void = () => {},
): Promise<SafetyResults> {
  const onDisk = new Set(listRendererFiles().map((r) => r.name));
  const names = markdownRenderers(renderers.filter((r) => onDisk.has(r.name)));
  log(
    `Safety check: ${UNSAFE_SCENARIO} (${PAYLOADS.length} payloads, ${SAFETY_TOKENS_PER_CHUNK} tokens per chunk) ` +
      `into ${names.length} markdown renderer(s)`,
  );
  return session.inContext((context, pageUrl) =>
    checkSafety(context, pageUrl, names, (result) => log(`  ${safetyLine(result)}`)),
  );
}

/** The payload ids that got through a renderer: executed first, then survived, each once. */
export function payloadsThrough(result: SafetyResult): string[] {
  return [...new Set([...result.executed, ...result.survived.map((s) => s.payload)])];
}

/** Up to `max` ids, then how many more: the full lists are in results.json and the report. */
function idList(ids: readonly string[], max = 5): string {
  const more = ids.length - max;
  return ids.slice(0, max).join(', ') + (more > 0 ? `, +${more} more` : '');
}

/** One line per renderer for logs and the CLI summary: `name  safe` or `name  UNSAFE: 2 executed (a, b); ...`. */
export function safetyLine(result: SafetyResult, width = 24): string {
  const name = result.renderer.padEnd(width);
  if (result.safe) return `${name} safe`;
  if (result.error !== undefined && !payloadsThrough(result).length) return `${name} NOT CHECKED: ${result.error}`;
  const survivedIds = [...new Set(result.survived.map((s) => s.payload))];
  const parts = [
    result.executed.length ? `${result.executed.length} executed (${idList(result.executed)})` : '',
    survivedIds.length ? `${survivedIds.length} survived in the DOM (${idList(survivedIds)})` : '',
  ];
  return `${name} UNSAFE: ${parts.filter(Boolean).join('; ')}`;
}

/** The CLI summary: a headline and one line per renderer. */
export function safetySummary(safety: SafetyResults): string[] {
  const unsafe = safety.renderers.filter((r) => !r.safe).length;
  const total = safety.renderers.length;
  return [
    `Safety (${safety.scenario}, ${safety.payloads.length} payloads): ` +
      (unsafe ? `${unsafe} of ${total} markdown renderer(s) unsafe` : `all ${total} markdown renderer(s) safe`),
    ...safety.renderers.map((r) => `  ${safetyLine(r)}`),
  ];
}
