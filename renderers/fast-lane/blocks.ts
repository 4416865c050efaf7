// fast-lane's incremental block splitter (no DOM): it keeps only the source of the OPEN block, lexes it with the
// shared marked instance, hands every block that can no longer change to the sink exactly once, and tells the sink
// how to show the open block. A block counts as closed only on complete lines and only when marked's own lexer
// has started another block after it (or, for a few single-line kinds, when its line ended), so the split point
// never moves: the closed blocks rendered one by one give marked's rendering of the whole source.
// Long open blocks never get re-lexed: a fenced code block is scanned line by line for its closing fence, and a
// table lexes each new row on its own (header + delimiter + that row), so the cost per chunk stays bounded.
import type { Token, Tokens } from 'marked';
import { marked } from '../../harness/renderer/marked.ts';
import { type Fence, closesFence, openFence, stripFenceIndent } from './fences.ts';

/** Where the blocks go: the DOM view in the page, an HTML string in the unit test. */
export interface BlockSink {
  /** Blocks that can no longer change, lexed once; render them after everything already shown. */
  closed(tokens: Token[]): void;
  /** The open block is a paragraph (or not known yet): show its raw source; `reset` starts a new preview. */
  openText(text: string, reset: boolean): void;
  /** The open block is another container: its complete lines lexed (null: unchanged) and the raw partial line. */
  openBlock(tokens: Token[] | null, partial: string): void;
  codeOpen(lang: string): void;
  /** Complete lines of the open code block's content, each ending with '\n'. */
  codeAppend(lines: string): void;
  /** The open code block's unfinished last line (replaces the previous one). */
  codePartial(text: string): void;
  /** The block closed: `token` is marked's; `matches` is false when the appended text differs from its text. */
  codeClose(token: Tokens.Code, matches: boolean): void;
  tableOpen(token: Tokens.Table): void;
  /** One new body row, as a table of one row with the open table's header. */
  tableRow(row: Tokens.Table): void;
  /** The unfinished last line: a one-row table when it lexes as a row, else null. */
  tablePartial(row: Tokens.Table | null, text: string): void;
  tableClose(): void;
}

type Mode = 'flow' | 'code' | 'table';

/** Single-line blocks that nothing after their line can change. */
const CLOSED_AT_LINE_END = new Set(['heading', 'hr']);

export class BlockStream {
  private tail = '';
  private mode: Mode = 'flow';
  /** flow: length of the tail's complete lines when it was last lexed; how much raw text the preview shows. */
  private lexedEnd = 0;
  private shown = 0;
  private preview: 'text' | 'block' | null = null;
  private fence: Fence | null = null;
  private codeLines: string[] = [];
  private codeText: string[] = [];
  private tableHead = '';
  /** A link reference definition was seen: blocks lexed apart may resolve references differently. */
  sawDefinitions = false;
  /** Characters handed to marked's lexer so far: the unit test checks it stays linear in the source. */
  lexedChars = 0;

  constructor(private readonly sink: BlockSink) {}

  push(text: string): void {
    this.tail += text;
    this.run(false);
  }

  /** The stream ended: the unfinished last line counts as complete and every block closes. */
  finish(): void {
    this.run(true);
  }

  private run(final: boolean): void {
    for (let guard = 0; guard < 1_000_000; guard++) {
      const progressed =
        this.mode === 'code'
          ? this.stepCode(final)
          : this.mode === 'table'
            ? this.stepTable(final)
            : this.stepFlow(final);
      if (!progressed) return;
    }
  }

  /** Consumes complete lines of the open code block; true when it closed (the rest is flow again). */
  private stepCode(final: boolean): boolean {
    const fence = this.fence as Fence;
    let start = 0;
    let appended = '';
    for (
      let nl = this.tail.indexOf('\n');
      nl >= 0 || (final && start < this.tail.length);
      nl = this.tail.indexOf('\n', start)
    ) {
      const end = nl >= 0 ? nl : this.tail.length;
      const line = this.tail.slice(start, end);
      start = nl >= 0 ? nl + 1 : end;
      if (closesFence(fence, line)) {
        this.flushCode(appended);
        this.closeCode(line);
        this.tail = this.tail.slice(start);
        return true;
      }
      this.codeLines.push(line);
      appended += stripFenceIndent(fence, line) + '\n';
    }
    this.tail = this.tail.slice(start);
    this.flushCode(appended);
    if (final) {
      this.closeCode(null);
      return true;
    }
    this.sink.codePartial(stripFenceIndent(fence, this.tail));
    return false;
  }

  private flushCode(appended: string): void {
    if (!appended) return;
    this.codeText.push(appended);
    this.sink.codeAppend(appended);
  }

  /** Lexes the whole block once, as marked would, and checks the appended text against it. */
  private closeCode(closingLine: string | null): void {
    const fence = this.fence as Fence;
    const raw = [fence.line, ...this.codeLines, ...(closingLine === null ? [] : [closingLine])].join('\n');
    const token = this.lex(raw)[0] as Tokens.Code;
    const text = token.text ? token.text.replace(/\n$/, '') + '\n' : '';
    this.sink.codePartial('');
    this.sink.codeClose(token, text === this.codeText.join(''));
    this.mode = 'flow';
    this.fence = null;
    this.codeLines = [];
    this.codeText = [];
  }

