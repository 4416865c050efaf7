// Messages between the mock provider's caller and its worker (provider-worker.ts): the caller starts the worker with
// ServerOptions as workerData and may send serve/close; the worker reports listening (or failed), then relays the
// server's sink calls (started, sent, ended), acknowledges each serve (served), and says closed once it has stopped
// listening.
import type { WireChunk, WireFormat } from './wire.ts';

/** How long the worker holds send records before relaying them (they all go before their stream's `ended`). */
export const SENT_BATCH_MS = 20;

export type ToWorker = { type: 'serve'; chunks: WireChunk[] } | { type: 'close' };

export type FromWorker =
  | { type: 'listening'; port: number }
  | { type: 'failed'; message: string; portInUse: boolean }
  | { type: 'started'; id: number; format: WireFormat; receivedAtMs: number }
  /** Batched: one message per SENT_BATCH_MS at most, not one per event (each message costs both threads CPU). */
  | { type: 'sent'; records: Array<{ id: number; chunk: { text: string; dueMs: number; sentMs: number } }> }
  | { type: 'ended'; id: number; finishedAtMs: number | null }
  /** The serve message was applied: requests from now on stream its chunks. */
  | { type: 'served' }
  | { type: 'closed' };
