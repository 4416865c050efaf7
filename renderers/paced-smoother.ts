// A typewriter smoother, as assistant-ui's useSmooth (its TextStreamAnimator) and markstream's pacer
// (markstream-core's createSmoothMarkdownStream) do it: the text shown trails the text received and is revealed
// on a clock, once per animation frame, so bursty chunks read as steady typing. The pace is assistant-ui's:
// a character every min(maxCharIntervalMs = 5, drainMs = 250 / backlog) ms, i.e. the backlog drains in ~250 ms,
// but capped at MAX_CHARS_PER_FRAME. assistant-ui leaves that cap unlimited by default (apps pass 6-18 as its
// maxCharsPerFrame); markstream-core caps its default pace at 1,000 chars/s (maxCharsPerSecond), ~17 per 60 Hz
// frame: the cap here. Like markstream's time-based cap, a dropped frame's allowance carries over, so the cap is
// on the pace (~1,000 chars/s), not on how many frames a loaded machine manages to draw.
// The work per frame is tiny (append a few characters); the cost is the cap itself: a model faster than
// ~1,000 chars/s (981 tok/s is ~3,400 chars/s of code) falls further behind every frame, and the reveal goes on
// after the stream ends (end()'s promise resolves when it has caught up).
import { defineRenderer } from '../harness/renderer/contract.ts';

/** At most this many characters appear per frame: markstream-core's 1,000 chars/s default cap at 60 Hz. */
export const MAX_CHARS_PER_FRAME = 17;
/** assistant-ui useSmooth's defaults: drain the backlog within drainMs, never slower than a char per 5 ms. */
const DRAIN_MS = 250;
const MAX_CHAR_INTERVAL_MS = 5;
/** The frame the cap is counted in: 60 Hz. */
const FRAME_MS = 1000 / 60;

export default defineRenderer({
  description: `typewriter reveal (assistant-ui useSmooth pace), <= ${MAX_CHARS_PER_FRAME} chars a frame; plain text`,
  output: 'text',
  family: 'pacing',
  packages: [],
  source: {
    name: "assistant-ui's useSmooth (and markstream's pacer)",
    url: 'https://github.com/assistant-ui/assistant-ui',
  },
  create() {
    let root: HTMLElement | null = null;
    const shown = document.createTextNode('');
    let source = '';
    let frame = 0;
    /** When the reveal's clock last paid out characters (the leftover fraction of a character carries over). */
    let last = 0;
    let ended = false;
    let caughtUp: (() => void) | null = null;
    const settle = (): void => {
      caughtUp?.();
      caughtUp = null;
    };
    const tick = (): void => {
      frame = 0;
      const now = performance.now();
      const backlog = source.length - shown.length;
      const perChar = Math.min(MAX_CHAR_INTERVAL_MS, DRAIN_MS / backlog);
      const elapsed = now - last;
      const due = Math.floor(elapsed / perChar);
      const frames = Math.max(1, Math.round(elapsed / FRAME_MS));
      const count = Math.min(backlog, due, MAX_CHARS_PER_FRAME * frames);
      if (count > 0) {
        shown.appendData(source.slice(shown.length, shown.length + count));
        // Capped: the time owed beyond the cap is dropped, so the reveal never bursts to catch up.
        last = count === due ? now - (elapsed - count * perChar) : now;
      }
      if (shown.length < source.length) frame = requestAnimationFrame(tick);
      else if (ended) settle();
    };
    const start = (): void => {
      if (frame || shown.length >= source.length) return;
      last = performance.now();
      frame = requestAnimationFrame(tick);
    };
    return {
      mount(el) {
        root = el;
        const box = document.createElement('div');
        box.style.whiteSpace = 'pre-wrap';
        box.append(shown);
        el.append(box);
      },
      push(chunk) {
        source += chunk;
        start();
      },
      end() {
        ended = true;
        if (shown.length >= source.length) return;
        return new Promise<void>((resolve) => {
          caughtUp = resolve;
        });
      },
      dispose() {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        settle();
        source = '';
        root?.replaceChildren();
        root = null;
      },
    };
  },
});
