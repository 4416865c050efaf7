// The "highlight when the block is done" habit: an open fence is shown as plain text and highlighted once its
// closing ``` arrives (so a half-written block is never mis-highlighted). While open, only the new characters are
// appended to a text node (O(new text) a frame); highlight.js runs once per block, at close, costing one
// O(block) frame then. Markdown around the code is block-memoized (harness/renderer/fenced-markdown.ts).
import { defineRenderer } from '../harness/renderer/contract.ts';
import { hljsHtml } from '../harness/renderer/code-highlighters.ts';
import { fencedMarkdownRenderer, type CodeBlockView } from '../harness/renderer/fenced-markdown.ts';

function onCloseView(lang: string): CodeBlockView {
  const pre = document.createElement('pre');
  const code = pre.appendChild(document.createElement('code'));
  const text = code.appendChild(document.createTextNode(''));
  return {
    element: pre,
    update(next) {
      // The view is given growing code; anything else (never expected) is redrawn whole.
      if (next.startsWith(text.data)) text.appendData(next.slice(text.data.length));
      else text.data = next;
    },
    close(final) {
      const html = hljsHtml(final, lang);
      code.className = `hljs language-${lang}`;
      if (html === null) code.textContent = final;
      else code.innerHTML = html;
    },
  };
}

export default defineRenderer({
  description: 'markdown per frame (memoized blocks); code shown as plain text while open, highlight.js once at close',
  output: 'markdown',
  family: 'code',
  packages: ['highlight.js', 'marked', 'dompurify'],
  source: { name: 'highlight.js once the fence closes', url: 'https://highlightjs.org/' },
  create() {
    return fencedMarkdownRenderer(onCloseView);
  },
});
