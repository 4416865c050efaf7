// The page's side of the interaction script (docs/interaction.md): shows the standard page's composer, publishes the
// stream origin for the Node driver (harness/run/interaction.ts), and runs the observers the request asks for:
// typing (Event Timing), layout shifts, following (per frame: is the newest text in view?), reading back and
// selecting. Observes only; all input is real, from Node. main.ts calls start() before the stream and stop() after.
import type { FollowSample, InteractionRequest, RawInteraction } from './interaction-protocol.ts';
import { STREAM_ORIGIN_KEY } from './interaction-protocol.ts';
import { watchTyping } from './interaction-typing.ts';
import { watchLayoutShifts } from './interaction-layout.ts';
import { watchReading } from './interaction-reading.ts';
import { watchSelection } from './interaction-selection.ts';
import { newestInView } from './interaction-newest.ts';

export interface InteractionSession {
  /** Called after each rendered frame (the probe's post-frame task), with the stream time. */
  afterFrame(nowMs: number): void;
  stop(): RawInteraction;
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
  delete document.documentElement.dataset[STREAM_ORIGIN_KEY];
  getSelection()?.removeAllRanges();
}

export function startInteraction(
  request: InteractionRequest,
  root: HTMLElement,
  scroller: HTMLElement,
  t0: number,
): InteractionSession {
  const composer = showComposer(request.typing);
  const typing = request.typing ? watchTyping(composer, t0) : null;
  const shifts = watchLayoutShifts(root, t0);
  const reading = request.readingBack ? watchReading(root, scroller, t0) : null;
  const selection = request.selecting ? watchSelection(root, t0) : null;
  const following: FollowSample[] = [];
  document.documentElement.dataset[STREAM_ORIGIN_KEY] = String(performance.timeOrigin + t0);
  return {
    afterFrame(nowMs) {
      const inView = newestInView(root, scroller);
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
      hideComposer(composer);
      return raw;
    },
  };
}
