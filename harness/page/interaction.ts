// The page's side of the interaction script (docs/interaction.md): shows the standard page's composer, publishes the
// stream origin for the Node driver (harness/run/interaction.ts), and runs the observers the request asks for:
// typing (Event Timing), layout shifts, following (per frame: is the newest text in view?), reading back and
// selecting. Observes only; all input is real, from Node. main.ts calls start() before the stream and stop() after.
// App mode (harness/app/probe-entry.ts) runs the same observers on the app's own composer and scroller.
import type { FollowSample, InteractionRequest, RawInteraction } from './interaction-protocol.ts';
import {
  INTERACTION_API_KEY,
  INTERACTION_SCROLLER_ATTRIBUTE,
  STREAM_ORIGIN_KEY,
  type InteractionPageApi,
} from './interaction-protocol.ts';
import { watchTyping } from './interaction-typing.ts';
import { watchLayoutShifts } from './interaction-layout.ts';
import { watchReading } from './interaction-reading.ts';
import { phraseInView, watchSelection } from './interaction-selection.ts';
import { newestInView } from './interaction-newest.ts';

export interface InteractionSession {
  /** Called after each rendered frame (the probe's post-frame task), with the stream time. */
  afterFrame(nowMs: number): void;
  stop(): RawInteraction;
}

/** What the observers watch: the composer typed into (null: none) and the scroller (found late in app mode). */
interface Targets {
  composer: HTMLElement | null;
  scroller: () => HTMLElement;
  /** The app's own page: no policy of the standard page is applied, and its scroll room is read from scrollTop. */
  app: boolean;
}

/** index.html's composer; shown (and given the focus, for typing) only in interaction runs. */
function showComposer(focus: boolean): HTMLTextAreaElement {
  const composer = document.getElementById('composer') as HTMLTextAreaElement;
  document.body.dataset.interaction = '';
  composer.hidden = false;
  composer.value = '';
  if (focus) composer.focus();
  return composer;
}

function hideComposer(composer: HTMLTextAreaElement): void {
  composer.blur();
  composer.hidden = true;
  composer.value = '';
  delete document.body.dataset.interaction;
}

/** The observers the request asks for, on `root` and `targets`; times relative to `t0` (page clock). */
function observe(request: InteractionRequest, root: HTMLElement, targets: Targets, t0: number): InteractionSession {
  const { composer, scroller } = targets;
  const typing = request.typing && composer ? watchTyping(composer, t0) : null;
  const shifts = watchLayoutShifts(root, t0);
  const reading = request.readingBack ? watchReading(root, scroller, t0, targets.app) : null;
  const selection = request.selecting ? watchSelection(root, t0) : null;
  const following: FollowSample[] = [];
  const api: InteractionPageApi = { phrase: (question) => phraseInView(root, scroller(), question) };
  const apiHolder = window as unknown as Record<string, InteractionPageApi | undefined>;
  apiHolder[INTERACTION_API_KEY] = api;
  return {
    afterFrame(nowMs) {
      const inView = newestInView(root, scroller());
      if (inView !== null) following.push({ tMs: nowMs, inView });
      reading?.afterFrame(nowMs);
    },
    stop() {
      const typed = typing?.stop() ?? { keystrokes: [], keyEvents: [] };
      const raw: RawInteraction = {
        request,
        ...typed,
        layoutShifts: shifts.stop(),
        following,
        ...(reading ? { reading: reading.stop() } : {}),
        ...(selection ? { selection: selection.stop() } : {}),
      };
      delete document.documentElement.dataset[STREAM_ORIGIN_KEY];
      delete apiHolder[INTERACTION_API_KEY];
      getSelection()?.removeAllRanges();
      return raw;
    },
  };
}

export function startInteraction(
  request: InteractionRequest,
  root: HTMLElement,
  scroller: HTMLElement,
  t0: number,
): InteractionSession {
  const composer = showComposer(request.typing);
  const session = observe(request, root, { composer, scroller: () => scroller, app: false }, t0);
  document.documentElement.dataset[STREAM_ORIGIN_KEY] = String(performance.timeOrigin + t0);
  return {
    afterFrame: (nowMs) => session.afterFrame(nowMs),
    stop() {
      const raw = session.stop();
      hideComposer(composer);
      return raw;
    },
  };
}

/**
 * App mode: the observers on the app's answer (`root`), its own composer and its own scroller (`scroller()`, found
 * from geometry once there is text). Times are the page's performance.now() (Node moves them to stream time); Node
 * publishes the stream origin once the mock has the app's request. The scroller is marked for the driver's wheel.
 */
export function startAppInteraction(
  request: InteractionRequest,
  root: HTMLElement,
  surface: { composer: HTMLElement | null; scroller: () => HTMLElement },
): InteractionSession {
  const session = observe(request, root, { ...surface, app: true }, 0);
  let marked: HTMLElement | null = null;
  const mark = (): void => {
    const scroller = surface.scroller();
    if (scroller === marked) return;
    marked?.removeAttribute(INTERACTION_SCROLLER_ATTRIBUTE);
    scroller.setAttribute(INTERACTION_SCROLLER_ATTRIBUTE, '');
    marked = scroller;
  };
  mark();
  return {
    afterFrame(nowMs) {
      mark();
      session.afterFrame(nowMs);
    },
    stop() {
      marked?.removeAttribute(INTERACTION_SCROLLER_ATTRIBUTE);
      return session.stop();
    },
  };
}
