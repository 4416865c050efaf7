// The measured page: mounts a renderer per call (one call for a plain answer, several for an agent loop),
// starts the probe, lets the worker emitter deliver the schedule, and returns the raw timeline. Kept thin:
// all metrics are computed in Node from what this records.
import { markdownToSafeHtml } from '../renderer/markdown.ts';
import type { Renderer, RendererDefinition } from '../renderer/contract.ts';
import { CLOCK_MARK, type PageRunRequest, type RawRun, type RendererInfo } from './protocol.ts';
import type { EmitterBatch, EmitterStart } from './emitter-worker.ts';
import { nullProbe, startProbe } from './probe.ts';
import { registry } from './registry.ts';

/** Stream time starts this long after setup, so mounting and worker start-up are not on the clock. */
const LEAD_MS = 150;
/** Frames to keep watching after the last marker shows (late long-animation-frame entries, stragglers). */
const TAIL_FRAMES = 3;

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Earlier conversation, rendered once as static HTML; the source strings are not kept. */
function renderHistory(container: HTMLElement, messages: readonly string[]): void {
  const fragment = document.createDocumentFragment();
  for (const message of messages) {
    const article = document.createElement('article');
    article.className = 'message history';
    article.innerHTML = markdownToSafeHtml(message);
    fragment.append(article);
  }
  container.replaceChildren(fragment);
}

interface CallState {
  renderer: Renderer;
  element: HTMLElement;
}

