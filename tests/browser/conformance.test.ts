// Every renderer in renderers/ is checked automatically (the list comes from the folder): adding a file there adds
// it here, with its declared metadata (family, source, installed packages) and its end text (expectedText). Each
// renderer gets one new page (fresh modules and DOM) that streams every scenario in turn, so the cost per renderer
// is one page load; the pages of two renderers run at once, and one that left text unseen streams again, alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRendererFiles } from '../../harness/renderer/files.ts';
import { RENDERER_FAMILIES } from '../../harness/renderer/contract.ts';
import { PROJECT_ROOT } from '../../harness/run/page-server.ts';
import type { RawRun, RendererInfo } from '../../harness/page/protocol.ts';
import {
  mapConcurrent,
  measuringContext,
  normalizeSpace,
  openSession,
  pageFacts,
  runInNewPage,
  scenarioSchedule,
  type Session,
} from '../support/session.ts';

/** STREAMBENCH_ONLY=a,b checks only those renderers: a shortcut while writing one, never set in CI. */
const only = process.env.STREAMBENCH_ONLY?.split(',');
const strategies = listRendererFiles()
  .filter((r) => r.kind === 'strategy' && (!only || only.includes(r.name)))
  .map((r) => r.name);
// Fast enough to keep the suite short, slow enough that every renderer sees many separate chunks, and that a page
// starved of CPU for a fifth of a second (two pages run at once) gets less than a screen of text in one frame: a
// scroll renderer would rightly scroll the rest past unseen (at 2,000 tok/s this failed 2 runs in 4).
const RATE = 500;
const SCENARIOS = [
  { name: 'prose-answer', maxTokens: 160 },
  { name: 'markdown-answer', maxTokens: null },
].map((s, index) => ({ ...s, index, schedule: scenarioSchedule(s.name, RATE, s.maxTokens) }));

/**
 * Renderer pages open at once. Nothing here is timed, and one page's load overlaps another's stream: with 20
 * renderers this took the file from ~49 s to ~35 s on a loaded 2-core machine (3 at once: ~31 s).
 */
const CONCURRENT_PAGES = 2;

let session: Session;
let context: BrowserContext;
let infos: RendererInfo[];
/** Per renderer, per scenario: the text it must end with (its expectedText, or the default rule), from the page. */
let expected: Map<string, Array<string | null>>;
/** What the project depends on: a renderer's packages must all be among them (and so installed). */
const dependencies = Object.keys(
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> })
    .dependencies,
);
/** Per renderer: each scenario's run, or why it failed. */
const runs = new Map<string, Array<RawRun | Error>>();

beforeAll(async () => {
  session = await openSession();
  context = await measuringContext(session);
  const sources = SCENARIOS.map((s) => s.schedule.text);
  ({ renderers: infos, expected } = await pageFacts(session, context, strategies, sources));
  const schedules = SCENARIOS.map((s) => s.schedule);
  const all = await mapConcurrent(strategies, CONCURRENT_PAGES, (r) => runInNewPage(session, context, r, schedules));
  strategies.forEach((r, i) => runs.set(r, all[i] ?? []));
  // A page starved of CPU for a while (two pages at once, beside other tests) can rightly leave text unseen: a scroll
  // renderer given a burst of text in one frame scrolls part of it past. A renderer with a marker never visible
  // streams once more, alone, and the checks below read that second pass: one that never shows its text fails both.
  for (const r of strategies) {
    const unseen = (runs.get(r) ?? []).flatMap(unseenMarkers);
    if (unseen.length === 0) continue;
    console.log(`conformance: ${r} left markers unseen beside another page (${unseen.join(', ')}); again, alone`);
    runs.set(r, await runInNewPage(session, context, r, schedules));
  }
}, 600_000);

/** Each marker of a run that was never visible, with why. */
const unseenMarkers = (run: RawRun | Error): string[] =>
  run instanceof Error ? [] : run.markers.filter((m) => m.visibleMs === null).map((m) => `${m.text}: ${m.notVisible}`);

afterAll(async () => {
  await context?.close();
  await session?.close();
});

it.skipIf(only)('the page discovers exactly the files in renderers/ (plus test-only ones)', () => {
  expect(strategies.length).toBeGreaterThanOrEqual(4);
  for (const name of ['per-chunk-dom', 'raf-buffered', 'markdown-batch', 'no-stream'])
    expect(strategies).toContain(name);
  const discovered = infos.map((i) => i.name);
  for (const name of strategies) expect(discovered).toContain(name);
  expect([...discovered].sort()).toEqual(
    listRendererFiles()
      .map((r) => r.name)
      .sort(),
  );
  // The one renderer that fails to import on purpose (tests/renderers/test-missing-package.ts) is listed, broken.
  expect(infos.filter((i) => i.broken).map((i) => i.name)).toEqual(['test-missing-package']);
  for (const info of infos.filter((i) => !i.broken)) {
    expect(info.description.length).toBeGreaterThan(10);
    expect(['text', 'markdown']).toContain(info.output);
  }
});

describe.each(strategies)('renderer %s', (renderer) => {
  it('imports, and declares a family, the source it copies and installed packages', () => {
    const info = infos.find((i) => i.name === renderer);
    expect(info?.broken).toBeUndefined();
    expect(RENDERER_FAMILIES).toContain(info?.family);
    expect(info?.source?.name.length).toBeGreaterThan(0);
    expect(new URL(info?.source?.url ?? '').protocol).toMatch(/^https?:$/);
    expect(Array.isArray(info?.packages)).toBe(true);
    for (const pkg of info?.packages ?? []) expect(dependencies, `${renderer} uses ${pkg}`).toContain(pkg);
  });

  it.each(SCENARIOS)(
    'renders $name completely, without errors, and dispose() empties the root',
    ({ name, index, schedule }) => {
      const raw = runs.get(renderer)?.[index];
      if (raw === undefined || raw instanceof Error) throw raw ?? new Error(`${renderer}: no run of ${name}`);
      const info = infos.find((i) => i.name === renderer);
      expect(info).toBeDefined();
      expect(raw.errors).toEqual([]);
      const text = expected.get(renderer)?.[index];
      expect(typeof text).toBe('string');
      // The default rule for text output is the source exactly; expectedText and markdown compare normalised.
      if (info?.output === 'text' && text === schedule.text) {
        expect(raw.finalText).toBe(schedule.text);
      } else {
        expect(normalizeSpace(raw.finalText)).toBe(normalizeSpace(text ?? ''));
      }
      // The markdown was rendered, not shown as source.
      if (info?.output === 'markdown' && name === 'markdown-answer') expect(raw.finalText).not.toContain('```');
      expect(unseenMarkers(raw), 'markers never visible, with why').toEqual([]);
      expect(raw.timedOut).toBe(false);
      expect(raw.rootEmptyAfterDispose).toBe(true);
    },
  );
});
