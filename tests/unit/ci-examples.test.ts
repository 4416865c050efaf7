// The CI workflows in examples/ci/ (and their copies in docs/ci.md) are valid YAML of the shape GitHub Actions
// runs, and every `npm run` they call is a script in package.json given only options that script declares.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPTIONS } from '../../harness/cli/args.ts';
import { COMPARE_OPTIONS, MERGE_OPTIONS } from '../../harness/cli/tool-options.ts';
import { PROJECT_ROOT } from '../../harness/run/page-server.ts';

const DIR = join(PROJECT_ROOT, 'examples/ci');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yml'));
const SCRIPTS = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts;
const DOC = readFileSync(join(PROJECT_ROOT, 'docs/ci.md'), 'utf8');

/** Options each npm script accepts after `--`. */
const SCRIPT_OPTIONS: Record<string, readonly string[]> = {
  bench: Object.keys(OPTIONS),
  compare: Object.keys(COMPARE_OPTIONS),
  merge: Object.keys(MERGE_OPTIONS),
};

interface Step {
  run?: string;
  uses?: string;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; steps: Step[]; needs?: string; strategy?: { matrix: object } }>;
}

const workflows = FILES.map((file) => ({
  file,
  text: readFileSync(join(DIR, file), 'utf8'),
  workflow: parse(readFileSync(join(DIR, file), 'utf8')) as Workflow,
}));

/** Every `npm run NAME -- args` in a shell script, line continuations joined. */
function npmRuns(script: string): Array<{ name: string; flags: string[] }> {
  const joined = script.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/npm run ([\w:-]+)(?: -- ([^\n;&|]*))?/g)].map((m) => ({
    name: m[1]!,
    flags: [...(m[2] ?? '').matchAll(/(?:^|\s)--([a-z][\w-]*)/g)].map((f) => f[1]!),
  }));
}

describe('CI examples (examples/ci/*.yml)', () => {
  it('has the PR gate and the sharded matrix, each copied verbatim into docs/ci.md', () => {
    expect(FILES.sort()).toEqual(expect.arrayContaining(['pr-gate.yml', 'sharded-full.yml']));
    for (const { file, text } of workflows) expect(DOC, `${file} in docs/ci.md`).toContain(`\`\`\`yaml\n${text}\`\`\``);
  });

  it('parses as workflows whose jobs have a runner and steps', () => {
    for (const { file, workflow } of workflows) {
      expect(workflow.name, file).toMatch(/\S/);
      expect(Object.keys(workflow.on).length, file).toBeGreaterThan(0);
      for (const [name, job] of Object.entries(workflow.jobs)) {
        expect(job['runs-on'], `${file} ${name}`).toMatch(/\S/);
        expect(job.steps.length, `${file} ${name}`).toBeGreaterThan(0);
        for (const step of job.steps) expect(step.run ?? step.uses, `${file} ${name}`).toBeDefined();
      }
    }
  });

  it('calls only npm scripts that exist, with options they declare', () => {
    let calls = 0;
    for (const { file, workflow } of workflows) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          for (const { name, flags } of npmRuns(step.run ?? '')) {
            calls++;
            expect(Object.keys(SCRIPTS), `${file}: npm run ${name}`).toContain(name);
            for (const flag of flags) expect(SCRIPT_OPTIONS[name] ?? [], `${file}: ${name} --${flag}`).toContain(flag);
          }
        }
      }
    }
    expect(calls).toBeGreaterThanOrEqual(4);
  });

  it('gates pull requests against main, and shards the full suite over a matrix before merging', () => {
    const gate = workflows.find((w) => w.file === 'pr-gate.yml')!;
    expect(gate.workflow.on).toHaveProperty('pull_request');
    const gateRuns = Object.values(gate.workflow.jobs).flatMap((j) => j.steps.flatMap((s) => npmRuns(s.run ?? '')));
    expect(gateRuns.some((r) => r.name === 'bench' && r.flags.includes('baseline'))).toBe(true);

    const matrix = workflows.find((w) => w.file === 'sharded-full.yml')!;
    const jobs = Object.values(matrix.workflow.jobs);
    const sharded = jobs.find((j) => j.strategy?.matrix);
    expect(sharded?.steps.some((s) => /--suite full --shard /.test(s.run ?? ''))).toBe(true);
    const merge = jobs.find((j) => j.needs !== undefined);
    expect(merge?.steps.some((s) => npmRuns(s.run ?? '').some((r) => r.name === 'merge'))).toBe(true);
  });

  it('finds npm runs across continued lines (self-test)', () => {
    expect(
      npmRuns('npm run bench -- --quick \\\n  --baseline x --fail-on a:1 && npm run merge -- a b --out c'),
    ).toEqual([
      { name: 'bench', flags: ['quick', 'baseline', 'fail-on'] },
      { name: 'merge', flags: ['out'] },
    ]);
  });
});
