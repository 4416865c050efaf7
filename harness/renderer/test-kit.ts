// Builds the tests' misbehaving renderers (tests/renderers/*.ts, opt-in by name): each chunk appended as plain
// text, with one twist given as a hook (a throw, a hang, skipped chunks, text nobody can see), so each of those
// files is only its twist. Renderers with an injected cost use harness/calibration/renderer-kit.ts instead.
import { defineRenderer, type RendererDefinition } from './contract.ts';

export interface TextRendererTwist {
  /** Chunks go into a child div with these styles (e.g. `display: none`); default: straight into the root. */
  boxStyle?: Partial<Pick<CSSStyleDeclaration, 'display' | 'whiteSpace'>>;
  /** Runs before chunk number `index` (from 0) is appended; may throw or block. Returns false to drop it. */
  beforeAppend?: (index: number) => boolean | void;
}

export function textRenderer(description: string, twist: TextRendererTwist = {}): RendererDefinition {
  if (!description.startsWith('TEST:')) {
    throw new Error(`test renderers' descriptions start with "TEST:": ${description}`);
  }
  return defineRenderer({
    description,
    output: 'text',
    create() {
      let root: HTMLElement | null = null;
      let target: HTMLElement | null = null;
      let count = 0;
      return {
        mount(el) {
          root = target = el;
          if (!twist.boxStyle) return;
          target = document.createElement('div');
          Object.assign(target.style, twist.boxStyle);
          el.append(target);
        },
        push(chunk) {
          if (twist.beforeAppend?.(count++) !== false) target?.append(chunk);
        },
        end() {},
        dispose() {
          root?.replaceChildren();
        },
      };
    },
  });
}
