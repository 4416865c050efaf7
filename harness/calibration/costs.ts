// The injected costs of the calibration renderers (harness/calibration/renderers/calib-*.ts), in one place: the
// renderers spend exactly these, and the expectation model (model.ts) predicts from the same numbers. Pure data and a
// busy-wait; no DOM, so Node can import it.

/** Fixed busy-wait per write (per `push` call), ms: one renderer per value, `calib-write-<ms>ms`. */
export const FIXED_WRITE_COSTS_MS = [8, 20, 40] as const;

/**
 * Cost that grows with the text: each write busy-waits this many ms per 1,000 characters accumulated so far
 * (this chunk included), like a full re-parse of the answer on every chunk. Total cost is quadratic in length.
 */
export const REPARSE_MS_PER_KCHAR = 20;

/** Periodic stall independent of writes: a `setInterval` started at mount busy-waits `durationMs` every `everyMs`. */
export const STALL = { everyMs: 1_000, durationMs: 100 } as const;

/** Busy cost of one write for the growing-cost renderer, given the characters accumulated after the write. */
export function reparseCostMs(charsSoFar: number): number {
  return (REPARSE_MS_PER_KCHAR * charsSoFar) / 1_000;
}

/**
 * Blocks the calling thread for `ms` milliseconds of wall time (performance.now()), the injected cost.
 * Returns the time actually spent (>= ms).
 */
export function spin(ms: number): number {
  const start = performance.now();
  const until = start + ms;
  let now = start;
  while (now < until) now = performance.now();
  return now - start;
}
