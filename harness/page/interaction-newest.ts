// The answer's newest text, for the interaction observers (docs/interaction.md): the last text node under the
// answer's root that holds non-space text (in the flat tree: text in shadow roots counts), and whether its last
// character is inside the viewport.
import { lastFlatText } from './interaction-composed.ts';

/** The last text node in `root` (flat-tree order: shadow roots too) with non-whitespace text; null when none. */
export function newestTextNode(root: HTMLElement): Text | null {
  return lastFlatText(root);
}

/** The box of `node`'s last non-space character (null: none or not rendered). */
export function lastCharRect(node: Text): DOMRect | null {
  const text = node.nodeValue ?? '';
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  if (end === 0) return null;
  const range = document.createRange();
  range.setStart(node, end - 1);
  range.setEnd(node, end);
  const rects = range.getClientRects();
  const rect = rects[rects.length - 1];
  return rect && rect.height > 0 ? rect : null;
}

/** The visible band of `scroller` inside the window: [top, bottom] in viewport coordinates. */
export function visibleBand(scroller: HTMLElement): { top: number; bottom: number } {
  const box = scroller.getBoundingClientRect();
  return { top: Math.max(0, box.top), bottom: Math.min(innerHeight, box.bottom) };
}

/** Whether the newest text's last character is on screen: its vertical middle inside the scroller's visible band. */
export function newestInView(root: HTMLElement, scroller: HTMLElement): boolean | null {
  const node = newestTextNode(root);
  if (!node) return null;
  const rect = lastCharRect(node);
  if (!rect) return null;
  const band = visibleBand(scroller);
  const middle = rect.top + rect.height / 2;
  return middle >= band.top && middle <= band.bottom;
}
