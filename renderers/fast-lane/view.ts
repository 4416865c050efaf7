// fast-lane's page side of the block splitter: closed blocks become marked + DOMPurify nodes, appended once and
// never touched again (except by the idle highlighter); the open block is a preview at the end of the container:
// a <p> that raw paragraph text is appended to, a re-rendered container (list, quote) with its partial line, or an
// append-only code block or table (open-views.ts) that simply stays when it closes.
import type { Token, Tokens } from 'marked';
import { marked } from '../../harness/renderer/marked.ts';
import type { BlockSink } from './blocks.ts';
import type { Highlighter } from './highlight.ts';
import { OpenCode, OpenTable, safeFragment } from './open-views.ts';

/** Every block kind once, so the stream's first frames do not pay for cold code. */
const WARM_UP_SOURCE =
  '# h\n\np *em* `c` [l](https://example.com)\n\n- a\n- b\n\n> q\n\n| a |\n| - |\n| 1 |\n\n```ts\nx\n```\n';

/**
 * Runs the parse -> render -> sanitise path once, off-screen, before the stream: a chat page has rendered earlier
 * messages, so its parser and sanitiser are already compiled and initialised; a fresh benchmark page is not.
 */
export function warmUp(): void {
  safeFragment(marked.parser(marked.lexer(WARM_UP_SOURCE)));
}

export class DomView implements BlockSink {
  private preview: HTMLElement | null = null;
  private previewPartial: Text | null = null;
  private code: OpenCode | null = null;
  private table: OpenTable | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly highlighter: Highlighter,
  ) {}

  closed(tokens: Token[]): void {
    this.dropPreview();
    const html = marked.parser(tokens);
    if (!html) return;
    const fragment = safeFragment(html);
    this.highlighter.queueWithin(fragment);
    this.container.append(fragment);
  }

  openText(text: string, reset: boolean): void {
    if (reset || !this.preview) {
      this.dropPreview();
      this.preview = this.container.appendChild(document.createElement('p'));
    }
    this.preview.append(text);
  }

  openBlock(tokens: Token[] | null, partial: string): void {
    if (tokens) {
      this.dropPreview();
      const preview = document.createElement('div');
      preview.append(safeFragment(marked.parser(tokens)));
      this.previewPartial = preview.appendChild(document.createElement('p')).appendChild(new Text(''));
      this.preview = this.container.appendChild(preview);
    }
    // Replaced, not edited: see OpenCode.setPartial.
    if (!this.previewPartial || this.previewPartial.data === partial) return;
    const next = new Text(partial);
    this.previewPartial.replaceWith(next);
    this.previewPartial = next;
  }

  codeOpen(lang: string): void {
    this.dropPreview();
    this.code = new OpenCode(lang);
    this.container.append(this.code.pre);
  }

  codeAppend(lines: string): void {
    this.code?.append(lines);
  }

  codePartial(text: string): void {
    this.code?.setPartial(text);
  }

  /** The appended text stays (it is already marked's); only a mismatch is replaced by marked's own rendering. */
  codeClose(token: Tokens.Code, matches: boolean): void {
    const open = this.code;
    this.code = null;
    if (!open) return;
    open.close();
    const lang = /^\S*/.exec(token.lang ?? '')?.[0] ?? '';
    if (matches) {
      open.pre.after('\n');
      this.highlighter.queue(open.code, lang);
      return;
    }
    const fragment = safeFragment(marked.parser([token]));
    this.highlighter.queueWithin(fragment);
    open.pre.replaceWith(fragment);
  }

  tableOpen(token: Tokens.Table): void {
    this.dropPreview();
    const fragment = safeFragment(marked.parser([token]));
    this.table = new OpenTable(fragment, token.header.length);
    this.container.append(fragment);
  }

  tableRow(row: Tokens.Table): void {
    this.table?.addRow(row);
  }

  tablePartial(row: Tokens.Table | null, text: string): void {
    this.table?.setPartial(row, text);
  }

  tableClose(): void {
    this.table = null;
  }

  private dropPreview(): void {
    this.preview?.remove();
    this.preview = null;
    this.previewPartial = null;
  }
}
