// A rough stand-in for a BPE tokenizer: GPT-style pre-tokenisation (a word keeps its leading space,
// digits go in runs of up to three, punctuation runs stay together), then long words are split into
// pieces, as BPE does for rarer words. English prose lands near 4 characters per token, code a bit higher,
// which is what real tokenizers give. Deterministic and dependency-free: it runs in Node and the page.

// The one spelling of a marker: every pattern below is built from it. Group 1 is the marker's index.
const MARKER_SOURCE = String.raw`⟦(\d+)⟧`;

/** Markers are visible tokens such as `⟦12⟧` that the probe looks for in the DOM. */
export const MARKER_PATTERN = new RegExp(MARKER_SOURCE, 'u');
/**
 * A new global marker pattern, for finding every marker in a text (matchAll, replace, exec loops). A factory,
 * not a shared constant: a global RegExp carries lastIndex between exec calls.
 */
export const markerPattern = (): RegExp => new RegExp(MARKER_SOURCE, 'gu');
export const markerText = (index: number): string => `⟦${index}⟧`;

// A marker is one token, whole; the rest is GPT-style pre-tokenisation.
const PRE_TOKEN = new RegExp(
  String.raw` ?${MARKER_SOURCE}|'(?:s|t|re|ve|m|ll|d)\b| ?\p{L}+| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
  'gu',
);

/** Words up to this many letters stay one token; longer ones split into pieces of about PIECE letters. */
const WHOLE_WORD_MAX = 6;
const PIECE = 4;

function splitLongWord(piece: string): string[] {
  const lead = piece.startsWith(' ') ? 1 : 0;
  const letters = piece.length - lead;
  if (letters <= WHOLE_WORD_MAX) return [piece];
  const count = Math.round(letters / PIECE);
  const out: string[] = [];
  // Even split; the first piece keeps the leading space, later pieces are word-internal like BPE continuations.
  for (let i = 0; i < count; i++) {
    const from = i === 0 ? 0 : lead + Math.round((i * letters) / count);
    const to = lead + Math.round(((i + 1) * letters) / count);
    out.push(piece.slice(from, to));
  }
  return out;
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(PRE_TOKEN)) {
    const piece = match[0];
    if (/^ ?\p{L}+$/u.test(piece)) tokens.push(...splitLongWord(piece));
    else tokens.push(piece);
  }
  return tokens;
}