  /** Consumes complete lines as rows of the open table; true when a line is not a row (the table closed). */
  private stepTable(final: boolean): boolean {
    for (let nl = this.tail.indexOf('\n'); nl >= 0 || (final && this.tail); nl = this.tail.indexOf('\n')) {
      const line = nl >= 0 ? this.tail.slice(0, nl) : this.tail;
      const row = this.lexRow(line);
      if (!row) return this.closeTable();
      this.sink.tableRow(row);
      this.tail = nl >= 0 ? this.tail.slice(nl + 1) : '';
    }
    if (final) return this.closeTable();
    this.sink.tablePartial(this.tail ? this.lexRow(this.tail) : null, this.tail);
    return false;
  }

  private closeTable(): true {
    this.sink.tablePartial(null, '');
    this.sink.tableClose();
    this.mode = 'flow';
    return true;
  }

  /** The line as a one-row table under the open table's header, or null when marked would not make it a row. */
  private lexRow(line: string): Tokens.Table | null {
    const tokens = this.lex(`${this.tableHead}${line}\n`);
    const [table, ...rest] = tokens;
    if (table?.type !== 'table' || rest.some((t) => t.type !== 'space')) return null;
    const row = table as Tokens.Table;
    return row.rows.length === 1 ? row : null;
  }

  private stepFlow(final: boolean): boolean {
    const end = final ? this.tail.length : this.tail.lastIndexOf('\n') + 1;
    const firstLineEnd = this.tail.indexOf('\n');
    const fence =
      firstLineEnd >= 0 || final ? openFence(this.tail.slice(0, firstLineEnd >= 0 ? firstLineEnd : end)) : null;
    if (fence) return this.enterCode(fence, firstLineEnd >= 0 ? firstLineEnd + 1 : end);
    if (end > this.lexedEnd || final) {
      const consumed = this.lexFlow(end, final);
      if (consumed) return true;
    }
    this.showOpen();
    return false;
  }

  private enterCode(fence: Fence, lineEnd: number): true {
    this.dropPreview();
    this.mode = 'code';
    this.fence = fence;
    this.tail = this.tail.slice(lineEnd);
    this.sink.codeOpen(fence.lang);
    return true;
  }

  /** Lexes the tail's complete lines; hands over the closed prefix. True when something was consumed. */
  private lexFlow(end: number, final: boolean): boolean {
    this.lexedEnd = end;
    if (end === 0) return false;
    const tokens = this.lex(this.tail.slice(0, end));
    if (Object.keys(tokens.links).length > 0) this.sawDefinitions = true;
    const count = final ? tokens.length : closedCount(tokens);
    if (count > 0) {
      const closed = tokens.slice(0, count);
      this.dropPreview();
      this.sink.closed(closed);
      this.consume(closed.reduce((n, t) => n + t.raw.length, 0));
      return true;
    }
    const open = tokens.find((t) => t.type !== 'space');
    if (open?.type === 'table') return this.enterTable(open as Tokens.Table);
    if (open?.type === 'paragraph' || !open) {
      // A container preview (say, a list marker alone) that turned out to be a paragraph: show it as raw text.
      if (this.preview === 'block') this.dropPreview();
      return false;
    }
    this.dropPreview();
    this.preview = 'block';
    this.sink.openBlock(tokens, this.tail.slice(end));
    return false;
  }

  private enterTable(table: Tokens.Table): true {
    this.dropPreview();
    const lines = table.raw.split('\n');
    this.tableHead = `${lines[0]}\n${lines[1]}\n`;
    this.mode = 'table';
    this.sink.tableOpen(table);
    this.consume(table.raw.length);
    return true;
  }

  private lex(source: string): ReturnType<typeof marked.lexer> {
    this.lexedChars += source.length;
    return marked.lexer(source);
  }

  private consume(length: number): void {
    this.tail = this.tail.slice(length);
    this.lexedEnd = 0;
  }

  /** Shows the open block: its raw text appended (paragraph) or just its partial line (other containers). */
  private showOpen(): void {
    if (this.preview === 'block') {
      this.sink.openBlock(null, this.tail.slice(this.tail.lastIndexOf('\n') + 1));
      return;
    }
    if (this.shown >= this.tail.length) return;
    this.sink.openText(this.tail.slice(this.shown), this.preview !== 'text');
    this.preview = 'text';
    this.shown = this.tail.length;
  }

  private dropPreview(): void {
    this.preview = null;
    this.shown = 0;
  }
}

/** How many leading tokens (of complete lines) can no longer change. */
export function closedCount(tokens: readonly Token[]): number {
  let count = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    const laterBlock = tokens.slice(i + 1).some((t) => t.type !== 'space');
    const closed =
      laterBlock ||
      token.type === 'space' ||
      CLOSED_AT_LINE_END.has(token.type) ||
      // A blank line ends a top-level paragraph; no table row follows a blank line.
      (token.type === 'paragraph' && next !== undefined) ||
      (token.type === 'table' && (next !== undefined || token.raw.endsWith('\n\n')));
    if (!closed) break;
    count = i + 1;
  }
  return count;
}
