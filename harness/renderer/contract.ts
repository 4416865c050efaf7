// The renderer contract: one file in renderers/ default-exports defineRenderer({...}). The file name
// (without .ts) is the renderer's name. Nothing else to register.
import type { ContentFormat } from '../schedule/types.ts';

export interface RendererContext {
  /** What the streamed content is. A chat UI usually parses everything as markdown regardless. */
  format: ContentFormat;
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

export interface RendererDefinition {
  /** One line: what strategy this renderer implements. */
  description: string;
  /** `text` shows the source text as is; `markdown` renders it as sanitised HTML. */
  output: 'text' | 'markdown';
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
