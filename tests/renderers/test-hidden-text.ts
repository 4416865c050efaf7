import { styledBox, textRenderer } from '../../harness/renderer/test-kit.ts';

// Test-only: writes every chunk promptly, but into an element nobody can see (display: none).
// The text is in the DOM, so only a visibility check can catch it.
export default textRenderer('TEST: writes all text into a display:none element', {
  target: (root) => styledBox(root, { display: 'none' }),
});
