// Copies shiki's codeToHtml called on every update of a streaming code block, as unslothai/unsloth PR #7537
// found (one 13,561-character block re-highlighted 808 times; the TextMate tokenizer took ~4 s of an 8.2 s
// profile). Every frame re-tokenizes the whole open block with TextMate grammars (Oniguruma WASM regexes), far
// dearer per character than highlight.js, and replaces its DOM: O(n^2) over a long block.
// The highlighter is created once, before the stream (harness/renderer/code-highlighters.ts).
import { defineRenderer } from '../harness/renderer/contract.ts';
import { SHIKI_THEME, shiki, shikiLang } from '../harness/renderer/code-highlighters.ts';
import { fencedMarkdownRenderer, type CodeBlockView } from '../harness/renderer/fenced-markdown.ts';

function codeToHtmlView(lang: string): CodeBlockView {
  const box = document.createElement('div');
  const language = shikiLang(lang);
  // shiki's HTML escapes the code's text; its only markup is <pre>, <code> and styled <span>s.
  const paint = (code: string): void => {
    box.innerHTML = shiki.codeToHtml(code, { lang: language, theme: SHIKI_THEME });
  };
  return { element: box, update: paint, close: paint };
}

export default defineRenderer({
  description: 'markdown per frame (memoized blocks); shiki codeToHtml re-highlights the open code block every update',
  output: 'markdown',
  family: 'code',
  packages: ['shiki', 'marked', 'dompurify'],
  source: {
    name: 'unslothai/unsloth PR #7537 (shiki codeToHtml per update)',
    url: 'https://github.com/unslothai/unsloth/pull/7537',
  },
  create() {
    return fencedMarkdownRenderer(codeToHtmlView);
  },
});
