// The relayed example's backend, as most chat products have one: the browser talks only to this server, which calls
// the provider with the AI SDK (streamText on @ai-sdk/openai's Chat Completions model; the key stays here) and relays
// the answer to the page as the AI SDK's UI message stream. OPENAI_BASE_URL points it at the provider (streambench
// sets it to its mock). It also serves the built frontend.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createOpenAI } from '@ai-sdk/openai';
import { convertToModelMessages, streamText, type UIMessage } from 'ai';
import { buildPage, serve } from '../serve-built.ts';

const openai = createOpenAI({
  ...(process.env.OPENAI_BASE_URL ? { baseURL: process.env.OPENAI_BASE_URL } : {}),
  apiKey: process.env.OPENAI_API_KEY ?? 'not-needed-for-the-mock',
});

async function readJson(req: IncomingMessage): Promise<{ messages: UIMessage[] }> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as { messages: UIMessage[] };
}

async function chat(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'POST' || req.url !== '/api/chat') return false;
  const { messages } = await readJson(req);
  const result = streamText({ model: openai.chat('gpt-4o-mini'), messages: await convertToModelMessages(messages) });
  result.pipeUIMessageStreamToResponse(res);
  return true;
}

serve(await buildPage(fileURLToPath(new URL('.', import.meta.url))), chat);
