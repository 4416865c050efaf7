// The measured page: mounts a renderer per call (one call for a plain answer, several for an agent loop),
// starts the probe, lets the worker emitter deliver the schedule, and returns the raw timeline. Kept thin:
// all metrics are computed in Node from what this records.
import { markdownToSafeHtml } from '../renderer/markdown.ts';
import type { Renderer, RendererDefinition } from '../renderer/contract.ts';
import { CLOCK_MARK, type PageRunRequest, type RawRun, type RendererInfo } from './protocol.ts';
import type { EmitterBatch, EmitterStart } from './emitter-worker.ts';
// The probe (through shadow-roots.ts) patches attachShadow as it loads: it must load before the renderers.
import { nullProbe, startProbe, type ProbeResult } from './probe.ts';
import { failFast, stillEnd, type OnFrame } from './early-end.ts';
import { finalTexts } from './composed-text.ts';
import { loadRenderer } from './registry.ts';
import { describeRenderers, expectedMarkdownText, expectedTextOf } from './renderer-info.ts';
import { CallPlan } from './call-plan.ts';
import { applyScrollMode, pageScroller } from './scroll-mode.ts';
import { safety } from './safety-run.ts';
import { startInteraction } from './interaction.ts';

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

/**
 * How the run ends early: renderer errors (sync, async, uncaught or unhandled; the first one ends the run) or a
 * fail-fast stop. `finished` resolves on either.
 */
class RunEnd {
  readonly errors: string[] = [];
  stoppedEarly: string | undefined;
  stoppedOn: 'ttv' | 'dropped' | undefined;
  finish: () => void = () => {};
  readonly finished = new Promise<void>((resolve) => (this.finish = resolve));
  readonly fail = (where: string, error: unknown): void => {
    this.errors.push(`${where}: ${describe(error)}`);
    this.finish();
  };
  private readonly onError = (event: ErrorEvent): void => this.fail('uncaught', event.error ?? event.message);
  private readonly onRejection = (event: PromiseRejectionEvent): void => this.fail('unhandled rejection', event.reason);

  listen(): void {
    addEventListener('error', this.onError);
    addEventListener('unhandledrejection', this.onRejection);
  }

  unlisten(): void {
    removeEventListener('error', this.onError);
    removeEventListener('unhandledrejection', this.onRejection);
  }
}

/** The page's containers, cleared, with the earlier conversation (if any) rendered above the streamed answer. */
function preparePage(request: PageRunRequest): { root: HTMLElement; history: HTMLElement } {
  const root = document.getElementById('stream-root') as HTMLElement;
  const history = document.getElementById('history') as HTMLElement;
  root.replaceChildren();
  renderHistory(history, request.history ?? []);
  // Like a chat UI opening a conversation: scrolled to where the new answer appears.
  if (request.history?.length) root.scrollIntoView({ block: 'start' });
  return { root, history };
}

/** Creates and mounts the renderer for a call; null (and the run fails) when that throws. */
function mountCall(
  definition: RendererDefinition,
  request: PageRunRequest,
  root: HTMLElement,
  single: boolean,
  end: RunEnd,
): CallState | null {
  try {
    const renderer = definition.create({ format: request.format, scroller: pageScroller() });
    // A single answer renders straight into the root; agent-loop calls each get a message element.
    const element = single ? root : root.appendChild(document.createElement('article'));
    if (element !== root) element.className = 'message';
    renderer.mount(element);
    return { renderer, element };
  } catch (error) {
    end.fail('create/mount', error);
    return null;
  }
}

/** The stream as it runs: what was delivered when, the renderers mounted, and how to stop the emitter. */
interface Stream {
  /** Stream time the page's JavaScript received each chunk (null: never). */
  delivered: Array<number | null>;
  /** Stream time the emitter worker posted each chunk (null: never): sent - due is the emitter's own error. */
  sent: Array<number | null>;
  /** One renderer per call started, in call order. */
  active: CallState[];
  /** When the first call's renderer was mounted (its own timers, e.g. a periodic stall, start there). */
  mountedMs: number | null;
  /** When the last call's renderer.end() was called (null: never). */
  endCalledMs(): number | null;
  stop(): void;
}

/**
 * Starts the worker emitter on call 0 and wires its batches to the renderers: each batch is stamped and pushed
 * as it arrives; a call's last chunk ends its renderer and, after the tool step, starts the next call.
 */
