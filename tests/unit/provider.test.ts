// The mock provider (harness/provider/) as real clients see it: the OpenAI and Anthropic SDKs parse its streams into
// exactly the scenario's content, one content event per schedule chunk; requests it does not speak get a 400/404
// body saying what it expected; CORS preflights pass; a client disconnect stops the stream. Timing is measured at
// 981 tok/s and printed, but only ordering and counts are asserted (the machine is shared).
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseMockProviderArgs } from '../../harness/provider/args.ts';
import {
  MockProviderInputError,
  sendErrorOf,
  startMockProvider,
  type MockProvider,
  type ServedStream,
} from '../../harness/provider/mock-provider.ts';

/** Short streams: ~60 tokens at 981 tok/s is ~0.25 s with the TTFT. */
const SHORT = { scenario: 'markdown-answer', rate: 981, maxTokens: 60 } as const;

let provider: MockProvider;

beforeAll(async () => {
  provider = await startMockProvider(SHORT);
});
afterAll(async () => {
  await provider.close();
});

/** The next `count` streams of `p` to end (records arrive from the provider's worker, a moment after the client
 * has read the last event). */
function nextEnds(p: MockProvider, count: number): Promise<ServedStream[]> {
  const ended: ServedStream[] = [];
  return new Promise((resolve) =>
    p.onStream((s) => {
      if (ended.length < count && ended.push(s) === count) resolve(ended);
    }),
  );
}

/** The stream record of the request made by `run` (the provider's streams are served in order of arrival). */
async function served<T>(run: () => Promise<T>): Promise<{ result: T; stream: ServedStream }> {
  const before = provider.streams().length;
  const ended = nextEnds(provider, 1);
  const result = await run();
  const [stream] = await ended;
  expect(provider.streams()[before]).toBe(stream);
  return { result, stream: stream as ServedStream };
}

/** Every content event was sent, in order, none before its due time, carrying the schedule's chunk. */
function expectPaced(stream: ServedStream, p: MockProvider): void {
  const chunks = p.schedule.chunks;
  expect(stream.aborted).toBe(false);
  expect(stream.finishedAtMs).not.toBeNull();
  expect(stream.chunks.map((c) => c.text)).toEqual(chunks.map((c) => c.text));
  expect(stream.chunks.map((c) => c.dueMs)).toEqual(chunks.map((c) => c.dueMs));
  stream.chunks.forEach((c, i) => {
    expect(c.sentMs).toBeGreaterThanOrEqual(c.dueMs);
    if (i > 0) expect(c.sentMs).toBeGreaterThanOrEqual((stream.chunks[i - 1] as { sentMs: number }).sentMs);
  });
}

describe('mock provider: the OpenAI SDK', () => {
  it('streams the scenario content exactly, one chunk per schedule chunk, then finish_reason stop', async () => {
    const client = new OpenAI({ baseURL: provider.baseUrlOpenAI, apiKey: 'x', maxRetries: 0 });
    const { result, stream } = await served(async () => {
      const completion = await client.chat.completions.create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      });
      const parts: string[] = [];
      const finishes: Array<string | null> = [];
      let roles = 0;
      for await (const chunk of completion) {
        const choice = chunk.choices[0];
        expect(chunk.object).toBe('chat.completion.chunk');
        expect(chunk.model).toBe('gpt-test');
        if (choice?.delta.role === 'assistant') roles++;
        if (choice?.delta.content) parts.push(choice.delta.content);
        finishes.push(choice?.finish_reason ?? null);
      }
      return { parts, finishes, roles };
    });
    expect(result.parts.join('')).toBe(provider.schedule.text);
    expect(result.parts).toHaveLength(provider.schedule.chunks.length);
    expect(result.roles).toBe(1);
    expect(result.finishes.filter((f) => f !== null)).toEqual(['stop']);
    expect(result.finishes.at(-1)).toBe('stop');
    expect(stream.format).toBe('openai');
    expectPaced(stream, provider);
  });

  it('adds a usage chunk when stream_options.include_usage is set', async () => {
    const client = new OpenAI({ baseURL: provider.baseUrlOpenAI, apiKey: 'x', maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: number | undefined;
    for await (const chunk of completion) if (chunk.usage) usage = chunk.usage.completion_tokens;
    expect(usage).toBe(provider.schedule.tokenCount);
  });

  it('lists a model', async () => {
    const client = new OpenAI({ baseURL: provider.baseUrlOpenAI, apiKey: 'x', maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['streambench-mock']);
  });

  it('refuses a non-streaming request with a 400 the SDK reports, saying what was expected', async () => {
    const client = new OpenAI({ baseURL: provider.baseUrlOpenAI, apiKey: 'x', maxRetries: 0 });
    const request = client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    await expect(request).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('expected POST /v1/chat/completions with stream: true'),
    });
  });
});

