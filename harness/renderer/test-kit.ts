// Builds the tests' renderers (tests/renderers/*.ts, opt-in by name): each chunk appended as plain text, with
// one twist given as hooks (a throw, a hang, skipped chunks, a target nobody can see, a different write), so
// each of those files is only its twist. Renderers with an injected cost use harness/calibration/renderer-kit.ts.
import { defineRenderer, type RendererDefinition } from './contract.ts';

export interface TextRendererTwist {
  /** Builds, inside the root at mount, where the chunks go (default: the root itself). */
  target?: (root: HTMLElement) => ParentNode;
  /** Runs before chunk number `index` (from 0) is written; may throw or block. Returns false to drop the chunk. */
  beforeAppend?: (index: number) => boolean | void;
  /** Writes one chunk into the target (default: appends it as a text node). */
  write?: (target: ParentNode, chunk: string) => void;
}

/** A div with these styles appended to `parent`: the usual target (e.g. `{ whiteSpace: 'pre-wrap' }`). */
export function styledBox(parent: ParentNode, style: Partial<CSSStyleDeclaration>): HTMLElement {
  const box = document.createElement('div');
  Object.assign(box.style, style);
  parent.append(box);
  return box;
}

export function textRenderer(description: string, twist: TextRendererTwist = {}): RendererDefinition {
  if (!description.startsWith('TEST:')) {
    throw new Error(`test renderers' descriptions start with "TEST:": ${description}`);
  }
  const write = twist.write ?? ((target: ParentNode, chunk: string) => target.append(chunk));
  return defineRenderer({
    description,
    output: 'text',
    create() {
      let root: HTMLElement | null = null;
      let target: ParentNode | null = null;
      let count = 0;
      return {
        mount(el) {
          root = el;
          target = twist.target ? twist.target(el) : el;
        },
        push(chunk) {
          if (twist.beforeAppend?.(count++) !== false && target) write(target, chunk);
        },
        end() {},
        dispose() {
          root?.replaceChildren();
        },
      };
    },
  });
}
