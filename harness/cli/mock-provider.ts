// `npm run mock-provider`: serves a scenario's stream as a local OpenAI / Anthropic streaming endpoint (see
// harness/provider/ and docs/mock-provider.md) until Ctrl-C, printing one line per served stream with its send
// error. Exit codes: 0 stopped by Ctrl-C; 2 bad input (unknown scenario, bad rate, seed or port, port in use).
import { UsageError, parseMockProviderArgs } from '../provider/args.ts';
import {
  MockProviderInputError,
  sendErrorOf,
  startMockProvider,
  type MockProviderOptions,
  type ServedStream,
} from '../provider/mock-provider.ts';

export const MOCK_PROVIDER_HELP = `npm run mock-provider -- [--scenario NAME] [--rate R] [--port N] [--seed N]
                             [--tokens-per-chunk N] [--max-tokens N] [--help]

Serves the scenario's stream, as the bench schedules it, on 127.0.0.1 in two providers' streaming formats:
OpenAI Chat Completions (POST /v1/chat/completions, stream: true) and Anthropic Messages (POST /v1/messages,
stream: true), with CORS for browser apps. Every request streams the same content, its clock starting at receipt.

  --scenario NAME         scenario (default long-markdown; name@shape for another stream shape)
  --rate R                tokens per second or a rate preset (default 981)
  --port N                port (default 0: any free port)
  --seed N                schedule seed (default 1)
  --tokens-per-chunk N    tokens per event (default 1)
  --max-tokens N          keep only the first N tokens of the content
  --help                  this text`;

const ms = (v: number | null): string => (v === null ? '—' : `${v.toFixed(3)} ms`);

function streamLine(s: ServedStream, scheduled: number): string {
  const { p50, p99, max } = sendErrorOf(s);
  const status = s.aborted
    ? `ABORTED by the client after ${s.chunks.length}/${scheduled} chunks`
    : `${s.chunks.length} chunks`;
  return `${s.format.padEnd(9)} ${status}; send error p50 ${ms(p50)}, p99 ${ms(p99)}, max ${ms(max)}`;
}

async function main(): Promise<void> {
  let options: MockProviderOptions | null;
  try {
    options = parseMockProviderArgs(process.argv.slice(2));
    if (!options) {
      console.log(MOCK_PROVIDER_HELP);
      return;
    }
    const provider = await startMockProvider(options);
    const { schedule } = provider;
    console.log(
      `streambench mock provider: ${schedule.scenario}, ${schedule.tokenCount} tokens in ${schedule.chunks.length} ` +
        `chunks at ${schedule.rate.tokPerS} tok/s (TTFT ${schedule.rate.ttftMs} ms, seed ${schedule.seed})`,
    );
    console.log(`  OpenAI:    baseURL ${provider.baseUrlOpenAI}  (POST /v1/chat/completions, stream: true)`);
    console.log(`  Anthropic: baseURL ${provider.url}  (POST /v1/messages, stream: true)`);
    console.log('Ctrl-C stops it.');
    provider.onStream((s) => console.log(streamLine(s, schedule.chunks.length)));
    const stop = (): void => void provider.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    if (error instanceof UsageError || error instanceof MockProviderInputError) {
      console.error(`mock-provider: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

await main();
