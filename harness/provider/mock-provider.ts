// The mock provider: a local HTTP server (127.0.0.1 only) that streams a scenario's schedule in real providers' wire
// formats (OpenAI Chat Completions and Anthropic Messages SSE, see wire.ts), so an app under test can call it as it
// calls a provider, straight from the browser (CORS). Each request streams the same content (markers included) with
// the schedule's clock starting at the request's receipt; the pacer sends each event at t0 + dueMs, and every
// content event's send time is recorded (ServedStream), so the stream's own timing error is known.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { buildSchedule } from '../schedule/schedule.ts';
import { parseScenarioVariant } from '../schedule/cell-request.ts';
import type { Rate, Schedule } from '../schedule/types.ts';
import { RATE_PRESETS, defaultTtftMs } from '../../scenarios/rates.ts';
import { SCENARIOS, loadScenarioText } from '../../scenarios/index.ts';
import { percentiles } from '../stats/basic.ts';
import { sharedPacer, type Pacer, type WaitMode } from './pacer.ts';
import { classifyRequest, errorBody, modelsBody, type StreamRequest } from './requests.ts';
import { anthropicEvents, openAIEvents, type WireChunk, type WireEvent, type WireFormat } from './wire.ts';

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
}

export interface ServedStream {
  format: WireFormat;
  /** performance.timeOrigin + performance.now() at the request's receipt (epoch ms, fractional): the stream's t0. */
  receivedAtMs: number;
  /** Content events sent so far, in order: dueMs and sentMs relative to receivedAtMs. */
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
  /** From now on, requests stream these chunks (dueMs relative to each request's receipt) instead. */
  serve(chunks: readonly WireChunk[]): void;
  /** Every stream served or being served, in order of arrival (live records). */
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
  const { def, shape } = parseScenarioVariant(o.scenario);
  return buildSchedule({
    scenario: o.scenario,
    format: def.format,
    text: loadScenarioText(def),
    rate: providerRate(o.rate, o.ttftMs),
    seed: o.seed ?? 1,
    shape,
    ...(shape === 'token' ? { tokensPerChunk: o.tokensPerChunk ?? 1 } : {}),
    jitter: 0,
    maxTokens: o.maxTokens ?? null,
  });
}

/** Request bodies above this are refused (a long conversation is well under it). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const epochNow = (): number => performance.timeOrigin + performance.now();

/** CORS for apps that call the provider from the browser: any origin, and any header the preflight asks for. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const asked = req.headers['access-control-request-headers'];
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    // `*` does not cover Authorization, so the asked-for list is echoed.
    'access-control-allow-headers': asked ?? '*, authorization',
    'access-control-expose-headers': '*',
    'access-control-max-age': '86400',
    // The measured page is cross-origin isolated (COEP): let it load these responses.
    'cross-origin-resource-policy': 'cross-origin',
    ...(req.headers['access-control-request-private-network']
      ? { 'access-control-allow-private-network': 'true' }
      : {}),
    vary: 'Origin, Access-Control-Request-Headers',
  };
}

/** The body as text; null when it is over MAX_BODY_BYTES or the request failed. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= MAX_BODY_BYTES) parts.push(part);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

function sendJson(res: ServerResponse, status: number, cors: Record<string, string>, body: string): void {
  res.writeHead(status, { ...cors, 'content-type': 'application/json' });
  res.end(body);
}

/** State shared by every request of one provider. */
interface ProviderState {
  /** What the next request streams (a request keeps the chunks it started with). */
  chunks: readonly WireChunk[];
  pacer: Pacer;
  served: ServedStream[];
  listeners: Array<(s: ServedStream) => void>;
  /** Stops of the streams in flight, for close(). */
  inFlight: Set<() => void>;
  nextId: number;
}

function wireEvents(chunks: readonly WireChunk[], request: StreamRequest, id: number): WireEvent[] {
  const ctx = {
    id: request.format === 'openai' ? `chatcmpl-streambench-${id}` : `msg_streambench_${id}`,
    model: request.model,
    createdS: Math.floor(Date.now() / 1000),
    inputTokens: request.inputTokens,
    includeUsage: request.includeUsage,
  };
  return request.format === 'openai' ? openAIEvents(chunks, ctx) : anthropicEvents(chunks, ctx);
}

