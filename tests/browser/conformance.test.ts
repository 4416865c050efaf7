// Every renderer in renderers/ is checked automatically: adding a file there adds it here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRendererFiles } from '../../harness/renderer/files.ts';
import type { RendererInfo } from '../../harness/page/protocol.ts';
import { expectedMarkdownText, normalizeSpace, openSession, pageRenderers, runRenderer, scenarioSchedule, type Session } from '../support/session.ts';

const strategies = listRendererFiles().filter((r) => r.kind === 'strategy').map((r) => r.name);
// Fast enough to keep the suite short, slow enough that every renderer sees many separate chunks.
const RATE = 2_000;
const SCENARIOS = [
  { name: 'prose-answer', maxTokens: 160 },
  { name: 'markdown-answer', maxTokens: null },
];

let session: Session;
let infos: RendererInfo[];

beforeAll(async () => {
  session = await openSession();
  infos = await pageRenderers(session);
});
afterAll(async () => {
  await session?.close();
});

it('the page discovers exactly the files in renderers/ (plus test-only ones)', () => {
  expect(strategies.length).toBeGreaterThanOrEqual(4);
  for (const name of ['per-chunk-dom', 'raf-buffered', 'markdown-batch', 'no-stream']) expect(strategies).toContain(name);
  const discovered = infos.map((i) => i.name);
  for (const name of strategies) expect(discovered).toContain(name);
  for (const info of infos) {
    expect(info.description.length).toBeGreaterThan(10);
    expect(['text', 'markdown']).toContain(info.output);
  }
});

describe.each(strategies)('renderer %s', (renderer) => {
  it.each(SCENARIOS)('renders $name completely, without errors, and dispose() empties the root', async ({ name, maxTokens }) => {
    const schedule = scenarioSchedule(name, RATE, maxTokens);
    const raw = await runRenderer(session, renderer, schedule);
    const info = infos.find((i) => i.name === renderer);
    expect(info).toBeDefined();
    expect(raw.errors).toEqual([]);
    if (info?.output === 'text') {
      expect(raw.finalText).toBe(schedule.text);
    } else {
      const expected = await expectedMarkdownText(session, schedule.text);
      expect(normalizeSpace(raw.finalText)).toBe(normalizeSpace(expected));
      // The markdown was rendered, not shown as source.
      if (name === 'markdown-answer') expect(raw.finalText).not.toContain('```');
    }
    expect(raw.markers.every((m) => m.visibleMs !== null)).toBe(true);
    expect(raw.timedOut).toBe(false);
    expect(raw.rootEmptyAfterDispose).toBe(true);
  });
});
