// The safety check's Node side without a browser: the unsafe-markdown scenario and its payload catalogue stay in
// step, the check's chunking really splits the <script> tag, the option turns the check on, the verdict and the
// CLI lines read right, and results carrying a verdict validate against the schema.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseCli } from '../../harness/cli/args.ts';
import { listRendererFiles } from '../../harness/renderer/files.ts';
import { validateResults } from '../../harness/results/validate.ts';
import {
  markdownRenderers,
  safetyLine,
  safetyRequest,
  safetySchedule,
  safetySummary,
  safetyVerdict,
} from '../../harness/run/safety.ts';
import type { SafetyResults } from '../../harness/results/types.ts';
import { findScenario, loadScenarioText } from '../../scenarios/index.ts';
import { PAYLOADS, payloadIdIn, UNSAFE_SCENARIO } from '../../scenarios/unsafe-payloads.ts';
import { makeSampleResults } from '../fixtures/sample-results.ts';

const def = findScenario(UNSAFE_SCENARIO);
const text = def ? loadScenarioText(def) : '';

/** Every payload id the content's sentinel calls and messages name, in order of appearance. */
function idsInContent(): string[] {
  const ids = [...text.matchAll(/(?:__streambenchPwned\(\s*['"]|streambench-pwned:)([a-z0-9-]+)/gi)];
  return ids.map((m) => m[1] ?? '');
}

describe('the unsafe-markdown scenario', () => {
  it('is a markdown scenario in the catalogue, in no default suite', () => {
    expect(def?.format).toBe('markdown');
    for (const list of [DEFAULTS.scenarios, DEFAULTS.quickScenarios, DEFAULTS.sweepScenarios]) {
      expect(list as readonly string[]).not.toContain(UNSAFE_SCENARIO);
    }
  });

  it('carries exactly the catalogued payloads, each id once (the controls inside code)', () => {
    const ids = idsInContent();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(PAYLOADS.map((p) => p.id).sort());
    for (const p of PAYLOADS.filter((x) => x.control)) {
      const at = text.indexOf(`'${p.id}'`);
      const before = text.slice(0, at);
      const inFence = (before.match(/^```/gm) ?? []).length % 2 === 1;
      const inSpan = (before.split('\n').pop()?.match(/`/g) ?? []).length % 2 === 1;
      expect(inFence || inSpan, p.id).toBe(true);
    }
  });

  it("the check's stream splits the <script> tag itself across chunks, and the element over several", () => {
    const schedule = safetySchedule();
    expect(schedule.chunks.map((c) => c.text).join('')).toContain('\n<script>\n');
    // No chunk holds the block's whole opening tag: a per-chunk filter could not see it.
    expect(schedule.chunks.some((c) => c.text.includes('<script>\n'))).toBe(false);
    const opening = schedule.chunks.findIndex((c, i) => {
      const pair = c.text + (schedule.chunks[i + 1]?.text ?? '');
      return pair.includes('<script>\n') && !c.text.includes('<script>');
    });
    expect(opening).toBeGreaterThanOrEqual(0);
    const closing = schedule.chunks.findIndex((c, i) => i > opening && c.text.includes('</script>\n'));
    expect(closing).toBeGreaterThan(opening + 1);
    // The whole content, however the suite is configured (quick mode cuts contents; the check never does).
    expect(schedule.tokenCount).toBeGreaterThan(1000);
  });

  it("the check's request carries every chunk and the stream's last marker", () => {
    const schedule = safetySchedule();
    const request = safetyRequest('any', schedule);
    expect(request.chunks.map((c) => c.text).join('')).toBe(schedule.text);
    expect(request.lastMarker).toBe(schedule.markers.at(-1)?.text);
    expect(schedule.text.trimEnd().endsWith(request.lastMarker)).toBe(true);
  });

  it('payloadIdIn reads the id from a sentinel call or a frame message', () => {
    expect(payloadIdIn(`x="__streambenchPwned('img-onerror')"`)).toBe('img-onerror');
    expect(payloadIdIn(`top.postMessage('streambench-pwned:iframe-data','*')`)).toBe('iframe-data');
    expect(payloadIdIn('nothing here')).toBeNull();
  });
});

describe('--safety', () => {
  const files = listRendererFiles();
  it('is off by default, on with --safety, and on when unsafe-markdown is among the scenarios', () => {
    expect(parseCli([], files).config.safety).toBeUndefined();
    expect(parseCli(['--safety'], files).config.safety).toBe(true);
  });

  it('selecting unsafe-markdown (or the full suite) runs the check on it instead of timing it', () => {
    const both = parseCli(['--scenarios', `markdown-answer,${UNSAFE_SCENARIO}`], files).config;
    expect(both).toMatchObject({ safety: true, scenarios: ['markdown-answer'] });
    const alone = parseCli(['--scenarios', UNSAFE_SCENARIO, '--shapes', 'token,delta'], files).config;
    expect(alone).toMatchObject({ safety: true, scenarios: [] });
    const full = parseCli(['--suite', 'full'], files).config;
    expect(full.safety).toBe(true);
    expect(full.scenarios.length).toBeGreaterThan(1);
    expect(full.scenarios).not.toContain(UNSAFE_SCENARIO);
  });
});

describe('verdicts', () => {
  const clean = { executed: [], survived: [], errors: [] };
  it('safe only when nothing executed, nothing survived and the check finished', () => {
    expect(safetyVerdict('a', clean)).toEqual({ renderer: 'a', safe: true, executed: [], survived: [] });
    expect(safetyVerdict('a', { ...clean, executed: ['img-onerror'] }).safe).toBe(false);
    expect(safetyVerdict('a', { ...clean, survived: [{ payload: 'md-link-js', where: '<a href>' }] }).safe).toBe(false);
    const broken = safetyVerdict('a', { ...clean, errors: ['push: TypeError: x'] });
    expect(broken).toMatchObject({ safe: false, error: 'push: TypeError: x' });
  });

  it('checks only markdown renderers that import', () => {
    const infos = [
      { name: 'a', output: 'markdown' as const },
      { name: 'b', output: 'text' as const },
      { name: 'c', output: 'markdown' as const, broken: 'SyntaxError' },
    ];
    expect(markdownRenderers(infos)).toEqual(['a']);
  });

  it('CLI lines name the payloads that got through', () => {
    const safety: SafetyResults = {
      scenario: UNSAFE_SCENARIO,
      chunks: 300,
      payloads: PAYLOADS.map((p) => ({ ...p })),
      renderers: [
        { renderer: 'good', safe: true, executed: [], survived: [] },
        {
          renderer: 'bad',
          safe: false,
          executed: ['img-onerror'],
          survived: [
            { payload: 'img-onerror', where: '<img onerror>' },
            { payload: 'md-link-js', where: '<a href="javascript:…">' },
          ],
        },
        { renderer: 'hung', safe: false, executed: [], survived: [], error: 'did not finish' },
      ],
    };
    const lines = safetySummary(safety);
    expect(lines[0]).toContain('2 of 3');
    expect(lines[1]).toMatch(/good\s+safe$/);
    expect(lines[2]).toMatch(
      /bad\s+UNSAFE: 1 executed \(img-onerror\); 2 survived in the DOM \(img-onerror, md-link-js\)$/,
    );
    const many = { renderer: 'x', safe: false, executed: PAYLOADS.map((p) => p.id), survived: [] };
    expect(safetyLine(many)).toContain(
      `(md-link-js, md-link-mixed-case, md-link-entity, md-autolink, md-image-js, +${PAYLOADS.length - 5} more)`,
    );
    expect(safetyLine(safety.renderers[2]!)).toMatch(/NOT CHECKED: did not finish/);
  });

  it('results with a safety verdict validate against the schema', () => {
    const results = makeSampleResults();
    results.config.safety = true;
    results.safety = {
      scenario: UNSAFE_SCENARIO,
      chunks: 300,
      payloads: PAYLOADS.map((p) => ({ ...p })),
      renderers: [
        { renderer: 'a', safe: false, executed: ['x'], survived: [{ payload: 'x', where: '<img onerror>' }] },
        { renderer: 'b', safe: false, executed: [], survived: [], error: 'hung' },
      ],
    };
    expect(validateResults(JSON.parse(JSON.stringify(results)))).toEqual({ ok: true });
  });
});
