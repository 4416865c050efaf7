import { defineRenderer } from '../harness/renderer/contract.ts';
import { scrollRenderer } from '../harness/renderer/scroll-base.ts';

// Follows the stream with scroller.scrollTop = scroller.scrollHeight right after each frame's append, as
// clawwork-ai/ClawWork did before PR #196: reading scrollHeight just after a DOM write forces a synchronous
// layout in script, once per frame (~30 forced reflows per second there), on top of the frame's own layout.
export default defineRenderer({
  description: 'text appended per frame; scrollTop = scrollHeight after each append (a forced layout per frame)',
  output: 'text',
  family: 'scroll',
  packages: [],
  source: { name: 'clawwork-ai/ClawWork PR #196', url: 'https://github.com/clawwork-ai/ClawWork/pull/196' },
  scroll: 'own',
  create(context) {
    return scrollRenderer(context, (scroller) => ({
      afterAppend() {
        scroller.scrollTop = scroller.scrollHeight;
      },
    }));
  },
});
