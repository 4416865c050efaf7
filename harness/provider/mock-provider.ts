// The mock provider: a local HTTP server (127.0.0.1 only) that streams a scenario's schedule in real providers' wire
// formats (OpenAI Chat Completions and Anthropic Messages SSE, see wire.ts), so an app under test can call it as it
// calls a provider, straight from the browser (CORS). Each request streams the same content (markers included) with
// the schedule's clock starting at the request's receipt; the pacer sends each event at t0 + dueMs, and every
// content event's send time is recorded (ServedStream), so the stream's own timing error is known.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BadShapeError, buildSchedule } from '../schedule/schedule.ts';
import { parseScenarioVariant } from '../schedule/cell-request.ts';
import type { Rate, Schedule } from '../schedule/types.ts';
import { RATE_PRESETS, defaultTtftMs } from '../../scenarios/rates.ts';
import { SCENARIOS, loadScenarioText } from '../../scenarios/index.ts';
import { percentiles } from '../stats/basic.ts';
import type { WaitMode } from './pacer.ts';
import { PortInUseError, startServer, type ServerHandle, type ServerOptions, type ServerSink } from './server.ts';
import type { WireChunk, WireFormat } from './wire.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

export type { WireChunk, WireFormat } from './wire.ts';

export interface MockProviderOptions {
  /** Scenario name, or `name@shape` (e.g. `long-markdown@delta`); agent-loop streams its calls as one answer. */
  scenario: string;
  /** Tokens per second. */
  rate: number;
  /** Schedule seed (default 1, the bench's default). */
  seed?: number;
  /** Tokens per event for the one-token-per-event shape (default 1). */
  tokensPerChunk?: number;
  /** 0 or absent: any free port. */
  port?: number;
  /** Keep only the first N content tokens (like --quick). */
  maxTokens?: number;
  /** Time to first token, ms (default: the rate preset's, or the bench's default for the rate). */
  ttftMs?: number;
  /** How the pacer waits the last ~2 ms before a due time (default `sleep`; `spin` keeps a core busy). */
  waitMode?: WaitMode;
  /** Where the server runs (default `worker`: its own thread, so a busy caller delays no send). */
  thread?: 'worker' | 'main';
}

export interface ServedStream {
  format: WireFormat;
  /** performance.timeOrigin + performance.now() at the request's receipt (epoch ms, fractional): the stream's t0. */
  receivedAtMs: number;
  /** Content events sent so far (from a worker: relayed every 20 ms), in order; dueMs, sentMs relative to t0. */
  chunks: Array<{ text: string; dueMs: number; sentMs: number }>;
  /** Epoch ms (like receivedAtMs) when the last event was written; null while streaming or if aborted. */
  finishedAtMs: number | null;
  /** The client went away (or the provider closed) before the last event. */
  aborted: boolean;
}

export interface MockProvider {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/v1' (OpenAI SDK baseURL; the Anthropic SDK takes `url`). */
  baseUrlOpenAI: string;
  /** The schedule built from the options: what requests stream until serve() replaces it. */
  schedule: Schedule;
  /** Requests stream these chunks (dueMs relative to each request's receipt) instead, from the moment the returned
   * promise resolves (the worker has them; a request already streaming keeps its chunks). */
  serve(chunks: readonly WireChunk[]): Promise<void>;
  /** Every stream served or being served, in order of arrival (live records; complete once onStream fired). */
  streams(): ServedStream[];
  /** Called once per stream when it ends (finished or aborted). */
  onStream(cb: (s: ServedStream) => void): void;
  close(): Promise<void>;
}

export class MockProviderInputError extends Error {}

/** The rate as the schedule wants it: a preset's TTFT when a preset has this tok/s, else the bench's default. */
export function providerRate(tokPerS: number, ttftMs?: number): Rate {
  if (!(Number.isFinite(tokPerS) && tokPerS > 0))
    throw new MockProviderInputError(`bad rate ${tokPerS}: must be a positive number of tokens per second`);
  const preset = RATE_PRESETS.find((p) => p.tokPerS === tokPerS);
  return {
    name: preset?.name ?? String(tokPerS),
    tokPerS,
    ttftMs: ttftMs ?? preset?.ttftMs ?? defaultTtftMs(tokPerS),
  };
}

