// CLI bad input: parseCli rejects every bad value with a message naming it, and the real process
// (`npm run bench`) exits non-zero with a one-line `streambench: ...` message before any browser starts.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli, UsageError, type ParsedCli } from '../../harness/cli/args.ts';
import { listRendererFiles } from '../../harness/renderer/files.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { RATE_PRESETS } from '../../scenarios/rates.ts';
import { runCliProcess, type CliOutcome } from '../support/cli-command.ts';

/** Every strategy file in renderers/, from the folder: adding a renderer must break no test here. */
const STRATEGIES = listRendererFiles()
  .filter((r) => r.kind === 'strategy')
  .map((r) => r.name)
  .sort();

function parse(...argv: string[]): ParsedCli {
  return parseCli(argv, listRendererFiles());
}

/** The UsageError message parseCli throws for argv (fails the test if it does not throw one). */
function usageMessage(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`parseCli accepted ${JSON.stringify(argv)}`);
}

describe('parseCli: bad input', () => {
  it('rejects an unknown renderer, naming it and listing the valid ones', () => {
    const message = usageMessage('--renderers', 'raf-buffered,not-a-renderer');
    expect(message).toContain('"not-a-renderer"');
    for (const name of STRATEGIES) expect(message).toContain(name);
  });

  it('rejects an unknown scenario, naming it and listing the valid ones', () => {
    const message = usageMessage('--scenarios', 'not-a-scenario');
    expect(message).toContain('"not-a-scenario"');
    expect(SCENARIOS.length).toBeGreaterThan(0);
    for (const s of SCENARIOS) expect(message).toContain(s.name);
  });

  it.each([
    ['--rates', '0'],
    ['--rates', '-5'],
    ['--rates', 'abc'],
    ['--rates', 'frontier,abc'],
    ['--runs', '0'],
    ['--runs', '1.5'],
    ['--runs', '-1'],
    ['--cpu-throttle', '0.5'],
    ['--cpu-throttle', '1,30'],
    ['--seed', '-1'],
    ['--jitter', '2'],
    ['--tokens-per-chunk', '0'],
    ['--shard', '0/3'],
    ['--shard', '4/3'],
    ['--shard', 'x'],
  ])('rejects %s %s, naming the value', (flag, value) => {
    const message = usageMessage(flag, value);
    expect(message).toContain(`"${value.split(',').at(-1)}"`);
    // The same value written as --flag=value gets the same message.
    expect(usageMessage(`${flag}=${value}`)).toBe(message);
  });

  it('names the flag of a rule on numbers', () => {
    expect(usageMessage('--runs', '0')).toContain('--runs');
    expect(usageMessage('--runs', '1.5')).toMatch(/whole number/);
    expect(usageMessage('--cpu-throttle', '0.5')).toContain('--cpu-throttle');
  });

  it('rejects an unknown flag, naming it', () => {
    expect(usageMessage('--not-a-flag')).toContain('--not-a-flag');
    expect(usageMessage('--quick', '--rate', '100')).toContain('--rate');
  });

  it('rejects a stray positional argument and a flag without its value', () => {
    expect(usageMessage('quick')).toContain('quick');
    expect(usageMessage('--runs')).toContain('--runs');
  });

  it.each(['--renderers', '--scenarios', '--rates'])('rejects an empty %s list', (flag) => {
    expect(usageMessage(flag, '')).toContain(flag);
    expect(usageMessage(`${flag}=`)).toContain(flag);
    expect(usageMessage(flag, ' , ,')).toContain(`${flag} list: " , ,"`);
  });

  it('rejects an empty --out', () => {
    expect(usageMessage('--out', '')).toContain('--out');
  });
});

