// The mock provider's HTTP server: answers each request (wire formats in wire.ts, refusals in requests.ts) and paces
// every stream's events at t0 + dueMs (pacer.ts), t0 being the request's receipt. It keeps no records: it reports each
// stream's start, each content event's send time and the end to a sink, so it runs the same on the caller's thread
// or in a worker (provider-worker.ts relays the sink to the caller over postMessage).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sharedPacer, type Pacer, type WaitMode } from './pacer.ts';
import { classifyRequest, errorBody, modelsBody, type StreamRequest } from './requests.ts';
import { anthropicEvents, openAIEvents, type WireChunk, type WireEvent, type WireFormat } from './wire.ts';

/** What the server reports. Stream ids count from 1 in order of arrival; times are epoch ms or relative to t0. */
export interface ServerSink {
  started(id: number, format: WireFormat, receivedAtMs: number): void;
  sent(id: number, chunk: { text: string; dueMs: number; sentMs: number }): void;
  /** finishedAtMs (epoch) when every event was written; null when the client left first (aborted). */
  ended(id: number, finishedAtMs: number | null): void;
}

export interface ServerOptions {
  port: number;
  chunks: readonly WireChunk[];
  waitMode: WaitMode;
}

export interface ServerHandle {
  port: number;
  /** Later requests stream these chunks (a request keeps the chunks it started with). */
  serve(chunks: readonly WireChunk[]): void | Promise<void>;
  /** Aborts the streams in flight and stops listening. */
  close(): Promise<void>;
}

/** listen() failed because the port is taken: the caller's input was wrong. */
export class PortInUseError extends Error {}

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

/** The body as text; null when the request failed; `tooLarge` when it is over MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string | null | { tooLarge: number }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= MAX_BODY_BYTES) parts.push(part);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? { tooLarge: size } : Buffer.concat(parts).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

function sendJson(res: ServerResponse, status: number, cors: Record<string, string>, body: string): void {
  res.writeHead(status, { ...cors, 'content-type': 'application/json' });
  res.end(body);
}

/** State shared by every request of one server. */
interface ProviderState {
  /** What the next request streams (a request keeps the chunks it started with). */
  chunks: readonly WireChunk[];
  pacer: Pacer;
  sink: ServerSink;
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
  const { sink } = state;
  sink.started(id, request.format, performance.timeOrigin + t0);
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
    sink.ended(id, aborted ? null : epochNow());
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
        process.nextTick(() => sink.sent(id, { text: chunk.text, dueMs: chunk.dueMs, sentMs: performance.now() - t0 }));
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
  if (method === 'POST') {
    const read = await readBody(req);
    if (typeof read === 'object' && read !== null) {
      const message = `streambench mock provider: request body of ${read.tooLarge} bytes; at most ${MAX_BODY_BYTES}`;
      sendJson(res, 413, cors, errorBody(message));
      return;
    }
    body = read;
  } else req.resume();
  const request = classifyRequest(method, pathname, body);
  if (request.kind === 'models') sendJson(res, 200, cors, modelsBody(Date.now()));
  else if (request.kind === 'error') sendJson(res, request.status, cors, errorBody(request.message));
  else streamResponse(state, res, cors, request, t0);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(`port ${port} is in use on 127.0.0.1`) : error);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Starts the server on 127.0.0.1 (never another interface). */
export async function startServer(options: ServerOptions, sink: ServerSink): Promise<ServerHandle> {
  const state: ProviderState = {
    chunks: options.chunks,
    pacer: sharedPacer(options.waitMode),
    sink,
    inFlight: new Set(),
    nextId: 0,
  };
  const server = createServer((req, res) => void handle(state, req, res));
  const port = await listen(server, options.port);
  return {
    port,
    serve: (chunks) => {
      state.chunks = chunks.map(({ text, dueMs, tokenCount }) => ({ text, dueMs, tokenCount }));
    },
    close: async () => {
      // Each abort takes its stream off the shared pacer, which then idles if nothing else is paced.
      for (const abort of [...state.inFlight]) abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
