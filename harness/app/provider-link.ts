// App mode's hold on the mock provider: one provider for the whole session (the app's base URL is set once, at its
// start), told before each run which chunks the next request streams (the run's own schedule: cell, warm-up or
// sweep point), and watched for that request's stream to start and end. The provider serves from a worker thread
// of its own (its default), so Playwright's traffic in this process delays none of its sends.
import { startMockProvider, type ServedStream } from '../provider/mock-provider.ts';
import type { PageRunRequest } from '../page/protocol.ts';

export interface ExpectedStream {
  /** The stream once the mock received the app's request (null: none yet); live, its chunks grow as sent. */
  started(): ServedStream | null;
  /** Resolves when that stream has ended (finished or aborted). */
  readonly ended: Promise<ServedStream>;
}

export interface ProviderLink {
  readonly url: string;
  readonly baseUrlOpenAI: string;
  /** The next request streams `request`'s chunks at their due times (resolves once the provider has them). */
  expect(request: PageRunRequest): Promise<ExpectedStream>;
  /** How many requests reached the provider (streams served), to tell "no request" from "no text shown". */
  requestCount(): number;
  close(): Promise<void>;
}

export async function openProviderLink(): Promise<ProviderLink> {
  // The initial content is never streamed: every run serves its own chunks first.
  const provider = await startMockProvider({ scenario: 'markdown-answer', rate: 981, maxTokens: 20 });
  const waiting = new Map<ServedStream, () => void>();
  provider.onStream((stream) => waiting.get(stream)?.());
  return {
    url: provider.url,
    baseUrlOpenAI: provider.baseUrlOpenAI,
    async expect(request) {
      await provider.serve(request.chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount })));
      const index = provider.streams().length;
      const started = (): ServedStream | null => provider.streams()[index] ?? null;
      const ended = new Promise<ServedStream>((resolve) => {
        const check = setInterval(() => {
          const stream = started();
          if (!stream) return;
          clearInterval(check);
          if (stream.finishedAtMs !== null || stream.aborted) resolve(stream);
          else waiting.set(stream, () => resolve(stream));
        }, 5);
        check.unref(); // a run whose request never came leaves nothing running
      });
      return { started, ended };
    },
    requestCount: () => provider.streams().length,
    close: () => provider.close(),
  };
}