function startStream(
  request: PageRunRequest,
  definition: RendererDefinition,
  root: HTMLElement,
  plan: CallPlan,
  end: RunEnd,
  t0: number,
): Stream {
  const now = (): number => performance.now() - t0;
  const { calls, firstChunk } = plan;
  const active: CallState[] = [];
  const delivered: Array<number | null> = request.chunks.map(() => null);
  const sent: Array<number | null> = request.chunks.map(() => null);
  let endCalledMs: number | null = null;
  const stopFlag = new SharedArrayBuffer(4);
  const worker = new Worker(new URL('./emitter-worker.ts', import.meta.url), { type: 'module' });
  let current: CallState | null = null;
  let currentCall = -1;
  let mountedMs: number | null = null;

  const startCall = (k: number, atMs: number): void => {
    if (end.errors.length || end.stoppedEarly) return;
    currentCall = k;
    plan.startMs[k] = atMs;
    current = mountCall(definition, request, root, calls.length === 1, end);
    mountedMs ??= now();
    if (!current) return;
    active.push(current);
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
    // The worker's clock starts at the call's start (originAbsMs in startCall): shift to page stream time.
    const sentAt = event.data.sentMs + (plan.startMs[currentCall] ?? 0);
    for (let i = from; i < to; i++) {
      delivered[i] = at;
      sent[i] = sentAt;
    }
    if (!current || end.errors.length || end.stoppedEarly) return;
    const { renderer } = current;
    try {
      for (let i = from; i < to; i++) renderer.push((request.chunks[i] as { text: string }).text);
      if (to === offset + (calls[currentCall]?.chunkCount ?? 0)) {
        if (currentCall === calls.length - 1) endCalledMs = now();
        const ended = renderer.end();
        if (ended instanceof Promise) ended.catch((error: unknown) => end.fail('end', error));
        const next = currentCall + 1;
        // The tool step runs on the main thread, as an agent's client code would: a busy UI delays it.
        if (next < calls.length) setTimeout(() => startCall(next, now()), request.toolStepMs ?? 0);
      }
    } catch (error) {
      end.fail(endCalledMs === null ? 'push' : 'end', error);
    }
  };
  worker.onerror = (event) => end.fail('emitter worker', event.message);
  startCall(0, 0);

  return {
    delivered,
    sent,
    active,
    mountedMs,
    endCalledMs: () => endCalledMs,
    stop: () => {
      Atomics.store(new Int32Array(stopFlag), 0, 1);
      Atomics.notify(new Int32Array(stopFlag), 0);
      worker.terminate();
    },
  };
}

/**
 * The page-side timeout: resolves `done` once the deadline passes (timedOut() is then true) or soon after
 * settle(). The deadline moves with the loop (later calls start later); a blocked main thread makes timers
 * late, never early. Until the last call has started, it checks now and then: a loop stalled before its last
 * call is a hang that only the runner's timeout can end.
 */
function pageTimeout(plan: CallPlan, t0: number): { done: Promise<void>; settle(): void; timedOut(): boolean } {
  const now = (): number => performance.now() - t0;
  let timedOut = false;
  let settled = false;
  const done = (async () => {
    while (!settled && now() < plan.deadline()) await sleep(Math.min(250, Math.max(1, plan.deadline() - now())));
    timedOut = !settled;
  })();
  return {
    done,
    settle: () => {
      settled = true;
    },
    timedOut: () => timedOut,
  };
}

/** Disposes every renderer (noting whether each left its element empty), clears the page, removes listeners. */
function teardown(active: readonly CallState[], root: HTMLElement, history: HTMLElement, end: RunEnd): boolean {
  let rootEmptyAfterDispose = true;
  for (const state of active) {
    try {
      state.renderer.dispose();
      rootEmptyAfterDispose &&= state.element.childNodes.length === 0;
    } catch (error) {
      end.fail('dispose', error);
    }
  }
  root.replaceChildren();
  history.replaceChildren();
  end.unlisten();
  return rootEmptyAfterDispose;
}

/** What the run observed besides the stream and the probe's result. */
interface RunFacts {
  t0: number;
  stoppedMs: number;
  timedOut: boolean;
  rootEmptyAfterDispose: boolean;
  finalText: string;
  finalVisibleText: string;
}

