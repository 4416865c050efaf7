// The measured page: mounts one renderer, starts the probe, lets the worker emitter deliver the schedule,
// and returns the raw timeline. Kept thin: all metrics are computed in Node from what this records.
import { markdownToSafeHtml } from '../markdown.ts';
import type { Renderer } from '../renderer-contract.ts';
import type { PageRunRequest, RawRun, RendererInfo } from '../types.ts';
import type { EmitterBatch, EmitterStart } from './emitter-worker.ts';
import { startProbe } from './probe.ts';
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

async function run(request: PageRunRequest): Promise<RawRun> {
  if (!crossOriginIsolated) throw new Error('page is not cross-origin isolated (COOP/COEP headers missing): timers would be coarse');
  const definition = registry.get(request.renderer);
  if (!definition) throw new Error(`unknown renderer "${request.renderer}"`);
  const root = document.getElementById('stream-root') as HTMLElement;
  const sentinel = document.getElementById('frame-sentinel') as HTMLElement;
  root.replaceChildren();

  const errors: string[] = [];
  let failed: () => void = () => {};
  const failure = new Promise<void>((resolve) => (failed = resolve));
  const fail = (where: string, error: unknown): void => {
    errors.push(`${where}: ${describe(error)}`);
    failed();
  };
  const onError = (event: ErrorEvent): void => fail('uncaught', event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent): void => fail('unhandled rejection', event.reason);
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onRejection);

  const t0 = performance.now() + LEAD_MS;
  const now = (): number => performance.now() - t0;
  const probe = startProbe(root, sentinel, request.markers, t0);
  let renderer: Renderer | null = null;
  try {
    renderer = definition.create({ format: request.format });
    renderer.mount(root);
  } catch (error) {
    fail('create/mount', error);
  }

  const delivered: Array<number | null> = request.chunks.map(() => null);
  let endCalledMs: number | null = null;
  const stopFlag = new SharedArrayBuffer(4);
  const worker = new Worker(new URL('./emitter-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<EmitterBatch>) => {
    const { from, to } = event.data;
    const at = now();
    for (let i = from; i < to; i++) delivered[i] = at;
    if (!renderer || errors.length) return;
    try {
      for (let i = from; i < to; i++) renderer.push((request.chunks[i] as { text: string }).text);
      if (to === request.chunks.length) {
        endCalledMs = now();
        const ended = renderer.end();
        if (ended instanceof Promise) ended.catch((error: unknown) => fail('end', error));
      }
    } catch (error) {
      fail(endCalledMs === null ? 'push' : 'end', error);
    }
  };
  worker.onerror = (event) => fail('emitter worker', event.message);
  const start: EmitterStart = {
    dueMs: request.chunks.map((c) => c.dueMs),
    originAbsMs: performance.timeOrigin + t0,
    stop: stopFlag,
  };
  if (!errors.length) worker.postMessage(start);

  const lastDueMs = request.chunks.length ? (request.chunks[request.chunks.length - 1] as { dueMs: number }).dueMs : 0;
  const deadline = lastDueMs + request.settleTimeoutMs;
  let timedOut = false;
  const timeout = (async () => {
    // Re-check against the stream clock: a blocked main thread makes timers late, never early.
    while (now() < deadline) await sleep(Math.max(1, deadline - now()));
    timedOut = true;
  })();
  await Promise.race([probe.allVisible, failure, timeout]);
  if (!errors.length && !timedOut) await Promise.race([probe.frames(TAIL_FRAMES), sleep(500)]);

  Atomics.store(new Int32Array(stopFlag), 0, 1);
  Atomics.notify(new Int32Array(stopFlag), 0);
  worker.terminate();
  const stoppedMs = now();
  const observed = probe.stop();
  const finalText = root.textContent ?? '';
  const finalVisibleText = root.innerText;
  let rootEmptyAfterDispose = false;
  try {
    renderer?.dispose();
    rootEmptyAfterDispose = root.childNodes.length === 0;
  } catch (error) {
    fail('dispose', error);
  }
  root.replaceChildren();
  removeEventListener('error', onError);
  removeEventListener('unhandledrejection', onRejection);

  return {
    chunks: request.chunks.map((c, i) => ({ dueMs: c.dueMs, deliveredMs: delivered[i] ?? null, tokenCount: c.tokenCount })),
    markers: request.markers.map((m, i) => ({
      text: m.text,
      tokenIndex: m.tokenIndex,
      dueMs: m.dueMs,
      deliveredMs: delivered[m.chunkIndex] ?? null,
      commitMs: observed.commitMs[i] ?? null,
      visibleMs: observed.visibleMs[i] ?? null,
    })),
    frames: { rafTimestampsMs: observed.rafTimestampsMs, postFrameMs: observed.postFrameMs },
    longFrames: observed.longFrames,
    endCalledMs,
    stoppedMs,
    errors,
    finalVisibleText,
    finalText,
    timedOut: timedOut && observed.visibleMs.some((v) => v === null),
    rootEmptyAfterDispose,
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

export interface StreambenchPageApi {
  run: typeof run;
  renderers: typeof renderers;
  expectedMarkdownText: typeof expectedMarkdownText;
}

declare global {
  interface Window {
    streambench: StreambenchPageApi;
  }
}

window.streambench = { run, renderers, expectedMarkdownText };
document.documentElement.dataset.ready = 'true';
