// Renderer discovery, lazy: every file in renderers/ (and the instrument's own in harness/calibration/renderers/ and
// tests/renderers/) is a renderer, but the page imports only the one it is asked to run (in the production build
// each is its own chunk), so no other renderer's modules, styles or module-scope work are in the measured page.
// A renderer that fails to import (syntax error, missing package, throws at module scope) fails only itself.
// The folders are RENDERER_DIRS in harness/renderer/files.ts (import.meta.glob needs literals).
import { rendererNameFromPath, type RendererDefinition } from '../renderer/contract.ts';

type Load = () => Promise<RendererDefinition>;

const strategies = import.meta.glob<RendererDefinition>(['/renderers/*.{ts,tsx}', '/renderers/*/index.{ts,tsx}'], {
  import: 'default',
});
// Each folder as harness/renderer/files.ts lists it: <name>.ts(x) or <name>/index.ts(x).
const calibration = import.meta.glob<RendererDefinition>(
  ['/harness/calibration/renderers/*.{ts,tsx}', '/harness/calibration/renderers/*/index.{ts,tsx}'],
  { import: 'default' },
);
const testOnly = import.meta.glob<RendererDefinition>(
  ['/tests/renderers/*.{ts,tsx}', '/tests/renderers/*/index.{ts,tsx}'],
  {
    import: 'default',
  },
);

const loaders = new Map<string, Load>();
for (const [path, load] of [
  ...Object.entries(strategies),
  ...Object.entries(calibration),
  ...Object.entries(testOnly),
]) {
  loaders.set(rendererNameFromPath(path), load);
}

/** Every renderer's name, without importing any. */
export function rendererNames(): string[] {
  return [...loaders.keys()];
}

/** Thrown by loadRenderer when the renderer's module could not be imported; the message names the cause. */
export class RendererImportError extends Error {
  override name = 'RendererImportError';
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Imports one renderer. Rejects with "unknown renderer" for a name no file has, and with a RendererImportError
 * (its import error as the message) when the module fails to import or default-exports no renderer.
 */
export async function loadRenderer(name: string): Promise<RendererDefinition> {
  const load = loaders.get(name);
  if (!load) throw new Error(`unknown renderer "${name}"`);
  let definition: RendererDefinition | undefined;
  try {
    definition = await load();
  } catch (error) {
    throw new RendererImportError(`renderer "${name}" failed to import: ${describe(error)}`);
  }
  if (!definition || typeof definition.create !== 'function') {
    throw new RendererImportError(`renderer "${name}" failed to import: its default export is not a renderer`);
  }
  return definition;
}
