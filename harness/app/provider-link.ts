// App mode's hold on the mock provider: one provider for the whole session (the app's base URL is set once, at its
// start), in a process of its own (provider-process.ts: its pacer and Playwright do not share an event loop), told
// before each run which chunks the next request streams (the run's own schedule: cell, warm-up or sweep point),
// and watched for that request's stream to start and end. The provider's epoch times are moved onto this
// process's clock with the offset measured at start (clock pings over IPC).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServedStream } from '../provider/mock-provider.ts';
import type { PageRunRequest } from '../page/protocol.ts';
import { PROJECT_ROOT } from '../run/page-server.ts';
import type { FromProvider, ToProvider } from './provider-process.ts';

export interface ExpectedStream {
  /** The stream once the mock received the app's request (null: none yet); its chunks arrive when it ends. */
  started(): ServedStream | null;
  /** Resolves when that stream has ended (finished or aborted), with its chunks' send times. */
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

const epochNow = (): number => performance.timeOrigin + performance.now();

/** Waits for the next message that `pick` accepts. */
function next<T>(child: ChildProcess, pick: (m: FromProvider) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromProvider): void => {
      const value = pick(m);
      if (value === undefined) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(value);
    };
    const onExit = (code: number | null): void => reject(new Error(`the mock provider's process exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Provider epoch minus ours: the ping with the shortest round trip of a few. */
async function clockOffset(child: ChildProcess): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 5; i++) {
    const before = epochNow();
    const reply = next(child, (m) => (m.type === 'clock' ? m.epochMs : undefined));
    child.send({ type: 'clock' } satisfies ToProvider);
    const theirs = await reply;
    const after = epochNow();
    if (after - before < best.rtt) best = { rtt: after - before, offset: theirs - (before + after) / 2 };
  }
  return Math.abs(best.offset) <= best.rtt / 2 ? 0 : best.offset;
}

export async function openProviderLink(): Promise<ProviderLink> {
  const script = fileURLToPath(new URL('./provider-process.ts', import.meta.url));
  // tsx's loader, resolved from the project: the child runs TypeScript under any parent (tsx, vitest).
  const child = fork(script, [], { cwd: PROJECT_ROOT, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const ready = await next(child, (m) => (m.type === 'ready' ? m : undefined));
  const offset = await clockOffset(child);
  const streams: ServedStream[] = [];
  const waiting = new Map<number, (s: ServedStream) => void>();
  child.on('message', (m: FromProvider) => {
    if (m.type === 'started') {
      const receivedAtMs = m.receivedAtMs - offset;
      streams[m.index] = { format: 'openai', receivedAtMs, chunks: [], finishedAtMs: null, aborted: false };
    } else if (m.type === 'ended') {
      const { finishedAtMs } = m.stream;
      const stream = {
        ...m.stream,
        receivedAtMs: m.stream.receivedAtMs - offset,
        finishedAtMs: finishedAtMs === null ? null : finishedAtMs - offset,
      };
      streams[m.index] = stream;
      waiting.get(m.index)?.(stream);
    }
  });
  return link(child, ready, streams, waiting);
}

function link(
  child: ChildProcess,
  ready: { url: string; baseUrlOpenAI: string },
  streams: ServedStream[],
  waiting: Map<number, (s: ServedStream) => void>,
): ProviderLink {
  return {
    url: ready.url,
    baseUrlOpenAI: ready.baseUrlOpenAI,
    async expect(request) {
      const chunks = request.chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount }));
      const serving = next(child, (m) => (m.type === 'serving' ? true : undefined));
      child.send({ type: 'serve', chunks } satisfies ToProvider);
      await serving;
      const index = streams.length;
      const ended = new Promise<ServedStream>((resolve) => waiting.set(index, resolve));
      return { started: () => streams[index] ?? null, ended };
    },
    requestCount: () => streams.length,
    async close() {
      if (child.exitCode !== null || !child.connected) return;
      const closed = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close' } satisfies ToProvider);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      child.kill('SIGKILL');
    },
  };
}
