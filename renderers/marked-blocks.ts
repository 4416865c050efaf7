import DOMPurify from 'dompurify';
import type { Token, TokensList } from 'marked';
import { marked } from '../harness/renderer/marked.ts';
import { defineRenderer } from '../harness/renderer/contract.ts';
import { wholeSourceRenderer } from '../harness/renderer/whole-source.ts';

// The AI SDK cookbook's "memoized markdown", in plain DOM: once per animation frame, marked.lexer splits the
// whole source into top-level blocks; a block whose source is unchanged keeps its DOM (rendered and sanitised
// once), and only blocks from the first changed one on (normally just the last, open block) are re-rendered.
// Lexing is still O(length so far) per frame, but parsing, sanitising and DOM work are O(last block). Unlike the
// cookbook, which parses each block's source on its own (so a [text][ref] never meets a definition in another
// block), each block is rendered from the whole-source lexer's tokens; memoizing on source alone then misses a
// block that changes when a later definition resolves it, so new or changed definitions re-render every block. A
// list whose next item arrives shows up as a changed source and is re-rendered from there. (The recipe's text is
// now at ai-sdk.dev/v5/cookbook/...; the unversioned page has since switched to Streamdown.)

/** One top-level block as shown: the source it was rendered from, and its container. */
interface Block {
  raw: string;
  el: HTMLElement;
}

/** Reference-link definitions change how earlier blocks with the same source render ([text][ref] -> a link). */
function linksKey(tokens: TokensList): string {
  return JSON.stringify(tokens.links);
}

function renderBlock(token: Token): HTMLElement {
  const el = document.createElement('div');
  el.innerHTML = DOMPurify.sanitize(marked.parser([token]));
  return el;
}

export default defineRenderer({
  description: 'marked.lexer per frame; closed blocks rendered once and kept, only the open last block re-rendered',
  output: 'markdown',
  family: 'markdown',
  packages: ['marked', 'dompurify'],
  source: {
    name: 'AI SDK cookbook: memoized markdown blocks',
    url: 'https://ai-sdk.dev/cookbook/next/markdown-chatbot-with-memoization',
  },
  create() {
    let links = '{}';
    let blocks: Block[] = [];
    return wholeSourceRenderer('frame', {
      render(target, source) {
        const tokens = marked.lexer(source);
        const nextLinks = linksKey(tokens);
        // The first block to re-render: the last one (still open), or an earlier one whose source changed.
        let keep = nextLinks === links ? Math.min(blocks.length, tokens.length - 1) : 0;
        for (let i = 0; i < keep; i++) if (blocks[i]?.raw !== tokens[i]?.raw) keep = i;
        links = nextLinks;
        for (const stale of blocks.splice(keep)) stale.el.remove();
        for (const token of tokens.slice(keep)) {
          const block = { raw: token.raw, el: renderBlock(token) };
          target.append(block.el);
          blocks.push(block);
        }
      },
      reset() {
        links = '{}';
        blocks = [];
      },
    });
  },
});
