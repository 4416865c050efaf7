// The mock provider called from a real browser page on another origin, as an app calls a provider: a
// cross-origin-isolated page (COOP/COEP, like the measured page) fetches both streaming endpoints with the headers
// the SDKs send (Authorization, x-api-key, anthropic-version, x-stainless-*), which forces a CORS preflight, and reads
// each stream to the end. Times nothing.
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../../harness/run/browser.ts';
import { startMockProvider, type MockProvider } from '../../harness/provider/mock-provider.ts';
import { crossOriginIsolationHeaders } from '../../vite.config.ts';

let provider: MockProvider;
let pageServer: Server;
let pageUrl: string;
let browser: Browser;

beforeAll(async () => {
  provider = await startMockProvider({ scenario: 'markdown-answer', rate: 981, maxTokens: 40 });
  pageServer = createServer((_req, res) => {
    res.writeHead(200, { ...crossOriginIsolationHeaders, 'content-type': 'text/html' });
    res.end('<!doctype html><title>app</title>');
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const address = pageServer.address();
  pageUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await provider?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
});

interface BrowserFetch {
  url: string;
  headers: Record<string, string>;
  body: string;
}

describe('mock provider from a browser page on another origin', () => {
  it('passes the preflight for the SDKs headers and streams both formats to the end', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    const stainless = { 'x-stainless-os': 'Linux', 'x-stainless-retry-count': '0', 'x-stainless-lang': 'js' };
    const requests: BrowserFetch[] = [
      {
        url: `${provider.baseUrlOpenAI}/chat/completions`,
        headers: { authorization: 'Bearer x', 'content-type': 'application/json', ...stainless },
        body: JSON.stringify({ model: 'm', messages: [], stream: true }),
      },
      {
        url: `${provider.url}/v1/messages`,
        headers: {
          'x-api-key': 'x',
          'anthropic-version': '2023-06-01',
          'anthropic-dangerous-direct-browser-access': 'true',
          'content-type': 'application/json',
          ...stainless,
        },
        body: JSON.stringify({ model: 'm', max_tokens: 1, messages: [], stream: true }),
      },
    ];
    const texts = await page.evaluate(async (list: BrowserFetch[]) => {
      const out: string[] = [];
      for (const r of list) {
        const response = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body });
        const sse = await response.text();
        // The content deltas' texts, in order, from either format.
        const parts = sse
          .split('\n')
          .filter((line) => line.startsWith('data: {'))
          .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>)
          .map((event) => {
            const choices = event.choices as Array<{ delta: { content?: string } }> | undefined;
            const delta = event.delta as { text?: string } | undefined;
            return choices?.[0]?.delta.content ?? delta?.text ?? '';
          });
        out.push(parts.join(''));
      }
      return out;
    }, requests);
    expect(texts).toEqual([provider.schedule.text, provider.schedule.text]);
    // The worker relays send records in batches: the last may land just after the client read its last event.
    await vi.waitFor(
      () =>
        expect(provider.streams().map((s) => [s.format, s.aborted, s.chunks.length])).toEqual([
          ['openai', false, provider.schedule.chunks.length],
          ['anthropic', false, provider.schedule.chunks.length],
        ]),
      { timeout: 5_000 },
    );
    await page.close();
  });
});
