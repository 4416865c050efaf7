import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: appends each chunk inside a closed shadow root, which no page script can reach through the host:
// the probe sees it only through its attachShadow patch.
export default defineRenderer({
  description: 'TEST: appends the text inside a closed shadow root',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        const host = document.createElement('div');
        const shadow = host.attachShadow({ mode: 'closed' });
        target = document.createElement('div');
        target.style.whiteSpace = 'pre-wrap';
        shadow.append(target);
        el.append(host);
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
