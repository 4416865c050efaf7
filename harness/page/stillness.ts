// Sweeps: whether the page has been still (no DOM change anywhere in the document, no running animation, no
// scroll) for a while. Once every marker's text is in the DOM and the page is still, text still hidden (clipped,
// off-screen, display:none) stays hidden, so a sweep run need not wait out its settle time for it.
// Same-origin iframes' own documents are not watched: a renderer that works inside one gets the full wait.

export interface Stillness {
  /** How long the page has been still at `nowMs` (stream time), checking running animations now. */
  stillForMs(nowMs: number): number;
  stop(): void;
}

export function watchStillness(now: () => number): Stillness {
  let lastChangeMs = now();
  const changed = (): void => {
    lastChangeMs = now();
  };
  const observer = new MutationObserver(changed);
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  // Scroll events do not bubble; a capturing listener on the document sees every element's.
  document.addEventListener('scroll', changed, { capture: true, passive: true });
  return {
    stillForMs(nowMs) {
      if (document.getAnimations().some((a) => a.playState === 'running')) lastChangeMs = nowMs;
      return nowMs - lastChangeMs;
    },
    stop() {
      observer.disconnect();
      document.removeEventListener('scroll', changed, { capture: true });
    },
  };
}