describe('parseCli: valid input', () => {
  it('defaults to every strategy renderer and the two named rate presets', () => {
    const parsed = parse();
    expect(parsed.kind).toBe('run');
    expect(parsed.out).toBeNull();
    expect([...parsed.config.renderers].sort()).toEqual(STRATEGIES);
    expect(parsed.config.rates.map((r) => [r.name, r.tokPerS])).toEqual([
      ['kimi-k2.6-cerebras', 981],
      ['frontier', 55],
    ]);
    expect(parsed.config.runs).toBeGreaterThanOrEqual(1);
    expect(parsed.config.quick).toBe(false);
    expect(parsed.config.maxTokens).toBeNull();
  });

  it('resolves rate presets by name and keeps plain numbers', () => {
    const { config } = parse('--rates', 'kimi-k2.6-cerebras, frontier,120');
    expect(config.rates.map((r) => r.tokPerS)).toEqual([981, 55, 120]);
    expect(config.rates.map((r) => r.name)).toEqual(['kimi-k2.6-cerebras', 'frontier', '120']);
    for (const r of config.rates) expect(r.ttftMs).toBeGreaterThan(0);
    // A number equal to a preset is that preset, once.
    expect(parse('--rates', '981,kimi-k2.6-cerebras').config.rates).toEqual([config.rates[0]]);
  });

  it('--quick: 2 runs, 100 tokens, markdown-answer', () => {
    const { config } = parse('--quick');
    expect(config).toMatchObject({ quick: true, runs: 2, maxTokens: 100, scenarios: ['markdown-answer'] });
    expect([...config.renderers].sort()).toEqual(STRATEGIES);
  });

  it('an explicit --runs or --scenarios wins over --quick', () => {
    expect(parse('--quick', '--runs', '7').config).toMatchObject({ quick: true, runs: 7, maxTokens: 100 });
    expect(parse('--runs', '7', '--quick').config.runs).toBe(7);
    expect(parse('--quick', '--scenarios', 'prose-answer').config.scenarios).toEqual(['prose-answer']);
  });

  it('reads every option', () => {
    const parsed = parse(
      '--renderers',
      'raf-buffered,no-stream',
      '--scenarios',
      'prose-answer',
      '--rates',
      '120',
      '--runs',
      '3',
      '--cpu-throttle',
      '4',
      '--seed',
      '7',
      '--tokens-per-chunk',
      '2',
      '--jitter',
      '0.5',
      '--out',
      'some/dir',
    );
    expect(parsed.out).toBe('some/dir');
    expect(parsed.config).toMatchObject({
      renderers: ['raf-buffered', 'no-stream'],
      scenarios: ['prose-answer'],
      rates: [{ name: '120', tokPerS: 120 }],
      runs: 3,
      cpuThrottles: [4],
      throttleWarmupRuns: 10,
      seed: 7,
      tokensPerChunk: 2,
      jitter: 0.5,
      quick: false,
      maxTokens: null,
    });
  });

  it('--cpu-throttle 1,4,6: one profile each, with throttled warm-ups only when some profile throttles', () => {
    expect(parse('--cpu-throttle', '1,4,6,4').config).toMatchObject({
      cpuThrottles: [1, 4, 6],
      throttleWarmupRuns: 10,
    });
    expect(parse().config).toMatchObject({ cpuThrottles: [1], throttleWarmupRuns: 0 });
  });

  it('--trace, --trace-main-thread, --auto and --max-time', () => {
    expect(parse().config.trace).toBeUndefined();
    expect(parse('--trace').config.trace).toEqual({ mainThread: false });
    expect(parse('--trace-main-thread').config.trace).toEqual({ mainThread: true });
    expect(parse().config.auto).toBeUndefined();
    expect(parse('--auto').config.auto).toEqual({ maxTimeS: 600, maxTimeDefaulted: true });
    expect(parse('--auto', '--max-time', '90').config.auto).toEqual({ maxTimeS: 90, maxTimeDefaulted: false });
    expect(parse('--auto', '--max-time', '5m').config.auto).toEqual({ maxTimeS: 300, maxTimeDefaulted: false });
    expect(usageMessage('--max-time', '5m')).toMatch(/only applies with --auto/);
    expect(usageMessage('--auto', '--max-time', 'soon')).toMatch(/bad --max-time "soon"/);
    expect(usageMessage('--auto', '--max-time', '0')).toMatch(/bad --max-time "0"/);
  });

  it('runs a renderer named twice once', () => {
    const { config } = parse(
      '--renderers',
      'raf-buffered,raf-buffered',
      '--scenarios',
      'markdown-answer,markdown-answer',
    );
    expect(config.renderers).toEqual(['raf-buffered']);
    expect(config.scenarios).toEqual(['markdown-answer']);
  });

  it('--help and --list', () => {
    expect(parse('--help').kind).toBe('help');
    expect(parse('-h').kind).toBe('help');
    expect(parse('--list').kind).toBe('list');
  });
});

// ---- the real process ----

interface CliRun extends CliOutcome {
  /** Whether the fake Chromium (STREAMBENCH_CHROMIUM) was started. */
  launched: boolean;
}

