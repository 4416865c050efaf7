import { defineRenderer } from '../harness/renderer/contract.ts';
import { scrollRenderer, type ScrollPolicy } from '../harness/renderer/scroll-base.ts';

// The use-stick-to-bottom pattern (StackBlitz, powers bolt.new): a ResizeObserver on the content pins the
// scroller to the bottom whenever the content grows, but only while the user is at the bottom; scrolling up
// escapes the lock and coming back near the bottom re-engages it. ResizeObserver callbacks run after the frame's
// layout, so the pin reads clean layout (no forced reflow in script) and lands in the same frame as the text.
// Instant scroll (the library's resize: 'instant'); its spring animation is left out.

/** use-stick-to-bottom's STICK_TO_BOTTOM_OFFSET_PX: this close to the bottom counts as at the bottom. */
const NEAR_BOTTOM_PX = 70;

function stickToBottom(scroller: HTMLElement): ScrollPolicy {
  let escaped = false;
  let lastScrollTop = scroller.scrollTop;
  let lastScrollHeight = scroller.scrollHeight;
  const gap = (): number => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
  // Our own pins only move down: an upward scroll is the user's, and escapes the lock until they come back.
  // Content that shrank (e.g. the previous answer cleared) clamps scrollTop upward too: that is not the user,
  // as the library also ignores scrolls caused by a resize.
  const onScroll = (): void => {
    const top = scroller.scrollTop;
    const height = scroller.scrollHeight;
    if (top < lastScrollTop && height >= lastScrollHeight) escaped = true;
    if (gap() <= NEAR_BOTTOM_PX) escaped = false;
    lastScrollTop = top;
    lastScrollHeight = height;
  };
  const observer = new ResizeObserver(() => {
    if (escaped) return;
    scroller.scrollTop = scroller.scrollHeight - scroller.clientHeight;
    lastScrollTop = scroller.scrollTop;
    lastScrollHeight = scroller.scrollHeight;
  });
  return {
    mounted(content) {
      scroller.addEventListener('scroll', onScroll, { passive: true });
      observer.observe(content);
    },
    dispose() {
      observer.disconnect();
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