/** Streams the schedule as `request.format` on `res`, paced from t0 (performance.now() at the request's receipt). */
function streamResponse(
  state: ProviderState,
  res: ServerResponse,
  cors: Record<string, string>,
  request: StreamRequest,
  t0: number,
): void {
  const id = ++state.nextId;
  const chunks = state.chunks;
  const events = wireEvents(chunks, request, id);
  const record: ServedStream = {
    format: request.format,
    receivedAtMs: performance.timeOrigin + t0,
    chunks: [],
    finishedAtMs: null,
    aborted: false,
  };
  state.served.push(record);
  res.socket?.setNoDelay(true);
  res.writeHead(200, {
    ...cors,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': `req_streambench_${id}`,
    'request-id': `req_streambench_${id}`,
  });
  let ending = false;
  let ended = false;
  const finish = (aborted: boolean): void => {
    if (ended) return;
    ended = true;
    state.inFlight.delete(abort);
    stopPacing();
    if (aborted) record.aborted = true;
    else record.finishedAtMs = epochNow();
    for (const cb of state.listeners) cb(record);
  };
  const abort = (): void => {
    finish(true);
    res.destroy();
  };
  const stopPacing = state.pacer.add({
    t0,
    dueMs: events.map((e) => e.dueMs),
    send: (i) => {
      const event = events[i] as WireEvent;
      res.write(event.payload);
      const chunk = event.chunk === null ? undefined : chunks[event.chunk];
      // Node corks a response until the next tick: the time taken after that flush is when the bytes left.
      if (chunk)
        process.nextTick(() =>
          record.chunks.push({ text: chunk.text, dueMs: chunk.dueMs, sentMs: performance.now() - t0 }),
        );
    },
    done: () => {
      ending = true;
      res.end();
      process.nextTick(() => finish(false));
    },
  });
  state.inFlight.add(abort);
  res.on('close', () => finish(!ending));
  // A write racing a disconnect must not take the host process down: 'close' reports the disconnect.
  res.on('error', () => {});
}

async function handle(state: ProviderState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const t0 = performance.now();
  const cors = corsHeaders(req);
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, cors);
    res.end();
    return;
  }
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  let body: string | null = null;
  if (method === 'POST') body = await readBody(req);
  else req.resume();
  const request = classifyRequest(method, pathname, body);
  if (request.kind === 'models') sendJson(res, 200, cors, modelsBody(Date.now()));
  else if (request.kind === 'error') sendJson(res, request.status, cors, errorBody(request.message));
  else streamResponse(state, res, cors, request, t0);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE';
      reject(inUse ? new MockProviderInputError(`port ${port} is in use on 127.0.0.1`) : error);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Starts the provider on 127.0.0.1 (never another interface). Throws a MockProviderInputError on bad options. */
export async function startMockProvider(o: MockProviderOptions): Promise<MockProvider> {
  const port = o.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new MockProviderInputError(`bad port ${port}: must be a whole number from 0 to 65535`);
  const schedule = providerSchedule(o);
  const state: ProviderState = {
    chunks: schedule.chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount })),
    pacer: sharedPacer(o.waitMode ?? 'sleep'),
    served: [],
    listeners: [],
    inFlight: new Set(),
    nextId: 0,
  };
  const server = createServer((req, res) => void handle(state, req, res));
  const url = `http://127.0.0.1:${await listen(server, port)}`;
  return {
    url,
    baseUrlOpenAI: `${url}/v1`,
    schedule,
    serve: (chunks) => {
      state.chunks = chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount }));
    },
    streams: () => state.served.slice(),
    onStream: (cb) => void state.listeners.push(cb),
    close: async () => {
      // Each abort takes its stream off the shared pacer, which then idles if nothing else is paced.
      for (const abort of [...state.inFlight]) abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A stream's send error (sentMs - dueMs per content event), ms: p50, p99, max; null without events. */
export function sendErrorOf(s: ServedStream): { p50: number | null; p99: number | null; max: number | null } {
  const { p50, p99, max } = percentiles(s.chunks.map((c) => c.sentMs - c.dueMs));
  return { p50, p99, max };
}
