// The interaction script in app mode (--app with --interact, docs/interaction.md): the same driver and observers as
// on the renderer page, on the app's own composer (its ask.input) and its own scroller (found from geometry).
// examples/browser-direct at 981 tok/s (a shorter stream than the suite's) plays both passes: every key typed is
// seen by its composer, the following observer samples frames, a selection is made. Then a known behaviour: a test
// app (tests/fixtures/app-scroll/) that calls scrollIntoView on every chunk fails "respects the reader"; the same app
// following only while the reader is at the bottom passes. Counts and booleans only; figures printed, never timed.
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/run/browser.ts';
import { PROJECT_ROOT } from '../../harness/run/page-server.ts';
import { loadAppConfig } from '../../harness/app/config.ts';
import { openAppSession, type AppSession } from '../../harness/app/app-session.ts';
import { openProviderLink, type ProviderLink } from '../../harness/app/provider-link.ts';
import { INTERACTION_PASSES, interactionRequest } from '../../harness/run/interaction-plan.ts';
import { computeInteractionMetrics, summarizeInteraction } from '../../harness/metrics/interaction.ts';
import type { InteractionMetrics } from '../../harness/metrics/interaction.ts';
import type { InteractionRequest, RawInteraction } from '../../harness/page/interaction-protocol.ts';
import type { Schedule } from '../../harness/schedule/types.ts';
import { feelFigures } from '../../harness/report/feel-text.ts';
import { scenarioSchedule } from '../support/session.ts';

const SETTLE_MS = 3_000;
const [TYPING, READING] = INTERACTION_PASSES.map(({ script }): InteractionRequest => ({ ...script, seed: 1 })) as [
  InteractionRequest,
  InteractionRequest,
];

let browser: Browser;
let provider: ProviderLink;
const sessions: AppSession[] = [];

beforeAll(async () => {
  [browser, provider] = await Promise.all([launchChromium(), openProviderLink()]);
});
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await provider?.close();
  await browser?.close();
});

async function open(configPath: string): Promise<AppSession> {
  const session = await openAppSession(await loadAppConfig(configPath), { outDir: null, log: () => {}, provider });
  sessions.push(session);
  return session;
}

/** One interaction run of the app: its metrics, and what the page observed (the driver's log included). */
async function interact(
  session: AppSession,
  schedule: Schedule,
  script: InteractionRequest,
): Promise<{ metrics: InteractionMetrics; raw: RawInteraction }> {
  const request = interactionRequest(session.renderer, schedule, SETTLE_MS, script);
  const outcome = await session.external.run(browser, request, { cpuThrottle: 1, timeoutMs: 60_000 });
  if (!outcome.ok) throw new Error(`${session.renderer}: ${outcome.error}`);
  const { raw } = outcome;
  if (!raw.interaction) throw new Error(`${session.renderer}: no interaction recorded`);
  expect(raw.interaction.driver?.error).toBeUndefined();
  const metrics = computeInteractionMetrics(raw.interaction, raw.frames.postFrameMs, raw.endCalledMs ?? raw.stoppedMs);
  return { metrics, raw: raw.interaction };
}

/** The keys the driver pressed, from its log ("N keys"). */
const keysTyped = (raw: RawInteraction): number => Number(/^(\d+) keys$/.exec(raw.driver?.actions[0] ?? '')?.[1] ?? 0);

describe('the interaction script in app mode', () => {
  it('plays on examples/browser-direct at 981 tok/s: its composer sees every key; following; a selection', async () => {
    const session = await open(join(PROJECT_ROOT, 'examples/browser-direct/streambench.app.json'));
    // 700 tokens, not the suite's 1,500: this app re-renders the whole answer per delta, ever slower (~15 s a run).
    const schedule = scenarioSchedule('markdown-answer', 981, 700);
    const typing = await interact(session, schedule, TYPING);
    const reading = await interact(session, schedule, READING);
    expect(keysTyped(typing.raw)).toBeGreaterThan(0);
    expect(typing.metrics.typing?.keystrokes).toBe(keysTyped(typing.raw));
    expect(typing.metrics.following.frames).toBeGreaterThan(0);
    expect(reading.metrics.following.frames).toBeGreaterThan(0);
    expect(reading.metrics.selection?.made).toBe(true);
    const summary = summarizeInteraction([typing.metrics, reading.metrics]);
    expect(summary.cls).not.toBeNull();
    console.log(`app:browser-direct at 981 tok/s: ${JSON.stringify(feelFigures(summary))}`);
  });

  it('scrollIntoView on every chunk does not respect the reader; following only at the bottom does', async () => {
    const fixture = (name: string): string => join(PROJECT_ROOT, 'tests/fixtures/app-scroll', `${name}.app.json`);
    // 3 s: a reader's 0.75 s between the wheel up and back down outlasts a stall of the shared machine.
    const steady = scenarioSchedule('prose-answer', 200, 600);
    const [yanking, sticking] = await Promise.all([open(fixture('into-view')), open(fixture('stick'))]);
    const yanked = await interact(yanking, steady, READING);
    // Once more when the reader seems moved: in 1 of 2 full `npm test` runs here the stick app showed "moved 720 px"
    // (and into-view 721 instead of its usual 673), not reproduced alone or beside two busy loops; a policy that
    // pulls the reader back does so every run, and still fails.
    let kept = await interact(sticking, steady, READING);
    if (kept.metrics.reading?.respected !== true) kept = await interact(sticking, steady, READING);
    console.log(
      `app-scroll reading: into-view ${JSON.stringify(yanked.metrics.reading)}, ` +
        `stick ${JSON.stringify(kept.metrics.reading)}, selection kept ${kept.metrics.selection?.survived}`,
    );
    expect(yanked.metrics.reading?.respected).toBe(false);
    expect(kept.metrics.reading?.respected).toBe(true);
    expect(kept.metrics.selection?.survived).toBe(true);
  });
});
