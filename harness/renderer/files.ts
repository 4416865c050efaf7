// Node's view of renderer discovery: the same files the page's import.meta.glob picks up, listed from disk so
// the CLI can validate names before any browser starts.
import { readdirSync, type Dirent } from 'node:fs';
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
  /** The renderer's entry file, relative to the project root. */
  file: string;
}

/** Where renderers live. harness/page/registry.ts globs the same folders (import.meta.glob needs literals). */
export const RENDERER_DIRS = [
  { dir: 'renderers', kind: 'strategy' },
  { dir: 'harness/calibration/renderers', kind: 'test' },
  { dir: 'tests/renderers', kind: 'test' },
] as const;

const isSource = (f: string): boolean => /\.tsx?$/.test(f) && !f.endsWith('.d.ts');

/** Renderer entry files in `dir`: `<name>.ts(x)`, or `<name>/index.ts(x)`; relative to `dir`, sorted by name. */
function listEntries(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(`${PROJECT_ROOT}/${dir}`, { withFileTypes: true });
  } catch {
    return [];
  }
  const files = entries.flatMap((e) => {
    if (e.isFile() && isSource(e.name)) return [e.name];
    if (!e.isDirectory()) return [];
    const index = readdirSync(`${PROJECT_ROOT}/${dir}/${e.name}`).find((f) => /^index\.tsx?$/.test(f));
    return index ? [`${e.name}/${index}`] : [];
  });
  return files.sort((a, b) => rendererNameFromPath(a).localeCompare(rendererNameFromPath(b)));
}

export function listRendererFiles(): RendererFile[] {
  return RENDERER_DIRS.flatMap(({ dir, kind }) =>
    listEntries(dir).map((f) => ({ name: rendererNameFromPath(f), kind, dir, file: `${dir}/${f}` })),
  );
}
