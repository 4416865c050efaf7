import * as smd from 'streaming-markdown';
import { defineRenderer } from '../harness/renderer/contract.ts';

// Chrome's guide: feed every network chunk to streaming-markdown's append-only parser (parser_write), which
// creates DOM nodes for the new tokens only and never re-parses or touches what it already built, so each chunk
// costs O(chunk), not O(length so far). Safety: its default renderer builds nodes with createElement and
// createTextNode, so raw HTML in the answer shows as text (only <br> becomes an element); but it copies link and
// image URLs verbatim into href/src, so a [link](javascript:...) in the answer runs script when clicked. The guard
// below (the smallest a product would add) drops any URL whose scheme is not http(s) or mailto; the text stays.
// The default renderer puts no whitespace between block elements, so textContent would read "headingParagraph";
// a "\n" text node before each block (invisible: it collapses) keeps the words apart for the conformance check.

/** Link and image URLs a product lets through: web and mail links, and relative ones (no scheme before / ? #). */
const SAFE_URL = /^(?:https?:|mailto:|[^:/?#]*(?:[/?#]|$))/i;
/** Tokens that stay inside a line; every other one (paragraph, heading, list item, cell, <br>...) starts a new one. */
const INLINE = new Set<smd.Token>([
  smd.DOCUMENT,
  smd.CODE_INLINE,
  smd.ITALIC_AST,
  smd.ITALIC_UND,
  smd.STRONG_AST,
  smd.STRONG_UND,
  smd.STRIKE,
  smd.LINK,
  smd.RAW_URL,
  smd.IMAGE,
  smd.CHECKBOX,
  smd.EQUATION_INLINE,
]);

/** The guards around the default renderer: URL schemes checked, and blocks separated in textContent. */
function guardedRenderer(target: HTMLElement): smd.Default_Renderer {
  const renderer = smd.default_renderer(target);
  const { add_token: addToken, set_attr: setAttr } = renderer;
  renderer.set_attr = (data, type, value) => {
    const isUrl = type === smd.HREF || type === smd.SRC;
    if (!isUrl || SAFE_URL.test(value.trim())) setAttr(data, type, value);
  };
  renderer.add_token = (data, type) => {
    if (!INLINE.has(type)) data.nodes[data.index]?.append('\n');
    addToken(data, type);
  };
  return renderer;
}

export default defineRenderer({
  description: 'streaming-markdown: each chunk fed to an append-only parser that adds DOM nodes, never re-parses',
  output: 'markdown',
  family: 'markdown',
  packages: ['streaming-markdown'],
  source: {
    name: "Chrome's guide: render LLM responses with a streaming markdown parser",
    url: 'https://developer.chrome.com/docs/ai/render-llm-responses',
  },
  create() {
    let root: HTMLElement | null = null;
    let parser: smd.Parser | null = null;
    return {
      mount(el) {
        root = el;
        const target = document.createElement('div');
        el.append(target);
        parser = smd.parser(guardedRenderer(target));
      },
      push(chunk) {
        if (parser) smd.parser_write(parser, chunk);
      },
      end() {
        if (parser) smd.parser_end(parser);
      },
      dispose() {
        parser = null;
        root?.replaceChildren();
        root = null;
      },
    };
  },
});
