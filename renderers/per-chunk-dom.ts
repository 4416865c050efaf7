import { defineRenderer } from '../harness/renderer/contract.ts';

// One DOM write per network chunk: append() adds a text node, as Chrome's streaming guidance recommends
// over innerHTML +=. Cheap per write, but the number of writes follows the model's rate, not the display's.
export default defineRenderer({
  description: 'one DOM write (append a text node) per network chunk; plain text',
  output: 'text',
  family: 'text',
  packages: [],
  source: {
    name: "Chrome's streaming guidance: append(), not innerHTML +=",
    url: 'https://developer.chrome.com/docs/ai/render-llm-responses',
  },
  create() {
    let target: HTMLElement | null = null;
    let root: HTMLElement | null = null;
    return {
      mount(el) {
        root = el;
        target = document.createElement('div');
        target.style.whiteSpace = 'pre-wrap';
        el.append(target);
      },
      push(chunk) {
        target?.append(chunk);
      },
      end() {},
      dispose() {
        root?.replaceChildren();
        target = root = null;
      },
    };
  },
});
