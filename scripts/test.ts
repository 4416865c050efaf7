// `npm test`: every check, in the order that keeps timed tests alone on the machine and wastes little wall time.
// 1. the unit tests (vitest project `unit`) beside the type check, ESLint and Prettier: none of them times anything,
//    and the browser tests that follow get the machine to themselves (the functional ones stream in real time too:
//    a page starved of CPU for most of a second can scroll text past the view unseen);
// 2. the timed browser tests (project `browser`), one file at a time, nothing else running;
// 3. the browser tests that time nothing (project `browser-functional`), two at once.
// Every phase runs even when an earlier one failed (one run shows every failure); the exit code is 1 if any did.
// The checks beside the unit tests print their output whole when they end, so it never interleaves.
import { spawn } from 'node:child_process';

interface Outcome {
  label: string;
  code: number;
  output: string;
  seconds: number;
}

const bin = (name: string): string => `node_modules/.bin/${name}`;

/** Runs a command; resolves with its exit code, its output (stdout + stderr) and its wall time. */
function run(label: string, command: string, args: string[], { live = false } = {}): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: process.env });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (d) => chunks.push(d));
    child.stderr?.on('data', (d) => chunks.push(d));
    child.on('error', (error) => chunks.push(Buffer.from(`${label}: ${error.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = (Date.now() - started) / 1000;
      resolve({ label, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString(), seconds });
    });
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
const first = [
  run('unit tests', ...vitest('unit'), { live: true }),
  run('type check (tsc)', bin('tsc'), ['--noEmit']),
  run('lint (eslint)', bin('eslint'), ['.']),
  run('format (prettier)', bin('prettier'), ['--check', '.']),
].map((p) => p.then(report));
results.push(...(await Promise.all(first)));
results.push(report(await run('timed browser tests', ...vitest('browser'), { live: true })));
results.push(report(await run('functional browser tests', ...vitest('browser-functional'), { live: true })));

const failed = results.filter((r) => r.code !== 0);
const total = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  failed.length
    ? `npm test: FAILED (${failed.map((r) => r.label).join(', ')}) in ${total} s`
    : `npm test: all passed in ${total} s`,
);
process.exit(failed.length ? 1 : 0);
