// `npm test`: every check, in the order that keeps timed tests alone among pages and wastes little wall time.
// 1. the timed browser tests (project `browser`), one file at a time, no other page running; a file that failed runs
//    once more, alone (timedTests). Beside them, one after another at the lowest CPU priority, the work that starts
//    no browser: the unit tests and the CLI-process tests (projects `unit`, `process`), the type check, ESLint and
//    Prettier. The streams leave the CPU idle half the time; at the lowest priority these take that and no more
//    (docs/testing.md says how that priority is set, and what failed when pages ran there instead).
// 2. once those checks have ended, the calibration (project `calibration`), with nothing else running;
// 3. the browser tests that time nothing (project `browser-functional`), two at once.
// Every phase runs even when an earlier one failed (one run shows every failure); the exit code is 1 if any did.
// The checks print their output whole when they end, so it never interleaves with the browser tests' output.
// The last lines name every failed test with the start of its message: a CI log that keeps only its tail still says
// what failed.
import { spawn, type StdioOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

interface Outcome {
  label: string;
  code: number;
  output: string;
  seconds: number;
  /** Where vitest wrote its JSON report, if this is a vitest run. */
  json?: string;
}

interface RunOptions {
  live?: boolean;
  lowest?: boolean;
}

const bin = (name: string): string => `node_modules/.bin/${name}`;
/** The lowest priority: a process gets CPU only when nothing at the default priority wants it. */
const LOWEST = 19;
/**
 * Where present, also the batch policy (chrt -b): the scheduler then never lets the command pre-empt a task that is
 * running, and a page woken up pre-empts it as it would at nice 19 alone.
 */
const CHRT = ['/usr/bin/chrt', '/bin/chrt'].find((path) => existsSync(path));
/** Running low-priority commands: in sessions of their own, so Ctrl-C on `npm test` does not reach them. */
const detached = new Set<number>();

/** Runs a command; resolves with its exit code, its output (stdout + stderr) and its wall time. */
function run(
  label: string,
  command: string,
  args: string[],
  { live = false, lowest = false }: RunOptions = {},
): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    // nice(1) and chrt(1) set the priority before the command starts, so its threads and child processes inherit it.
    const [file, argv] = lowest ? lowestPriority(command, args) : [command, args];
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

/** [file, args] that run the command at nice 19, under the batch policy where chrt exists. */
function lowestPriority(command: string, args: string[]): [string, string[]] {
  const niceArgs = ['-n', String(LOWEST), command, ...args];
  return CHRT ? [CHRT, ['-b', '0', 'nice', ...niceArgs]] : ['nice', niceArgs];
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

function report<T extends Outcome>(result: T): T {
  if (result.output) process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
  const verdict = result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`;
  console.log(`== ${result.label}: ${verdict} in ${result.seconds.toFixed(1)} s`);
  return result;
}

const jsonDir = mkdtempSync(join(tmpdir(), 'streambench-test-'));

/** Runs vitest projects (or some of their files), with a JSON report beside the console's to list failures by. */
async function vitest(
  label: string,
  projects: string[],
  options: RunOptions,
  files: string[] = [],
): Promise<Outcome & { json: string }> {
  const json = join(jsonDir, `${label.replace(/\W+/g, '-')}.json`);
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${json}`];
  const selected = projects.flatMap((project) => ['--project', project]);
  const outcome = await run(label, bin('vitest'), ['run', ...selected, ...reporters, ...files], options);
  return { ...outcome, json };
}

/** The part of vitest's JSON report read here. */
interface VitestJson {
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

const readJson = (path: string): VitestJson | null => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as VitestJson;
  } catch {
    return null;
  }
};

