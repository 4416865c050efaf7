// The measured page as a production build (minified, React's production build, one chunk per renderer through the
// registry's lazy glob): what a user's browser runs, not the dev server's per-module transforms and development
// builds. Built once per set of inputs and cached under node_modules/.cache/streambench-page/<hash>, so tests and
// repeated runs reuse it. A renderer that breaks the build (syntax error, missing package) is replaced by a module
// that throws that error when imported: it fails only its own cells.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

/** What the page's modules come from, relative to the project root: their contents make the cache key. */
const PAGE_INPUTS = [
  'harness/page',
  'harness/renderer',
  'harness/calibration',
  'harness/schedule',
  'harness/common',
  'renderers',
  'tests/renderers',
  'vite.config.ts',
  'harness/run/page-build.ts',
  'package-lock.json',
];
/** Written last into a build's folder: its presence means the build is complete. */
const BUILD_INFO = 'streambench-build.json';
const CACHE_DIR = 'node_modules/.cache/streambench-page';
/** Builds kept in the cache (the most recently used): one per recent state of the renderers being edited. */
const KEEP_BUILDS = 6;
/**
 * Older builds are removed only when unused this long (a build's mtime is its last use: see markUsed), so a long
 * suite never loses the page it is serving while others edit the tree.
 */
const PRUNE_AFTER_MS = 24 * 3600_000;
/** Builds tried while replacing renderers that break the build (each retry stubs at least one more). */
const MAX_ATTEMPTS = 8;

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.'))
    .flatMap((e) => filesUnder(root, `${path}/${e.name}`));
}

/** Hash of every input file's path and contents. */
export function pageInputsHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of PAGE_INPUTS.flatMap((p) => filesUnder(root, p)).sort()) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The folders renderers live in (RENDERER_DIRS in harness/renderer/files.ts, which imports this layer). */
const RENDERER_DIR_PATTERN = '(?:renderers|tests/renderers|harness/calibration/renderers)';

/**
 * Renderers that break the build: an import a renderer's file cannot resolve (a missing package) is left external,
 * so it fails in the browser when that renderer is imported, without a rebuild; each entry in `broken` (a syntax
 * error found by an earlier attempt) becomes a module that throws its build error.
 */
function tolerateBroken(root: string, broken: ReadonlyMap<string, string>): Plugin {
  const inRendererDir = new RegExp(`^${root.replace(/\/$/, '')}/${RENDERER_DIR_PATTERN}/`);
  return {
    name: 'streambench-broken-renderers',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !inRendererDir.test(importer) || source.startsWith('\0')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved ? null : { id: source, external: true };
    },
    load(id) {
      const error = broken.get(id.split('?')[0] ?? id);
      if (error === undefined) return null;
      return `throw new Error(${JSON.stringify(`build error: ${error}`)});\nexport default undefined;\n`;
    },
  };
}

interface BuildFailure {
  message: string;
  /** Project-relative paths the error names (the failing module, the importer of a missing package). */
  paths: string[];
}

/** Terminal colour codes in the bundler's messages. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The error's first informative line, without colours or the bundler's "Build failed with N error(s):". */
function firstLine(text: string): string {
  const lines = text
    .replace(ANSI_COLOUR, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Build failed with \d+ errors?:$/.test(l));
  return lines[0] ?? text;
}

