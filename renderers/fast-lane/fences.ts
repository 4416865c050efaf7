// Fenced code blocks as marked 18 lexes them, one line at a time: the opening line (up to three spaces of indent,
// three or more backticks or tildes), the closing line (the same fence, optionally longer, then only spaces), and
// the indent marked removes from content lines when the opening backtick fence is indented.

export interface Fence {
  /** The opening line, without its newline. */
  line: string;
  /** The fence itself, e.g. "```" or "~~~~". */
  marker: string;
  /** First word of the info string ('' when none), for the class and the highlighter. */
  lang: string;
  /** Leading spaces marked strips from each content line (backtick fences only, as marked does). */
  indent: number;
  closing: RegExp;
}

const OPENING = /^( {0,3})(`{3,}(?=[^`]*$)|~{3,})(.*)$/;

/** The fence opened by `line` (no newline), or null when the line does not open a fenced code block. */
export function openFence(line: string): Fence | null {
  const match = OPENING.exec(line);
  if (!match) return null;
  const [, , marker = '', info = ''] = match;
  const char = marker[0] === '`' ? '`' : '~';
  return {
    line,
    marker,
    lang: /^\S*/.exec(info.trim())?.[0] ?? '',
    indent: /^(\s+)```/.exec(line)?.[1]?.length ?? 0,
    closing: new RegExp(`^ {0,3}${char}{${marker.length},} *$`),
  };
}

export function closesFence(fence: Fence, line: string): boolean {
  return fence.closing.test(line);
}

/** A content line as marked shows it: up to the opening fence's indent of leading whitespace removed. */
export function stripFenceIndent(fence: Fence, line: string): string {
  if (fence.indent === 0) return line;
  const lead = /^\s+/.exec(line)?.[0].length ?? 0;
  return line.slice(Math.min(lead, fence.indent));
}
