import { markdownToSafeHtml } from '../harness/renderer/markdown.ts';
import { defineRenderer } from '../harness/renderer/contract.ts';

// The naive habit: on every network chunk, re-parse the whole message with marked, sanitise it with DOMPurify and
// replace the container's innerHTML (assistant-ui #6726: the whole message parsed per token). Each chunk costs
// O(length so far) in parse, sanitise, DOM rebuild and layout, so the answer costs O(n^2), and the number of
// rebuilds follows the model's rate (981/s), not the display's (60/s).
export default defineRenderer({
  description: 'whole markdown re-parsed (marked + DOMPurify) and innerHTML replaced on every network chunk',
  output: 'markdown',
  family: 'markdown',
  packages: ['marked', 'dompurify'],
  source: {
    name: 'assistant-ui #6726: every streamed token re-parses the whole message',
    url: 'https://github.com/assistant-ui/assistant-ui/issues/6726',
  },
  create() {
    let root: HTMLElement | null = null;
    let target: HTMLElement | null = null;
    let source = '';
    return {
      mount(el) {
        root = el;
        target = document.createElement('div');
        el.append(target);
      },
      push(chunk) {
        source += chunk;
        if (target) target.innerHTML = markdownToSafeHtml(source);
      },
      end() {},
      dispose() {
        source = '';
        root?.replaceChildren();
        root = target = null;
      },
    };
  },
});
