// The options of `npm run compare` and `npm run merge`, declared once: their parseArgs config, and what
// tests/unit/ci-examples.test.ts checks the CI workflows in examples/ci/ against (bench's are OPTIONS in args.ts);
// and the argument parsing and exit codes the two share.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const COMPARE_OPTIONS = {
  'fail-on': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const MERGE_OPTIONS = {
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Bad input to a tool: one line, exit 2. */
export class ToolUsageError extends Error {}

/** The tools' parseArgs (positionals allowed, unknown options refused): a bad option is one ToolUsageError line. */
export function parseToolArgs<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new ToolUsageError(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see --help)`);
  }
}

/**
 * Runs a tool's main and exits with its code; an input error (ToolUsageError or one of `inputErrors`) prints one
 * line, `streambench NAME: message`, and exits 2, and anything else prints in full and exits 2.
 */
export function runTool(
  name: string,
  main: () => Promise<number>,
  inputErrors: ReadonlyArray<abstract new (...args: never[]) => Error>,
): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known = error instanceof ToolUsageError || inputErrors.some((type) => error instanceof type);
      console.error(known ? `streambench ${name}: ${(error as Error).message}` : error);
      process.exit(2);
    },
  );
}
