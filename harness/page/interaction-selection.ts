// In-page selection watcher (interaction script, docs/interaction.md). When the user's mouse selection ends (real
// input from Node) over the answer, its text is noted; after each later update of the answer's DOM (a mutation
// batch), the selection is checked to still hold that text. A renderer that rebuilds the DOM under it (innerHTML)
// loses it at its next update; one that only appends keeps it.
import type { SelectionRecord } from './interaction-protocol.ts';

function selectionIn(root: HTMLElement): string {
  const selection = getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return '';
  const range = selection.getRangeAt(0);
  return root.contains(range.commonAncestorContainer) ? selection.toString() : '';
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
  const onMouseDown = (): void => {
    record.attempted = true;
  };
  const onMouseUp = (): void => {
    if (record.selectedMs !== null) return;
    const text = selectionIn(root);
    if (!text.trim()) return;
    record.selectedMs = now();
    record.selectedText = text;
  };
  const mutations = new MutationObserver(() => {
    if (record.selectedMs === null) return;
    record.updates++;
    if (record.lostAtUpdate === null && getSelection()?.toString() !== record.selectedText) {
      record.lostAtUpdate = record.updates;
      record.lostMs = now();
    }
  });
  mutations.observe(root, { childList: true, characterData: true, subtree: true });
  addEventListener('mousedown', onMouseDown, { capture: true });
  addEventListener('mouseup', onMouseUp, { capture: true });
  return {
    stop() {
      mutations.disconnect();
      removeEventListener('mousedown', onMouseDown, { capture: true });
      removeEventListener('mouseup', onMouseUp, { capture: true });
      return record;
    },
  };
}
