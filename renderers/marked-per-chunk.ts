import { markdownToSafeHtml } from '../harness/renderer/markdown.ts';
import { defineRenderer } from '../harness/renderer/contract.ts';
import { wholeSourceRenderer } from '../harness/renderer/whole-source.ts';

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
    return wholeSourceRenderer('chunk', {
      render(target, source) {
        target.innerHTML = markdownToSafeHtml(source);
      },
    });
  },
});
