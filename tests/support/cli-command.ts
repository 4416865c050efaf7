// How the tests start a CLI entry point: the way `npm run` does (package.json), as one node process with tsx's
// loader, so a signal the test sends reaches the CLI itself and nothing stands between them.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../harness/run/page-server.ts';

/** [command, args] that run `harness/cli/<name>.ts` with `args`. */
export function cliCommand(name: string, args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'harness/cli', `${name}.ts`), ...args]];
}

export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `harness/cli/<name>.ts` to its end, uncoloured, with `env` added to this process's environment. Killed after
 * `killAfterMs` (set it inside the test's timeout, so a hung CLI is reported with its output, not a bare timeout).
 */
export function runCliProcess(
  name: string,
  args: string[],
  { env = {}, killAfterMs }: { env?: NodeJS.ProcessEnv; killAfterMs: number },
): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(...cliCommand(name, args), {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