async function run(request: PageRunRequest): Promise<RawRun> {
  if (!crossOriginIsolated) throw new Error('page is not cross-origin isolated (COOP/COEP headers missing): timers would be coarse');
  const definition = registry.get(request.renderer);
  if (!definition) throw new Error(`unknown renderer "${request.renderer}"`);
  const root = document.getElementById('stream-root') as HTMLElement;
  const history = document.getElementById('history') as HTMLElement;
  const sentinel = document.getElementById('frame-sentinel') as HTMLElement;
  root.replaceChildren();
  renderHistory(history, request.history ?? []);
  // Like a chat UI opening a conversation: scrolled to where the new answer appears.
  if (request.history?.length) root.scrollIntoView({ block: 'start' });

  const errors: string[] = [];
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const fail = (where: string, error: unknown): void => {
    errors.push(`${where}: ${describe(error)}`);
    finish();
  };
  const onError = (event: ErrorEvent): void => fail('uncaught', event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent): void => fail('unhandled rejection', event.reason);
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onRejection);

  // Calls: one for a plain answer; an agent loop streams several, one after another.
  const calls = request.calls ?? [{ chunkCount: request.chunks.length }];
  const firstChunk: number[] = [];
  calls.reduce((offset, call) => (firstChunk.push(offset), offset + call.chunkCount), 0);
  const callOfChunk: number[] = calls.flatMap((call, k) => Array<number>(call.chunkCount).fill(k));
  const callStartMs: Array<number | null> = calls.map(() => null);
  const lastRelDue = (k: number): number => request.chunks[(firstChunk[k] ?? 0) + (calls[k]?.chunkCount ?? 1) - 1]?.dueMs ?? 0;
  /** Where each call would start if nothing delayed the loop: a stand-in for calls a failed run never reached. */
  const idealStartMs: number[] = [];
  calls.forEach((_, k) => idealStartMs.push(k === 0 ? 0 : (idealStartMs[k - 1] ?? 0) + lastRelDue(k - 1) + (request.toolStepMs ?? 0)));
  /** Stream-time due of a chunk: its call's actual start plus its scheduled offset (null until the call starts). */
  const dueOf = (chunk: number): number | null => {
    const start = callStartMs[callOfChunk[chunk] ?? 0];
    return start === null || start === undefined ? null : start + (request.chunks[chunk]?.dueMs ?? 0);
  };
  const dueOrIdeal = (chunk: number): number => dueOf(chunk) ?? (idealStartMs[callOfChunk[chunk] ?? 0] ?? 0) + (request.chunks[chunk]?.dueMs ?? 0);

  const t0 = performance.now() + LEAD_MS;
  const now = (): number => performance.now() - t0;
  // Clock anchor for trace mode: the trace records this mark with its performance.now() value, which
  // aligns page time (and so stream time, via pageT0Ms) with trace time.
  performance.mark(CLOCK_MARK);

  // Fail-fast (sweeps): stop once more markers are late than TTV p95 could tolerate.
  const late = new Set<number>();
  let stoppedEarly: string | undefined;
  const onFrame = (nowMs: number, visible: ReadonlyArray<number | null>): void => {
    const budget = request.failFast;
    if (!budget || stoppedEarly) return;
    request.markers.forEach((marker, i) => {
      const due = dueOf(marker.chunkIndex);
      if (visible[i] === null && due !== null && nowMs > due + budget.ttvBudgetMs) late.add(i);
    });
    if (late.size > budget.maxLateMarkers) {
      stoppedEarly = `${late.size} markers not visible ${budget.ttvBudgetMs} ms after due`;
      finish();
    }
  };
  const probe = request.withoutProbe ? nullProbe(request.markers.length) : startProbe(root, sentinel, request.markers, t0, onFrame);

  const active: CallState[] = [];
  const mountCall = (def: RendererDefinition): CallState | null => {
    try {
      const renderer = def.create({ format: request.format });
      // A single answer renders straight into the root; agent-loop calls each get a message element.
      const element = calls.length === 1 ? root : root.appendChild(document.createElement('article'));
      if (element !== root) element.className = 'message';
      renderer.mount(element);
      const state = { renderer, element };
      active.push(state);
      return state;
    } catch (error) {
      fail('create/mount', error);
      return null;
    }
  };

  const delivered: Array<number | null> = request.chunks.map(() => null);
  let endCalledMs: number | null = null;
  const stopFlag = new SharedArrayBuffer(4);
  const worker = new Worker(new URL('./emitter-worker.ts', import.meta.url), { type: 'module' });
  let current: CallState | null = null;
  let currentCall = -1;

  const startCall = (k: number, atMs: number): void => {
    if (errors.length || stoppedEarly) return;
    currentCall = k;
    callStartMs[k] = atMs;
    current = mountCall(definition);
    if (!current) return;
    const from = firstChunk[k] ?? 0;
    const start: EmitterStart = {
      dueMs: request.chunks.slice(from, from + (calls[k]?.chunkCount ?? 0)).map((c) => c.dueMs),
      originAbsMs: performance.timeOrigin + t0 + atMs,
      stop: stopFlag,
    };
    worker.postMessage(start);
  };

  worker.onmessage = (event: MessageEvent<EmitterBatch>) => {
    const at = now();
    const offset = firstChunk[currentCall] ?? 0;
    const from = offset + event.data.from;
    const to = offset + event.data.to;
    for (let i = from; i < to; i++) delivered[i] = at;
    if (!current || errors.length || stoppedEarly) return;
    const { renderer } = current;
    try {
      for (let i = from; i < to; i++) renderer.push((request.chunks[i] as { text: string }).text);
      if (to === offset + (calls[currentCall]?.chunkCount ?? 0)) {
        if (currentCall === calls.length - 1) endCalledMs = now();
        const ended = renderer.end();
        if (ended instanceof Promise) ended.catch((error: unknown) => fail('end', error));
        const next = currentCall + 1;
        // The tool step runs on the main thread, as an agent's client code would: a busy UI delays it.
        if (next < calls.length) setTimeout(() => startCall(next, now()), request.toolStepMs ?? 0);
      }
    } catch (error) {
      fail(endCalledMs === null ? 'push' : 'end', error);
    }
  };
  worker.onerror = (event) => fail('emitter worker', event.message);
  startCall(0, 0);

  let timedOut = false;
  let settled = false;
  const timeout = (async () => {
    // The deadline moves with the loop (later calls start later); a blocked main thread makes timers late, never early.
    const deadline = (): number => {
      const lastStart = callStartMs[calls.length - 1];
      const lastDue = request.chunks.length ? (request.chunks[request.chunks.length - 1] as { dueMs: number }).dueMs : 0;
      return lastStart === null || lastStart === undefined ? Infinity : lastStart + lastDue + request.settleTimeoutMs;
    };
    // Until the last call has started, check now and then: a loop stalled before its last call is a hang
    // that only the runner's timeout can end.
    while (!settled && now() < deadline()) await sleep(Math.min(250, Math.max(1, deadline() - now())));
    timedOut = !settled;
  })();
  await Promise.race([probe.allVisible, finished, timeout]);
  settled = true;
  if (!errors.length && !timedOut && !stoppedEarly) await Promise.race([probe.frames(TAIL_FRAMES), sleep(500)]);

  Atomics.store(new Int32Array(stopFlag), 0, 1);
  Atomics.notify(new Int32Array(stopFlag), 0);
  worker.terminate();
  const stoppedMs = now();
  const observed = probe.stop();
  const finalText = root.textContent ?? '';
  const finalVisibleText = root.innerText;
  let rootEmptyAfterDispose = true;
  for (const state of active) {
    try {
      state.renderer.dispose();
      rootEmptyAfterDispose &&= state.element.childNodes.length === 0;
    } catch (error) {
      fail('dispose', error);
    }
  }
  root.replaceChildren();
  history.replaceChildren();
  removeEventListener('error', onError);
  removeEventListener('unhandledrejection', onRejection);

  return {
    chunks: request.chunks.map((c, i) => ({ dueMs: dueOrIdeal(i), deliveredMs: delivered[i] ?? null, tokenCount: c.tokenCount })),
    markers: request.markers.map((m, i) => ({
      text: m.text,
      tokenIndex: m.tokenIndex,
      dueMs: dueOrIdeal(m.chunkIndex),
      deliveredMs: delivered[m.chunkIndex] ?? null,
      commitMs: observed.commitMs[i] ?? null,
      visibleMs: observed.visibleMs[i] ?? null,
    })),
    frames: { rafTimestampsMs: observed.rafTimestampsMs, rafStartMs: observed.rafStartMs, postFrameMs: observed.postFrameMs },
    longFrames: observed.longFrames,
    endCalledMs,
    stoppedMs,
    errors,
    finalVisibleText,
    finalText,
    timedOut: timedOut && observed.visibleMs.some((v) => v === null),
    rootEmptyAfterDispose,
    pageT0Ms: t0,
    ...(calls.length > 1
      ? {
          calls: calls.map((call, k) => ({ startMs: callStartMs[k] ?? idealStartMs[k] ?? 0, firstChunk: firstChunk[k] ?? 0, chunkCount: call.chunkCount })),
          toolStepMs: request.toolStepMs ?? 0,
        }
      : {}),
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
}

