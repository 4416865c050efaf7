// Renderer discovery: every file in renderers/ (and test-only ones in tests/renderers/) is a renderer.
import { rendererNameFromPath, type RendererDefinition } from '../renderer-contract.ts';

const strategies = import.meta.glob<RendererDefinition>('/renderers/*.ts', { eager: true, import: 'default' });
const testOnly = import.meta.glob<RendererDefinition>('/tests/renderers/*.ts', { eager: true, import: 'default' });

export const registry = new Map<string, RendererDefinition>();
for (const [path, def] of [...Object.entries(strategies), ...Object.entries(testOnly)]) {
  registry.set(rendererNameFromPath(path), def);
}
