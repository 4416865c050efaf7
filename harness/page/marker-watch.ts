// Commit detection: which markers' text reached a DOM the probe can see, and where. One MutationObserver
// watches the renderer's root, every shadow root attached from now on (closed ones through the attachShadow
// patch) and the documents of same-origin iframes inside the root. Only the nodes a record names are scanned
// (plus a few characters of neighbouring text), so a mutation costs the size of the change, not of the answer.
import { isElement, isIframe, isInside, isText } from './flat-tree.ts';
import {
  markersAcrossGap,
  markersInChangedText,
  markersInSubtree,
  type MarkerHit,
  type ScanMemory,
} from './marker-scan.ts';
import { onShadowRoot, patchAttachShadow, shadowRootOf } from './shadow-roots.ts';

const MARKER_IN_TEXT = /⟦\d+⟧/gu;

export interface MarkerWatch {
  /** Handles records not yet delivered (call before reading the results). */
  flush(): void;
  stop(): void;
}

/**
 * Calls `onHit` for every marker text found in changed nodes inside `root` (the same marker may be reported
 * again from a new node: a re-rendered DOM moves it). `wanted` returns false once nothing is left to learn.
 */
export function watchMarkers(
  root: HTMLElement,
  markerTexts: readonly string[],
  onHit: (index: number, hit: MarkerHit) => void,
  wanted: () => boolean,
): MarkerWatch {
  const indexOf = new Map(markerTexts.map((text, i) => [text, i]));
  const reach = Math.max(0, ...markerTexts.map((t) => t.length - 1));
  const scanned: ScanMemory = new WeakMap();
  const observed = new WeakSet<Node>();
  const hooked = new WeakSet<HTMLIFrameElement>();
  let stopped = false;

  const report = (hits: readonly MarkerHit[]): void => {
    for (const hit of hits) {
      const index = indexOf.get(hit.text);
      if (index !== undefined) onHit(index, hit);
    }
  };
  const observe = (node: Node): void => {
    if (observed.has(node)) return;
    observed.add(node);
    observer.observe(node, { subtree: true, childList: true, characterData: true });
  };
  const scanText = (node: Text): void => report(markersInChangedText(node, reach, MARKER_IN_TEXT, scanned));
  const visit = (element: Element): void => {
    const shadow = shadowRootOf(element);
    if (shadow) {
      observe(shadow);
      report(markersInSubtree(shadow, reach, MARKER_IN_TEXT, visit));
    }
    if (isIframe(element)) hookFrame(element);
  };
  const scanNode = (node: Node): void => {
    if (isText(node)) scanText(node);
    else if (isElement(node)) report(markersInSubtree(node, reach, MARKER_IN_TEXT, visit));
  };
  // A same-origin iframe: its document is watched like the root; a later load (srcdoc, navigation) replaces
  // the document, so the frame is hooked again then.
  const hookFrame = (frame: HTMLIFrameElement): void => {
    if (!hooked.has(frame)) {
      hooked.add(frame);
      frame.addEventListener('load', () => !stopped && isInside(root, frame) && hookFrame(frame));
    }
    const doc = frame.contentDocument; // null when cross-origin: such text is out of reach
    if (!doc?.defaultView) return;
    patchAttachShadow(doc.defaultView as unknown as { Element: typeof Element });
    observe(doc);
    scanNode(doc.documentElement);
  };
  const handle = (records: readonly MutationRecord[]): void => {
    if (!wanted()) return;
    for (const record of records) {
      if (!isInside(root, record.target)) continue; // e.g. a shadow root whose host is not (yet) in the root
      if (record.type === 'characterData') {
        if (isText(record.target)) scanText(record.target);
        continue;
      }
      // Still where the record put it (the usual case), or moved within the root since.
      for (const node of record.addedNodes) {
        if (node.parentNode === record.target || isInside(root, node)) scanNode(node);
      }
      if (record.removedNodes.length) report(markersAcrossGap(record, reach, MARKER_IN_TEXT));
    }
  };

  const observer = new MutationObserver(handle);
  observe(root);
  const unsubscribe = onShadowRoot(observe);
  scanNode(root);
  return {
    flush: () => handle(observer.takeRecords()),
    stop() {
      stopped = true;
      observer.disconnect();
      unsubscribe();
    },
  };
}
