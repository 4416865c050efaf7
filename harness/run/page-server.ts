// Serves the measured page, a production build (run/page-build.ts), from a small static server on 127.0.0.1 and
// a free port, cross-origin isolated (the COOP/COEP headers of vite.config.ts on every response, the emitter
// worker's script included).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crossOriginIsolationHeaders } from '../../vite.config.ts';
import { markUsed, measuredPageBuild } from './page-build.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PAGE_PATH = '/harness/page/index.html';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface PageServer {
  pageUrl: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A GET handler for the files under `dir`; nothing outside it, no directory listings. */
function serveFiles(dir: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(dir, path));
    const found = file.startsWith(dir + sep) && existsSync(file) && statSync(file).isFile();
    // Each page load marks the build as in use, so pruning (page-build.ts) never removes it under a long suite.
    if (found && file.endsWith('.html')) markUsed(dir);
    if (req.method !== 'GET' && req.method !== 'HEAD') res.writeHead(405, crossOriginIsolationHeaders).end();
    else if (!found) res.writeHead(404, crossOriginIsolationHeaders).end('not found');
    else {
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { ...crossOriginIsolationHeaders, 'Content-Type': type, 'Cache-Control': 'no-cache' });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    }
  };
}

/**
 * Builds the page if its inputs changed since the cached build (printing "building the measured page..." and
 * its time to stderr, or to `log`), then serves it.
 */
export async function startPageServer(log: (line: string) => void = (l) => console.error(l)): Promise<PageServer> {
  const dir = normalize(await measuredPageBuild(PROJECT_ROOT, log));
  const server = createHttpServer(serveFiles(dir));
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    pageUrl: `http://127.0.0.1:${port}${PAGE_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
