// Sends every stream's events at their ABSOLUTE due times (t0 + dueMs), never by chaining relative timers (a
// chained sleep adds each callback's lateness to every later event, and drifts). One pacer serves all of a
// process's streams, so waiting for one stream's next event never delays another's. How it waits: a timer while the
// next event is more than LEAD_MS away (Node's timers have 1 ms granularity: early or late by up to ~1 ms), then a
// precise sleep (Atomics.wait, which Node allows on the main thread; unlike a spin loop it does not keep a core
// busy, which matters on a 2-core machine that also runs the browser being measured), then a spin for the last
// SPIN_MS (the futex wake-up is ~0.1 ms late: 50 µs of timer slack plus the wake-up). After each write the pacer
// yields (setImmediate) so the write's flush (Node corks an HTTP response until the next tick) and other I/O run
// before it sleeps again.

/** One stream being paced. The pacer calls `send(i)` for event i at or after t0 + dueMs[i], in order. */
export interface PacedJob {
  /** performance.now() of the stream's t0. */
  t0: number;
  dueMs: readonly number[];
  /** Writes event i (one write); the pacer records nothing itself. */
  send(index: number): void;
  /** Every event was sent. */
  done(): void;
}

/** While the next event is further than this, wait with a timer. */
export const LEAD_MS = 2;
/** The last stretch before a due time is spun, not slept: Atomics.wait(0.5 ms) overshot by 0.096 ms at p50 and
 * 0.114 ms at p90 here. */
export const SPIN_MS = 0.15;
/** Atomic loads between two clock reads while spinning (~0.5 µs). */
const SPIN_CHECK_EVERY = 200;

export type WaitMode = 'sleep' | 'spin';

interface Running {
  job: PacedJob;
  next: number;
}

export class Pacer {
  private readonly running = new Set<Running>();
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly mode: WaitMode = 'sleep') {}

  /** Starts pacing a job; returns a function that stops it (no further sends, no done). */
  add(job: PacedJob): () => void {
    const entry: Running = { job, next: 0 };
    this.running.add(entry);
    this.reschedule(0);
    return () => {
      this.running.delete(entry);
    };
  }

  private clearWakeUps(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  /** Wake up in `inMs` (a timer) or at the next turn of the event loop. */
  private reschedule(inMs: number): void {
    this.clearWakeUps();
    if (inMs > 0) this.timer = setTimeout(this.tick, inMs);
    else this.immediate = setImmediate(this.tick);
  }

  /** The earliest pending due time, as performance.now(); null when nothing is pending. */
  private earliest(): { entry: Running; at: number } | null {
    let best: { entry: Running; at: number } | null = null;
    for (const entry of this.running) {
      const due = entry.job.dueMs[entry.next];
      if (due === undefined) continue;
      const at = entry.job.t0 + due;
      if (!best || at < best.at) best = { entry, at };
    }
    return best;
  }

  private readonly tick = (): void => {
    this.timer = null;
    this.immediate = null;
    const next = this.earliest();
    if (!next) return;
    const wait = next.at - performance.now();
    // A timer shorter than 1 ms is a 1 ms timer: below LEAD_MS + 1 the sleep (at most that long) takes over.
    if (wait >= LEAD_MS + 1) {
      this.reschedule(wait - LEAD_MS);
      return;
    }
    if (wait > 0 && this.mode === 'spin') {
      // Spin through the event loop (setImmediate), so I/O runs between checks.
      this.reschedule(0);
      return;
    }
    if (wait > 0) this.waitUntil(next.at);
    this.sendDue(performance.now());
    // Yield: the writes flush on the next tick, and requests, disconnects and ACKs get their turn.
    if (this.running.size > 0) this.reschedule(0);
  };

  /** Sends every event due by `now`, in each stream's order; finishes the streams that are done. */
  private sendDue(now: number): void {
    for (const entry of [...this.running]) {
      const { job } = entry;
      while (this.running.has(entry) && entry.next < job.dueMs.length) {
        if (job.t0 + (job.dueMs[entry.next] as number) > now) break;
        job.send(entry.next++);
      }
      if (this.running.has(entry) && entry.next >= job.dueMs.length) {
        this.running.delete(entry);
        job.done();
      }
    }
  }

  /** Blocks until performance.now() >= at (at most LEAD_MS + 1 ms away): a sleep, then a short spin. */
  private waitUntil(at: number): void {
    const sleep = at - SPIN_MS - performance.now();
    if (sleep > 0) Atomics.wait(this.cell, 0, 0, sleep);
    // Spin: the remaining time is shorter than any sleep the OS honours precisely. performance.now() allocates its
    // result, so reading it back to back filled the young heap (a scavenge every ~350 ms at 981 tok/s, each able to
    // make events late); a few hundred atomic loads between reads (< 1 µs) cut the worker's scavenges ~3-fold.
    while (performance.now() < at) for (let k = 0; k < SPIN_CHECK_EVERY; k++) Atomics.load(this.cell, 0);
  }
}

const shared = new Map<WaitMode, Pacer>();

/** The process's pacer for this wait mode: providers in one process share it, so none blocks while another's
 * event is due. */
export function sharedPacer(mode: WaitMode): Pacer {
  let pacer = shared.get(mode);
  if (!pacer) {
    pacer = new Pacer(mode);
    shared.set(mode, pacer);
  }
  return pacer;
}
