import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: draws the text on a canvas. A person sees it, but no DOM holds it: the run is unmeasurable
// (no marker text in any DOM the probe reaches), not "never visible".
export default defineRenderer({
  description: 'TEST: draws the text on a canvas (no text in the DOM)',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let context: CanvasRenderingContext2D | null = null;
    let text = '';
    return {
      mount(el) {
        root = el;
        const canvas = document.createElement('canvas');
        canvas.width = 700;
        canvas.height = 300;
        el.append(canvas);
        context = canvas.getContext('2d');
        if (context) context.font = '14px sans-serif';
      },
      push(chunk) {
        text += chunk;
        if (!context) return;
        context.clearRect(0, 0, 700, 300);
        // Only the last line's worth: enough to draw something per chunk.
        context.fillText(text.slice(-90), 4, 20);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
