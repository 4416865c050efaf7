// Node only: the installed version of each package a renderer declares, read from node_modules/<pkg>/package.json
// (not through the package's exports, which may hide package.json), so results and --list say what was measured.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../run/page-server.ts';

export interface PackageVersion {
  name: string;
  /** null: not installed. */
  version: string | null;
}

export function installedVersion(name: string, root = PROJECT_ROOT): string | null {
  try {
    const json = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof json.version === 'string' ? json.version : null;
  } catch {
    return null;
  }
}

export function packageVersions(names: readonly string[] | undefined): PackageVersion[] {
  return (names ?? []).map((name) => ({ name, version: installedVersion(name) }));
}

/** "react@19.3.1, react-dom@19.3.1" ("pkg@not installed" for a missing one); "" for none. */
export function formatPackages(packages: readonly PackageVersion[]): string {
  return packages.map((p) => `${p.name}@${p.version ?? 'not installed'}`).join(', ');
}