describe('cli process', () => {
  let root: string;
  let notADir: string;
  let caseNo = 0;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'streambench-cli-'));
    notADir = join(root, 'a-file');
    await writeFile(notADir, 'not a folder\n');
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /**
   * Runs `npm run bench -- ...args` with STREAMBENCH_CHROMIUM pointing at a script that only records that it
   * was started (and then fails, as a browser that will not start). `out` (a folder inside this case's temp
   * dir) is passed as --out unless the case gives its own, so a parse that wrongly succeeds cannot write
   * to reports/.
   */
  async function runCli(args: string[], options: { withOut?: boolean } = {}): Promise<CliRun> {
    const caseDir = await mkdtemp(join(root, `case-${++caseNo}-`));
    const sentinel = join(caseDir, 'chromium-was-started');
    const fakeChromium = join(caseDir, 'fake-chromium.sh');
    await writeFile(fakeChromium, `#!/bin/sh\ntouch '${sentinel}'\necho 'fake chromium: not a browser' >&2\nexit 1\n`);
    await chmod(fakeChromium, 0o755);
    const argv = options.withOut === false ? args : [...args, '--out', join(caseDir, 'out')];
    const run = await runCliProcess('bench', argv, {
      env: { STREAMBENCH_CHROMIUM: fakeChromium },
      killAfterMs: 90_000,
    });
    return { ...run, launched: existsSync(sentinel) };
  }

  /**
   * Bad input: each case's message checked in-process as the CLI prints it (bench.ts prints a UsageError as
   * `streambench: <message>` and exits 2; parseCli runs before anything else, so nothing else is printed), and the
   * cases marked `spawn` also through the real process: one per path to that message (a value parseCli rejects,
   * the `--flag=` form, an --out that cannot be a folder), since a process per case costs ~1.5 s of CPU each.
   */
  const badOutCase = (): string => join(notADir, 'sub');
  const badInput = (): Array<{ args: string[]; names: string[]; withOut?: boolean; spawn?: boolean }> => [
    { args: ['--renderers', 'not-a-renderer'], names: ['not-a-renderer', ...STRATEGIES], spawn: true },
    { args: ['--scenarios', 'not-a-scenario'], names: ['not-a-scenario', ...SCENARIOS.map((s) => s.name)] },
    { args: ['--rates', '0'], names: ['"0"'] },
    { args: ['--rates', '-5'], names: ['"-5"'] },
    { args: ['--rates', 'abc'], names: ['"abc"'] },
    { args: ['--runs', '0'], names: ['--runs', '"0"'] },
    { args: ['--runs', '1.5'], names: ['--runs', '"1.5"'] },
    { args: ['--cpu-throttle', '0.5'], names: ['--cpu-throttle', '"0.5"'] },
    { args: ['--not-a-flag'], names: ['--not-a-flag'] },
    { args: ['--renderers', ','], names: ['--renderers', '","'] },
    { args: ['--rates='], names: ['--rates', '""'], spawn: true },
    { args: ['--quick', '--out', badOutCase()], names: ['--out', badOutCase()], withOut: false, spawn: true },
  ];

  it('rejects bad input with one line naming the value (each case, in-process, as the CLI prints it)', () => {
    for (const { args, names } of badInput()) {
      const label = `bench ${args.join(' ')}`;
      // The --out folder is checked by bench.ts after parsing (prepareOutDir): that case is the spawned one.
      if (args.includes(badOutCase())) continue;
      const lines = `streambench: ${usageMessage(...args, '--out', join(root, 'out'))}`.split('\n');
      expect(lines, label).toHaveLength(1);
      expect(lines[0], label).toMatch(/^streambench: \S/);
      for (const name of names) expect(lines[0], label).toContain(name);
    }
  });

  it('rejects bad input with one line naming the value, exit != 0, and no browser (the real process)', async () => {
    const badOut = badOutCase();
    const cases = badInput().filter((c) => c.spawn);
    const runs = await Promise.all(cases.map((c) => runCli(c.args, { withOut: c.withOut ?? true })));
    runs.forEach((run, i) => {
      const { args, names } = cases[i]!;
      const label = `bench ${args.join(' ')}`;
      expect(run.code, label).not.toBe(0);
      expect(run.code, label).not.toBeNull();
      const lines = run.stderr.trim().split('\n');
      expect(lines, label).toHaveLength(1);
      expect(lines[0], label).toMatch(/^streambench: \S/);
      for (const name of names) expect(lines[0], label).toContain(name);
      expect(run.stdout, label).toBe('');
      expect(run.launched, `${label}: started a browser`).toBe(false);
    });
    expect(existsSync(badOut)).toBe(false);
  }, 180_000);

  it('--help and --list exit 0 and print, without a browser; a valid run does reach the browser', async () => {
    const [help, list, valid] = await Promise.all([
      runCli(['--help'], { withOut: false }),
      runCli(['--list'], { withOut: false }),
      // Control for the sentinel: valid arguments get as far as starting the (fake) browser, which then fails.
      runCli(['--quick', '--renderers', 'no-stream', '--rates', 'frontier']),
    ]);

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: npm run bench/);
    for (const flag of [
      '--renderers',
      '--scenarios',
      '--rates',
      '--runs',
      '--cpu-throttle',
      '--out',
      '--quick',
      '--list',
      '--help',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.launched).toBe(false);

    expect(list.code).toBe(0);
    const renderersPart = list.stdout.split(/^Scenarios:/m)[0]!;
    for (const name of STRATEGIES) expect(renderersPart).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'));
    const scenariosPart = list.stdout.split(/^Scenarios:/m)[1]!.split(/^Rate presets:/m)[0]!;
    for (const s of SCENARIOS) expect(scenariosPart).toContain(s.name);
    const presetsPart = list.stdout.split(/^Rate presets:/m)[1]!;
    expect(presetsPart).toMatch(/kimi-k2\.6-cerebras\s+981 tok\/s/);
    expect(presetsPart).toMatch(/frontier\s+55 tok\/s/);
    for (const p of RATE_PRESETS) expect(presetsPart).toContain(p.name);
    expect(list.launched).toBe(false);

    expect(valid.launched, valid.stderr).toBe(true);
    expect(valid.code).not.toBe(0);
  }, 180_000);
});