function failureOf(error: unknown, root: string): BuildFailure {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  const plain = text.replace(ANSI_COLOUR, '');
  const prefix = `${root.replace(/\/$/, '')}/`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?:${prefix})?(${RENDERER_DIR_PATTERN}/[\\w./@-]+?\\.tsx?)\\b(:\\d+:\\d+)?`, 'g');
  const found = [...plain.matchAll(pattern)];
  const paths = found.map((m) => m[1] ?? '');
  let message = firstLine(error instanceof Error ? error.message : text).replace(new RegExp(prefix, 'g'), '');
  // A syntax error's first line has no file: add where it is.
  const at = found.find((m) => m[2]);
  if (at && !message.includes(at[1] ?? '')) message += ` (${at[1]}${at[2]})`;
  return { message, paths };
}

/**
 * Which renderer entry files (absolute) a build error belongs to: `<dir>/<name>.ts(x)` for a file it names, or
 * `<dir>/<name>/index.ts(x)` for a file in a renderer's folder. Empty when the error is in shared code: then the
 * build fails for everyone, as it should.
 */
function blame(failure: BuildFailure, root: string): string[] {
  const entries = failure.paths.flatMap((path) => {
    const match = new RegExp(`^(${RENDERER_DIR_PATTERN})/([^/]+)(/.*)?$`).exec(path);
    if (!match) return [];
    const [, dir, head, rest] = match;
    if (!rest) return existsSync(join(root, path)) ? [join(root, path)] : [];
    const index = ['index.ts', 'index.tsx'].map((f) => join(root, `${dir}/${head}/${f}`)).find((f) => existsSync(f));
    return index ? [index] : [];
  });
  return [...new Set(entries)];
}

async function viteBuild(root: string, outDir: string, broken: ReadonlyMap<string, string>): Promise<void> {
  const { build } = await import('vite');
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    publicDir: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    // Vite picks the JSX transform from this process's NODE_ENV ('test' under vitest): without this, .tsx
    // renderers call jsxDEV, which React's production jsx-dev-runtime does not define.
    oxc: { jsx: { development: false } },
    plugins: [tolerateBroken(root, broken)],
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 100_000,
      rollupOptions: { input: join(root, 'harness/page/index.html') },
    },
  });
}

/** Builds into `outDir`, stubbing renderers that break the build; returns their errors by entry file. */
async function buildTolerant(root: string, outDir: string): Promise<Map<string, string>> {
  const broken = new Map<string, string>();
  for (let attempt = 1; ; attempt++) {
    try {
      await viteBuild(root, outDir, broken);
      return broken;
    } catch (error) {
      const failure = failureOf(error, root);
      const culprits = blame(failure, root).filter((file) => !broken.has(file));
      if (!culprits.length || attempt >= MAX_ATTEMPTS)
        throw new Error(`building the measured page: ${failure.message}`, { cause: error });
      for (const file of culprits) broken.set(file, failure.message);
    }
  }
}

/** Marks a build as just used (its folder's mtime), so pruning keeps it. */
export function markUsed(dir: string): void {
  const now = new Date();
  utimesSync(dir, now, now);
}

/** Removes builds beyond the KEEP_BUILDS most recently used that are unused for a day (and stale temp folders). */
function pruneCache(cacheDir: string): void {
  const entries = readdirSync(cacheDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9a-f]{16}(\.tmp-\d+)?$/.test(e.name))
    .map((e) => ({
      path: join(cacheDir, e.name),
      tmp: e.name.includes('.tmp-'),
      mtime: statSync(join(cacheDir, e.name)).mtimeMs,
    }))
    .sort((a, b) => b.mtime - a.mtime);
  const cutoff = Date.now() - PRUNE_AFTER_MS;
  const stale = [...entries.filter((e) => !e.tmp).slice(KEEP_BUILDS), ...entries.filter((e) => e.tmp)];
  for (const old of stale.filter((e) => e.mtime < cutoff)) rmSync(old.path, { recursive: true, force: true });
}

async function buildIntoCache(root: string, dir: string, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  log('building the measured page...');
  // Built beside the cache entry and renamed into place: a concurrent process (another test file) either finds
  // nothing and builds too, or finds a complete build.
  const tmp = `${dir}.tmp-${process.pid}`;
  try {
    const broken = await buildTolerant(root, tmp);
    const brokenList = [...broken].map(([file, error]) => ({ file: relative(root, file).split(sep).join('/'), error }));
    writeFileSync(join(tmp, BUILD_INFO), `${JSON.stringify({ broken: brokenList }, null, 2)}\n`);
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another process renamed its build into place first: use that one.
      if (!existsSync(join(dir, BUILD_INFO))) throw error;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const note = [...JSON.parse(readFileSync(join(dir, BUILD_INFO), 'utf8')).broken].length;
  const brokenNote = note ? `; ${note} renderer${note === 1 ? '' : 's'} broken` : '';
  log(`built the measured page in ${((performance.now() - started) / 1000).toFixed(1)} s${brokenNote}`);
}

let building: { hash: string; dir: Promise<string> } | null = null;

/**
 * The folder holding the built page for the current inputs (built now if not cached). Once per process for
 * unchanged inputs; `log` hears about a build and its time.
 */
export function measuredPageBuild(root: string, log: (line: string) => void): Promise<string> {
  const hash = pageInputsHash(root);
  if (building?.hash === hash) return building.dir;
  const cacheDir = join(root, CACHE_DIR);
  const dir = join(cacheDir, hash);
  const done = (async () => {
    mkdirSync(cacheDir, { recursive: true });
    if (!existsSync(join(dir, BUILD_INFO))) await buildIntoCache(root, dir, log);
    markUsed(dir);
    pruneCache(cacheDir);
    return dir;
  })();
  building = { hash, dir: done };
  done.catch(() => (building = null));
  return done;
}
