// In-page reading-back observer (interaction script, docs/interaction.md). The user's wheel up (real input from
// Node) is caught before it scrolls (a non-passive listener: the compositor waits for it): the text at the middle
// of the view becomes the anchor, and where the wheel will put it is noted (its delta, clamped at the top of the
// content). Each frame until the user's wheel back down, the anchor's offset from that place is recorded. Also
// the standard page's own policy while a person reads back: follow the stream at the bottom, hold the view once the
// user scrolls up (scroll anchoring), follow again once back at the bottom. Anchors in shadow roots count.
import type { ReadingRecord } from './interaction-protocol.ts';
import { FOLLOWS_STREAM_ATTRIBUTE } from './on-screen.ts';
import { visibleBand } from './interaction-newest.ts';
import { flatTexts, shadowRootsUnder } from './interaction-composed.ts';

/** A caret position and a text snippet from it, to find the same text again if its node is replaced. */
interface Anchor {
  node: Node;
  offset: number;
  snippet: string;
  /** Viewport y where the user's wheel puts the anchor, and how far that is from where it was. */
  intendedY: number;
  wheelPx: number;
}

const SNIPPET_CHARS = 32;
/** The standard page follows again once a wheel down brings the view this close to the bottom (use-stick-to-bottom). */
const NEAR_BOTTOM_PX = 70;

/** caretPositionFromPoint with the shadow roots it may look into (Chromium 128+; TypeScript's DOM types lack it). */
type CaretDocument = Document & {
  caretPositionFromPoint?: (x: number, y: number, options?: { shadowRoots: ShadowRoot[] }) => CaretPosition | null;
};

/** The text caret at (x, y), inside the answer's shadow roots too (`shadowRoots`). */
function caretAt(x: number, y: number, shadowRoots: ShadowRoot[]): { node: Node; offset: number } | null {
  const doc = document as CaretDocument;
  if (shadowRoots.length && doc.caretPositionFromPoint) {
    const position = doc.caretPositionFromPoint(x, y, { shadowRoots });
    if (!position || position.offsetNode.nodeType !== Node.TEXT_NODE) return null;
    return { node: position.offsetNode, offset: position.offset };
  }
  const range = document.caretRangeFromPoint(x, y);
  if (!range || range.startContainer.nodeType !== Node.TEXT_NODE) return null;
  return { node: range.startContainer, offset: range.startOffset };
}

function yOf(node: Node, offset: number): number | null {
  if (!node.isConnected) return null;
  const range = document.createRange();
  const length = (node.nodeValue ?? '').length;
  range.setStart(node, Math.min(offset, length));
  range.setEnd(node, Math.min(offset + 1, length));
  const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
  return rect.height > 0 || rect.top !== 0 ? rect.top : null;
}

/** Anchor search: from the middle of the view outwards, a line at a time, at a few points across the column. */
const ANCHOR_STEP_PX = 24;
const ANCHOR_STEPS = 12;
const ANCHOR_XS = [0.05, 0.25, 0.5];

/** The text caret nearest the middle of the view (a blank line, margin or code block there has none). */
function anchorCaret(
  box: DOMRect,
  band: { top: number; bottom: number },
  shadowRoots: ShadowRoot[],
): { node: Node; offset: number } | null {
  const middle = (band.top + band.bottom) / 2;
  for (let i = 0; i <= 2 * ANCHOR_STEPS; i++) {
    const y = middle + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * ANCHOR_STEP_PX;
    if (y < band.top || y > band.bottom) continue;
    for (const share of ANCHOR_XS) {
      const caret = caretAt(box.left + share * box.width, y, shadowRoots);
      if (caret) return caret;
    }
  }
  return null;
}

/** Finds `snippet` again under `root`, shadow roots included (its node was replaced by a re-render). */
function relocate(root: HTMLElement, snippet: string): { node: Node; offset: number } | null {
  for (const n of flatTexts(root)) {
    const at = n.data.indexOf(snippet);
    if (at >= 0) return { node: n, offset: at };
  }
  return null;
}

/**
 * How far the content can still move down: until its top reaches the scroller's top. An app's scroller (any layout,
 * the document's included) is read from its scroll offsets; column-reverse counts scrollTop up from the bottom.
 */
