// Is a piece of text on screen right now, as a person would see it? Rendered (Element.checkVisibility:
// display, visibility, content-visibility, opacity 0), non-zero size, inside the viewport and every
// clipping/scrolling ancestor's visible box (across shadow hosts and same-origin iframes), effective opacity
// >= 0.5 (product over ancestors of the computed opacity, which includes running CSS animations/transitions
// and Web Animations) and not fully transparent colour. The probe asks once per frame, in its post-frame
// task, when layout is clean; a judge lives for one frame and memoises per-ancestor work.
import { flatParentElement, isInside } from './flat-tree.ts';
import type { TextPoint } from './marker-scan.ts';

export type Verdict = 'visible' | 'hidden' | 'off-screen' | 'removed';

/** Below this effective opacity text does not count as seen. */
export const MIN_OPACITY = 0.5;
/** At least this share of the text's box must be inside every clip (a half-clipped line is still read). */
const MIN_SHOWN_AREA = 0.5;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What an element's ancestors (and the element itself) impose on its content. */
interface Context {
  /** An iframe on the way up is not rendered. */
  hidden: boolean;
  opacity: number;
  /** Visible box of the content, in the top document's viewport coordinates. */
  clip: Box;
  /** The same for absolutely positioned content (clipped only up to its containing block) and fixed content. */
  positionedClip: Box;
  fixedClip: Box;
  /** Offset of the element's document viewport in the top viewport (non-zero inside iframes). */
  dx: number;
  dy: number;
}

const VISIBILITY_OPTIONS = { opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true };

const intersect = (a: Box, b: Box): Box => ({
  left: Math.max(a.left, b.left),
  top: Math.max(a.top, b.top),
  right: Math.min(a.right, b.right),
  bottom: Math.min(a.bottom, b.bottom),
});
const area = (b: Box): number => Math.max(0, b.right - b.left) * Math.max(0, b.bottom - b.top);

/** Alpha of a computed colour ('rgba(0, 0, 0, 0)', 'rgb(0 0 0 / 0.5)', 'transparent', ...); 1 if none is given. */
export function colourAlpha(colour: string): number {
  if (colour === 'transparent') return 0;
  const match = /\/\s*([\d.]+)(%?)\s*\)$/.exec(colour) ?? /^rgba\((?:[^,]+,){3}\s*([\d.]+)(%?)\)$/.exec(colour);
  if (!match) return 1;
  const value = Number(match[1]);
  return match[2] ? value / 100 : value;
}

const clips = (value: string): boolean => value !== 'visible';
const paintContained = (contain: string): boolean => /\b(paint|strict|content)\b/.test(contain);

/** The padding box (where overflow is clipped), in its own document's viewport coordinates. */
function paddingBox(element: Element): Box {
  const r = element.getBoundingClientRect();
  const left = r.left + element.clientLeft;
  const top = r.top + element.clientTop;
  return { left, top, right: left + element.clientWidth, bottom: top + element.clientHeight };
}

export interface FrameJudge {
  judge(start: TextPoint, end: TextPoint): Verdict;
}

/** The clip `element` puts on its content (overflow per axis, paint containment both), or null. */
function ownClip(element: Element, style: CSSStyleDeclaration, outer: Context): Box | null {
  const contained = paintContained(style.contain);
  const clipX = contained || clips(style.overflowX);
  const clipY = contained || clips(style.overflowY);
  if (!clipX && !clipY) return null;
  const own = paddingBox(element);
  return {
    left: clipX ? own.left + outer.dx : -Infinity,
    right: clipX ? own.right + outer.dx : Infinity,
    top: clipY ? own.top + outer.dy : -Infinity,
    bottom: clipY ? own.bottom + outer.dy : Infinity,
  };
}

/** An iframe's content box in top-viewport coordinates: its document's viewport. */
function frameContentBox(frame: Element, outer: Context): Box {
  const style = getComputedStyle(frame);
  const box = paddingBox(frame);
  return {
    left: box.left + outer.dx + parseFloat(style.paddingLeft),
    top: box.top + outer.dy + parseFloat(style.paddingTop),
    right: box.right + outer.dx - parseFloat(style.paddingRight),
    bottom: box.bottom + outer.dy - parseFloat(style.paddingBottom),
  };
}

const EMPTY: Box = { left: 0, top: 0, right: 0, bottom: 0 };
const NOWHERE: Context = {
  hidden: true,
  opacity: 0,
  clip: EMPTY,
  positionedClip: EMPTY,
  fixedClip: EMPTY,
  dx: 0,
  dy: 0,
};
/** A document's own context: its viewport clips everything in it, positioned or not. */
const documentRoot = (hidden: boolean, opacity: number, clip: Box, dx: number, dy: number): Context => ({
  hidden,
  opacity,
  clip,
  positionedClip: clip,
  fixedClip: clip,
  dx,
  dy,
});

