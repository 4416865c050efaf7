// Calibration of the interaction script (docs/interaction.md) on test renderers with known behaviour: a renderer
// that busy-waits 40 ms per chunk makes keystrokes wait at least that long; one that calls scrollIntoView on every
// chunk does not respect a reader who scrolled up, while an append-only one on the standard page does; one that
// replaces its innerHTML on every chunk loses a selection at its first update, while the append-only one keeps it;
// text in a shadow root (lit-markdown) is followed and selected like light-DOM text.
// Short streams, one run each, one browser. Lower bounds from known injected costs, counts and booleans; no timing
// budget is asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInFreshContext } from '../../harness/run/fresh-context.ts';
import { interactionRequest } from '../../harness/run/interaction-plan.ts';
import { computeInteractionMetrics, type InteractionMetrics } from '../../harness/metrics/interaction.ts';
import type { InteractionRequest } from '../../harness/page/interaction-protocol.ts';
import type { Schedule } from '../../harness/schedule/types.ts';
import { BUSY_MS } from '../renderers/test-busy-write-40ms.ts';
import { openSession, scenarioSchedule, TEST_SETTLE_MS, type Session } from '../support/session.ts';

let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session?.close();
});

const TYPING: InteractionRequest = { typing: true, selecting: false, readingBack: false, seed: 1 };
const READING: InteractionRequest = { typing: false, selecting: true, readingBack: true, seed: 1 };

async function interact(renderer: string, schedule: Schedule, script: InteractionRequest): Promise<InteractionMetrics> {
  const request = interactionRequest(renderer, schedule, TEST_SETTLE_MS, script);
  const outcome = await runInFreshContext(session.browser, request, {
    pageUrl: session.server.pageUrl,
    cpuThrottle: 1,
    timeoutMs: schedule.lastDueMs + 60_000,
  });
  if (!outcome.ok) throw new Error(`${renderer}: ${outcome.error}`);
  const { raw } = outcome;
  expect(raw.errors).toEqual([]);
  if (!raw.interaction) throw new Error(`${renderer}: no interaction recorded`);
  expect(raw.interaction.driver?.error).toBeUndefined();
  return computeInteractionMetrics(raw.interaction, raw.frames.postFrameMs, raw.endCalledMs ?? raw.stoppedMs);
}

/** ~1.3 s of chunks every 20 ms: 40 ms of busy-waiting each keeps the main thread saturated while keys come in. */
const saturating = scenarioSchedule('prose-answer', 50, 60);
/** ~2 s of chunks every 5 ms, below the earlier message an interaction run puts on the page to scroll back into. */
const steady = scenarioSchedule('prose-answer', 200, 400);
/** A chunk every 50 ms: the triple click fits between two updates, so the selection is made before one replaces it. */
const slow = scenarioSchedule('prose-answer', 20, 40);

describe('interaction script calibration', () => {
  it(`a renderer busy-waiting ${BUSY_MS} ms per chunk makes typing wait at least that long`, async () => {
    const { typing } = await interact('test-busy-write-40ms', saturating, TYPING);
    expect(typing?.keystrokes).toBeGreaterThanOrEqual(6);
    expect(typing?.latencyMs.max).toBeGreaterThanOrEqual(BUSY_MS);
  });

  it('scrollIntoView on every chunk does not respect the reader; append-only on the standard page does', async () => {
    const yanked = await interact('test-scroll-into-view-per-chunk', steady, READING);
    expect(yanked.reading?.respected).toBe(false);
    const kept = await interact('test-append-only', steady, READING);
    expect(kept.reading?.respected).toBe(true);
    expect(kept.reading?.resumed).toBe(true);
  });

  it('replacing innerHTML on every chunk loses the selection at its first update; append-only keeps it', async () => {
    const { selection } = await interact('test-innerhtml-per-chunk', slow, READING);
    expect(selection?.made).toBe(true);
    expect(selection?.survived).toBe(false);
    expect(selection?.lostAtUpdate).toBe(1);
    const kept = await interact('test-append-only', slow, READING);
    expect(kept.selection?.made).toBe(true);
    expect(kept.selection?.survived).toBe(true);
    expect(kept.selection?.updates).toBeGreaterThan(10);
  });

  it('sees text in shadow roots: following and the selection are measured on lit-markdown, not unknown', async () => {
    // Its answer is in a Lit element's shadow root, re-rendered (unsafeHTML) on every update: slow, so that the
    // triple click fits between two updates.
    const { following, selection, reading } = await interact('lit-markdown', slow, READING);
    expect(following.frames).toBeGreaterThan(0);
    expect(following.pct).not.toBeNull();
    expect(selection?.made).toBe(true);
    expect(selection?.survived).not.toBeNull();
    console.log(
      `lit-markdown: following ${JSON.stringify(following)}, selection ${JSON.stringify(selection)}, ` +
        `reading ${JSON.stringify(reading)}`,
    );
  });
});