const MESSAGE_LINES = 4;
// eslint-disable-next-line no-control-regex -- ANSI colour codes in vitest's messages
const ANSI = /\x1b\[[0-9;]*m/g;
const head = (message: string): string =>
  message
    .replace(ANSI, '')
    .split('\n')
    .filter((l) => !/^\s+at /.test(l))
    .slice(0, MESSAGE_LINES)
    .map((l) => `      ${l}`)
    .join('\n');

/** One entry per failed test (and per file that failed to run), with the start of its message. */
function failedTests(json: string): string[] {
  const report = readJson(json);
  if (!report) return ['  no JSON report: vitest ended before writing it (its output above says why)'];
  const failures = report.testResults.flatMap((file) => {
    const name = relative(process.cwd(), file.name);
    const tests = file.assertionResults
      .filter((t) => t.status === 'failed')
      .map((t) => `  ${name} > ${t.fullName}\n${head(t.failureMessages[0] ?? '')}`);
    return file.message && tests.length === 0 ? [`  ${name}\n${head(file.message)}`] : tests;
  });
  // vitest also fails a run with every test passed: an unhandled error, or a bad project configuration.
  return failures.length
    ? failures
    : ["  no test failed: an error outside the tests (vitest's output above says which)"];
}

const failedFiles = (json: string): string[] =>
  (readJson(json)?.testResults ?? []).filter((f) => f.status === 'failed').map((f) => relative(process.cwd(), f.name));

/**
 * The timed tests, then once more, still alone, the files among them that failed. A timing assertion can fail on
 * a burst of load from outside (a shared CI host); a real fault fails both times. What failed on the first run is
 * printed at the end either way, so a recurring flake stays visible.
 */
async function timedTests(label: string, project: string): Promise<{ outcome: Outcome; firstFailures: string[] }> {
  const first = report(await vitest(label, [project], { live: true }));
  const files = first.code === 0 ? [] : failedFiles(first.json);
  if (files.length === 0) return { outcome: first, firstFailures: [] };
  console.log(`== ${label}: running the ${files.length} failed file(s) once more, alone: ${files.join(', ')}`);
  const again = report(await vitest(`${label}, second run`, [project], { live: true }, files));
  return { outcome: { ...again, label }, firstFailures: failedTests(first.json) };
}

/** The work that starts no browser, one command after another at the lowest priority (each prints when it ends). */
async function checks(): Promise<Outcome[]> {
  const lowest = { lowest: true };
  const steps: Array<() => Promise<Outcome>> = [
    () => vitest('unit and CLI-process tests', ['unit', 'process'], lowest),
    () => run('type check (tsc)', bin('tsc'), ['--noEmit'], lowest),
    () => run('lint (eslint)', bin('eslint'), ['.'], lowest),
    () => run('format (prettier)', bin('prettier'), ['--check', '.'], lowest),
  ];
  const outcomes: Outcome[] = [];
  for (const step of steps) outcomes.push(report(await step()));
  return outcomes;
}

const started = Date.now();
const background = checks();
const timed = [await timedTests('timed browser tests', 'browser')];
const checked = await background;
timed.push(await timedTests('calibration', 'calibration'));
const functional = report(await vitest('functional browser tests', ['browser-functional'], { live: true }));
const results: Outcome[] = [...timed.map((t) => t.outcome), functional, ...checked];

// A failure on both runs is listed below with the others.
for (const { outcome, firstFailures } of timed) {
  if (firstFailures.length && outcome.code === 0) {
    console.log(`== ${outcome.label}: failed on the first run, passed on the second:\n${firstFailures.join('\n')}`);
  }
}
const failed = results.filter((r) => r.code !== 0);
for (const { label, json } of failed) {
  if (json) console.log(`== failed in ${label}:\n${failedTests(json).join('\n')}`);
}
rmSync(jsonDir, { recursive: true, force: true });
const total = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  failed.length
    ? `npm test: FAILED (${failed.map((r) => r.label).join(', ')}) in ${total} s`
    : `npm test: all passed in ${total} s`,
);
process.exit(failed.length ? 1 : 0);
