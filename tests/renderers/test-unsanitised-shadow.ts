import { defineRenderer } from '../../harness/renderer/contract.ts';
import { marked } from '../../harness/renderer/marked.ts';
import { wholeSourceRenderer } from '../../harness/renderer/whole-source.ts';

// Test-only: test-unsanitised (marked, innerHTML per frame, no DOMPurify) inside a CLOSED shadow root, so the safety
// test shows that the scan reaches into shadow roots a page cannot see through host.shadowRoot.
export default defineRenderer({
  description: 'TEST: whole markdown re-parsed with marked, NOT sanitised, rendered inside a closed shadow root',
  output: 'markdown',
  family: 'markdown',
  packages: ['marked'],
  create() {
    const inner = wholeSourceRenderer('frame', {
      render(target, source) {
        target.innerHTML = marked.parse(source, { async: false });
      },
    });
    let root: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        const host = el.appendChild(document.createElement('div'));
        const box = document.createElement('div');
        host.attachShadow({ mode: 'closed' }).append(box);
        inner.mount(box);
      },
      push: (chunk) => inner.push(chunk),
      end: () => inner.end(),
      dispose() {
        inner.dispose();
        root?.replaceChildren();
        root = null;
      },
    };
  },
});
