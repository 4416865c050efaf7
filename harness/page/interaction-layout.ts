// In-page Layout Instability observer (interaction script, docs/interaction.md): records each layout-shift entry
// of the run and whether it moved only the answer's growing edge (the block holding the newest text, which
// reflows as it grows: that is the stream itself, not a jump). CLS (session windows) is computed in Node.
import type { LayoutShiftRecord } from './interaction-protocol.ts';
import { newestTextNode } from './interaction-newest.ts';
import { isInside } from './flat-tree.ts';

interface LayoutShiftSource {
  node: Node | null;
}
interface LayoutShiftEntry extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
  sources: LayoutShiftSource[];
}

/** A moved node is the growing edge when it is inside the answer and holds, or is, its newest text. */
function atGrowingEdge(sources: readonly LayoutShiftSource[], root: HTMLElement): boolean {
  const newest = newestTextNode(root);
  if (!newest || !sources.length) return false;
  // Across shadow boundaries: a moved node inside a shadow root of the answer is still the answer's.
  return sources.every(({ node }) => node !== null && isInside(root, node) && isInside(node, newest));
}

export function watchLayoutShifts(root: HTMLElement, t0: number): { stop(): LayoutShiftRecord[] } {
  const shifts: LayoutShiftRecord[] = [];
  const add = (entries: PerformanceEntryList): void => {
    for (const entry of entries as LayoutShiftEntry[]) {
      if (entry.startTime < t0 - 1000) continue;
      shifts.push({
        startMs: entry.startTime - t0,
        value: entry.value,
        hadRecentInput: entry.hadRecentInput,
        atEdge: atGrowingEdge(entry.sources, root),
      });
    }
  };
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  if (PerformanceObserver.supportedEntryTypes.includes('layout-shift')) observer.observe({ type: 'layout-shift' });
  return {
    stop() {
      add(observer.takeRecords());
      observer.disconnect();
      return shifts;
    },
  };
}