function renderers(): RendererInfo[] {
  return [...registry].map(([name, def]) => ({ name, description: def.description, output: def.output }));
}

/** The text a markdown renderer's DOM should hold once the whole source is rendered. */
function expectedMarkdownText(source: string): string {
  const scratch = document.createElement('div');
  scratch.innerHTML = markdownToSafeHtml(source);
  return scratch.textContent ?? '';
}

/** rAF timestamps and callback start times over `durationMs` with nothing streaming: the idle noise floor. */
function idleFrames(durationMs: number): Promise<{ rafTimestampsMs: number[]; rafStartMs: number[] }> {
  return new Promise((resolve) => {
    const stamps: number[] = [];
    const starts: number[] = [];
    const tick = (t: number): void => {
      stamps.push(t);
      starts.push(performance.now());
      if (t - (stamps[0] ?? t) < durationMs) requestAnimationFrame(tick);
      else resolve({ rafTimestampsMs: stamps, rafStartMs: starts });
    };
    requestAnimationFrame(tick);
  });
}

export interface StreambenchPageApi {
  run: typeof run;
  idleFrames: typeof idleFrames;
  renderers: typeof renderers;
  expectedMarkdownText: typeof expectedMarkdownText;
}

declare global {
  interface Window {
    streambench: StreambenchPageApi;
  }
}

window.streambench = { run, idleFrames, renderers, expectedMarkdownText };
document.documentElement.dataset.ready = 'true';
