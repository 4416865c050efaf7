// Block-memoized markdown whose fenced code blocks are drawn by a highlighting policy (the 'code' renderers).
// Once per animation frame the unsettled end of the source is lexed with the shared marked; blocks that can no
// longer change (all but the last two) are rendered once (marked + DOMPurify) and kept, so the markdown around
// the code costs little and what the renderers measure is their highlighter. Each fenced block gets a
// CodeBlockView from the policy: update() with the open block's code (at most once a frame, growing), then
// close() once with its final code. A partial closing fence ("\n``") is held back, so the code a view sees
// only grows. An open block is still re-lexed whole each frame (marked's fence regex, O(block)): a cost all the
// policies share, small next to highlighting.
import type { Token, Tokens } from 'marked';
import type { Renderer } from './contract.ts';
import { markdownToSafeHtml } from './markdown.ts';
import { marked } from './marked.ts';

export interface CodeBlockView {
  /** The block's element, placed where the code block goes. */
  readonly element: HTMLElement;
  /** The open block's code so far; called only when it changed, at most once a frame. */
  update(code: string): void;
  /** Called once: the block's closing fence arrived (or the stream ended) with this final code. */
  close(code: string): void;
}

/** A policy: makes the view of one fenced block in language `lang` ('' when the fence names none). */
export type CodeBlockFactory = (lang: string) => CodeBlockView;

/** Blocks still open to change: the last one, and the one before (a list can continue after a blank line). */
const OPEN_BLOCKS = 2;
/** A line that may be the start of a closing fence: held back from an open block's code until it is decided. */
const PARTIAL_FENCE = /\n {0,3}(?:`+|~+)$/;
const CLOSING_FENCE = /\n {0,3}(`{3,}|~{3,})[ \t]*\n?$/;

interface Slot {
  element: HTMLElement;
  /** html slots: the source they show; code slots: the code last given to the view. */
  shown: string;
  view?: CodeBlockView;
  closed: boolean;
}

const isFence = (t: Token): t is Tokens.Code => t.type === 'code' && t.codeBlockStyle !== 'indented';

/** True once the block's closing fence line is complete (a newline or another block follows it). */
function fenceClosed(token: Tokens.Code, last: boolean): boolean {
  const match = CLOSING_FENCE.exec(token.raw);
  const open = /^ {0,3}(`{3,}|~{3,})/.exec(token.raw)?.[1] ?? '```';
  if (!match?.[1] || match[1][0] !== open[0] || match[1].length < open.length) return false;
  return !last || token.raw.endsWith('\n');
}

/** The rendered blocks: settled ones appended once, the unsettled tail's slots kept by where each block starts. */
class BlockView {
  readonly settledBox = document.createElement('div');
  readonly tailBox = document.createElement('div');
  /** How much of the source the settled blocks cover. */
  settledLength = 0;
  /** Slots of the unsettled blocks, keyed by the block's start in the source and its kind. */
  private slots = new Map<string, Slot>();

  constructor(private readonly createView: CodeBlockFactory) {}

  /** Renders the source: all but the last OPEN_BLOCKS blocks settle (all of them when `final`). */
  render(source: string, final: boolean): void {
    const tokens = marked.lexer(source.slice(this.settledLength));
    const content = tokens.filter((t) => t.type !== 'space');
    const open = final ? 0 : Math.min(OPEN_BLOCKS, content.length);
    const firstOpen = open ? tokens.indexOf(content[content.length - open] as Token) : tokens.length;
    if (firstOpen > 0) this.settle(tokens.slice(0, firstOpen));
    this.drawTail(tokens.slice(firstOpen));
  }

  clear(): void {
    this.slots.clear();
    this.settledBox.replaceChildren();
    this.tailBox.replaceChildren();
  }

  private codeSlot(key: string, token: Tokens.Code): Slot {
    const existing = this.slots.get(key);
    if (existing) return existing;
    const view = this.createView(token.lang ?? '');
    return { element: view.element, shown: '', view, closed: false };
  }

  private settle(tokens: readonly Token[]): void {
    let offset = this.settledLength;
    let html = '';
    const flush = (): void => {
      if (html) this.settledBox.insertAdjacentHTML('beforeend', markdownToSafeHtml(html));
      html = '';
    };
    for (const token of tokens) {
      if (isFence(token)) {
        flush();
        const slot = this.codeSlot(codeKey(offset, token), token);
        drawCode(slot, token, true);
        // marked writes a newline after each block: without it the code's last word would run into the next block's.
        this.settledBox.append(slot.element, '\n');
      } else html += token.raw;
      offset += token.raw.length;
    }
    flush();
    this.settledLength = offset;
  }

  private drawTail(tokens: readonly Token[]): void {
    const next = new Map<string, Slot>();
    let offset = this.settledLength;
    tokens.forEach((token, i) => {
      const start = offset;
      offset += token.raw.length;
      if (token.type === 'space') return;
      if (isFence(token)) {
        const key = codeKey(start, token);
        const slot = this.codeSlot(key, token);
        drawCode(slot, token, fenceClosed(token, i === tokens.length - 1));
        return void next.set(key, slot);
      }
      const key = `${start}|html`;
      const slot = this.slots.get(key) ?? { element: document.createElement('div'), shown: '', closed: false };
      if (slot.shown !== token.raw) slot.element.innerHTML = markdownToSafeHtml(token.raw);
      slot.shown = token.raw;
      next.set(key, slot);
    });
    const elements = [...next.values()].map((s) => s.element);
    const children = this.tailBox.children;
    if (elements.length !== children.length || elements.some((e, i) => children[i] !== e)) {
      this.tailBox.replaceChildren(...elements);
    }
    this.slots = next;
  }
}

const codeKey = (offset: number, token: Tokens.Code): string => `${offset}|code|${token.lang ?? ''}`;

/** Gives a fenced block's view its code: growing code while open, the final code once when closed. */
function drawCode(slot: Slot, token: Tokens.Code, closed: boolean): void {
  if (slot.closed || !slot.view) return;
  if (closed) {
    slot.closed = true;
    slot.view.close(token.text);
    return;
  }
  const code = token.text.replace(PARTIAL_FENCE, '');
  if (code !== slot.shown) slot.view.update(code);
  slot.shown = code;
}

/** The markdown renderer (mount/push/end/dispose), rendering once per animation frame, fences drawn by `createView`. */
export function fencedMarkdownRenderer(createView: CodeBlockFactory): Renderer {
  const view = new BlockView(createView);
  let root: HTMLElement | null = null;
  let source = '';
  let frame = 0;
  const render = (final: boolean): void => {
    frame = 0;
    view.render(source, final);
  };
  return {
    mount(el) {
      root = el;
      el.append(view.settledBox, view.tailBox);
    },
    push(chunk) {
      source += chunk;
      if (!frame) frame = requestAnimationFrame(() => render(false));
    },
    end() {
      if (frame) cancelAnimationFrame(frame);
      render(true);
    },
    dispose() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      source = '';
      view.clear();
      root?.replaceChildren();
      root = null;
    },
  };
}
