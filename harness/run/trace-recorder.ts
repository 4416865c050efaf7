// Records a Chromium trace of one run over CDP. Raw CDP rather than Playwright's browser.startTracing():
// only Tracing.tracingComplete says whether the trace buffer overflowed (dataLossOccurred), and a trace
// that lost events must not be trusted.
import type { CDPSession } from 'playwright';

/** Frame accounting (PipelineReporter, DroppedFrame, BeginFrame...) and the page's performance.mark()s. */
export const TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline.frame', 'blink.user_timing'] as const;
/** Added when a main-thread breakdown (script / style+layout / paint) is wanted: ~50% more trace. */
export const MAIN_THREAD_CATEGORIES = ['devtools.timeline'] as const;

export interface RecordedTrace {
  /** The trace as Chromium wrote it: JSON `{"traceEvents": [...]}`, loadable in Perfetto or DevTools. */
  json: string;
  /** The trace buffer filled up and events were dropped. */
  dataLoss: boolean;
}

export interface TraceRecorder {
  stop(): Promise<RecordedTrace>;
}

export async function startTrace(cdp: CDPSession, categories: readonly string[]): Promise<TraceRecorder> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: {
      includedCategories: [...categories],
      excludedCategories: ['*'],
      // A full buffer must be detectable, not silently overwritten from the start.
      recordMode: 'recordUntilFull',
    },
    bufferUsageReportingInterval: 1000,
  });
  return {
    async stop(): Promise<RecordedTrace> {
      const complete = new Promise<{ stream?: string; dataLossOccurred: boolean }>((resolve) =>
        cdp.once('Tracing.tracingComplete', (event) => resolve(event)),
      );
      await cdp.send('Tracing.end');
      const { stream, dataLossOccurred } = await complete;
      if (!stream) throw new Error('Chromium returned no trace stream');
      // Bytes first, text last: a chunk boundary may split a multi-byte character.
      const parts: Buffer[] = [];
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
        parts.push(Buffer.from(chunk.data, chunk.base64Encoded ? 'base64' : 'utf8'));
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle: stream });
      return { json: Buffer.concat(parts).toString('utf8'), dataLoss: dataLossOccurred };
    },
  };
}
