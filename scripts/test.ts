// `npm test`: every check, in the order that keeps timed tests alone on the machine and wastes little wall time.
// 1. the timed browser tests (project `browser`), one file at a time, nothing else running;
// 2. the browser tests that time nothing (project `browser-functional`), two at once, and beside them at the lowest
//    CPU priority the unit tests (project `unit`), the type check, ESLint and Prettier. The browser tests wait on
//    real-time streams most of the time: the checks take that idle CPU and no more. At equal priority they starved a
//    scroll renderer's page long enough to scroll text past unseen (a conformance failure). Lowest priority on Linux
//    is two settings: nice 19, and, where the kernel groups CPU time by session (autogroups: then a nice value only
//    ranks processes within their session, and Playwright starts each Chromium in a session of its own), a session
//    of their own at autogroup nice 19. A page that wants the CPU then gets ~98% of it and pre-empts them at once.
//    (Before, the checks ran first, on their own: ~40 s of wall time.)
// Every phase runs even when an earlier one failed (one run shows every failure); the exit code is 1 if any did.
// The checks print their output whole when they end, so it never interleaves with the browser tests' output.
import { spawn, type StdioOptions } from 'node:child_process';
import { writeFileSync } from 'node:fs';

interface Outcome {
  label: string;
  code: number;
  output: string;
  seconds: number;
}

const bin = (name: string): string => `node_modules/.bin/${name}`;
/** The lowest priority: a process gets CPU only when nothing at the default priority wants it. */
const LOWEST = 19;
/** Running low-priority commands: in sessions of their own, so Ctrl-C on `npm test` does not reach them. */
const detached = new Set<number>();

/** Runs a command; resolves with its exit code, its output (stdout + stderr) and its wall time. */
function run(label: string, command: string, args: string[], { live = false, lowest = false } = {}): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    // nice(1) sets the priority before the command starts, so its threads and child processes inherit it.
    const [file, argv] = lowest ? ['nice', ['-n', String(LOWEST), command, ...args]] : [command, args];
    const stdio: StdioOptions = live ? 'inherit' : ['ignore', 'pipe', 'pipe'];
    const child = spawn(file, argv, { stdio, env: process.env, detached: lowest });
    const pid = child.pid;
    if (lowest && pid !== undefined) {
      detached.add(pid);
      lowerAutogroup(pid);
    }
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (d) => chunks.push(d));
    child.stderr?.on('data', (d) => chunks.push(d));
    child.on('error', (error) => chunks.push(Buffer.from(`${label}: ${error.message}\n`)));
    child.on('close', (code, signal) => {
      if (pid !== undefined) detached.delete(pid);
      const seconds = (Date.now() - started) / 1000;
      resolve({ label, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString(), seconds });
    });
  });
}

/** The autogroup of a session-leading process at the lowest priority (its children share it). */
function lowerAutogroup(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(LOWEST));
  } catch {
    // No autogroups (not Linux, or turned off): nice alone ranks the processes.
  }
}

// Ctrl-C: stop the low-priority commands too (they are in sessions of their own).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const pid of detached) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    process.exit(130);
  });
}

function report(result: Outcome): Outcome {
  if (result.output) process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
  const verdict = result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`;
  console.log(`== ${result.label}: ${verdict} in ${result.seconds.toFixed(1)} s`);
  return result;
}

const vitest = (project: string): [string, string[]] => [bin('vitest'), ['run', '--project', project]];

const started = Date.now();
const results: Outcome[] = [];
results.push(report(await run('timed browser tests', ...vitest('browser'), { live: true })));
const background = { lowest: true };
const second = [
  run('functional browser tests', ...vitest('browser-functional'), { live: true }),
  run('unit tests', ...vitest('unit'), background),
  run('type check (tsc)', bin('tsc'), ['--noEmit'], background),
  run('lint (eslint)', bin('eslint'), ['.'], background),
  run('format (prettier)', bin('prettier'), ['--check', '.'], background),
].map((p) => p.then(report));
results.push(...(await Promise.all(second)));

const failed = results.filter((r) => r.code !== 0);
const total = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  failed.length
    ? `npm test: FAILED (${failed.map((r) => r.label).join(', ')}) in ${total} s`
    : `npm test: all passed in ${total} s`,
);
process.exit(failed.length ? 1 : 0);
