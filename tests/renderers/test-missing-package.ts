// Test-only: imports a package that is not installed, so the module fails to import in the page. The harness must
// fail only this renderer's cells, with the import error, list it as broken, and run the rest.
// @ts-expect-error -- the missing package is the point of this renderer.
import missing from 'streambench-not-an-installed-package';
import { textRenderer } from '../../harness/renderer/test-kit.ts';

export default textRenderer(`TEST: imports a package that is not installed (${String(missing)})`, {});
