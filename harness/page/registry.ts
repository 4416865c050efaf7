// Renderer discovery: every file in renderers/ (and the instrument's own in harness/calibration/renderers/ and
// tests/renderers/) is a renderer. The folders are RENDERER_DIRS in harness/renderer/files.ts.
import { rendererNameFromPath, type RendererDefinition } from '../renderer/contract.ts';

const strategies = import.meta.glob<RendererDefinition>(['/renderers/*.{ts,tsx}', '/renderers/*/index.{ts,tsx}'], {
  eager: true,
  import: 'default',
});
const calibration = import.meta.glob<RendererDefinition>('/harness/calibration/renderers/*.ts', { eager: true, import: 'default' });
const testOnly = import.meta.glob<RendererDefinition>('/tests/renderers/*.ts', { eager: true, import: 'default' });

export const registry = new Map<string, RendererDefinition>();
for (const [path, def] of [...Object.entries(strategies), ...Object.entries(calibration), ...Object.entries(testOnly)]) {
  registry.set(rendererNameFromPath(path), def);
}
