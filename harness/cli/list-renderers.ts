// `--list`'s renderer lines, without a browser: each renderer's module imported in Node (tsx) for its metadata,
// with its packages' installed versions. Style and asset imports load as empty modules (the page's bundler handles
// them). A module that fails to import is listed as broken with the error, except when it only needs a browser
// (a DOM global at module scope): the browser run will tell.
import { register } from 'node:module';
import { relative } from 'node:path';
import type { RendererDefinition } from '../renderer/contract.ts';
import type { RendererFile } from '../renderer/files.ts';
import { formatPackages, packageVersions } from '../renderer/versions.ts';
import { PROJECT_ROOT } from '../run/page-server.ts';

const BROWSER_GLOBALS = new Set([
  'window',
  'document',
  'self',
  'navigator',
  'location',
  'customElements',
  'HTMLElement',
  'Element',
  'Node',
  'ShadowRoot',
  'CSS',
  'CSSStyleSheet',
  'requestAnimationFrame',
  'getComputedStyle',
  'matchMedia',
  'MutationObserver',
  'ResizeObserver',
  'IntersectionObserver',
  'DOMParser',
  'localStorage',
]);

const ASSET = /\.(css|scss|svg|png|woff2?)$/;
/** A module loader hook: asset imports become empty modules instead of Node's "Unknown file extension". */
const ASSET_HOOK = `export async function load(url, context, next) {
  if (!${ASSET}.test(new URL(url).pathname)) return next(url, context);
  return { format: 'module', source: 'export default "";', shortCircuit: true };
}`;

/** True when the import failed only because Node is not a browser. */
function needsBrowser(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const global = /^(\w+) is not defined$/.exec(error.message)?.[1];
  return error instanceof ReferenceError && global !== undefined && BROWSER_GLOBALS.has(global);
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n').find((l) => l.trim()) ?? message;
  return first
    .split(PROJECT_ROOT)
    .join('')
    .replaceAll(`${relative('/', PROJECT_ROOT)}/`, '');
}

/** The renderer's line after its name: "family: description [pkg@version, ...]", or BROKEN with the error. */
async function describeInNode(file: RendererFile): Promise<string> {
  let definition: RendererDefinition | undefined;
  try {
    const mod = (await import(`${PROJECT_ROOT}/${file.file}`)) as { default?: RendererDefinition };
    definition = mod.default;
  } catch (error) {
    if (needsBrowser(error)) return '(needs a browser to import: run it to see its description)';
    return `BROKEN: failed to import: ${oneLine(error)}`;
  }
  if (!definition || typeof definition.create !== 'function') return 'BROKEN: its default export is not a renderer';
  const packages = formatPackages(packageVersions(definition.packages));
  const family = definition.family ? `[${definition.family}] ` : '';
  return `${family}${definition.description}${packages ? ` (${packages})` : ''}`;
}

/** Each renderer's --list line by name. */
export async function describeRendererFiles(files: readonly RendererFile[]): Promise<Map<string, string>> {
  register(`data:text/javascript,${encodeURIComponent(ASSET_HOOK)}`);
  const lines = await Promise.all(files.map(describeInNode));
  return new Map(files.map((f, i) => [f.name, lines[i] ?? '']));
}
