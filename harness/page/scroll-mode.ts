// The page scroller's mode for one run. By default (`scroll: 'page'`) #page follows the stream with CSS alone
// (index.html: column-reverse pins it to the bottom) and the probe counts text it pushed above the window as seen.
// A renderer with its own scroll policy (`scroll: 'own'`) gets a plain top-to-bottom scroller instead, starting at
// the top, and loses that probe rule: its own scrolling code, and the layouts it forces, is what gets measured, and
// text its policy lets slide out of view unseen counts as never visible.
import type { RendererDefinition } from '../renderer/contract.ts';
import { FOLLOWS_STREAM_ATTRIBUTE } from './on-screen.ts';

/** index.html's scroll container: the element a renderer's scroll policy scrolls. */
export function pageScroller(): HTMLElement {
  return document.getElementById('page') as HTMLElement;
}

/** Puts #page in the renderer's scroll mode for this run; returns what restores the page's own mode. */
export function applyScrollMode(definition: RendererDefinition): () => void {
  if ((definition.scroll ?? 'page') === 'page') return () => {};
  const scroller = pageScroller();
  scroller.removeAttribute(FOLLOWS_STREAM_ATTRIBUTE);
  // index.html styles #page[data-scroll='own'] as a block scroller (no column-reverse).
  scroller.dataset.scroll = 'own';
  scroller.scrollTop = 0;
  return () => {
    delete scroller.dataset.scroll;
    scroller.setAttribute(FOLLOWS_STREAM_ATTRIBUTE, '');
    scroller.scrollTop = 0;
  };
}
