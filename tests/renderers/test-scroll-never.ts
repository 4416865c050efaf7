import { defineRenderer } from '../../harness/renderer/contract.ts';
import { scrollRenderer } from '../../harness/renderer/scroll-base.ts';

// Test-only control for the 'scroll' family: the same base with `scroll: 'own'` and no policy, so the page's
// scroller stays at the top and text past the first window of the answer is never on screen ('off-screen').
export default defineRenderer({
  description: 'TEST: text appended per frame, own scroll policy that never scrolls',
  output: 'text',
  scroll: 'own',
  create(context) {
    return scrollRenderer(context, () => ({}));
  },
});
