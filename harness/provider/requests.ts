// Which requests the mock provider speaks: POST /v1/chat/completions (OpenAI) and POST /v1/messages (Anthropic),
// each with a JSON body holding `stream: true`, plus GET /v1/models. Anything else is answered with an error body
// that says what was expected and what came, in a shape both SDKs read (`error.message`). Pure.
import type { WireFormat } from './wire.ts';

export const EXPECTED =
  'expected POST /v1/chat/completions with stream: true (OpenAI) or POST /v1/messages with stream: true (Anthropic)';

/** A streaming request the provider will serve. */
export interface StreamRequest {
  kind: 'stream';
  format: WireFormat;
  model: string;
  /** OpenAI stream_options.include_usage. */
  includeUsage: boolean;
  /** Rough input size in tokens (characters / 4), for usage fields. */
  inputTokens: number;
}

export interface Rejection {
  kind: 'error';
  status: number;
  message: string;
}

export type Classified = StreamRequest | Rejection | { kind: 'models' };

const ROUTES: Readonly<Record<string, WireFormat>> = {
  '/v1/chat/completions': 'openai',
  '/v1/messages': 'anthropic',
};

export const DEFAULT_MODEL = 'streambench-mock';

const reject = (status: number, got: string): Rejection => ({
  kind: 'error',
  status,
  message: `streambench mock provider: ${EXPECTED}; got ${got}`,
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Classifies a request by method, path (without query) and body text (null when the body was not read). */
export function classifyRequest(method: string, pathname: string, body: string | null): Classified {
  if (pathname === '/v1/models' && method === 'GET') return { kind: 'models' };
  const format = ROUTES[pathname];
  if (!format) return reject(404, `${method} ${pathname} (unknown path)`);
  if (method !== 'POST') return reject(400, `${method} ${pathname} (wrong method)`);
  if (body === null || body.trim() === '') return reject(400, `POST ${pathname} without a body`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return reject(400, `POST ${pathname} whose body is not valid JSON`);
  }
  if (!isRecord(parsed)) return reject(400, `POST ${pathname} whose body is not a JSON object`);
  if (parsed.stream !== true) {
    return reject(400, `POST ${pathname} with stream: ${JSON.stringify(parsed.stream) ?? 'absent'} (not streaming)`);
  }
  const options = parsed.stream_options;
  return {
    kind: 'stream',
    format,
    model: typeof parsed.model === 'string' && parsed.model ? parsed.model : DEFAULT_MODEL,
    includeUsage: format === 'openai' && isRecord(options) && options.include_usage === true,
    inputTokens: Math.max(1, Math.round(body.length / 4)),
  };
}

/** The error body: Anthropic's shape (`type: "error"`), whose `error.message` the OpenAI SDK reads too. */
export function errorBody(message: string): string {
  return JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } });
}

/** GET /v1/models: one model, with the fields both SDKs' model lists read. */
export function modelsBody(nowMs: number): string {
  const created = Math.floor(nowMs / 1000);
  const model = {
    id: DEFAULT_MODEL,
    object: 'model',
    created,
    owned_by: 'streambench',
    type: 'model',
    display_name: 'streambench mock provider',
    created_at: new Date(created * 1000).toISOString(),
  };
  return JSON.stringify({ object: 'list', data: [model], has_more: false, first_id: model.id, last_id: model.id });
}