function rawRun(
  request: PageRunRequest,
  plan: CallPlan,
  stream: Stream,
  observed: ProbeResult,
  end: RunEnd,
  facts: RunFacts,
): RawRun {
  const { delivered, sent } = stream;
  return {
    chunks: request.chunks.map((c, i) => ({
      dueMs: plan.dueOrIdeal(i),
      sentMs: sent[i] ?? null,
      deliveredMs: delivered[i] ?? null,
      tokenCount: c.tokenCount,
    })),
    markers: request.markers.map((m, i) => ({
      text: m.text,
      tokenIndex: m.tokenIndex,
      dueMs: plan.dueOrIdeal(m.chunkIndex),
      deliveredMs: delivered[m.chunkIndex] ?? null,
      commitMs: observed.commitMs[i] ?? null,
      visibleMs: observed.visibleMs[i] ?? null,
      ...(observed.notVisible[i] ? { notVisible: observed.notVisible[i] } : {}),
    })),
    frames: {
      rafTimestampsMs: observed.rafTimestampsMs,
      rafStartMs: observed.rafStartMs,
      postFrameMs: observed.postFrameMs,
    },
    longFrames: observed.longFrames,
    endCalledMs: stream.endCalledMs(),
    stoppedMs: facts.stoppedMs,
    errors: end.errors,
    finalVisibleText: facts.finalVisibleText,
    finalText: facts.finalText,
    timedOut: facts.timedOut && observed.visibleMs.some((v) => v === null),
    rootEmptyAfterDispose: facts.rootEmptyAfterDispose,
    pageT0Ms: facts.t0,
    ...(stream.mountedMs === null ? {} : { mountedMs: stream.mountedMs }),
    ...plan.toRaw(),
    ...(end.stoppedEarly ? { stoppedEarly: end.stoppedEarly, stoppedOn: end.stoppedOn ?? 'ttv' } : {}),
    ...(observed.unmeasurable ? { unmeasurable: true } : {}),
  };
}

async function run(request: PageRunRequest): Promise<RawRun> {
  if (!crossOriginIsolated) {
    throw new Error('page is not cross-origin isolated (COOP/COEP headers missing): timers would be coarse');
  }
  // Only this renderer's modules are imported, before the clock starts; an import error fails this run.
  const definition = await loadRenderer(request.renderer);
  const restoreScroll = applyScrollMode(definition);
  const { root, history } = preparePage(request);
  const end = new RunEnd();
  end.listen();
  const plan = new CallPlan(request);

  const t0 = performance.now() + LEAD_MS;
  const now = (): number => performance.now() - t0;
  // Clock anchor for trace mode: the trace records this mark with its performance.now() value, which
  // aligns page time (and so stream time, via pageT0Ms) with trace time.
  performance.mark(CLOCK_MARK);
  const stopEarly = failFast(request, plan, end);
  // Interaction runs: the observers start before the stream (the Node driver waits for the stream origin).
  const interaction = request.interaction ? startInteraction(request.interaction, root, pageScroller(), t0) : null;
  const still = request.endWhenStill ? stillEnd(request, plan, now) : null;
  const onFrame: OnFrame = (nowMs, visible, frames) => {
    stopEarly(nowMs, visible, frames);
    interaction?.afterFrame(nowMs);
    still?.afterFrame(nowMs, probe);
  };
  const { markers } = request;
  const probe = request.withoutProbe ? nullProbe(markers.length) : startProbe(root, markers, t0, onFrame);
  const stream = startStream(request, definition, root, plan, end, t0);

  const timeout = pageTimeout(plan, t0);
  await Promise.race([probe.allVisible, end.finished, timeout.done, ...(still ? [still.done] : [])]);
  still?.stop();
  timeout.settle();
  if (!end.errors.length && !timeout.timedOut() && !end.stoppedEarly) {
    await Promise.race([probe.frames(TAIL_FRAMES), sleep(500)]);
  }

  stream.stop();
  const stoppedMs = now();
  const observed = probe.stop();
  const interacted = interaction?.stop();
  const { finalText, finalVisibleText } = finalTexts(root);
  const rootEmptyAfterDispose = teardown(stream.active, root, history, end);
  restoreScroll();
  const facts = { t0, stoppedMs, timedOut: timeout.timedOut(), rootEmptyAfterDispose, finalText, finalVisibleText };
  const raw = rawRun(request, plan, stream, observed, end, facts);
  return interacted ? { ...raw, interaction: interacted } : raw;
}

/** Every renderer's metadata (imports them all: call it in a page of its own). */
const renderers = (): Promise<RendererInfo[]> => describeRenderers();

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
  expectedText: typeof expectedTextOf;
  /** The safety check (harness/run/safety.ts): streams unsafe content, reports what executed or survived. */
  safety: typeof safety;
}

declare global {
  interface Window {
    streambench: StreambenchPageApi;
  }
}

window.streambench = { run, idleFrames, renderers, expectedMarkdownText, expectedText: expectedTextOf, safety };
document.documentElement.dataset.ready = 'true';
