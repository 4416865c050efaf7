// The DOM of fast-lane's two long-lived open blocks, both append-only: a fenced code block grows by text nodes in
// block segments of a few dozen lines (so a frame's layout touches one short segment, not the whole block), and a
// table grows row by row, each row rendered once by marked + DOMPurify. The unfinished last line is the only thing
// replaced each frame.
import DOMPurify from 'dompurify';
import type { Tokens } from 'marked';
import { marked } from '../../harness/renderer/marked.ts';

/** Lines per segment of an open code block. */
const CODE_SEGMENT_LINES = 24;

/** Sanitised nodes for marked's HTML (DOMPurify drops scripts, event handlers and javascript: URLs). */
export function safeFragment(html: string): DocumentFragment {
  return DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true });
}

export class OpenCode {
  readonly pre = document.createElement('pre');
  readonly code = document.createElement('code');
  private segment: HTMLElement | null = null;
  private segmentLines = 0;
  private partial = document.createTextNode('');

  constructor(lang: string) {
    if (lang) this.code.className = `language-${lang}`;
    this.code.append(this.partial);
    this.pre.append(this.code);
  }

  /** Complete lines, each ending with '\n'. */
  append(lines: string): void {
    if (!this.segment || this.segmentLines >= CODE_SEGMENT_LINES) {
      this.segment = document.createElement('span');
      this.segment.style.display = 'block';
      this.code.insertBefore(this.segment, this.partial);
      this.segmentLines = 0;
    }
    this.segment.append(lines);
    for (let i = lines.indexOf('\n'); i >= 0; i = lines.indexOf('\n', i + 1)) this.segmentLines++;
  }

  /**
   * A new text node rather than new data in the old one: a node whose text only changes by growing keeps every
   * position inside it valid for observers (the probe keeps marker offsets from one frame to the next).
   */
  setPartial(text: string): void {
    if (this.partial.data === text) return;
    const next = document.createTextNode(text);
    this.partial.replaceWith(next);
    this.partial = next;
  }

  close(): void {
    this.partial.remove();
  }
}

export class OpenTable {
  readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private partial: HTMLTableRowElement | null = null;

  /** `fragment` holds marked's rendering of the table so far (header and any rows). */
  constructor(
    fragment: DocumentFragment,
    private readonly columns: number,
  ) {
    const table = fragment.querySelector('table');
    if (!table) throw new Error('fast-lane: a table token rendered without a <table>');
    this.table = table;
    this.body = table.tBodies[0] ?? table.appendChild(document.createElement('tbody'));
  }

  addRow(row: Tokens.Table): void {
    const tr = rowElement(row);
    if (tr) this.body.insertBefore(tr, this.partial);
    this.body.insertBefore(document.createTextNode('\n'), this.partial);
  }

  /**
   * The unfinished line, replaced every frame: cells holding their source text (built with the DOM API, so nothing
   * to sanitise and no HTML parse per frame), or the raw line across the row when it does not lex as a row.
   */
  setPartial(row: Tokens.Table | null, text: string): void {
    this.partial?.remove();
    this.partial = null;
    if (!text) return;
    const tr = document.createElement('tr');
    const cells = row?.rows[0];
    if (cells) for (const cell of cells) tr.insertCell().textContent = cell.text;
    else {
      const cell = tr.insertCell();
      cell.colSpan = this.columns;
      cell.textContent = text;
    }
    this.partial = tr;
    this.body.append(tr);
  }
}

function rowElement(row: Tokens.Table): HTMLTableRowElement | null {
  return safeFragment(marked.parser([row])).querySelector('tbody > tr');
}
