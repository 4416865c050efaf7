// Finding marker text in the DOM nodes that just changed, never in the whole text: the probe calls these on
// mutation records, so each call costs the size of the change plus a few characters of context, whatever
// the answer's length. Markers are short, so a marker split over adjacent text nodes (chunk boundaries,
// inline elements) is found by reading `reach` characters of neighbouring text in document order.

/** A position in a text node, as a Range boundary. */
export interface TextPoint {
  node: Text;
  offset: number;
}

export interface MarkerHit {
  text: string;
  start: TextPoint;
  end: TextPoint;
}

/** A slice [start, end) of a text node's data. */
interface Piece {
  node: Text;
  start: number;
  end: number;
}

/** Neighbours read at most this many text nodes away (empty text nodes must not make a walk unbounded). */
const MAX_NEIGHBOURS = 16;

function textWalker(node: Node): TreeWalker {
  const doc = node.ownerDocument ?? (node as Document);
  return doc.createTreeWalker(node.getRootNode(), NodeFilter.SHOW_TEXT);
}

/** Up to `need` characters of text before `node` (document order, same tree), as pieces in order. */
function contextBefore(node: Node, need: number): Piece[] {
  const pieces: Piece[] = [];
  if (need <= 0) return pieces;
  const walker = textWalker(node);
  walker.currentNode = node;
  for (let i = 0; i < MAX_NEIGHBOURS && need > 0; i++) {
    const prev = walker.previousNode() as Text | null;
    if (!prev) break;
    const start = Math.max(0, prev.length - need);
    pieces.unshift({ node: prev, start, end: prev.length });
    need -= prev.length - start;
  }
  return pieces;
}

/** Up to `need` characters of text after `node` and its descendants (document order, same tree). */
function contextAfter(node: Node, need: number): Piece[] {
  const pieces: Piece[] = [];
  if (need <= 0) return pieces;
  const walker = textWalker(node);
  walker.currentNode = node;
  // Skip the node's own descendants: step to the last text inside it first.
  while (walker.lastChild()) {
    // descend
  }
  for (let i = 0; i < MAX_NEIGHBOURS && need > 0; i++) {
    const next = walker.nextNode() as Text | null;
    if (!next) break;
    const end = Math.min(next.length, need);
    pieces.push({ node: next, start: 0, end });
    need -= end;
  }
  return pieces;
}

/** Index of the piece holding window position `pos` (`atEnd`: the piece a match ending at `pos` ends in). */
function pieceAt(starts: readonly number[], pos: number, atEnd: boolean): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) < pos || (!atEnd && starts[mid] === pos)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function matchPieces(pieces: readonly Piece[], pattern: RegExp): MarkerHit[] {
  let text = '';
  const starts: number[] = [];
  for (const p of pieces) {
    starts.push(text.length);
    text += p.node.data.slice(p.start, p.end);
  }
  const hits: MarkerHit[] = [];
  const point = (pos: number, atEnd: boolean): TextPoint => {
    const i = pieceAt(starts, pos, atEnd);
    const piece = pieces[i] as Piece;
    return { node: piece.node, offset: piece.start + pos - (starts[i] ?? 0) };
  };
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    hits.push({ text: match[0], start: point(at, false), end: point(at + match[0].length, true) });
  }
  return hits;
}

/** Markers overlapping `node.data[from, to)`, reading `reach` characters of context on each side. */
export function markersInText(node: Text, from: number, to: number, reach: number, pattern: RegExp): MarkerHit[] {
  const start = Math.max(0, from - reach);
  const end = Math.min(node.length, to + reach);
  const pieces = [
    ...contextBefore(node, reach - from),
    { node, start, end },
    ...contextAfter(node, to + reach - node.length),
  ];
  return matchPieces(pieces, pattern);
}

/**
 * Markers in the text of a newly added subtree (plus context either side). `visit` is called for every
 * element inside, so the caller can reach shadow roots and iframes the subtree brings with it.
 */
export function markersInSubtree(
  top: Node,
  reach: number,
  pattern: RegExp,
  visit: (element: Element) => void,
): MarkerHit[] {
  const doc = top.ownerDocument ?? (top as Document);
  const walker = doc.createTreeWalker(top, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  const own: Piece[] = [];
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) own.push({ node: node as Text, start: 0, end: (node as Text).length });
    else if (node.nodeType === Node.ELEMENT_NODE) visit(node as Element);
  }
  const first = own[0];
  const last = own[own.length - 1];
  if (!first || !last) return [];
  return matchPieces([...contextBefore(first.node, reach), ...own, ...contextAfter(last.node, reach)], pattern);
}

/** Markers that a removal may have joined: the text just before the gap it left, read across the gap. */
export function markersAcrossGap(record: MutationRecord, reach: number, pattern: RegExp): MarkerHit[] {
  const walker = textWalker(record.target);
  let before: Text | null;
  if (record.previousSibling) {
    walker.currentNode = record.previousSibling;
    before = record.previousSibling.nodeType === Node.TEXT_NODE ? (record.previousSibling as Text) : null;
    before ??= (walker.lastChild() as Text | null) ?? (walker.previousNode() as Text | null);
  } else {
    walker.currentNode = record.target;
    before = walker.previousNode() as Text | null;
  }
  if (!before) return [];
  return markersInText(before, before.length, before.length, reach, pattern);
}

/** What was read of a text node last time: its length and last characters, to tell an append from a rewrite. */
export type ScanMemory = WeakMap<Text, { length: number; tail: string }>;
const TAIL = 16;

/**
 * Markers in a text node whose data changed. A node that only grew at its end (append, or Lit setting a
 * longer string) is read from where the last read stopped; anything else is read whole.
 */
export function markersInChangedText(node: Text, reach: number, pattern: RegExp, memory: ScanMemory): MarkerHit[] {
  const last = memory.get(node);
  const data = node.data;
  const from =
    last !== undefined &&
    data.length >= last.length &&
    data.slice(last.length - last.tail.length, last.length) === last.tail
      ? last.length
      : 0;
  memory.set(node, { length: data.length, tail: data.slice(-TAIL) });
  return markersInText(node, from, data.length, reach, pattern);
}
