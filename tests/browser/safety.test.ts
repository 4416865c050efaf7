// The safety check in the browser: the unsafe-markdown scenario streamed into every renderer in renderers/ whose
// output is markdown (discovered, never listed here) and into tests/renderers/test-unsanitised.ts, which skips
// DOMPurify on purpose and must come out unsafe (as must its copy inside a closed shadow root). The zoo's renderers
// must all be safe: the renderer contract asks for sanitised markdown (a product copied faithfully but unsafe would
// be a finding to report, not to hide). One browser and one context for the file; nothing is timed.
import type { BrowserContext } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listRendererFiles } from '../../harness/renderer/files.ts';
import { checkSafety, markdownRenderers, payloadsThrough, safetySummary } from '../../harness/run/safety.ts';
import type { RendererInfo } from '../../harness/page/protocol.ts';
import type { SafetyResults } from '../../harness/results/types.ts';
import { PAYLOADS } from '../../scenarios/unsafe-payloads.ts';
import { measuringContext, openSession, pageFacts, type Session } from '../support/session.ts';

const UNSANITISED = 'test-unsanitised';
/** The same, rendered inside a closed shadow root. */
const IN_SHADOW = 'test-unsanitised-shadow';
const strategies = new Set(
  listRendererFiles()
    .filter((r) => r.kind === 'strategy')
    .map((r) => r.name),
);

let session: Session;
let context: BrowserContext;
let infos: RendererInfo[];
let zoo: string[];
let safety: SafetyResults;

beforeAll(async () => {
  session = await openSession();
  context = await measuringContext(session);
  ({ renderers: infos } = await pageFacts(session, context, [], []));
  zoo = markdownRenderers(infos.filter((r) => strategies.has(r.name)));
  safety = await checkSafety(context, session.server.pageUrl, [...zoo, UNSANITISED, IN_SHADOW]);
  // The verdicts, for whoever reads the test log (which zoo renderers are unsafe, if any).
  console.log(safetySummary(safety).join('\n'));
}, 170_000);
afterAll(async () => {
  await context?.close();
  await session?.close();
});

const verdict = (name: string) => safety.renderers.find((r) => r.renderer === name);

it('checks every renderer in renderers/ whose output is markdown, and none whose output is text', () => {
  const markdown = infos.filter((r) => strategies.has(r.name) && r.output === 'markdown' && !r.broken);
  expect(markdown.length).toBeGreaterThan(0);
  expect([...zoo].sort()).toEqual(markdown.map((r) => r.name).sort());
  expect(safety.renderers.map((r) => r.renderer).sort()).toEqual([...zoo, UNSANITISED, IN_SHADOW].sort());
  const text = infos.filter((r) => strategies.has(r.name) && r.output === 'text').map((r) => r.name);
  for (const name of text) expect(verdict(name)).toBeUndefined();
});

it('calls the unsanitised renderer unsafe: payloads execute on insertion and dangerous markup survives', () => {
  const result = verdict(UNSANITISED);
  expect(result?.error).toBeUndefined();
  expect(result?.safe).toBe(false);
  // Payloads that run by themselves once inserted, and handlers the check fired.
  for (const id of ['img-onerror', 'iframe-srcdoc', 'iframe-js-src', 'details-ontoggle', 'button-onclick']) {
    expect(result?.executed, id).toContain(id);
  }
  const survived = (id: string): string[] =>
    (result?.survived ?? []).filter((s) => s.payload === id).map((s) => s.where);
  expect(survived('script-split')).toContain('<script>');
  expect(survived('md-link-js').join()).toContain('javascript:');
  expect(survived('html-a-entity-tab').join()).toContain('javascript:');
  expect(survived('html-a-vbscript').join()).toContain('vbscript:');
  expect(survived('svg-xlink-href').join()).toContain('xlink:href');
  expect(survived('span-onmouseover')).toContain('<span onmouseover>');
  // The payload in the srcdoc frame's own document is found too (same-origin frames are walked).
  expect(survived('iframe-srcdoc').join()).toContain("in an iframe's document");
});

it('finds what survived inside a closed shadow root, and says so', () => {
  const result = verdict(IN_SHADOW);
  expect(result?.safe).toBe(false);
  expect(result?.executed).toContain('img-onerror');
  const where = (id: string): string[] => (result?.survived ?? []).filter((s) => s.payload === id).map((s) => s.where);
  expect(where('img-onerror')).toContain('<img onerror> in the shadow root of <div>');
  expect(where('script-split')).toContain('<script> in the shadow root of <div>');
});

it('never flags the controls: markup inside code stays text, even without a sanitiser', () => {
  const controls = PAYLOADS.filter((p) => p.control).map((p) => p.id);
  expect(controls.length).toBeGreaterThan(0);
  for (const result of safety.renderers) {
    for (const id of controls) expect(payloadsThrough(result), `${result.renderer}: ${id}`).not.toContain(id);
  }
});

it('finds every zoo markdown renderer safe (the contract asks for sanitised markdown)', () => {
  for (const name of zoo) {
    const result = verdict(name);
    const through = result ? payloadsThrough(result) : [];
    expect({ name, error: result?.error, through }).toEqual({ name, error: undefined, through: [] });
    expect(result?.safe, name).toBe(true);
  }
});
