// App mode's hold on the mock provider: one provider for the whole session (the app's base URL is set once, at its
// start), told before each run which chunks the next request streams (the run's own schedule: cell, warm-up or
// sweep point), and watched for that request's stream to start and end.
import { startMockProvider, type MockProvider, type ServedStream } from '../provider/mock-provider.ts';
import type { PageRunRequest } from '../page/protocol.ts';

export interface ExpectedStream {
  /** The stream once the mock received the app's request (null: none yet). */
  started(): ServedStream | null;
  /** Resolves when that stream has ended (finished or aborted). */
  readonly ended: Promise<ServedStream>;
}

export interface ProviderLink {
  readonly url: string;
  readonly baseUrlOpenAI: string;
  /** The next request streams `request`'s chunks at their due times. */
  expect(request: PageRunRequest): ExpectedStream;
  /** How many requests reached the provider (streams served), to tell "no request" from "no text shown". */
  requestCount(): number;
  close(): Promise<void>;
}

export async function openProviderLink(): Promise<ProviderLink> {
  // The scenario here is only the provider's initial content: every run replaces it (expect()).
  const provider: MockProvider = await startMockProvider({ scenario: 'markdown-answer', rate: 981, maxTokens: 20 });
  const waiting = new Map<ServedStream, () => void>();
  provider.onStream((stream) => waiting.get(stream)?.());
  return {
    url: provider.url,
    baseUrlOpenAI: provider.baseUrlOpenAI,
    expect(request) {
      provider.serve(request.chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount })));
      const before = provider.streams().length;
      const started = (): ServedStream | null => provider.streams()[before] ?? null;
      const ended = new Promise<ServedStream>((resolve) => {
        const check = setInterval(() => {
          const stream = started();
          if (!stream) return;
          clearInterval(check);
          if (stream.finishedAtMs !== null || stream.aborted) resolve(stream);
          else waiting.set(stream, () => resolve(stream));
        }, 5);
      });
      return { started, ended };
    },
    requestCount: () => provider.streams().length,
    close: () => provider.close(),
  };
}
