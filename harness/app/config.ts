// App mode's config file (streambench.app.json, or .ts with a default export): where the app is, how to start it,
// which wire format it speaks, how its base URL is pointed at the mock provider, how to ask it a question and
// where its answer appears. Loaded and checked before anything starts: every bad value is one line naming it.
// Placeholders {{baseUrl}}, {{providerUrl}} and {{port}} are filled in per session (see placeholders()).
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright';

export type AppFormat = 'openai' | 'anthropic';

/** Asks the question: fill `input` and click `send` (or press Enter), run `script` in the page, or a function. */
export type AskStep =
  { input: string; send?: string } | { script: string } | ((page: Page, question: string) => Promise<void>);

export interface AppConfig {
  /** Shown as the renderer `app:<name>`. */
  name: string;
  /** The config file (absolute); relative paths and the start command's working folder are relative to it. */
  file: string;
  dir: string;
  url: string;
  start: string | null;
  /** Polled until it answers (any HTTP status below 500) before the first run; default: `url`. */
  ready: string;
  startTimeoutMs: number;
  /** Added to the start command's environment (placeholders filled in). */
  env: Record<string, string>;
  format: AppFormat;
  ask: AskStep;
  answer: string | null;
  question: string;
  /** CSS selector of the input a person types into while the answer streams (--interact); default: ask.input. */
  composer: string | null;
}

/** A bad config or an app that cannot be measured: one line, printed as is. */
export class AppError extends Error {}

const DEFAULT_QUESTION = 'Explain how streaming responses work.';
const DEFAULT_START_TIMEOUT_S = 60;
const KNOWN_KEYS = [
  'name',
  'url',
  'start',
  'ready',
  'startTimeoutS',
  'env',
  'format',
  'ask',
  'answer',
  'question',
  'composer',
];

type Raw = Record<string, unknown>;

function text(raw: Raw, key: string, where: string, required = false): string | null {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (required) throw new AppError(`${where}: "${key}" is missing`);
    return null;
  }
  if (typeof value !== 'string' || !value.trim()) throw new AppError(`${where}: "${key}" must be a non-empty string`);
  return value;
}

function askStep(raw: Raw, where: string): AskStep {
  const ask = raw.ask;
  if (typeof ask === 'function') return ask as (page: Page, question: string) => Promise<void>;
  if (!ask || typeof ask !== 'object')
    throw new AppError(`${where}: "ask" must be {"input": SELECTOR, "send": SELECTOR} or {"script": JS}`);
  const step = ask as Raw;
  const script = text(step, 'script', `${where} ask`);
  if (script !== null) return { script };
  const input = text(step, 'input', `${where} ask`, true) ?? '';
  const send = text(step, 'send', `${where} ask`);
  return send === null ? { input } : { input, send };
}

function envOf(raw: Raw, where: string): Record<string, string> {
  const env = raw.env ?? {};
  if (typeof env !== 'object' || Array.isArray(env)) throw new AppError(`${where}: "env" must be an object`);
  for (const [key, value] of Object.entries(env))
    if (typeof value !== 'string') throw new AppError(`${where}: env "${key}" must be a string`);
  return env as Record<string, string>;
}

function formatOf(raw: Raw, where: string): AppFormat {
  const format = raw.format ?? 'openai';
  if (format !== 'openai' && format !== 'anthropic')
    throw new AppError(`${where}: "format" must be "openai" or "anthropic", not ${JSON.stringify(format)}`);
  return format;
}

function timeoutOf(raw: Raw, where: string): number {
  const s = raw.startTimeoutS ?? DEFAULT_START_TIMEOUT_S;
  if (typeof s !== 'number' || !(s > 0)) throw new AppError(`${where}: "startTimeoutS" must be a number > 0`);
  return s * 1000;
}

/** Checks a parsed config object; `file` is where it came from (names in messages, base for paths). */
export function checkAppConfig(raw: unknown, file: string): AppConfig {
  const where = basename(file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new AppError(`${where}: must hold an object`);
  const r = raw as Raw;
  const unknown = Object.keys(r).filter((k) => !KNOWN_KEYS.includes(k));
  if (unknown.length) throw new AppError(`${where}: unknown key "${unknown[0]}"; valid: ${KNOWN_KEYS.join(', ')}`);
  const url = text(r, 'url', where, true) ?? '';
  const dir = dirname(file);
  const name = text(r, 'name', where) ?? basename(dir);
  if (!/^[\w.-]+$/.test(name)) throw new AppError(`${where}: "name" may hold letters, digits, "_", "." and "-"`);
  return {
    name,
    file,
    dir,
    url,
    start: text(r, 'start', where),
    ready: text(r, 'ready', where) ?? url,
    startTimeoutMs: timeoutOf(r, where),
    env: envOf(r, where),
    format: formatOf(r, where),
    ask: askStep(r, where),
    answer: text(r, 'answer', where),
    question: text(r, 'question', where) ?? DEFAULT_QUESTION,
    composer: text(r, 'composer', where),
  };
}

/** Reads `path` (.json, or .ts/.js/.mjs with a default export). */
export async function loadAppConfig(path: string): Promise<AppConfig> {
  const file = resolve(path);
  if (!existsSync(file)) throw new AppError(`app config "${path}" not found`);
  const ext = extname(file);
  let raw: unknown;
  if (ext === '.json') {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new AppError(`${basename(file)}: not valid JSON (${error instanceof Error ? error.message : error})`);
    }
  } else if (['.ts', '.mts', '.js', '.mjs'].includes(ext)) {
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    raw = module.default;
  } else {
    throw new AppError(`app config "${path}": use a .json or .ts file`);
  }
  return checkAppConfig(raw, file);
}

export interface Placeholders {
  /** What the app's SDK takes as its base URL for the config's format (OpenAI: .../v1; Anthropic: the root). */
  baseUrl: string;
  /** The mock provider's root URL. */
  providerUrl: string;
  /** A free port for the app to listen on. */
  port: number;
}

/** Fills {{baseUrl}}, {{providerUrl}} and {{port}} in; `encode`: URL-encode the values (inside a URL's query). */
export function fillIn(template: string, values: Placeholders, encode = false): string {
  return template.replace(/\{\{(baseUrl|providerUrl|port)\}\}/g, (_, key: keyof Placeholders) => {
    const value = String(values[key]);
    return encode ? encodeURIComponent(value) : value;
  });
}

/** A URL template filled in: values in its query are URL-encoded, those before it are not. */
export function fillInUrl(template: string, values: Placeholders): string {
  const q = template.indexOf('?');
  if (q < 0) return fillIn(template, values);
  return fillIn(template.slice(0, q), values) + fillIn(template.slice(q), values, true);
}
