// The mock provider in a process of its own, for app mode (forked by provider-link.ts). In streambench's process
// its pacer would share one event loop with Playwright: each would delay the other (the pacer sleeps in
// Atomics.wait before each due time; a burst of browser messages makes sends late). Over IPC it is told what to
// stream next, answers clock pings, and reports each stream when the mock receives it and when it ends.
import { startMockProvider, type MockProvider, type ServedStream } from '../provider/mock-provider.ts';
import type { WireChunk } from '../provider/wire.ts';

/** Parent -> provider process. */
export type ToProvider = { type: 'serve'; chunks: WireChunk[] } | { type: 'clock' } | { type: 'close' };

/** Provider process -> parent. Epoch times are this process's performance.timeOrigin + now(). */
export type FromProvider =
  | { type: 'ready'; url: string; baseUrlOpenAI: string }
  | { type: 'serving' }
  | { type: 'clock'; epochMs: number }
  | { type: 'started'; index: number; receivedAtMs: number }
  | { type: 'ended'; index: number; stream: ServedStream }
  | { type: 'closed' };

/** How often new streams are looked for (a stream's own times are recorded by the mock, not by this poll). */
const POLL_MS = 2;

const send = (message: FromProvider): void => void process.send?.(message);

function watchStreams(provider: MockProvider): () => void {
  let seen = 0;
  const poll = setInterval(() => {
    const all = provider.streams();
    for (; seen < all.length; seen++) {
      send({ type: 'started', index: seen, receivedAtMs: (all[seen] as ServedStream).receivedAtMs });
    }
  }, POLL_MS);
  provider.onStream((stream) => send({ type: 'ended', index: provider.streams().indexOf(stream), stream }));
  return () => clearInterval(poll);
}

async function main(): Promise<void> {
  // The initial content is never streamed: every run serves its own chunks first.
  const provider = await startMockProvider({ scenario: 'markdown-answer', rate: 981, maxTokens: 20 });
  const stopWatching = watchStreams(provider);
  const close = async (): Promise<void> => {
    stopWatching();
    await provider.close();
    send({ type: 'closed' });
    process.exit(0);
  };
  process.on('message', (message: ToProvider) => {
    if (message.type === 'serve') {
      provider.serve(message.chunks);
      send({ type: 'serving' });
    } else if (message.type === 'clock') send({ type: 'clock', epochMs: performance.timeOrigin + performance.now() });
    else void close();
  });
  // streambench went away without closing: so does the provider.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: provider.url, baseUrlOpenAI: provider.baseUrlOpenAI });
}

void main();
