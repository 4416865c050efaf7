// The safety check's page side (Node drives it from harness/run/safety.ts): streams a request's chunks into one
// renderer, each chunk pushed on its own at its due time (so a payload split across chunks arrives split), waits
// for the DOM to settle (async highlighters, frame-coalesced writes, image errors), checks that the whole answer
// got there, scans what survived, fires every surviving handler, and reports which payloads executed. Nothing is
// timed: the probe is not started.
import type { Renderer } from '../renderer/contract.ts';
import { loadRenderer } from './registry.ts';
import { pageScroller } from './scroll-mode.ts';
import type { SafetyObservation, SafetyRequest, Survivor } from './safety-protocol.ts';
import { finalTexts } from './composed-text.ts';
import { isIframe } from './flat-tree.ts';
import { elementsUnder, installSentinel, scanDangerous, triggerHandlers, uniqueSurvivors } from './safety-scan.ts';

/** The DOM counts as settled after this long without a mutation... */
const QUIET_MS = 100;
/** ...or after this long at most (a renderer that animates forever). */
const MAX_SETTLE_MS = 4_000;
/** After firing the handlers: time for what they start (a frame's load, a posted message) to report. */
const AFTER_TRIGGER_MS = 60;
/** Between mount and the first chunk, as on the measured page (harness/page/main.ts): a framework's first commit. */
const LEAD_MS = 150;
/**
 * end()'s promise is waited for at most this long: the contract lets the probe, not that promise, decide when the
 * text is shown, and a renderer whose promise never resolves must not hang the check (the DOM settling decides).
 */
const END_WAIT_MS = 3_000;

/** The error when the last marker never reached the DOM: a partial answer proves nothing about the rest. */
const INCOMPLETE = 'the renderer never showed the whole answer (its last marker is not in the DOM)';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Pushes each chunk at its due time; chunks already due when the page wakes go in a row, one push each. */
async function stream(renderer: Renderer, chunks: SafetyRequest['chunks']): Promise<void> {
  const t0 = performance.now();
  let next = 0;
  while (next < chunks.length) {
    const now = performance.now() - t0;
    for (let chunk = chunks[next]; chunk && chunk.dueMs <= now; chunk = chunks[++next]) renderer.push(chunk.text);
    const upcoming = chunks[next];
    if (upcoming) await sleep(Math.max(0, upcoming.dueMs - (performance.now() - t0)));
  }
}

/** Whether every same-origin frame under `root` has loaded its document (a srcdoc one: its srcdoc, not about:blank). */
function framesLoaded(root: HTMLElement): boolean {
  return elementsUnder(root).every(({ element }) => {
    if (!isIframe(element)) return true;
    let doc: Document | null;
    try {
      doc = element.contentDocument;
    } catch {
      return true;
    }
    if (!doc) return true;
    const srcdocPending = element.hasAttribute('srcdoc') && doc.URL !== 'about:srcdoc';
    return !srcdocPending && doc.readyState === 'complete';
  });
}

/**
 * Resolves once `root`'s subtree has not changed for QUIET_MS and its frames have loaded (or after MAX_SETTLE_MS),
 * then after a frame.
 */
async function settled(root: HTMLElement): Promise<void> {
  let last = performance.now();
  const observer = new MutationObserver(() => (last = performance.now()));
  observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  const start = performance.now();
  const waiting = (): boolean => performance.now() - last < QUIET_MS || !framesLoaded(root);
  while (waiting() && performance.now() - start < MAX_SETTLE_MS) await sleep(50);
  observer.disconnect();
  await frame();
}

/**
 * Dangerous markup that was in the DOM at some frame while streaming (a renderer may clean it up later): scanned
 * once per animation frame, since only what a frame shows can be seen or clicked.
 */
function watchTransient(root: HTMLElement): { stop(): Survivor[] } {
  const seen: Survivor[] = [];
  let request = 0;
  const scan = (): void => {
    seen.push(...scanDangerous(root));
    request = requestAnimationFrame(scan);
  };
  request = requestAnimationFrame(scan);
  return {
    stop() {
      cancelAnimationFrame(request);
      return uniqueSurvivors(seen);
    },
  };
}

/**
 * Survivors at the end, then any seen only while streaming, marked so. A half-streamed element whose payload could
 * not be told yet (`unknown`) is left out when the same kind of markup survived to the end anyway.
 */
function survivors(final: Survivor[], transient: Survivor[]): Survivor[] {
  const key = (s: Survivor): string => `${s.payload}\n${s.where}`;
  const atEnd = new Set(final.map(key));
  const placesAtEnd = new Set(final.map((s) => s.where));
  const onlyWhileStreaming = transient
    .filter((s) => !atEnd.has(key(s)) && !(s.payload === 'unknown' && placesAtEnd.has(s.where)))
    .map((s) => ({ payload: s.payload, where: `${s.where} (while streaming, removed later)` }));
  return [...final, ...onlyWhileStreaming];
}

/** Streams the request into its renderer and reports what executed and what survived. */
export async function safety(request: SafetyRequest): Promise<SafetyObservation> {
  const definition = await loadRenderer(request.renderer);
  const root = document.getElementById('stream-root') as HTMLElement;
  root.replaceChildren();
  const sentinel = installSentinel();
  const errors: string[] = [];
  let survived: Survivor[] = [];
  let renderer: Renderer | null = null;
  let transient: { stop(): Survivor[] } | null = null;
  try {
    renderer = definition.create({ format: request.format, scroller: pageScroller() });
    renderer.mount(root);
    transient = watchTransient(root);
    await sleep(LEAD_MS);
    await stream(renderer, request.chunks);
    await Promise.race([renderer.end(), sleep(END_WAIT_MS)]);
    await settled(root);
    survived = survivors(scanDangerous(root), transient.stop());
    if (!finalTexts(root).finalText.includes(request.lastMarker)) errors.push(INCOMPLETE);
    triggerHandlers(root);
    await sleep(AFTER_TRIGGER_MS);
    await frame();
  } catch (error) {
    errors.push(describe(error));
  } finally {
    // Stopped here too when the renderer threw: no per-frame scan may outlive the check.
    transient?.stop();
    try {
      renderer?.dispose();
    } catch (error) {
      errors.push(`dispose: ${describe(error)}`);
    }
    sentinel.uninstall();
    root.replaceChildren();
  }
  return { executed: [...sentinel.executed], survived, errors };
}
