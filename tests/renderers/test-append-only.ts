import { styledBox, textRenderer } from '../../harness/renderer/test-kit.ts';

// Test-only control for the interaction script (tests/browser/interaction.test.ts): appends each chunk as a text
// node and touches nothing else, so a selection made in its text holds to the end of the stream.
export default textRenderer('TEST: appends each chunk as a text node and never touches earlier text', {
  target: (root) => styledBox(root, { whiteSpace: 'pre-wrap' }),
});
