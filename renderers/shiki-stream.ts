// Copies @shikijs/stream, shiki's own answer to streaming code: its ShikiStreamTokenizer keeps the tokens of
// complete lines (and the grammar state after them) and re-tokenizes only the unstable last line with each new
// chunk, answering "drop the last `recall` tokens, append these". So a frame costs O(new text + last line), not
// O(block), and only the tail's spans change. This renders the result as its ShikiStreamRenderer (React) does,
// one styled span per token, but straight into the DOM. The highlighter is created once, before the stream
// (harness/renderer/code-highlighters.ts); the markdown around the code is block-memoized (fenced-markdown.ts).
import { ShikiStreamTokenizer } from '@shikijs/stream';
import { getTokenStyleObject, stringifyTokenStyle, type ThemedToken } from 'shiki';
import { defineRenderer } from '../harness/renderer/contract.ts';
import { SHIKI_THEME, shiki, shikiLang } from '../harness/renderer/code-highlighters.ts';
import { fencedMarkdownRenderer, type CodeBlockView } from '../harness/renderer/fenced-markdown.ts';

function tokenSpan(token: ThemedToken): HTMLSpanElement {
  const span = document.createElement('span');
  span.style.cssText = stringifyTokenStyle(token.htmlStyle ?? getTokenStyleObject(token));
  span.textContent = token.content;
  return span;
}

function streamView(lang: string): CodeBlockView {
  const pre = document.createElement('pre');
  pre.className = 'shiki shiki-stream';
  const theme = shiki.getTheme(SHIKI_THEME);
  Object.assign(pre.style, { backgroundColor: theme.bg, color: theme.fg });
  const code = pre.appendChild(document.createElement('code'));
  const tokenizer = new ShikiStreamTokenizer({ highlighter: shiki, lang: shikiLang(lang), theme: SHIKI_THEME });
  let fed = '';
  /** Bumped when the tokenizer restarts, so a result computed before the restart is dropped. */
  let generation = 0;
  const feed = (next: string): void => {
    if (!next.startsWith(fed)) {
      // Not expected (the view is given growing code), but a changed prefix means starting over.
      tokenizer.clear();
      code.replaceChildren();
      fed = '';
      generation++;
    }
    const chunk = next.slice(fed.length);
    fed = next;
    if (!chunk) return;
    const at = generation;
    // enqueue() is async in name only: it tokenizes synchronously and resolves with the result.
    void tokenizer.enqueue(chunk).then(({ recall, stable, unstable }) => {
      if (at !== generation) return;
      for (let i = 0; i < recall; i++) code.lastChild?.remove();
      code.append(...stable.map(tokenSpan), ...unstable.map(tokenSpan));
    });
  };
  return {
    element: pre,
    update: feed,
    close(final) {
      feed(final);
      // The unstable last line's tokens are already shown; close() only makes them final.
      tokenizer.close();
    },
  };
}

export default defineRenderer({
  description: 'markdown per frame (memoized blocks); @shikijs/stream tokenizes only new code (unstable tail re-done)',
  output: 'markdown',
  family: 'code',
  packages: ['shiki', '@shikijs/stream', 'marked', 'dompurify'],
  source: {
    name: '@shikijs/stream (ShikiStreamTokenizer)',
    url: 'https://github.com/shikijs/shiki/tree/main/packages/stream',
  },
  create() {
    return fencedMarkdownRenderer(streamView);
  },
});
