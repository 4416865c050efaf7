// Every renderer in renderers/ is checked automatically: adding a file there adds it here. Each renderer gets one
// new page (fresh modules and DOM) that streams every scenario in turn, so the cost per renderer is one page load.
import type { BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRendererFiles } from '../../harness/renderer/files.ts';
import type { RawRun, RendererInfo } from '../../harness/page/protocol.ts';
import {
  measuringContext,
  normalizeSpace,
  openSession,
  pageFacts,
  runInNewPage,
  scenarioSchedule,
  type Session,
} from '../support/session.ts';

const strategies = listRendererFiles()
  .filter((r) => r.kind === 'strategy')
  .map((r) => r.name);
// Fast enough to keep the suite short, slow enough that every renderer sees many separate chunks.
const RATE = 2_000;
const SCENARIOS = [
  { name: 'prose-answer', maxTokens: 160 },
  { name: 'markdown-answer', maxTokens: null },
].map((s, index) => ({ ...s, index, schedule: scenarioSchedule(s.name, RATE, s.maxTokens) }));

let session: Session;
let context: BrowserContext;
let infos: RendererInfo[];
/** Per scenario: the text a markdown renderer must end with, as the page renders the whole source. */
let expectedMarkdown: string[];

beforeAll(async () => {
  session = await openSession();
  context = await measuringContext(session);
  ({ renderers: infos, expected: expectedMarkdown } = await pageFacts(
    session,
    context,
    SCENARIOS.map((s) => s.schedule.text),
  ));
});
afterAll(async () => {
  await context?.close();
  await session?.close();
});

it('the page discovers exactly the files in renderers/ (plus test-only ones)', () => {
  expect(strategies.length).toBeGreaterThanOrEqual(4);
  for (const name of ['per-chunk-dom', 'raf-buffered', 'markdown-batch', 'no-stream'])
    expect(strategies).toContain(name);
  const discovered = infos.map((i) => i.name);
  for (const name of strategies) expect(discovered).toContain(name);
  for (const info of infos) {
    expect(info.description.length).toBeGreaterThan(10);
    expect(['text', 'markdown']).toContain(info.output);
  }
});

describe.each(strategies)('renderer %s', (renderer) => {
  let runs: Array<RawRun | Error>;
  beforeAll(async () => {
    runs = await runInNewPage(
      session,
      context,
      renderer,
      SCENARIOS.map((s) => s.schedule),
    );
  });

  it.each(SCENARIOS)(
    'renders $name completely, without errors, and dispose() empties the root',
    ({ name, index, schedule }) => {
      const raw = runs[index];
      if (raw === undefined || raw instanceof Error) throw raw ?? new Error(`${renderer}: no run of ${name}`);
      const info = infos.find((i) => i.name === renderer);
      expect(info).toBeDefined();
      expect(raw.errors).toEqual([]);
      if (info?.output === 'text') {
        expect(raw.finalText).toBe(schedule.text);
      } else {
        expect(normalizeSpace(raw.finalText)).toBe(normalizeSpace(expectedMarkdown[index] ?? ''));
        // The markdown was rendered, not shown as source.
        if (name === 'markdown-answer') expect(raw.finalText).not.toContain('```');
      }
      expect(raw.markers.every((m) => m.visibleMs !== null)).toBe(true);
      expect(raw.timedOut).toBe(false);
      expect(raw.rootEmptyAfterDispose).toBe(true);
    },
  );
});
