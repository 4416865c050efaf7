import { defineConfig } from 'vite';

// Cross-origin isolation (COOP/COEP) un-coarsens performance.now() from 100 us to ~5 us and
// enables SharedArrayBuffer, which the emitter worker's precise sleep (Atomics.wait) needs.
export const crossOriginIsolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export default defineConfig({
  root: '.',
  logLevel: 'warn',
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    headers: crossOriginIsolationHeaders,
    // No HMR client in the measured page: its websocket and reload logic are not part of any renderer.
    hmr: false,
    ws: false,
    watch: null,
  },
});