/** The schedule a provider streams: the bench's schedule for this scenario, rate and seed (jitter 0). */
export function providerSchedule(o: MockProviderOptions): Schedule {
  const name = o.scenario.split('@')[0] ?? '';
  if (!SCENARIOS.some((s) => s.name === name))
    throw new MockProviderInputError(
      `unknown scenario "${o.scenario}"; valid: ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  const whole = (label: string, v: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max))
      throw new MockProviderInputError(`bad ${label} ${v}: must be a whole number from ${min} to ${max}`);
  };
  whole('maxTokens', o.maxTokens, 1);
  whole('tokensPerChunk', o.tokensPerChunk, 1);
  whole('seed', o.seed, 0, 2 ** 32 - 1);
  if (o.ttftMs !== undefined && !(Number.isFinite(o.ttftMs) && o.ttftMs >= 0))
    throw new MockProviderInputError(`bad ttftMs ${o.ttftMs}: must be a number of ms >= 0`);
  const rate = providerRate(o.rate, o.ttftMs);
  try {
    const { def, shape } = parseScenarioVariant(o.scenario);
    return buildSchedule({
      scenario: o.scenario,
      format: def.format,
      text: loadScenarioText(def),
      rate,
      seed: o.seed ?? 1,
      shape,
      // Given with another shape, buildSchedule refuses it rather than have it silently ignored.
      ...(shape === 'token' || o.tokensPerChunk !== undefined ? { tokensPerChunk: o.tokensPerChunk ?? 1 } : {}),
      jitter: 0,
      maxTokens: o.maxTokens ?? null,
    });
  } catch (error) {
    // A bad stream shape (`name@nope`) or tokensPerChunk with a shape that groups tokens itself.
    if (error instanceof BadShapeError || error instanceof RangeError) throw new MockProviderInputError(error.message);
    throw error;
  }
}

/** Where the tsx loader's register() lives: the worker registers it before importing its TypeScript entry. */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = require(pkgPath) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports?.['./esm/api'];
  const file = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!file) throw new Error(`tsx at ${pkgPath} has no ./esm/api export: cannot start the mock provider's worker`);
  return pathToFileURL(join(dirname(pkgPath), file)).href;
}

/** The server on a worker thread, relaying its sink calls here. Resolves once it listens. */
function startInWorker(options: ServerOptions, sink: ServerSink): Promise<ServerHandle> {
  const entry = new URL('./provider-worker.ts', import.meta.url).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApiUrl())})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: options });
  let onClosed = (): void => {};
  const onServed: Array<() => void> = [];
  return new Promise((resolve, reject) => {
    const handle: ServerHandle = {
      port: 0,
      serve: (chunks) =>
        new Promise<void>((applied) => {
          // Acknowledgements come back in the order the serve messages went out.
          onServed.push(applied);
          worker.postMessage({ type: 'serve', chunks: [...chunks] } satisfies ToWorker);
        }),
      close: async () => {
        const closed = new Promise<void>((r) => (onClosed = r));
        worker.postMessage({ type: 'close' } satisfies ToWorker);
        await closed;
        await worker.terminate();
      },
    };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'listening') resolve({ ...handle, port: m.port });
      else if (m.type === 'failed') {
        reject(m.portInUse ? new PortInUseError(m.message) : new Error(m.message));
        void worker.terminate();
      } else if (m.type === 'started') sink.started(m.id, m.format, m.receivedAtMs);
      else if (m.type === 'sent') for (const r of m.records) sink.sent(r.id, r.chunk);
      else if (m.type === 'ended') sink.ended(m.id, m.finishedAtMs);
      else if (m.type === 'served') onServed.shift()?.();
      else onClosed();
    });
    worker.on('error', (error) => {
      reject(error);
      // Nobody waits forever on a dead worker.
      onClosed();
      for (const applied of onServed.splice(0)) applied();
      console.error(`mock provider worker failed: ${error.message}`);
    });
  });
}

/** The records the API hands out, kept from the server's reports (ids count from 1 in order of arrival). */
function recordKeeper(): { sink: ServerSink; served: ServedStream[]; listeners: Array<(s: ServedStream) => void> } {
  const served: ServedStream[] = [];
  const listeners: Array<(s: ServedStream) => void> = [];
  const of = (id: number): ServedStream | undefined => served[id - 1];
  const sink: ServerSink = {
    started: (id, format, receivedAtMs) => {
      served[id - 1] = { format, receivedAtMs, chunks: [], finishedAtMs: null, aborted: false };
    },
    sent: (id, chunk) => void of(id)?.chunks.push(chunk),
    ended: (id, finishedAtMs) => {
      const record = of(id);
      if (!record) return;
      record.finishedAtMs = finishedAtMs;
      record.aborted = finishedAtMs === null;
      for (const cb of listeners) cb(record);
    },
  };
  return { sink, served, listeners };
}

/** Starts the provider on 127.0.0.1 (never another interface). Throws a MockProviderInputError on bad options. */
export async function startMockProvider(o: MockProviderOptions): Promise<MockProvider> {
  const port = o.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new MockProviderInputError(`bad port ${port}: must be a whole number from 0 to 65535`);
  const schedule = providerSchedule(o);
  const { sink, served, listeners } = recordKeeper();
  const options: ServerOptions = {
    port,
    chunks: schedule.chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount })),
    waitMode: o.waitMode ?? 'sleep',
  };
  let server: ServerHandle;
  try {
    server = await ((o.thread ?? 'worker') === 'worker' ? startInWorker(options, sink) : startServer(options, sink));
  } catch (error) {
    if (error instanceof PortInUseError) throw new MockProviderInputError(error.message);
    throw error;
  }
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    baseUrlOpenAI: `${url}/v1`,
    schedule,
    serve: async (chunks) => server.serve(chunks),
    streams: () => served.slice(),
    onStream: (cb) => void listeners.push(cb),
    close: () => server.close(),
  };
}

/** A stream's send error (sentMs - dueMs per content event), ms: p50, p99, max; null without events. */
export function sendErrorOf(s: ServedStream): { p50: number | null; p99: number | null; max: number | null } {
  const { p50, p99, max } = percentiles(s.chunks.map((c) => c.sentMs - c.dueMs));
  return { p50, p99, max };
}
