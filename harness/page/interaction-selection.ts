// In-page selection watcher (interaction script, docs/interaction.md). When the user's mouse selection ends (real
// input from Node) over the answer, its text is noted; after each later update of the answer's DOM (a mutation
// batch), the selection is checked to still hold that text. A renderer that rebuilds the DOM under it (innerHTML)
// loses it at its next update; one that only appends keeps it.
import { SELECTION_MADE_KEY, type SelectionRecord } from './interaction-protocol.ts';

interface Bounds {
  startContainer: Node;
  startOffset: number;
  endContainer: Node;
  endOffset: number;
}

/** The selection's range boundaries now (null: none). */
function boundsNow(): Bounds | null {
  const selection = getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const { startContainer, startOffset, endContainer, endOffset } = selection.getRangeAt(0);
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

function selectionIn(root: HTMLElement): string {
  const selection = getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return '';
  const range = selection.getRangeAt(0);
  // Its start in the answer: a triple click on the last paragraph ends the range after the answer's root.
  return root.contains(range.startContainer) ? selection.toString() : '';
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
    const text = selectionIn(root);
    if (!text.trim()) return;
    Object.assign(record, { selectedMs: now(), selectedText: text, updates: 0, lostAtUpdate: null, lostMs: null });
    held = boundsNow();
    document.documentElement.dataset[SELECTION_MADE_KEY] = '';
  };
  const mutations = new MutationObserver(() => {
    if (record.selectedMs === null) return;
    record.updates++;
    if (record.lostAtUpdate === null && held && !sameBounds(boundsNow(), held)) lose();
  });
  mutations.observe(root, { childList: true, characterData: true, subtree: true });
  addEventListener('mousedown', onMouseDown, { capture: true });
  addEventListener('mouseup', onMouseUp, { capture: true });
  return {
    stop() {
      mutations.disconnect();
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
