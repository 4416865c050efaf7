// How the tests start a CLI entry point: the way `npm run` does (package.json), as one node process with tsx's
// loader, so a signal the test sends reaches the CLI itself and nothing stands between them.
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../harness/run/page-server.ts';

/** [command, args] that run `harness/cli/<name>.ts` with `args`. */
export function cliCommand(name: string, args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'harness/cli', `${name}.ts`), ...args]];
}
