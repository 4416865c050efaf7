// Copies the common highlight.js habit in chat UIs (react-markdown + rehype-highlight / a useEffect calling
// hljs.highlight on each render): the open code block is re-highlighted from its first line on every update.
// Each frame's highlight costs O(block length), so a long block costs O(n^2) in total, and its DOM (one span per
// token) is rebuilt every frame. Markdown around the code is block-memoized (harness/renderer/fenced-markdown.ts).
import { defineRenderer } from '../harness/renderer/contract.ts';
import { hljsHtml } from '../harness/renderer/code-highlighters.ts';
import { fencedMarkdownRenderer, type CodeBlockView } from '../harness/renderer/fenced-markdown.ts';

function everyUpdateView(lang: string): CodeBlockView {
  const pre = document.createElement('pre');
  const code = pre.appendChild(document.createElement('code'));
  code.className = `hljs language-${lang}`;
  const paint = (text: string): void => {
    const html = hljsHtml(text, lang);
    if (html === null) code.textContent = text;
    else code.innerHTML = html;
  };
  return { element: pre, update: paint, close: paint };
}

export default defineRenderer({
  description: 'markdown per frame (memoized blocks); highlight.js re-highlights the open code block on every update',
  output: 'markdown',
  family: 'code',
  packages: ['highlight.js', 'marked', 'dompurify'],
  source: { name: 'highlight.js on every render (rehype-highlight-style)', url: 'https://highlightjs.org/' },
  create() {
    return fencedMarkdownRenderer(everyUpdateView);
  },
});
