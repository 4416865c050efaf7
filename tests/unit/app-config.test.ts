// App mode's config checks and placeholders (harness/app/config.ts): each bad value is one line naming the file
// and the key; placeholders are filled in, URL-encoded only inside a URL's query.
import { describe, expect, it } from 'vitest';
import { AppError, checkAppConfig, fillIn, fillInUrl } from '../../harness/app/config.ts';

const FILE = '/somewhere/my-app/streambench.app.json';
const VALID = { url: 'http://127.0.0.1:{{port}}/', ask: { input: '#q' } };
const values = { baseUrl: 'http://127.0.0.1:9/v1', providerUrl: 'http://127.0.0.1:9', port: 4321 };

function messageOf(raw: unknown): string {
  try {
    checkAppConfig(raw, FILE);
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('app config', () => {
  it('fills defaults: name from the folder, openai, the whole document, ready = url', () => {
    const config = checkAppConfig(VALID, FILE);
    expect(config).toMatchObject({ name: 'my-app', format: 'openai', answer: null, ready: VALID.url, start: null });
    expect(config.dir).toBe('/somewhere/my-app');
  });

  it('refuses each bad value with one line naming the file and the key', () => {
    expect(messageOf([])).toBe('streambench.app.json: must hold an object');
    expect(messageOf({ ask: { input: '#q' } })).toBe('streambench.app.json: "url" is missing');
    expect(messageOf({ ...VALID, colour: 'red' })).toMatch(/^streambench.app.json: unknown key "colour"; valid: name/);
    expect(messageOf({ ...VALID, format: 'grpc' })).toBe(
      'streambench.app.json: "format" must be "openai" or "anthropic", not "grpc"',
    );
    expect(messageOf({ ...VALID, ask: 'click it' })).toMatch(/"ask" must be \{"input": SELECTOR/);
    expect(messageOf({ ...VALID, ask: { send: '#go' } })).toBe('streambench.app.json ask: "input" is missing');
    expect(messageOf({ ...VALID, env: { PORT: 1 } })).toBe('streambench.app.json: env "PORT" must be a string');
    expect(messageOf({ ...VALID, startTimeoutS: -1 })).toBe(
      'streambench.app.json: "startTimeoutS" must be a number > 0',
    );
    expect(messageOf({ ...VALID, name: 'my app' })).toMatch(/"name" may hold letters/);
    expect(messageOf({ ...VALID, answer: '' })).toBe('streambench.app.json: "answer" must be a non-empty string');
  });

  it('takes a script or a selector pair for ask', () => {
    expect(checkAppConfig({ ...VALID, ask: { script: 'go(question)' } }, FILE).ask).toEqual({ script: 'go(question)' });
    expect(checkAppConfig({ ...VALID, ask: { input: '#q', send: '#s' } }, FILE).ask).toEqual({
      input: '#q',
      send: '#s',
    });
  });

  it('fills placeholders in, URL-encoding them only inside a query', () => {
    expect(fillIn('OPENAI_BASE_URL={{baseUrl}} on {{port}}', values)).toBe(
      'OPENAI_BASE_URL=http://127.0.0.1:9/v1 on 4321',
    );
    expect(fillInUrl('http://127.0.0.1:{{port}}/?baseURL={{baseUrl}}&root={{providerUrl}}', values)).toBe(
      'http://127.0.0.1:4321/?baseURL=http%3A%2F%2F127.0.0.1%3A9%2Fv1&root=http%3A%2F%2F127.0.0.1%3A9',
    );
    expect(fillInUrl('http://127.0.0.1:{{port}}/chat', values)).toBe('http://127.0.0.1:4321/chat');
  });
});
