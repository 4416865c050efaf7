// Messages between the mock provider's caller and its worker (provider-worker.ts): the caller starts the worker with
// ServerOptions as workerData and may send serve/close; the worker reports listening (or failed), then relays the
// server's sink calls (started, sent, ended), and says closed once it has stopped listening.
import type { WireChunk, WireFormat } from './wire.ts';

export type ToWorker = { type: 'serve'; chunks: WireChunk[] } | { type: 'close' };

export type FromWorker =
  | { type: 'listening'; port: number }
  | { type: 'failed'; message: string; portInUse: boolean }
  | { type: 'started'; id: number; format: WireFormat; receivedAtMs: number }
  | { type: 'sent'; id: number; chunk: { text: string; dueMs: number; sentMs: number } }
  | { type: 'ended'; id: number; finishedAtMs: number | null }
  | { type: 'closed' };
