import { styledBox, textRenderer } from '../../harness/renderer/test-kit.ts';
import { BELOW_FOLD_STYLE } from './test-below-fold.ts';

// Test-only: test-below-fold plus auto-scroll: after each append the box's end is scrolled into view, as a
// chat UI follows its stream. Each marker must be visible within a frame of its commit.
export default textRenderer('TEST: appends text below the fold and scrolls it into view after each append', {
  target: (root) => styledBox(root, BELOW_FOLD_STYLE),
  write(box, chunk) {
    box.append(chunk);
    (box as HTMLElement).scrollIntoView({ block: 'end' });
  },
});
