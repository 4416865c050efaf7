// Shared by the examples' servers: a production build of an example's page with vite (cached by the contents of its
// folder under node_modules/.cache/streambench-examples/, so a second start is instant), served from a small static
// server on 127.0.0.1, with an optional handler for the example's own API routes.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginOption } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/streambench-examples');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function folderHash(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) hash.update(`${name}\0`).update(readFileSync(path)).update('\0');
  }
  hash.update(readFileSync(join(ROOT, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/** The example's page built for production (built now if its folder changed since the cached build). */
export async function buildPage(dir: string, plugins: PluginOption[] = []): Promise<string> {
  const out = join(CACHE, `${basename(dir)}-${folderHash(dir)}`);
  if (existsSync(join(out, 'index.html'))) return out;
  const { build } = await import('vite');
  const tmp = `${out}.tmp-${process.pid}`;
  await build({
    root: dir,
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    define: { 'process.env.NODE_ENV': '"production"' },
    oxc: { jsx: { development: false } },
    plugins,
    build: { outDir: tmp, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 10_000 },
  });
  // Renamed into place: a concurrent start finds either nothing or a whole build.
  if (!existsSync(out)) renameSync(tmp, out);
  rmSync(tmp, { recursive: true, force: true });
  return out;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

function serveFile(dist: string, req: IncomingMessage, res: ServerResponse): void {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  const file = normalize(join(dist, path === '/' ? 'index.html' : path));
  if (!file.startsWith(resolve(dist) + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

/** Serves `dist` (and `api` first, when given) on 127.0.0.1:$PORT. */
export function serve(dist: string, api?: ApiHandler): void {
  const port = Number(process.env.PORT ?? 5173);
  const server = createServer((req, res) => {
    void (async () => {
      if (api && (await api(req, res))) return;
      serveFile(dist, req, res);
    })().catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}/`));
}
