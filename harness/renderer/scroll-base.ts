// The base of the 'scroll' family (renderers/scroll-*.ts, and the test-only control in tests/renderers/): plain
// text buffered and appended once per animation frame, like raf-buffered, so the renderers differ only in their
// scroll policy, the code a chat UI runs to keep the newest text in view. They declare `scroll: 'own'`: the page
// then gives them a plain top-to-bottom scroller (context.scroller) and does no following of its own.
import type { Renderer, RendererContext } from './contract.ts';

/** One scroll policy: hooks the base calls; each may read layout and scroll `scroller`. */
export interface ScrollPolicy {
  /** The text element now exists (observe it here). */
  mounted?(content: HTMLElement): void;
  /** This frame's text was just appended. */
  afterAppend?(content: HTMLElement): void;
  /** Release observers and listeners. */
  dispose?(): void;
}

/** A renderer that appends text per frame and calls `policy`'s hooks around it. */
export function scrollRenderer(
  context: RendererContext,
  makePolicy: (scroller: HTMLElement) => ScrollPolicy,
): Renderer {
  const policy = makePolicy(context.scroller);
  let root: HTMLElement | null = null;
  let content: HTMLElement | null = null;
  let buffer = '';
  let frame = 0;
  const flush = (): void => {
    frame = 0;
    if (!buffer || !content) return;
    content.append(buffer);
    buffer = '';
    policy.afterAppend?.(content);
  };
  return {
    mount(el) {
      root = el;
      content = document.createElement('div');
      content.style.whiteSpace = 'pre-wrap';
      el.append(content);
      policy.mounted?.(content);
    },
    push(chunk) {
      buffer += chunk;
      if (!frame) frame = requestAnimationFrame(flush);
    },
    end() {
      if (frame) cancelAnimationFrame(frame);
      flush();
    },
    dispose() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      buffer = '';
      policy.dispose?.();
      root?.replaceChildren();
      root = content = null;
    },
  };
}
