// The app under test as a process: the config's start command run in its own process group (so its children,
// a dev server or a backend, go with it), waited for until its ready URL answers, stopped at the end, and killed
// if streambench exits any other way (Ctrl-C twice, a crash). Its output's last lines are kept for the message
// when it exits early or never answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { AppError } from './config.ts';
import { PROJECT_ROOT } from '../run/page-server.ts';

const TAIL_LINES = 6;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const POLL_MS = 150;

export interface AppProcess {
  stop(): Promise<void>;
}

/** The last lines a stream wrote. */
function tailOf(stream: NodeJS.ReadableStream | null): () => string[] {
  let lines: string[] = [];
  let partial = '';
  stream?.on('data', (data: Buffer) => {
    const parts = (partial + data.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines = [...lines, ...parts.filter((l) => l.trim())].slice(-TAIL_LINES);
  });
  return () => [...lines, ...(partial.trim() ? [partial] : [])].slice(-TAIL_LINES);
}

/** Whether `url` answers with a status below 500 (a 404 still means a server is listening). */
export async function answers(url: string, timeoutMs = 2_000): Promise<{ ok: boolean; error?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await response.body?.cancel();
    return response.status < 500 ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { ok: false, error: cause?.code ?? (error instanceof Error ? error.message : String(error)) };
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `command` (a shell line) in `cwd` and resolves once `ready` answers; throws an AppError line if not. */
export async function startApp(
  command: string,
  options: { cwd: string; env: Record<string, string>; ready: string; timeoutMs: number },
): Promise<AppProcess> {
  // streambench's own tools (tsx for the examples) after the caller's: an app's own binaries win.
  const PATH = [process.env.PATH ?? '', join(PROJECT_ROOT, 'node_modules/.bin')].join(delimiter);
  const child = spawn(command, {
    cwd: options.cwd,
    shell: true,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH, ...options.env },
  });
  const stderr = tailOf(child.stderr);
  const stdout = tailOf(child.stdout);
  const onExit = (): void => killGroup(child, 'SIGKILL');
  process.on('exit', onExit);
  // A signal that ends streambench without an 'exit' event (Ctrl-C before the suite's own handler is set, kill, a
  // closed terminal): the app goes first (its detached group gets no terminal signal), then the signal is raised
  // again without this handler, so it does to streambench what it would have (the suite's Ctrl-C handler, if set,
  // takes the two deliveries as one press: finished runs are kept).
  const onSignal = (signal: NodeJS.Signals): void => {
    onExit();
    process.kill(process.pid, signal);
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
    child.once('error', (error) => resolve(error.message));
  });
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    killGroup(child, 'SIGTERM');
    const gone = await Promise.race([exited.then(() => true), sleep(3_000).then(() => false)]);
    if (!gone) killGroup(child, 'SIGKILL');
    // Children that ignore SIGTERM while their parent shell exits: the group is killed either way.
    killGroup(child, 'SIGKILL');
  };
  const tail = (): string => {
    const lines = stderr().length ? stderr() : stdout();
    return lines.length ? `; its output ends: ${lines.join(' | ')}` : '; it printed nothing';
  };
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const state = await Promise.race([exited.then((how) => ({ exited: how })), sleep(POLL_MS).then(() => null)]);
    if (state) {
      await stop();
      throw new AppError(
        `the app's start command "${command}" exited (${state.exited}) before ${options.ready} ` + `answered${tail()}`,
      );
    }
    const probe = await answers(options.ready, 1_000);
    if (probe.ok) return { stop };
    if (performance.now() > deadline) {
      await stop();
      throw new AppError(
        `the app started by "${command}" did not answer at ${options.ready} within ` +
          `${Math.round(options.timeoutMs / 1000)} s (${probe.error ?? 'no answer'})${tail()}`,
      );
    }
  }
}
