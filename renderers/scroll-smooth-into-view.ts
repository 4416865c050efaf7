import { defineRenderer } from '../harness/renderer/contract.ts';
import { scrollRenderer } from '../harness/renderer/scroll-base.ts';

// Follows the stream by calling el.scrollIntoView({ behavior: 'smooth', block: 'end' }) on every update of the
// message, as RakuenSoftware/aimee did until PR #582 (on every streamed-message change, ~10/s after its render
// throttle: a smooth-scroll animation restarted before it settles kept ~75% of a core busy). Here the message
// changes once per frame, so each call forces the layout of the text just appended, in script, and retargets a
// smooth-scroll animation that then runs every frame; the animation trails the newest line, so fresh text can
// sit below the window for a few frames.
export default defineRenderer({
  description: 'text appended per frame; smooth scrollIntoView (block end) after each append',
  output: 'text',
  family: 'scroll',
  packages: [],
  source: { name: 'RakuenSoftware/aimee PR #582', url: 'https://github.com/RakuenSoftware/aimee/pull/582' },
  scroll: 'own',
  create(context) {
    return scrollRenderer(context, () => ({
      afterAppend(content) {
        content.scrollIntoView({ behavior: 'smooth', block: 'end' });
      },
    }));
  },
});
