// The two highlighters the 'code' renderers use, set up once with the languages the scenarios fence (ts, json,
// css, sh; see scenarios/generate/markdown.ts): highlight.js core with those grammars registered, and a shiki
// highlighter (TextMate grammars on the Oniguruma WASM engine, one bundled theme) created by top-level await,
// so it is ready when the page imports the renderer, before the stream's clock starts.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import json from 'highlight.js/lib/languages/json';
import typescript from 'highlight.js/lib/languages/typescript';
import { createHighlighter } from 'shiki';

hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('css', css);
hljs.registerLanguage('bash', bash);

/** highlight.js's HTML for `code` (its output escapes the code's text), or null for a language it lacks. */
export function hljsHtml(code: string, lang: string): string | null {
  if (!lang || !hljs.getLanguage(lang)) return null;
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

export const SHIKI_THEME = 'github-light';

export const shiki = await createHighlighter({
  themes: [SHIKI_THEME],
  langs: ['typescript', 'json', 'css', 'shellscript'],
});

/** The fence's language if shiki has it loaded (aliases such as ts and sh included), else plain text. */
export function shikiLang(lang: string): string {
  return lang && shiki.getLoadedLanguages().includes(lang) ? lang : 'text';
}
