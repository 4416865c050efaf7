import { markdownToSafeHtml } from '../harness/renderer/markdown.ts';
import { defineRenderer } from '../harness/renderer/contract.ts';
import { wholeSourceRenderer } from '../harness/renderer/whole-source.ts';

// The usual fix for the per-chunk habit: chunks are buffered and the whole message is re-parsed (marked +
// DOMPurify) and swapped in with innerHTML once per animation frame. The number of rebuilds now follows the
// display (60/s), but each one still costs O(length so far), so a long answer still grows to miss frames.
export default defineRenderer({
  description: 'whole markdown re-parsed (marked + DOMPurify) and innerHTML replaced once per animation frame',
  output: 'markdown',
  family: 'markdown',
  packages: ['marked', 'dompurify'],
  source: {
    name: 'full re-render batched to requestAnimationFrame',
    url: 'https://developer.mozilla.org/docs/Web/API/Window/requestAnimationFrame',
  },
  create() {
    return wholeSourceRenderer('frame', {
      render(target, source) {
        target.innerHTML = markdownToSafeHtml(source);
      },
    });
  },
});
