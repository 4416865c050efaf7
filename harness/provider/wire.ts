// The mock provider's wire formats: a schedule's chunks as the Server-Sent Events a real provider sends, one string
// per event (the server writes each with one res.write at its due time). OpenAI Chat Completions chunks end with
// finish_reason "stop" and `data: [DONE]`; Anthropic Messages events carry their `event:` line, in the order of the
// real API (message_start, content_block_start, ping, content_block_delta..., content_block_stop, message_delta,
// message_stop). Pure: ids and the clock come in as arguments.

export type WireFormat = 'openai' | 'anthropic';

/** One SSE event: its bytes and when it is due (stream time, ms). `chunk` is the schedule chunk it carries. */
export interface WireEvent {
  payload: string;
  dueMs: number;
  chunk: number | null;
}

/** What a stream needs besides its chunks: names and ids a real response carries. */
export interface WireContext {
  id: string;
  model: string;
  /** Unix seconds, for OpenAI's `created`. */
  createdS: number;
  /** Tokens the client sent, roughly (usage fields). */
  inputTokens: number;
  /** OpenAI `stream_options.include_usage`: a last chunk with usage and no choices. */
  includeUsage: boolean;
}

export interface WireChunk {
  text: string;
  dueMs: number;
  tokenCount: number;
}

const sse = (data: unknown): string => `data: ${JSON.stringify(data)}\n\n`;
const namedSse = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

function openAIChunk(ctx: WireContext, delta: Record<string, unknown>, finish: string | null): string {
  return sse({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.createdS,
    model: ctx.model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
}

/** OpenAI: a role chunk at once (as the real API sends before the first token), a chunk per schedule chunk, then
 * finish_reason "stop", optionally usage, and [DONE], all with the last chunk. */
export function openAIEvents(chunks: readonly WireChunk[], ctx: WireContext): WireEvent[] {
  const lastDue = chunks.at(-1)?.dueMs ?? 0;
  const outputTokens = chunks.reduce((sum, c) => sum + c.tokenCount, 0);
  const events: WireEvent[] = [
    { payload: openAIChunk(ctx, { role: 'assistant', content: '', refusal: null }, null), dueMs: 0, chunk: null },
  ];
  chunks.forEach((c, i) =>
    events.push({ payload: openAIChunk(ctx, { content: c.text }, null), dueMs: c.dueMs, chunk: i }),
  );
  events.push({ payload: openAIChunk(ctx, {}, 'stop'), dueMs: lastDue, chunk: null });
  if (ctx.includeUsage) {
    const usage = {
      prompt_tokens: ctx.inputTokens,
      completion_tokens: outputTokens,
      total_tokens: ctx.inputTokens + outputTokens,
    };
    const payload = sse({
      id: ctx.id,
      object: 'chat.completion.chunk',
      created: ctx.createdS,
      model: ctx.model,
      system_fingerprint: null,
      choices: [],
      usage,
    });
    events.push({ payload, dueMs: lastDue, chunk: null });
  }
  events.push({ payload: 'data: [DONE]\n\n', dueMs: lastDue, chunk: null });
  return events;
}

/** Anthropic: message_start, content_block_start and a ping at once; a text_delta per schedule chunk; then
 * content_block_stop, message_delta (stop_reason end_turn, usage) and message_stop with the last chunk. */
export function anthropicEvents(chunks: readonly WireChunk[], ctx: WireContext): WireEvent[] {
  const lastDue = chunks.at(-1)?.dueMs ?? 0;
  const outputTokens = chunks.reduce((sum, c) => sum + c.tokenCount, 0);
  const message = {
    id: ctx.id,
    type: 'message',
    role: 'assistant',
    content: [],
    model: ctx.model,
    stop_reason: null,
    stop_sequence: null,
    usage: {
      input_tokens: ctx.inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 1,
    },
  };
  const at = (dueMs: number, event: string, data: unknown): WireEvent => ({
    payload: namedSse(event, data),
    dueMs,
    chunk: null,
  });
  const events: WireEvent[] = [
    at(0, 'message_start', { type: 'message_start', message }),
    at(0, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    at(0, 'ping', { type: 'ping' }),
  ];
  chunks.forEach((c, i) => {
    const delta = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: c.text } };
    events.push({ ...at(c.dueMs, 'content_block_delta', delta), chunk: i });
  });
  events.push(
    at(lastDue, 'content_block_stop', { type: 'content_block_stop', index: 0 }),
    at(lastDue, 'message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
    at(lastDue, 'message_stop', { type: 'message_stop' }),
  );
  return events;
}
