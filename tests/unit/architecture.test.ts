// Architecture: the import graph of harness/, renderers/ and scenarios/ has no cycle. Data flows one way
// (scenario -> schedule -> ... -> report), so a cycle means a layer reaches back upstream. Every static
// `from '...'` and dynamic `import('...')` specifier counts, type-only imports included: a type import still
// couples the two modules. The cycle finder is self-tested on synthetic graphs so this test can fail.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCANNED = ['harness', 'renderers', 'scenarios'];

type Graph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// `from '...'` covers `import ... from`, `import type ... from` and `export ... from`; `import '...'` side-effect
// imports (custom elements); `import('...')` dynamic imports and `typeof import('...')` in types. Bare specifiers
// (packages) are not ours and are skipped.
const SPECIFIER = /\bfrom\s+['"]([^'"]+)['"]|\bimport\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative specifiers in `source`, in order of appearance. */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter((s) => s.startsWith('.'));
}

/** file -> the scanned files it imports (paths relative to the repository root). */
function importGraph(): Graph {
  const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d)));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importSpecifiers(readFileSync(file, 'utf8'))
      .map((s) => resolve(dirname(file), s))
      .filter((target) => known.has(target));
    graph.set(
      relative(ROOT, file),
      [...new Set(targets)].map((t) => relative(ROOT, t)),
    );
  }
  return graph;
}

/** The first cycle found by depth-first search, as a path whose last node equals its first; null when none. */
export function findCycle(graph: Graph): string[] | null {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): string[] | null => {
    const at = onPath.indexOf(node);
    if (at >= 0) return [...onPath.slice(at), node];
    if (done.has(node)) return null;
    onPath.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(node);
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('cycle finder (self-test on synthetic graphs)', () => {
  it('finds a cycle through several nodes and returns it as a closed path', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'e']],
      ['c', ['d']],
      ['d', ['b']],
      ['e', []],
    ]);
    expect(findCycle(graph)).toEqual(['b', 'c', 'd', 'b']);
  });

  it('finds a self-import and reports none for a diamond (shared dependency is not a cycle)', () => {
    expect(findCycle(new Map([['a', ['a']]]))).toEqual(['a', 'a']);
    const diamond = new Map([
      ['a', ['b', 'c']],
      ['b', ['d']],
      ['c', ['d']],
      ['d', []],
    ]);
    expect(findCycle(diamond)).toBeNull();
  });

  it('reads static, type-only, re-export, side-effect and dynamic specifiers, and skips packages', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c.ts';",
      "const d = await import('./d.ts');",
      "type E = typeof import('./e.ts');",
      "import './f.ts';",
      "import { Marked } from 'marked';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './f.ts']);
  });
});

describe('import graph of harness/, renderers/, scenarios/', () => {
  it('has no cycle', () => {
    const graph = importGraph();
    // Guards against a scan that silently finds nothing (wrong root, renamed folders).
    expect(graph.size).toBeGreaterThan(50);
    const cycle = findCycle(graph);
    expect(cycle, cycle ? `import cycle: ${cycle.join(' -> ')}` : '').toBeNull();
  });
});
