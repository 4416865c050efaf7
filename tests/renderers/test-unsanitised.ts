import { defineRenderer } from '../../harness/renderer/contract.ts';
import { marked } from '../../harness/renderer/marked.ts';
import { wholeSourceRenderer } from '../../harness/renderer/whole-source.ts';

// Test-only: marked-per-frame WITHOUT DOMPurify (the whole source re-parsed with marked and innerHTML'd once per
// animation frame). It skips sanitising on purpose, so the safety check (tests/browser/safety.test.ts) must call it
// unsafe. Per frame, not per chunk: every render rebuilds the payloads' frames, which would make the test slow.
export default defineRenderer({
  description: 'TEST: whole markdown re-parsed with marked and innerHTML replaced per frame, NOT sanitised',
  output: 'markdown',
  family: 'markdown',
  packages: ['marked'],
  create() {
    return wholeSourceRenderer('frame', {
      render(target, source) {
        target.innerHTML = marked.parse(source, { async: false });
      },
    });
  },
});
