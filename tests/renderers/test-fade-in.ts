import { defineRenderer } from '../../harness/renderer/contract.ts';

/** Each chunk fades in from opacity 0 to 1 over this long, linearly: it reaches 0.5 halfway. */
export const FADE_MS = 1_000;

// Test-only: each chunk is a span that fades in (Web Animations, linear). The text is in the DOM at once but a
// person can read it only once it is opaque enough: visible when the fade reaches opacity 0.5. The animation's
// start time is pinned to the timeline's current time (the last frame's time) so the test can derive when it
// reaches 0.5; a CSS animation would also work but starts whenever the compositor gets to it.
export default defineRenderer({
  description: `TEST: each chunk fades in from opacity 0 over ${FADE_MS} ms (Web Animations, linear)`,
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        target = document.createElement('div');
        target.style.whiteSpace = 'pre-wrap';
        el.append(target);
      },
      push(chunk) {
        const span = document.createElement('span');
        span.textContent = chunk;
        target?.append(span);
        const fade = span.animate([{ opacity: 0 }, { opacity: 1 }], {
          duration: FADE_MS,
          easing: 'linear',
          fill: 'both',
        });
        fade.startTime = document.timeline.currentTime;
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
