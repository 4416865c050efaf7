// What the page tells Node about renderers (the --list / conformance / results view): each renderer's declared
// metadata, or why it is broken, and the text it must end with. Imports every renderer, so it is called in a
// page of its own, never in a measured one.
import { markdownToSafeHtml } from '../renderer/markdown.ts';
import { loadRenderer, rendererNames } from './registry.ts';
import type { RendererInfo } from './protocol.ts';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function infoOf(name: string): Promise<RendererInfo> {
  try {
    const def = await loadRenderer(name);
    return {
      name,
      description: def.description,
      output: def.output,
      ...(def.family ? { family: def.family } : {}),
      ...(def.packages ? { packages: [...def.packages] } : {}),
      ...(def.source ? { source: { name: def.source.name, url: def.source.url } } : {}),
    };
  } catch (error) {
    return { name, description: '', output: 'text', broken: describe(error) };
  }
}

/** Every renderer, each imported (in parallel); a broken one is listed with its import error. */
export function describeRenderers(): Promise<RendererInfo[]> {
  return Promise.all(rendererNames().map(infoOf));
}

/** The text a markdown renderer's DOM should hold once the whole source is rendered. */
export function expectedMarkdownText(source: string): string {
  const scratch = document.createElement('div');
  scratch.innerHTML = markdownToSafeHtml(source);
  return scratch.textContent ?? '';
}

/**
 * The DOM text `renderer` must end with after streaming `source`: its own expectedText(source) when it declares
 * one, else the source itself (`text` output) or marked + DOMPurify's rendering of it (`markdown`).
 */
export async function expectedTextOf(renderer: string, source: string): Promise<string> {
  const def = await loadRenderer(renderer);
  if (def.expectedText) return def.expectedText(source);
  return def.output === 'text' ? source : expectedMarkdownText(source);
}
