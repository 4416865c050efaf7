// `npm run mock-provider`'s arguments: from argv to the provider's options, each bad value named in one line (a
// UsageError; the CLI exits 2). Apart from the CLI so tests can parse without starting a server.
import { parseArgs } from 'node:util';
import { BadRateError, parseRate } from '../../scenarios/rates.ts';
import type { MockProviderOptions } from './mock-provider.ts';

export class UsageError extends Error {}

function wholeNumber(flag: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > max)
    throw new UsageError(`bad ${flag} "${value}": must be a whole number from 0 to ${max}`);
  return n;
}

/** The options from argv; null for --help. Throws a UsageError naming the bad value. */
export function parseMockProviderArgs(argv: readonly string[]): MockProviderOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        scenario: { type: 'string' },
        rate: { type: 'string' },
        port: { type: 'string' },
        seed: { type: 'string' },
        'tokens-per-chunk': { type: 'string' },
        'max-tokens': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    // parseArgs explains over several lines; the first names the value.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split('\n')[0] ?? message);
  }
  if (values.help) return null;
  const str = (name: string): string | undefined =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  let rate;
  try {
    rate = parseRate(str('rate') ?? '981');
  } catch (error) {
    if (error instanceof BadRateError) throw new UsageError(error.message);
    throw error;
  }
  const perChunk = wholeNumber('--tokens-per-chunk', str('tokens-per-chunk'), 1_000_000);
  const maxTokens = wholeNumber('--max-tokens', str('max-tokens'), Number.MAX_SAFE_INTEGER);
  if (perChunk === 0) throw new UsageError('bad --tokens-per-chunk "0": must be a whole number >= 1');
  if (maxTokens === 0) throw new UsageError('bad --max-tokens "0": must be a whole number >= 1');
  const seed = wholeNumber('--seed', str('seed'), 2 ** 32 - 1);
  const port = wholeNumber('--port', str('port'), 65535);
  return {
    scenario: str('scenario') ?? 'long-markdown',
    rate: rate.tokPerS,
    ttftMs: rate.ttftMs,
    ...(seed === undefined ? {} : { seed }),
    ...(port === undefined ? {} : { port }),
    ...(perChunk === undefined ? {} : { tokensPerChunk: perChunk }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
  };
}
