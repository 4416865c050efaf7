import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: test-below-fold plus auto-scroll: after each append the box's end is scrolled into view, as a
// chat UI follows its stream. Each marker must be visible within a frame of its commit.
export default defineRenderer({
  description: 'TEST: appends text below the fold and scrolls it into view after each append',
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
        box?.scrollIntoView({ block: 'end' });
      },
      end() {},
      dispose() {
        root?.replaceChildren();
        scrollTo(0, 0);
      },
    };
  },
});
