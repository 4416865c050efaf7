import { styledBox, textRenderer } from '../../harness/renderer/test-kit.ts';

// Test-only (tests/browser/interaction.test.ts): appends each chunk, then calls scrollIntoView({ block: 'end' }) on
// its text, on every chunk, whatever the user did: a reader who scrolled up is pulled back down at the next chunk.
export default textRenderer('TEST: appends each chunk, then scrollIntoView (block end) on every chunk', {
  target: (root) => styledBox(root, { whiteSpace: 'pre-wrap' }),
  write: (target, chunk) => {
    target.append(chunk);
    (target as HTMLElement).scrollIntoView({ block: 'end' });
  },
});
