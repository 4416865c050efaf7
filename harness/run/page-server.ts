// Serves the measured page with Vite's dev server on 127.0.0.1 and a free port, cross-origin isolated.
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

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

export async function startPageServer(): Promise<PageServer> {
  const port = await freePort();
  const server: ViteDevServer = await createServer({
    root: PROJECT_ROOT,
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    server: { port, strictPort: true },
    optimizeDeps: { entries: [PAGE_PATH.slice(1)] },
  });
  await server.listen();
  return {
    pageUrl: `http://127.0.0.1:${port}${PAGE_PATH}`,
    close: () => server.close(),
  };
}
