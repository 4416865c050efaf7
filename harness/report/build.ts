// Builds the self-contained HTML report: the Lit app in harness/report/app is bundled once per process with Vite
// (one minified IIFE + its CSS), then inlined with the results JSON into a single index.html that opens
// from file:// with no server, no network and no other files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../results/types.ts';
import { forReport } from './embed.ts';

const APP_DIR = fileURLToPath(new URL('./app/', import.meta.url));
const ENTRY = join(APP_DIR, 'main.ts');

export interface ReportBundle {
  js: string;
  css: string;
}

interface OutputItem {
  type: 'chunk' | 'asset';
  fileName: string;
  code?: string;
  source?: string | Uint8Array;
}

function outputsOf(result: unknown): OutputItem[] {
  const list = Array.isArray(result) ? result : [result];
  const items: OutputItem[] = [];
  for (const r of list) {
    if (r && typeof r === 'object' && 'output' in r) items.push(...((r as { output: OutputItem[] }).output ?? []));
  }
  return items;
}

async function buildBundle(entry: string, name: string): Promise<ReportBundle> {
  // Imported lazily so that importing this module (e.g. for types) does not load Vite.
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    root: APP_DIR,
    publicDir: false,
    logLevel: 'warn',
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    // Pin the production export conditions: under vitest NODE_ENV=test, and Vite would otherwise pick Lit's
    // development build (which warns in the console and is slower).
    resolve: { conditions: ['module', 'browser', 'production'] },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      cssCodeSplit: false,
      modulePreload: false,
      // Library mode with the IIFE format emits exactly one chunk (no code splitting, dynamic imports inlined).
      lib: {
        entry,
        formats: ['iife'],
        name,
        fileName: () => 'report.js',
        cssFileName: 'report',
      },
    },
  });
  const outputs = outputsOf(result);
  const chunks = outputs.filter((o) => o.type === 'chunk');
  if (chunks.length !== 1) {
    throw new Error(
      `report build produced ${chunks.length} JS chunks (${chunks.map((c) => c.fileName).join(', ')}), expected ` +
        `exactly one`,
    );
  }
  const css = outputs
    .filter((o) => o.type === 'asset' && o.fileName.endsWith('.css'))
    .map((o) => (typeof o.source === 'string' ? o.source : new TextDecoder().decode(o.source)))
    .join('\n');
  return { js: chunks[0]!.code ?? '', css };
}

/** A bundle built at most once per process; a failed build is not kept, so a later call tries again. */
function builtOnce(entry: string, name: string): () => Promise<ReportBundle> {
  let built: Promise<ReportBundle> | null = null;
  return () => {
    if (!built) {
      built = buildBundle(entry, name);
      built.catch(() => {
        built = null;
      });
    }
    return built;
  };
}

/** The diff report's app (harness/report/app/compare-main.ts). */
export const compareBundle = builtOnce(join(APP_DIR, 'compare-main.ts'), 'StreambenchCompare');

/** The bundled report app (JS + CSS). */
export const reportBundle = builtOnce(ENTRY, 'StreambenchReport');

/** JSON that is safe inside <script>: `<` (so `</script>` and `<!--`) and the JS line separators are escaped. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline JS must not contain `</script` (it would end the element early); `<\/` means the same in JS. */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

export function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}

// Forbids every network load: a report that tries to fetch anything fails loudly in the console.
export const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; base-uri 'none'; " +
  "form-action 'none'";

/** What a self-contained page shows: its title, its app's element and bundle, and the data the app reads. */
export interface SelfContainedPage {
  title: string;
  /** The custom element the bundle defines, e.g. `sb-report`. */
  element: string;
  bundle: { js: string; css: string };
  /** The <noscript> note's second sentence: where the data is. */
  dataNote: string;
  dataId: string;
  data: unknown;
}

/** One HTML file that opens from file:// with no server or network: CSP, inlined style, data and script. */
export function selfContainedHtml(page: SelfContainedPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="streambench">
<title>${escapeHtml(page.title)}</title>
<style>
${inlineStyle(page.bundle.css)}
</style>
</head>
<body>
<${page.element}></${page.element}>
<noscript><p>This report needs JavaScript to draw. ${page.dataNote}</p></noscript>
<script type="application/json" id="${page.dataId}">${embedJson(page.data)}</script>
<script>
${inlineScript(page.bundle.js)}
</script>
</body>
</html>
`;
}

export async function buildReportHtml(results: Results): Promise<string> {
  const status = results.status === 'complete' ? '' : ` (${results.status})`;
  return selfContainedHtml({
    title: `streambench report · ${results.startedAt}${status}`,
    element: 'sb-report',
    bundle: await reportBundle(),
    dataNote: 'The raw numbers are in the results JSON embedded in this file.',
    dataId: 'streambench-data',
    data: forReport(results),
  });
}

/** Writes DIR/index.html (creating DIR) and returns its path. */
export async function writeReport(dir: string, results: Results): Promise<string> {
  const html = await buildReportHtml(results);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'index.html');
  await writeFile(path, html, 'utf8');
  return path;
}
