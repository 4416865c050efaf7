import { textRenderer } from '../../harness/renderer/test-kit.ts';

// Test-only: a dishonest renderer that drops every 4th chunk on the floor while "rendering" the rest.
// The probe must report the skipped markers as never visible.
export default textRenderer('TEST: silently skips every 4th chunk', {
  beforeAppend: (index) => index % 4 !== 3,
});
