// Copies Vercel's AI Elements <MessageResponse>: a memoized <Streamdown> (streamdown 2.7, default mode
// "streaming") fed useChat's message text, re-rendered per chunk (useChat without a throttle: a
// useSyncExternalStore read, rendered in a microtask). Per update Streamdown repairs the unterminated markdown
// (remend, O(length)), splits the whole text into blocks with marked's lexer (O(length)), and re-parses only the
// blocks that changed (memoized Block: unified remark/rehype + rehype-harden + rehype-sanitize): the last block.
// Its defaults kept: controls (copy/download buttons), line numbers, link safety, no animation. Code is
// highlighted by the @streamdown/code plugin, as AI Elements passes it (`plugins={{ code }}`): shiki, its grammars
// and themes loaded on first use, each block's tokens computed asynchronously and cached once the block is
// complete; until they arrive the block shows plain text (the same characters). Mermaid, math and CJK plugins
// are left out: no scenario streams them. Its classes are Tailwind utilities meant for the app's Tailwind build,
// and its colours are shadcn/ui tokens: neither is here, so it looks unstyled; layout.css adds only what decides
// what is on screen.
import { memo, useEffect, useSyncExternalStore, type ComponentProps } from 'react';
import { code } from '@streamdown/code';
import { Streamdown } from 'streamdown';
import { defineRenderer } from '../../harness/renderer/contract.ts';
import { markdownToSafeHtml } from '../../harness/renderer/markdown.ts';
import { marked } from '../../harness/renderer/marked.ts';
import { AnswerStore, storeRenderer } from '../react-markdown/answer-store.ts';
import './layout.css';

/** AI Elements' plugin set, minus those no scenario needs (mermaid, math, cjk). */
const PLUGINS = { code };

/** AI Elements' MessageResponse: re-renders only when the text (or streaming state) changes. */
const MessageResponse = memo(
  function MessageResponse(props: ComponentProps<typeof Streamdown>) {
    return (
      <Streamdown className="size-full [&>*:first-child]:mt-0 [&>*:last-child]:mb-0" plugins={PLUGINS} {...props} />
    );
  },
  (prev, next) => prev.children === next.children && prev.isAnimating === next.isAnimating,
);

/**
 * A fenced code block as Streamdown shows it: a header with the language's name, then each line in its own
 * block-level span (no newline between them in textContent; an empty line is a newline), trailing newlines dropped.
 */
function codeBlockText(code: Element): string {
  const language = /language-(\S+)/.exec(code.className)?.[1] ?? '';
  const lines = (code.textContent ?? '').replace(/\n+$/, '').split('\n');
  return language + lines.map((line) => line || '\n').join('');
}

/**
 * What Streamdown shows: each top-level block (marked's lexer, as Streamdown splits) rendered as its own document,
 * so nothing separates one block's text from the next in textContent; fenced code as codeBlockText describes.
 */
function streamdownText(source: string): string {
  const scratch = document.createElement('div');
  return marked
    .lexer(source)
    .map((token) => {
      scratch.innerHTML = markdownToSafeHtml(token.raw);
      for (const code of scratch.querySelectorAll('pre > code')) code.parentElement?.replaceWith(codeBlockText(code));
      return [...scratch.childNodes]
        .filter((node) => node.nodeType === Node.ELEMENT_NODE || node.textContent?.trim())
        .map((node) => node.textContent ?? '')
        .join('');
    })
    .join('');
}

function Answer({ store }: { store: AnswerStore }) {
  const text = useSyncExternalStore(store.subscribeText, store.getText);
  const status = useSyncExternalStore(store.subscribeStatus, store.getStatus);
  useEffect(() => store.committed(text), [store, text]);
  return <MessageResponse isAnimating={status === 'streaming'}>{text}</MessageResponse>;
}

export default defineRenderer({
  description: 'React 19 + streamdown <Streamdown> (streaming mode, memoized blocks), updated per chunk',
  output: 'markdown',
  family: 'framework',
  packages: ['react', 'react-dom', 'streamdown', '@streamdown/code'],
  source: { name: 'Vercel streamdown (AI Elements MessageResponse)', url: 'https://github.com/vercel/streamdown' },
  expectedText: streamdownText,
  create() {
    const store = new AnswerStore();
    return storeRenderer(store, <Answer store={store} />, () => store.finish());
  },
});
