import { styledBox, textRenderer } from '../../harness/renderer/test-kit.ts';

// Test-only: appends each chunk to a box placed below the bottom of the window and never scrolls to it. The
// text is in the DOM and laid out, but nobody sees it: every marker must be never visible, off-screen.
// (Positioned against the initial containing block, so the page's own follow-the-stream scroller does not
// bring it into view: only a scroll of the document could.)

/** The box below the fold (shared with test-below-fold-scrolled). */
export const BELOW_FOLD_STYLE: Partial<CSSStyleDeclaration> = {
  position: 'absolute',
  top: 'calc(100vh + 200px)',
  left: '0',
  whiteSpace: 'pre-wrap',
};

export default textRenderer('TEST: appends all text below the fold and never scrolls to it', {
  target: (root) => styledBox(root, BELOW_FOLD_STYLE),
});