/** Marks the page's scroller that follows the stream like a chat UI (index.html). */
export const FOLLOWS_STREAM_ATTRIBUTE = 'data-follows-stream';

/**
 * A judge for the current frame: `root` is the renderer's root (text outside it counts as removed).
 * Text that the page's follow-the-stream scroller has moved up past the top of the window counts as seen: that
 * scroll is the page's policy, the same for every renderer (a reply taller than the window, or a frame adding
 * more than a window of text, always pushes its start out of view), not something the renderer did. Text below
 * the window, outside it sideways, or cut by any other clipping box is off-screen.
 */
export function frameJudge(root: Element): FrameJudge {
  const topDoc = root.ownerDocument;
  const follower = root.closest(`[${FOLLOWS_STREAM_ATTRIBUTE}]`);
  const contexts = new Map<Element, Context>();

  const documents = new Map<Document, Context>();
  const documentContext = (doc: Document): Context => {
    let context = documents.get(doc);
    if (context) return context;
    if (doc === topDoc) {
      const { clientWidth, clientHeight } = doc.documentElement;
      context = documentRoot(false, 1, { left: 0, top: 0, right: clientWidth, bottom: clientHeight }, 0, 0);
    } else {
      const frame = doc.defaultView?.frameElement;
      const outer = frame ? contextOf(frame) : NOWHERE;
      const content = frame ? frameContentBox(frame, outer) : EMPTY;
      const hidden = !frame || outer.hidden || !frame.checkVisibility(VISIBILITY_OPTIONS);
      context = documentRoot(hidden, outer.opacity, intersect(outer.clip, content), content.left, content.top);
    }
    documents.set(doc, context);
    return context;
  };
  // What the element and its ancestors impose on its content; memoised for the frame (ancestors are shared).
  const contextOf = (element: Element): Context => {
    const known = contexts.get(element);
    if (known) return known;
    const parent = flatParentElement(element);
    const outer = parent ? contextOf(parent) : documentContext(element.ownerDocument);
    const style = (element.ownerDocument.defaultView ?? window).getComputedStyle(element);
    // Opacity applies through every ancestor; a clip only through the containing-block chain, which an
    // absolutely positioned box leaves up to its nearest positioned ancestor and a fixed one up to the viewport.
    const base =
      style.position === 'absolute' ? outer.positionedClip : style.position === 'fixed' ? outer.fixedClip : outer.clip;
    const own = ownClip(element, style, outer);
    const clipped = own ? intersect(base, own) : base;
    const clip = element === follower ? { ...clipped, top: -Infinity } : clipped;
    const transformed = style.transform !== 'none';
    const context = {
      ...outer,
      opacity: outer.opacity * parseFloat(style.opacity),
      clip,
      positionedClip: style.position !== 'static' || transformed ? clip : outer.positionedClip,
      fixedClip: transformed || paintContained(style.contain) ? clip : outer.fixedClip,
    };
    contexts.set(element, context);
    return context;
  };

  return {
    judge(start, end) {
      if (!start.node.isConnected || !end.node.isConnected || !isInside(root, start.node)) return 'removed';
      // A renderer that shortened the text node since the marker was found has removed this copy of it.
      if (start.offset > nodeLength(start.node) || end.offset > nodeLength(end.node)) return 'removed';
      const element = flatParentElement(start.node);
      if (!element) return 'removed';
      const context = contextOf(element);
      if (context.hidden || context.opacity < MIN_OPACITY || !element.checkVisibility(VISIBILITY_OPTIONS))
        return 'hidden';
      const style = (element.ownerDocument.defaultView ?? window).getComputedStyle(element);
      const fill = style.getPropertyValue('-webkit-text-fill-color');
      if (colourAlpha(style.color) === 0 || colourAlpha(fill) === 0) return 'hidden';
      const range = element.ownerDocument.createRange();
      range.setStart(start.node, start.offset);
      range.setEnd(end.node, end.offset);
      return onScreen(range.getClientRects(), context);
    },
  };
}

/** A position's upper bound in `node`, as Range.setStart checks it (nodeValue: works across iframe realms). */
function nodeLength(node: Node): number {
  return node.nodeValue !== null ? node.nodeValue.length : node.childNodes.length;
}

/** Whether enough of the text's boxes lie inside every clip; no area at all means not rendered. */
function onScreen(rects: DOMRectList, context: Context): Verdict {
  let total = 0;
  let shown = 0;
  for (const r of rects) {
    const box = {
      left: r.left + context.dx,
      top: r.top + context.dy,
      right: r.right + context.dx,
      bottom: r.bottom + context.dy,
    };
    total += area(box);
    shown += area(intersect(box, context.clip));
  }
  if (total === 0) return 'hidden';
  return shown >= MIN_SHOWN_AREA * total ? 'visible' : 'off-screen';
}
