/// <reference lib="webworker" />
// The emitter's clock lives in a worker so that a busy main thread cannot slow the stream down: chunks
// are posted when the schedule says they are due, and queue up (as network data would) while the main
// thread is blocked. Atomics.wait gives sub-millisecond sleeps, beyond the ~250/s cap of page timers.

export interface EmitterStart {
  /** Chunk due times, stream time (ms). */
  dueMs: number[];
  /** Stream time origin as an absolute time (performance.timeOrigin + performance.now() of the page). */
  originAbsMs: number;
  /** Int32Array[1] on a SharedArrayBuffer: the page sets it to 1 to stop the emitter. */
  stop: SharedArrayBuffer;
}

/** Chunks [from, to) are due: deliver them. */
export interface EmitterBatch {
  from: number;
  to: number;
  /** Stream time when the worker posted the batch: send - due is the emitter's own error, kept apart from the
   * main thread's delivery delay (receipt - send). */
  sentMs: number;
}

// Deliver anything due within this margin now rather than sleeping for less than the OS can honour.
const EARLY_MS = 0.05;

self.onmessage = (event: MessageEvent<EmitterStart>) => {
  const { dueMs, originAbsMs, stop } = event.data;
  const flag = new Int32Array(stop);
  const streamNow = (): number => performance.timeOrigin + performance.now() - originAbsMs;
  let next = 0;
  while (next < dueMs.length) {
    if (Atomics.load(flag, 0) !== 0) return;
    const now = streamNow();
    const due = dueMs[next] as number;
    if (due > now + EARLY_MS) {
      Atomics.wait(flag, 0, 0, due - now);
      continue;
    }
    let to = next + 1;
    while (to < dueMs.length && (dueMs[to] as number) <= now + EARLY_MS) to++;
    const batch: EmitterBatch = { from: next, to, sentMs: streamNow() };
    self.postMessage(batch);
    next = to;
  }
};
