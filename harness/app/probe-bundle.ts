// The app-mode probe as one self-contained script (an IIFE) for Playwright's addInitScript: probe-entry.ts and
// the renderer page's probe modules it imports, bundled and minified with vite's build API. Built once per state
// of its inputs and cached under node_modules/.cache/streambench-app-probe/<hash>.js, as run/page-build.ts caches
// the measured page.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../run/page-server.ts';

const ENTRY = 'harness/app/probe-entry.ts';
/** The entry and everything it can import (the probe's modules live in harness/page). */
const INPUT_DIRS = ['harness/page', 'harness/app'];
const CACHE_DIR = 'node_modules/.cache/streambench-app-probe';

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const dir of INPUT_DIRS) {
    for (const name of readdirSync(join(PROJECT_ROOT, dir)).sort()) {
      if (!name.endsWith('.ts')) continue;
      hash
        .update(`${dir}/${name}\0`)
        .update(readFileSync(join(PROJECT_ROOT, dir, name)))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

interface BuildChunk {
  type: string;
  code?: string;
}

async function bundle(): Promise<string> {
  const { build } = await import('vite');
  const output = await build({
    root: PROJECT_ROOT,
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    publicDir: false,
    build: {
      write: false,
      minify: true,
      reportCompressedSize: false,
      lib: { entry: join(PROJECT_ROOT, ENTRY), formats: ['iife'], name: 'streambenchAppProbe' },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Array<{ output?: BuildChunk[] }>;
  const chunk = outputs.flatMap((o) => o.output ?? []).find((c) => c.type === 'chunk' && c.code);
  if (!chunk?.code) throw new Error('building the app probe: the bundler returned no script');
  return chunk.code;
}

let cached: { hash: string; code: Promise<string> } | null = null;

/** The probe script to inject (built now if its inputs changed since the cached build). */
export function appProbeScript(log: (line: string) => void): Promise<string> {
  const hash = inputsHash();
  if (cached?.hash === hash) return cached.code;
  const file = join(PROJECT_ROOT, CACHE_DIR, `${hash}.js`);
  const code = (async () => {
    if (existsSync(file)) return readFileSync(file, 'utf8');
    log('building the app probe...');
    const script = await bundle();
    mkdirSync(join(PROJECT_ROOT, CACHE_DIR), { recursive: true });
    // Written beside and renamed: a concurrent process finds either nothing or the whole script.
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, script);
    renameSync(tmp, file);
    return script;
  })();
  cached = { hash, code };
  code.catch(() => (cached = null));
  return code;
}