function roomAbove(root: HTMLElement, scroller: HTMLElement, app: boolean): number {
  if (app) {
    const reversed = getComputedStyle(scroller).flexDirection === 'column-reverse';
    const top = scroller.scrollTop;
    return Math.max(0, reversed ? scroller.scrollHeight - scroller.clientHeight + top : top);
  }
  const content = (scroller.firstElementChild ?? root).getBoundingClientRect();
  return Math.max(0, scroller.getBoundingClientRect().top - content.top);
}

/** The anchor at the middle of the scroller's view, and where a wheel of `deltaY` (negative: up) puts it. */
function takeAnchor(root: HTMLElement, scroller: HTMLElement, deltaY: number, app: boolean): Anchor | null {
  const band = visibleBand(scroller);
  const box = root.getBoundingClientRect();
  const caret = anchorCaret(box, band, shadowRootsUnder(root));
  if (!caret) return null;
  const y = yOf(caret.node, caret.offset);
  if (y === null) return null;
  const room = roomAbove(root, scroller, app);
  const snippet = (caret.node.nodeValue ?? '').slice(caret.offset, caret.offset + SNIPPET_CHARS);
  const wheelPx = Math.min(-deltaY, room);
  return { ...caret, snippet, intendedY: y + wheelPx, wheelPx };
}

/** The standard page's reading policy (scroll: 'page' only): hold the view while the user reads back. */
function holdWhileReading(scroller: HTMLElement): { onWheel(deltaY: number): void; stop(): void } {
  const ownsScroll = scroller.hasAttribute(FOLLOWS_STREAM_ATTRIBUTE);
  let goingDown = false;
  const follow = (): void => {
    scroller.style.overflowAnchor = '';
    // column-reverse: scrollTop 0 is the bottom, and negative above it.
    if (scroller.scrollTop !== 0) scroller.scrollTop = 0;
  };
  // Back near the bottom after a wheel down: follow again (scroll anchoring, still on while the return scroll lands,
  // would otherwise hold the view just above the bottom as the answer grows under it).
  const onScroll = (): void => {
    if (goingDown && scroller.scrollTop >= -NEAR_BOTTOM_PX) follow();
  };
  if (ownsScroll) scroller.addEventListener('scroll', onScroll, { passive: true });
  return {
    onWheel(deltaY) {
      if (!ownsScroll) return;
      goingDown = deltaY > 0;
      if (deltaY < 0) scroller.style.overflowAnchor = 'auto';
      else if (deltaY >= -scroller.scrollTop - NEAR_BOTTOM_PX) follow();
    },
    stop() {
      scroller.removeEventListener('scroll', onScroll);
      scroller.style.overflowAnchor = '';
    },
  };
}

/** `scroller()`: the scroller the reader scrolls (found late in an app); `app`: the app's own policy only. */
export function watchReading(
  root: HTMLElement,
  scroller: () => HTMLElement,
  t0: number,
  app = false,
): { afterFrame(nowMs: number): void; stop(): ReadingRecord } {
  const record: ReadingRecord = { wheelUpMs: null, returnMs: null, offsets: [] };
  const policy = app ? { onWheel: () => {}, stop: () => {} } : holdWhileReading(scroller());
  let anchor: Anchor | null = null;
  const onWheel = (event: WheelEvent): void => {
    const now = event.timeStamp - t0;
    policy.onWheel(event.deltaY);
    if (event.deltaY < 0 && record.wheelUpMs === null) {
      record.wheelUpMs = now;
      anchor = takeAnchor(root, scroller(), event.deltaY, app);
      if (anchor) record.wheelPx = anchor.wheelPx;
    } else if (event.deltaY > 0 && record.wheelUpMs !== null && record.returnMs === null) {
      record.returnMs = now;
    }
  };
  addEventListener('wheel', onWheel, { capture: true, passive: false });
  return {
    afterFrame(nowMs) {
      if (record.wheelUpMs === null || record.returnMs !== null) return;
      if (!anchor) return void record.offsets.push({ tMs: nowMs, offsetPx: null });
      if (!anchor.node.isConnected) {
        const found = relocate(root, anchor.snippet);
        if (found) anchor = { ...anchor, ...found };
      }
      const y = yOf(anchor.node, anchor.offset);
      record.offsets.push({ tMs: nowMs, offsetPx: y === null ? null : y - anchor.intendedY });
    },
    stop() {
      removeEventListener('wheel', onWheel, { capture: true });
      policy.stop();
      return record;
    },
  };
}
