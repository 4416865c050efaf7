// The mock provider's worker: runs the HTTP server (server.ts) on its own thread, so the caller's main thread (the
// bench driving Chromium, or a test's client) can be busy without delaying a send, and the pacer's sub-millisecond
// sleeps block only this thread. Relays the server's reports to the caller (worker-protocol.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { PortInUseError, startServer, type ServerHandle, type ServerOptions } from './server.ts';
import { SENT_BATCH_MS, type FromWorker, type ToWorker } from './worker-protocol.ts';

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const post = (message: FromWorker): void => port.postMessage(message);
  let records: Extract<FromWorker, { type: 'sent' }>['records'] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (records.length) post({ type: 'sent', records });
    records = [];
  };
  let server: ServerHandle;
  try {
    server = await startServer(workerData as ServerOptions, {
      started: (id, format, receivedAtMs) => post({ type: 'started', id, format, receivedAtMs }),
      sent: (id, chunk) => {
        records.push({ id, chunk });
        flushTimer ??= setTimeout(flush, SENT_BATCH_MS);
      },
      ended: (id, finishedAtMs) => {
        flush();
        post({ type: 'ended', id, finishedAtMs });
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'failed', message, portInUse: error instanceof PortInUseError });
    port.close();
    return;
  }
  port.on('message', (message: ToWorker) => {
    if (message.type === 'serve') {
      server.serve(message.chunks);
      post({ type: 'served' });
    } else
      void server.close().then(() => {
        post({ type: 'closed' });
        port.close();
      });
  });
  post({ type: 'listening', port: server.port });
}

if (parentPort) await main(parentPort);
