import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: appends each chunk to the body of a same-origin iframe (about:blank, written by the renderer).
export default defineRenderer({
  description: 'TEST: appends the text inside a same-origin iframe',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        const frame = document.createElement('iframe');
        Object.assign(frame.style, { width: '100%', height: '400px', border: '0' });
        el.append(frame);
        const doc = frame.contentDocument;
        if (!doc) throw new Error('about:blank iframe has no document');
        doc.body.style.whiteSpace = 'pre-wrap';
        target = doc.body;
      },
      push(chunk) {
        target?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
