// Call bookkeeping for one page run: one call for a plain answer; an agent loop streams several, one after
// another. Which chunks each call holds, when each call started, and so when each chunk is due in stream time.
import type { PageRunRequest, RawRun } from './protocol.ts';

export class CallPlan {
  readonly calls: ReadonlyArray<{ chunkCount: number }>;
  /** Index of each call's first chunk. */
  readonly firstChunk: number[] = [];
  /** Stream time each call started (null: not yet). */
  readonly startMs: Array<number | null>;
  private readonly callOfChunk: number[];
  /** Where each call would start if nothing delayed the loop: a stand-in for calls a failed run never reached. */
  private readonly idealStartMs: number[] = [];

  constructor(private readonly request: PageRunRequest) {
    const calls = request.calls ?? [{ chunkCount: request.chunks.length }];
    this.calls = calls;
    calls.reduce((offset, call) => (this.firstChunk.push(offset), offset + call.chunkCount), 0);
    this.callOfChunk = calls.flatMap((call, k) => Array<number>(call.chunkCount).fill(k));
    this.startMs = calls.map(() => null);
    const lastRelDue = (k: number): number =>
      request.chunks[(this.firstChunk[k] ?? 0) + (calls[k]?.chunkCount ?? 1) - 1]?.dueMs ?? 0;
    const toolStepMs = request.toolStepMs ?? 0;
    const ideal = this.idealStartMs;
    calls.forEach((_, k) => ideal.push(k === 0 ? 0 : (ideal[k - 1] ?? 0) + lastRelDue(k - 1) + toolStepMs));
  }

  /** Stream-time due of a chunk: its call's actual start plus its scheduled offset (null until the call starts). */
  dueOf(chunk: number): number | null {
    const start = this.startMs[this.callOfChunk[chunk] ?? 0];
    return start === null || start === undefined ? null : start + (this.request.chunks[chunk]?.dueMs ?? 0);
  }

  /** dueOf, or the ideal due time for a chunk whose call never started. */
  dueOrIdeal(chunk: number): number {
    const ideal = (): number =>
      (this.idealStartMs[this.callOfChunk[chunk] ?? 0] ?? 0) + (this.request.chunks[chunk]?.dueMs ?? 0);
    return this.dueOf(chunk) ?? ideal();
  }

  /**
   * When the page stops waiting for the last marker: the last call's start plus the last chunk's offset plus the
   * settle timeout. Infinity until the last call has started (the deadline moves with the loop).
   */
  deadline(): number {
    const lastStart = this.startMs[this.calls.length - 1];
    const { chunks } = this.request;
    const lastDue = chunks.length ? (chunks[chunks.length - 1] as { dueMs: number }).dueMs : 0;
    return lastStart === null || lastStart === undefined
      ? Infinity
      : lastStart + lastDue + this.request.settleTimeoutMs;
  }

  /** The run's calls as RawRun reports them (agent loops only). */
  toRaw(): Pick<RawRun, 'calls' | 'toolStepMs'> {
    if (this.calls.length <= 1) return {};
    return {
      calls: this.calls.map((call, k) => ({
        startMs: this.startMs[k] ?? this.idealStartMs[k] ?? 0,
        firstChunk: this.firstChunk[k] ?? 0,
        chunkCount: call.chunkCount,
      })),
      toolStepMs: this.request.toolStepMs ?? 0,
    };
  }
}