describe('mock provider: the Anthropic SDK', () => {
  it('streams the events of the real API in order, the text being the scenario content exactly', async () => {
    const client = new Anthropic({ baseURL: provider.url, apiKey: 'x', maxRetries: 0 });
    const { result, stream } = await served(async () => {
      const events = await client.messages.create({
        model: 'claude-test',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      });
      const types: string[] = [];
      const parts: string[] = [];
      for await (const event of events) {
        types.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') parts.push(event.delta.text);
      }
      return { types, parts };
    });
    const n = provider.schedule.chunks.length;
    // The SDK drops `ping` events; every other event reaches the caller.
    expect(result.types).toEqual([
      'message_start',
      'content_block_start',
      ...Array<string>(n).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(result.parts.join('')).toBe(provider.schedule.text);
    expect(stream.format).toBe('anthropic');
    expectPaced(stream, provider);
  });

  it('is accumulated by messages.stream() into the final message', async () => {
    const client = new Anthropic({ baseURL: provider.url, apiKey: 'x', maxRetries: 0 });
    const stream = client.messages.stream({
      model: 'claude-test',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let deltas = 0;
    stream.on('text', () => deltas++);
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: provider.schedule.text }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(provider.schedule.tokenCount);
    expect(deltas).toBe(provider.schedule.chunks.length);
  });

  it('lists a model', async () => {
    const client = new Anthropic({ baseURL: provider.url, apiKey: 'x', maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['streambench-mock']);
  });
});

describe('mock provider: requests it does not speak', () => {
  const cases: Array<{ name: string; method: string; path: string; body?: string; status: number; got: string }> = [
    {
      name: 'a non-stream request',
      method: 'POST',
      path: '/v1/messages',
      body: '{"model":"m"}',
      status: 400,
      got: 'stream: absent',
    },
    {
      name: 'stream: false',
      method: 'POST',
      path: '/v1/chat/completions',
      body: '{"stream":false}',
      status: 400,
      got: 'stream: false',
    },
    { name: 'a missing body', method: 'POST', path: '/v1/chat/completions', status: 400, got: 'without a body' },
    {
      name: 'invalid JSON',
      method: 'POST',
      path: '/v1/messages',
      body: '{"stream": tru',
      status: 400,
      got: 'not valid JSON',
    },
    { name: 'a JSON array', method: 'POST', path: '/v1/messages', body: '[1]', status: 400, got: 'not a JSON object' },
    { name: 'the wrong method', method: 'GET', path: '/v1/chat/completions', status: 400, got: 'wrong method' },
    {
      name: 'an unknown path',
      method: 'POST',
      path: '/v1/completions',
      body: '{"stream":true}',
      status: 404,
      got: 'unknown path',
    },
    {
      name: 'a path without /v1',
      method: 'POST',
      path: '/chat/completions',
      body: '{"stream":true}',
      status: 404,
      got: 'unknown path',
    },
  ];
  for (const c of cases) {
    it(`answers ${c.name} with ${c.status} and a JSON body saying what was expected`, async () => {
      const before = provider.streams().length;
      const response = await fetch(`${provider.url}${c.path}`, {
        method: c.method,
        ...(c.body === undefined ? {} : { body: c.body }),
      });
      expect(response.status).toBe(c.status);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toContain(
        'expected POST /v1/chat/completions with stream: true (OpenAI) or POST /v1/messages with stream: true',
      );
      expect(body.error.message).toContain(c.got);
      expect(provider.streams()).toHaveLength(before);
    });
  }
});

describe('mock provider: browsers and clients', () => {
  it('answers a CORS preflight with the asked-for headers allowed, from any origin', async () => {
    const asked = 'authorization, x-api-key, anthropic-version, content-type, x-stainless-os, x-stainless-retry-count';
    const response = await fetch(`${provider.url}/v1/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': asked,
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe(asked);
  });

  it('stops a stream when the client disconnects, and marks it aborted', async () => {
    // A 3 s stream, so the hang-up lands mid-stream however late this busy machine runs the client.
    const long = Array.from({ length: 3000 }, (_, i) => ({ text: ' x', dueMs: 5 + i, tokenCount: 1 }));
    await provider.serve(long);
    try {
      const controller = new AbortController();
      const ended = nextEnds(provider, 1);
      const response = await fetch(`${provider.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ stream: true }),
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      const decoder = new TextDecoder();
      // Read until some content arrived, then hang up mid-stream.
      while (!/"content":"[^"]/.test(text)) {
        const { value } = await reader.read();
        text += decoder.decode(value);
      }
      controller.abort();
      const [stream] = (await ended) as [ServedStream];
      expect(stream.aborted).toBe(true);
      expect(stream.finishedAtMs).toBeNull();
      expect(stream.chunks.length).toBeGreaterThan(0);
      expect(stream.chunks.length).toBeLessThan(long.length);
      // Nothing is sent once the client has gone.
      const sent = stream.chunks.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stream.chunks).toHaveLength(sent);
    } finally {
      await provider.serve(provider.schedule.chunks);
    }
  });

  it('streams two requests at once, each on its own clock', async () => {
    const openai = new OpenAI({ baseURL: provider.baseUrlOpenAI, apiKey: 'x', maxRetries: 0 });
    const anthropic = new Anthropic({ baseURL: provider.url, apiKey: 'x', maxRetries: 0 });
    const before = provider.streams().length;
    const ended = nextEnds(provider, 2);
    const [a, b] = await Promise.all([
      (async () => {
        const parts: string[] = [];
        const s = await openai.chat.completions.create({ model: 'm', messages: [], stream: true });
        for await (const chunk of s) parts.push(chunk.choices[0]?.delta.content ?? '');
        return parts.join('');
      })(),
      anthropic.messages.stream({ model: 'm', max_tokens: 1, messages: [] }).finalText(),
    ]);
    expect(a).toBe(provider.schedule.text);
    expect(b).toBe(provider.schedule.text);
    await ended;
    const streams = provider.streams().slice(before);
    expect(streams.map((s) => s.format).sort()).toEqual(['anthropic', 'openai']);
    for (const s of streams) expectPaced(s, provider);
  });

  it('serve() replaces what the next requests stream', async () => {
    const other = await startMockProvider(SHORT);
    try {
      await other.serve([
        { text: 'Hello', dueMs: 5, tokenCount: 1 },
        { text: ' ⟦0⟧', dueMs: 10, tokenCount: 1 },
      ]);
      const client = new Anthropic({ baseURL: other.url, apiKey: 'x', maxRetries: 0 });
      const ended = nextEnds(other, 1);
      const text = await client.messages.stream({ model: 'm', max_tokens: 1, messages: [] }).finalText();
      expect(text).toBe('Hello ⟦0⟧');
      const [stream] = await ended;
      expect(stream?.chunks.map((c) => c.dueMs)).toEqual([5, 10]);
    } finally {
      await other.close();
    }
  });
});

describe("mock provider on the caller's thread", () => {
  it('streams the same as on its worker', async () => {
    const inline = await startMockProvider({ ...SHORT, thread: 'main' });
    try {
      const ended = nextEnds(inline, 1);
      const client = new OpenAI({ baseURL: inline.baseUrlOpenAI, apiKey: 'x', maxRetries: 0 });
      const completion = await client.chat.completions.create({ model: 'm', messages: [], stream: true });
      const parts: string[] = [];
      for await (const chunk of completion) parts.push(chunk.choices[0]?.delta.content ?? '');
      expect(parts.join('')).toBe(inline.schedule.text);
      const [stream] = (await ended) as [ServedStream];
      expectPaced(stream, inline);
    } finally {
      await inline.close();
    }
  });
});

describe('mock provider: options and CLI arguments', () => {
  it('refuses an unknown scenario (listing the names), a bad rate and a bad port', async () => {
    await expect(startMockProvider({ scenario: 'nope', rate: 981 })).rejects.toThrow(
      /unknown scenario "nope"; valid: .*long-markdown/,
    );
    await expect(startMockProvider({ scenario: 'short-answer', rate: 0 })).rejects.toThrow(MockProviderInputError);
    await expect(startMockProvider({ scenario: 'long-markdown@nope', rate: 981 })).rejects.toThrow(
      /unknown stream shape "nope"/,
    );
    await expect(startMockProvider({ scenario: 'table@delta', rate: 981, tokensPerChunk: 2 })).rejects.toThrow(
      MockProviderInputError,
    );
    await expect(startMockProvider({ scenario: 'table', rate: 981, maxTokens: -1 })).rejects.toThrow(/bad maxTokens/);
    await expect(startMockProvider({ scenario: 'short-answer', rate: 981, port: -1 })).rejects.toThrow(/bad port -1/);
    const inUse = Number(new URL(provider.url).port);
    await expect(startMockProvider({ scenario: 'short-answer', rate: 981, port: inUse })).rejects.toThrow(/is in use/);
  });

  it('parses the CLI flags and names a bad value', () => {
    expect(
      parseMockProviderArgs(['--rate', '981', '--scenario', 'long-markdown', '--port', '0', '--seed', '7']),
    ).toEqual({
      scenario: 'long-markdown',
      rate: 981,
      ttftMs: 180,
      seed: 7,
      port: 0,
    });
    expect(parseMockProviderArgs(['--help'])).toBeNull();
    expect(() => parseMockProviderArgs(['--rate', 'fast'])).toThrow(UsageError);
    expect(() => parseMockProviderArgs(['--rate=-1'])).toThrow(/bad rate "-1"/);
    expect(() => parseMockProviderArgs(['--port', '70000'])).toThrow(/bad --port "70000"/);
    expect(() => parseMockProviderArgs(['--seed', '1.5'])).toThrow(/bad --seed "1.5"/);
    expect(() => parseMockProviderArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseMockProviderArgs(['--max-tokens', '0'])).toThrow(/bad --max-tokens "0"/);
  });
});

describe('mock provider: timing at 981 tok/s', () => {
  it('sends every content event at or after its due time, in order (send error printed)', async () => {
    const long = await startMockProvider({ scenario: 'long-markdown', rate: 981, maxTokens: 1500 });
    try {
      const ended = nextEnds(long, 1);
      // A plain reader: the client's own work shares this process's event loop, so keep it light.
      const response = await fetch(`${long.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ stream: true }),
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      while (!(await reader.read()).done) {
        // Drain.
      }
      const [stream] = (await ended) as [ServedStream];
      expectPaced(stream, long);
      const { p50, p99, max } = sendErrorOf(stream);
      console.log(
        `mock provider send error at 981 tok/s, ${stream.chunks.length} events: p50 ${p50?.toFixed(3)} ms, ` +
          `p99 ${p99?.toFixed(3)} ms, max ${max?.toFixed(3)} ms`,
      );
    } finally {
      await long.close();
    }
  });
});
