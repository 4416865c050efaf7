import { styledBox, textRenderer } from '../../harness/renderer/test-kit.ts';

// Test-only (tests/browser/interaction.test.ts): rebuilds its whole text with innerHTML on every chunk, as a
// re-render from the source does. Every node under a selection is replaced, so a selection made in its text is lost
// at the first update after it.
const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export default textRenderer('TEST: replaces its innerHTML with the whole text so far on every chunk', {
  target: (root) => styledBox(root, { whiteSpace: 'pre-wrap' }),
  write: (target, chunk) => {
    const box = target as HTMLElement;
    box.innerHTML = escapeHtml((box.textContent ?? '') + chunk);
  },
});
