// fast-lane: streambench's own reference strategy, meant to be the fastest correct markdown streaming renderer.
// It follows Chrome's advice for streamed LLM output (parse incrementally, append instead of replacing, sanitise)
// plus one DOM pass per animation frame:
// - chunks are buffered and handed to the block splitter once per frame (blocks.ts);
// - only the open block's source is kept and lexed (marked), and only when a new line completes, so a closed block
//   is parsed and rendered once (marked + DOMPurify) and a chunk costs the same at token 100 as at token 10,000;
// - the open paragraph gets its raw text appended (formatted when it closes), an open code block or table grows
//   append-only (open-views.ts);
// - code is highlighted with highlight.js in idle time once its block closes (highlight.ts), never on the hot path.
// What it still pays per frame: appending the frame's text, and on a completed line one lex of the open block
// (a paragraph or list: short), a one-row lex for a table, a line scan for a code block.
import { defineRenderer } from '../../harness/renderer/contract.ts';
import { markdownToSafeHtml } from '../../harness/renderer/markdown.ts';
import { BlockStream } from './blocks.ts';
import { Highlighter } from './highlight.ts';
import { DomView, warmUp } from './view.ts';

export default defineRenderer({
  description:
    'incremental markdown: closed blocks rendered once (marked + DOMPurify), open block appended once per frame, ' +
    'code highlighted in idle time',
  output: 'markdown',
  family: 'markdown',
  packages: ['marked', 'dompurify', 'highlight.js'],
  source: {
    name: 'Chrome: best practices to render streamed LLM responses',
    url: 'https://developer.chrome.com/docs/ai/render-llm-responses',
  },
  create() {
    let root: HTMLElement | null = null;
    let container: HTMLElement | null = null;
    let blocks: BlockStream | null = null;
    const highlighter = new Highlighter();
    const chunks: string[] = [];
    let buffer = '';
    let frame = 0;
    const flush = (): void => {
      frame = 0;
      if (buffer) blocks?.push(buffer);
      buffer = '';
    };
    return {
      mount(el) {
        root = el;
        warmUp();
        container = el.appendChild(document.createElement('div'));
        blocks = new BlockStream(new DomView(container, highlighter));
      },
      push(chunk) {
        chunks.push(chunk);
        buffer += chunk;
        if (!frame) frame = requestAnimationFrame(flush);
      },
      end() {
        if (frame) cancelAnimationFrame(frame);
        flush();
        blocks?.finish();
        // Link reference definitions resolve across blocks: the one case where blocks lexed apart may differ.
        if (blocks?.sawDefinitions && container) {
          highlighter.dispose();
          container.innerHTML = markdownToSafeHtml(chunks.join(''));
          highlighter.queueWithin(container);
        }
      },
      dispose() {
        if (frame) cancelAnimationFrame(frame);
        frame = 0;
        buffer = '';
        chunks.length = 0;
        highlighter.dispose();
        root?.replaceChildren();
        root = container = null;
        blocks = null;
      },
    };
  },
});
