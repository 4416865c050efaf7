// The renderer contract: one file in renderers/ default-exports defineRenderer({...}). The file name
// (without .ts) is the renderer's name. Nothing else to register.
import type { ContentFormat } from '../schedule/types.ts';

export interface RendererContext {
  /** What the streamed content is. A chat UI usually parses everything as markdown regardless. */
  format: ContentFormat;
  /** The page's scroll container (#page): what a renderer with `scroll: 'own'` scrolls. */
  scroller: HTMLElement;
}

export interface Renderer {
  /** Called once, before the first chunk. Render only inside `root`. */
  mount(root: HTMLElement): void;
  /** A network chunk arrived (one or more tokens of text). */
  push(chunk: string): void;
  /** The stream is complete. May return a promise; the probe, not this promise, decides visibility. */
  end(): void | Promise<void>;
  /** Remove everything from root and release timers/listeners. */
  dispose(): void;
}

/** What kind of strategy a renderer is: the report groups renderers by family. */
export const RENDERER_FAMILIES = ['text', 'markdown', 'framework', 'code', 'pacing', 'scroll'] as const;
export type RendererFamily = (typeof RENDERER_FAMILIES)[number];

export interface RendererDefinition {
  /** One line: what strategy this renderer implements. */
  description: string;
  /** `text` shows the source text as is; `markdown` renders it as sanitised HTML. */
  output: 'text' | 'markdown';
  /** Required for the strategies in renderers/ (conformance checks it); optional for instrument renderers. */
  family?: RendererFamily;
  /** npm packages it uses, names only: their installed versions are read and reported with the results. */
  packages?: readonly string[];
  /** The product or practice this strategy copies. */
  source?: { name: string; url: string };
  /**
   * The DOM text (textContent, whitespace-normalised) the renderer must end with, when it differs from the
   * default rule: the source itself for `text` output, the text of marked + DOMPurify's rendering for `markdown`.
   */
  expectedText?: (source: string) => string;
  /**
   * Who keeps the newest text in view. 'page' (default): the page's scroller follows the stream with CSS, and
   * text it pushes above the window counts as seen. 'own': the renderer scrolls `context.scroller` itself, which
   * the page then makes a plain top-to-bottom scroller; text its policy lets slide out of view unseen is never
   * visible.
   */
  scroll?: 'page' | 'own';
  create(context: RendererContext): Renderer;
}

export function defineRenderer(definition: RendererDefinition): RendererDefinition {
  return definition;
}

/**
 * `renderers/per-chunk-dom.ts` -> `per-chunk-dom`; a `.tsx` file, or a folder `renderers/<name>/index.ts(x)`
 * with its helpers beside it, is named the same way. Shared by the page's glob and Node's file listing.
 */
export function rendererNameFromPath(path: string): string {
  const parts = path.split(/[\\/]/);
  const base = parts.pop() ?? path;
  if (/^index\.tsx?$/.test(base)) return parts.pop() ?? base;
  return base.replace(/\.tsx?$/, '');
}
