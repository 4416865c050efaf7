// The measured page as built and served: a production build (React's production build, no NODE_ENV left), cached
// per set of inputs, and a renderer that fails to import fails only its own cells, listed as broken.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measuredPageBuild, pageInputsHash } from '../../harness/run/page-build.ts';
import { PROJECT_ROOT } from '../../harness/run/page-server.ts';
import { runSuite } from '../../harness/run/suite.ts';
import type { SuiteConfig } from '../../harness/results/types.ts';
import { validateResults } from '../../harness/results/validate.ts';

const config: SuiteConfig = {
  renderers: ['test-missing-package', 'per-chunk-dom'],
  scenarios: ['markdown-answer'],
  rates: [{ name: 'kimi-k2.6-cerebras', tokPerS: 981, ttftMs: 100 }],
  runs: 1,
  warmupRuns: 0,
  seed: 1,
  cpuThrottles: [1],
  throttleWarmupRuns: 0,
  quick: true,
  tokensPerChunk: 1,
  jitter: 0,
  cellTimeoutMs: 6_000,
  maxTokens: 40,
};

describe('the measured page', () => {
  it('is a production build, cached: a second request for it does not rebuild', async () => {
    const hash = pageInputsHash(PROJECT_ROOT);
    const dir = await measuredPageBuild(PROJECT_ROOT, () => {});
    const logged: string[] = [];
    const again = await measuredPageBuild(PROJECT_ROOT, (line) => logged.push(line));
    // The working tree may be edited meanwhile (a new hash then rightly builds again): compare like with like.
    if (pageInputsHash(PROJECT_ROOT) === hash) {
      expect(again).toBe(dir);
      expect(logged).toEqual([]);
    }
    const assets = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js'));
    const code = assets.map((f) => readFileSync(join(dir, 'assets', f), 'utf8'));
    // One chunk per renderer (the lazy glob), and React's production client: its development build alone has
    // React's stack-frame helper; nothing reads process.env.NODE_ENV at run time.
    for (const name of ['per-chunk-dom', 'react-markdown', 'test-missing-package']) {
      expect(assets.some((f) => f.startsWith(`${name}-`))).toBe(true);
    }
    expect(code.some((c) => c.includes('react_stack_bottom_frame'))).toBe(false);
    expect(code.some((c) => c.includes('Minified React error'))).toBe(true);
    expect(code.some((c) => c.includes('process.env.NODE_ENV'))).toBe(false);
  }, 300_000);

  it('a renderer that fails to import fails only its own cells, with the import error', async () => {
    const results = await runSuite(config, {});
    const broken = results.cells.find((c) => c.renderer === 'test-missing-package');
    expect(broken?.status).toBe('failed');
    expect(broken?.error).toMatch(/failed to import.*streambench-not-an-installed-package/);
    const ok = results.cells.find((c) => c.renderer === 'per-chunk-dom');
    expect(ok?.status).toBe('ok');
    expect(ok?.runs.length).toBe(1);
    const info = results.renderers.find((r) => r.name === 'test-missing-package');
    expect(info?.broken).toMatch(/streambench-not-an-installed-package/);
    expect(results.renderers.find((r) => r.name === 'per-chunk-dom')?.broken).toBeUndefined();
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
  }, 300_000);
});
