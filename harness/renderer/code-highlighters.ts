// The two highlighters the 'code' renderers use, set up once with the languages the scenarios fence (ts, json,
// css, sh; see scenarios/generate/markdown.ts): highlight.js core with those grammars registered, and a shiki
// highlighter (TextMate grammars on the Oniguruma WASM engine, one bundled theme) created by top-level await,
// so it is ready when the page imports the renderer, before the stream's clock starts. Both compile a grammar's
// regexes lazily, on first use: shiki's first TypeScript highlight took ~4 s on this loaded 2-core machine. A chat
// page's highlighter has usually highlighted something already, so each is warmed up here with a generic snippet
// per language (not the scenarios' code); the renderers then measure their policy, not a one-off compile.
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

const LANGS = ['typescript', 'json', 'css', 'shellscript'] as const;

export const SHIKI_THEME = 'github-light';

export const shiki = await createHighlighter({
  themes: [SHIKI_THEME],
  langs: [...LANGS],
});

/** Generic snippets touching the usual constructs of each language, for the warm-up. */
const WARM_UP: Readonly<Record<(typeof LANGS)[number], string>> = {
  typescript: [
    "// A comment\nimport { a, type B } from './b.ts';\n/** Doc. */",
    'export interface Box<T> { value: T; readonly n?: number }',
    'export class Queue<T> extends Base implements Box<T> {',
    '  private items: T[] = [];',
    '  async push(item: T): Promise<void> {',
    '    const re = /\\d+(?:ms)?$/g;',
    "    if (re.test(`${item}`)) throw new Error('full');",
    '    for (const [i, x] of this.items.entries()) console.log(i, x ?? null, !x, x as unknown);',
    '  }',
    '}',
    'export const f = (x: number): string => (x > 0 ? "pos" : \'neg\');',
  ].join('\n'),
  json: '{ "a": [1, 2.5, true, null], "b": { "c": "d" } }',
  css: '.a > b:hover, #c { color: #fff; margin: 0 auto !important; }\n@media (min-width: 10px) { a { b: c } }',
  shellscript: 'npm run bench -- --renderers a,b --rates 55,981 # note\nexport X="$HOME" && echo ${X}',
};
for (const lang of LANGS) {
  hljsHtml(WARM_UP[lang], lang === 'shellscript' ? 'bash' : lang);
  shiki.codeToTokens(WARM_UP[lang], { lang, theme: SHIKI_THEME });
}

/** The fence's language if shiki has it loaded (aliases such as ts and sh included), else plain text. */
export function shikiLang(lang: string): string {
  return lang && shiki.getLoadedLanguages().includes(lang) ? lang : 'text';
}
