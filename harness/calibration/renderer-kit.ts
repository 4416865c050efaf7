// Builds the calibration renderers (harness/calibration/renderers/calib-*.ts): plain text appended per chunk (a text
// node into a pre-wrap div, like per-chunk-dom, so the rendering cost of a write is ~0), plus a known injected cost.
import { defineRenderer, type RendererDefinition } from '../renderer/contract.ts';
import { spin } from './costs.ts';

export interface InjectedCost {
  /** Busy-wait before each write, ms, given the characters accumulated after that write. */
  perWriteMs?: (charsSoFar: number) => number;
  /** A stall that runs every `everyMs` from mount, independent of writes (setInterval, cleared at dispose). */
  stall?: { everyMs: number; durationMs: number };
}

export function calibrationRenderer(description: string, cost: InjectedCost): RendererDefinition {
  if (!description.startsWith('TEST:'))
    throw new Error(`calibration renderer descriptions start with "TEST:": ${description}`);
  return defineRenderer({
    description,
    output: 'text',
    create() {
      let root: HTMLElement | null = null;
      let target: HTMLElement | null = null;
      let chars = 0;
      let timer: ReturnType<typeof setInterval> | undefined;
      return {
        mount(el) {
          root = el;
          target = document.createElement('div');
          target.style.whiteSpace = 'pre-wrap';
          el.append(target);
          const stall = cost.stall;
          if (stall) timer = setInterval(() => spin(stall.durationMs), stall.everyMs);
        },
        push(chunk) {
          chars += chunk.length;
          if (cost.perWriteMs) spin(cost.perWriteMs(chars));
          target?.append(chunk);
        },
        end() {},
        dispose() {
          if (timer !== undefined) clearInterval(timer);
          timer = undefined;
          root?.replaceChildren();
          root = target = null;
        },
      };
    },
  });
}
