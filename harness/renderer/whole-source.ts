// The shape shared by strategies that keep the whole source and re-render it into one element: the source grows
// per chunk, and `render(target, source)` runs on every chunk or once per animation frame (and at end() for any
// frame still pending). The strategies differ only in `render`, so that is all each renderer file says.
import type { Renderer } from './contract.ts';

/** When the whole source is re-rendered: on every network chunk, or once per animation frame. */
export type RenderSchedule = 'chunk' | 'frame';

export interface WholeSourceView {
  render(target: HTMLElement, source: string): void;
  /** Drop per-answer state (memoized blocks) at dispose. */
  reset?(): void;
}

export function wholeSourceRenderer(schedule: RenderSchedule, view: WholeSourceView): Renderer {
  let root: HTMLElement | null = null;
  let target: HTMLElement | null = null;
  let source = '';
  let frame = 0;
  const flush = (): void => {
    frame = 0;
    if (target) view.render(target, source);
  };
  return {
    mount(el) {
      root = el;
      target = document.createElement('div');
      el.append(target);
    },
    push(chunk) {
      source += chunk;
      if (schedule === 'chunk') flush();
      else if (!frame) frame = requestAnimationFrame(flush);
    },
    end() {
      if (!frame) return;
      cancelAnimationFrame(frame);
      flush();
    },
    dispose() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      source = '';
      view.reset?.();
      root?.replaceChildren();
      root = target = null;
    },
  };
}
