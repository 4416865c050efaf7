// Node's view of renderer discovery: the same files the page's import.meta.glob picks up, listed from disk so
// the CLI can validate names before any browser starts.
import { readdirSync } from 'node:fs';
import { rendererNameFromPath } from './renderer-contract.ts';
import { PROJECT_ROOT } from './server.ts';

export interface RendererFile {
  name: string;
  /** `strategy`: renderers/ (the suite's default); `test`: tests/renderers/ (instrument checks, opt-in by name). */
  kind: 'strategy' | 'test';
}

function listTs(dir: string): string[] {
  try {
    return readdirSync(`${PROJECT_ROOT}/${dir}`)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .sort();
  } catch {
    return [];
  }
}

export function listRendererFiles(): RendererFile[] {
  return [
    ...listTs('renderers').map((f) => ({ name: rendererNameFromPath(f), kind: 'strategy' as const })),
    ...listTs('tests/renderers').map((f) => ({ name: rendererNameFromPath(f), kind: 'test' as const })),
  ];
}
