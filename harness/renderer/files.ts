// Node's view of renderer discovery: the same files the page's import.meta.glob picks up, listed from disk so
// the CLI can validate names before any browser starts.
import { readdirSync } from 'node:fs';
import { rendererNameFromPath } from './contract.ts';
import { PROJECT_ROOT } from '../run/page-server.ts';

export interface RendererFile {
  name: string;
  /**
   * `strategy`: renderers/ (the suite's default); `test`: instrument renderers, opt-in by name: the
   * calibration's (harness/calibration/renderers/) and the tests' (tests/renderers/).
   */
  kind: 'strategy' | 'test';
  /** Folder, relative to the project root. */
  dir: string;
}

/** Where renderers live. harness/page/registry.ts globs the same folders (import.meta.glob needs literals). */
export const RENDERER_DIRS = [
  { dir: 'renderers', kind: 'strategy' },
  { dir: 'harness/calibration/renderers', kind: 'test' },
  { dir: 'tests/renderers', kind: 'test' },
] as const;

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
  return RENDERER_DIRS.flatMap(({ dir, kind }) => listTs(dir).map((f) => ({ name: rendererNameFromPath(f), kind, dir })));
}
