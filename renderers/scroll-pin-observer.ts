import { defineRenderer } from '../harness/renderer/contract.ts';
import { scrollRenderer, type ScrollPolicy } from '../harness/renderer/scroll-base.ts';

// The use-stick-to-bottom pattern (StackBlitz, powers bolt.new): a ResizeObserver on the content pins the
// scroller to the bottom whenever the content grows, but only while the user is at the bottom; scrolling up
// escapes the lock and coming back near the bottom re-engages it. ResizeObserver callbacks run after the frame's
// layout, so the pin reads clean layout (no forced reflow in script) and lands in the same frame as the text.
// Instant scroll (the library's resize: 'instant'); its spring animation is left out.

/** use-stick-to-bottom's STICK_TO_BOTTOM_OFFSET_PX: this close to the bottom counts as at the bottom. */
const NEAR_BOTTOM_PX = 70;
/** Keys that scroll a focused scroller up. */
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

function stickToBottom(scroller: HTMLElement): ScrollPolicy {
  let escaped = false;
  const gap = (): number => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
  // The lock is escaped by the user's own upward input (the library's wheel handler; keys that scroll up), never
  // by a scroll the page or the content caused (a cleared answer clamping scrollTop, a scroll-mode switch), and
  // re-engaged when the view scrolls DOWN to near the bottom, as the library's scroll handler does: the first
  // steps of an animated wheel up are still near the bottom and must not re-engage it.
  let lastTop = 0;
  const onWheel = (event: WheelEvent): void => {
    if (event.deltaY < 0) escaped = true;
  };
  const onKey = (event: KeyboardEvent): void => {
    if (UP_KEYS.has(event.key)) escaped = true;
  };
  const onScroll = (): void => {
    const top = scroller.scrollTop;
    if (top > lastTop && gap() <= NEAR_BOTTOM_PX) escaped = false;
    lastTop = top;
  };
  const observer = new ResizeObserver(() => {
    if (!escaped) scroller.scrollTop = scroller.scrollHeight - scroller.clientHeight;
  });
  return {
    mounted(content) {
      scroller.addEventListener('wheel', onWheel, { passive: true });
      scroller.addEventListener('keydown', onKey);
      scroller.addEventListener('scroll', onScroll, { passive: true });
      observer.observe(content);
    },
    dispose() {
      observer.disconnect();
      scroller.removeEventListener('wheel', onWheel);
      scroller.removeEventListener('keydown', onKey);
      scroller.removeEventListener('scroll', onScroll);
    },
  };
}

export default defineRenderer({
  description: 'text appended per frame; ResizeObserver pins to the bottom while the user is at the bottom',
  output: 'text',
  family: 'scroll',
  packages: [],
  source: { name: 'use-stick-to-bottom', url: 'https://github.com/stackblitz-labs/use-stick-to-bottom' },
  scroll: 'own',
  create(context) {
    return scrollRenderer(context, stickToBottom);
  },
});
