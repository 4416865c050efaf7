// In-page selection watcher (interaction script, docs/interaction.md). When the user's mouse selection ends (real
// input from Node) over the answer, its text is noted; after each later update of the answer's DOM (a mutation
// batch), the selection is checked to still hold that text. A renderer that rebuilds the DOM under it (innerHTML)
// loses it at its next update; one that only appends keeps it. Text in the answer's shadow roots counts: the
// selection's boundaries are read with getComposedRanges, and the shadow roots' mutations are watched too.
import { SELECTION_MADE_KEY, type SelectionRecord } from './interaction-protocol.ts';
import { isInside } from './flat-tree.ts';
import { onShadowRoot } from './shadow-roots.ts';
import { flatTexts, shadowRootsUnder } from './interaction-composed.ts';

interface Bounds {
  startContainer: Node;
  startOffset: number;
  endContainer: Node;
  endOffset: number;
}

/** Selection.getComposedRanges (Chromium 137+): boundaries inside the given shadow roots, not their hosts. */
type ComposedSelection = Selection & {
  getComposedRanges?: (options: { shadowRoots: ShadowRoot[] }) => StaticRange[];
};

/** The selection's range boundaries now, inside `shadowRoots` when the selection is there (null: none). */
function boundsNow(shadowRoots: ShadowRoot[]): Bounds | null {
  const selection = getSelection() as ComposedSelection | null;
  if (!selection || selection.rangeCount === 0) return null;
  const range =
    shadowRoots.length && selection.getComposedRanges
      ? selection.getComposedRanges({ shadowRoots })[0]
      : selection.getRangeAt(0);
  if (!range) return null;
  const { startContainer, startOffset, endContainer, endOffset } = range;
  return { startContainer, startOffset, endContainer, endOffset };
}

/**
 * Whether the selection still holds what was selected, without forcing a layout (Selection.toString() would, on
 * every update): the same boundaries, in nodes still in the page. Re-rendered nodes collapse or move the range.
 */
function sameBounds(a: Bounds | null, b: Bounds): boolean {
  return (
    a !== null &&
    a.startContainer === b.startContainer &&
    a.startOffset === b.startOffset &&
    a.endContainer === b.endContainer &&
    a.endOffset === b.endOffset &&
    b.startContainer.isConnected &&
    b.endContainer.isConnected
  );
}

function selectionIn(root: HTMLElement, shadowRoots: ShadowRoot[]): string {
  const selection = getSelection();
  const start = boundsNow(shadowRoots)?.startContainer;
  // Not isCollapsed: a selection inside a shadow root reads as collapsed at its host in the document's range.
  if (!selection || !start) return '';
  // Its start in the answer: a triple click on the last paragraph ends the range after the answer's root.
  // Selection.toString() reads the selected text inside shadow roots too.
  return isInside(root, start) ? selection.toString() : '';
}

/** Where a phrase of the answer is on screen: the first line of its text (flat tree) inside the scroller's view. */
export function phraseInView(
  root: HTMLElement,
  scroller: HTMLElement,
  question: string,
): { x0: number; x1: number; y: number } | null {
  const view = scroller.getBoundingClientRect();
  const box = root.getBoundingClientRect();
  for (const node of flatTexts(root)) {
    const text = node.data;
    const start = text.search(/\S/);
    // An app's question on the page is not the answer.
    if (start < 0 || (question && question.includes(text.trim()))) continue;
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + 1);
    const first = range.getClientRects()[0];
    if (!first || first.top < view.top || first.bottom > Math.min(view.bottom, innerHeight)) continue;
    return { x0: first.left + 1, x1: Math.min(first.left + 240, box.right - 4), y: first.top + first.height / 2 };
  }
  return null;
}

export function watchSelection(root: HTMLElement, t0: number): { stop(): SelectionRecord } {
  const record: SelectionRecord = {
    attempted: false,
    selectedMs: null,
    selectedText: '',
    updates: 0,
    lostAtUpdate: null,
    lostMs: null,
  };
  const now = (): number => performance.now() - t0;
  let held: Bounds | null = null;
  const lose = (): void => {
    record.lostAtUpdate = record.updates;
    record.lostMs = now();
  };
  const onMouseDown = (): void => {
    record.attempted = true;
  };
  // Each mouse-up that leaves text selected (re)starts the watch: the gesture's last click (a triple click's third)
  // is the selection the user made.
  const onMouseUp = (): void => {
    shadowRootsUnder(root).forEach(watchShadow);
    const text = selectionIn(root, [...shadowRoots]);
    if (!text.trim()) return;
    Object.assign(record, { selectedMs: now(), selectedText: text, updates: 0, lostAtUpdate: null, lostMs: null });
    held = boundsNow([...shadowRoots]);
    document.documentElement.dataset[SELECTION_MADE_KEY] = '';
  };
  const mutations = new MutationObserver((records) => {
    if (record.selectedMs === null || !records.some((r) => isInside(root, r.target))) return;
    record.updates++;
    if (record.lostAtUpdate === null && held && !sameBounds(boundsNow([...shadowRoots]), held)) lose();
  });
  const options = { childList: true, characterData: true, subtree: true };
  mutations.observe(root, options);
  // The answer's shadow roots (those there now or at the mouse-up, and any attached meanwhile, as a renderer mounts):
  // their mutations are the answer's updates too. One elsewhere on the page is filtered out above.
  const shadowRoots = new Set<ShadowRoot>();
  const watchShadow = (shadow: ShadowRoot): void => {
    if (shadowRoots.has(shadow)) return;
    shadowRoots.add(shadow);
    mutations.observe(shadow, options);
  };
  shadowRootsUnder(root).forEach(watchShadow);
  const unsubscribe = onShadowRoot(watchShadow);
  addEventListener('mousedown', onMouseDown, { capture: true });
  addEventListener('mouseup', onMouseUp, { capture: true });
  return {
    stop() {
      mutations.disconnect();
      unsubscribe();
      // Once, at the end: the text itself (a renderer could rewrite characters inside the same nodes) must still be
      // in the selection. Whitespace aside (a paragraph's selection reads with a newline after it only while the
      // paragraph ends there), and more is fine: a triple click's range ends after its block, so text appended to
      // that paragraph joins the selection.
      const text = (getSelection()?.toString() ?? '').replace(/\s+/g, ' ').trim();
      const selected = record.selectedText.replace(/\s+/g, ' ').trim();
      if (record.selectedMs !== null && record.lostAtUpdate === null && !text.includes(selected)) lose();
      delete document.documentElement.dataset[SELECTION_MADE_KEY];
      removeEventListener('mousedown', onMouseDown, { capture: true });
      removeEventListener('mouseup', onMouseUp, { capture: true });
      return record;
    },
  };
}
