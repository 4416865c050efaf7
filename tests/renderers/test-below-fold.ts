import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: appends each chunk to a box placed below the bottom of the window and never scrolls to it. The
// text is in the DOM and laid out, but nobody sees it: every marker must be never visible, off-screen.
// (Positioned against the initial containing block, so the page's own follow-the-stream scroller does not
// bring it into view: only a scroll of the document could.)
export default defineRenderer({
  description: 'TEST: appends all text below the fold and never scrolls to it',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let box: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        box = document.createElement('div');
        Object.assign(box.style, {
          position: 'absolute',
          top: 'calc(100vh + 200px)',
          left: '0',
          whiteSpace: 'pre-wrap',
        });
        el.append(box);
      },
      push(chunk) {
        box?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
