// The interaction script's driver (docs/interaction.md): real input from Playwright while the page's run plays the
// stream. Typing: keys into the composer at 8 keys/s with seeded jitter, from just after the first token to the last.
// Selecting: early in the stream, a triple click on a paragraph of the answer (clicked again if it selected nothing).
// Reading back: halfway, a wheel up by one view; at 75%, a wheel back down to the bottom. The page
// (harness/page/interaction*.ts) observes; nothing here measures. The script runs on the page's stream clock: it
// waits for the origin the page publishes, then acts at stream times.
import type { Page } from 'playwright';
import { mulberry32 } from '../common/random.ts';
import { VIEWPORT } from './browser.ts';
import {
  INTERACTION_API_KEY,
  INTERACTION_SCROLLER_ATTRIBUTE,
  SELECTION_MADE_KEY,
  type InteractionPageApi,
  STREAM_ORIGIN_KEY,
  type InteractionRequest,
  type RawInteraction,
} from '../page/interaction-protocol.ts';
import type { PageRunRequest, RawRun } from '../page/protocol.ts';

/** A person typing steadily: 8 keys per second, each gap jittered by up to +-25% (seeded). */
export const KEYS_PER_S = 8;
const KEY_JITTER = 0.25;
/** The composer's height in index.html: the scroller's view is the window above it. */
const COMPOSER_PX = 80;
/** One view of the scroller: how far the reader scrolls back up. */
export const READ_BACK_PX = VIEWPORT.height - COMPOSER_PX;
/** When, as shares of the stream (first to last due time), the script selects, scrolls up and returns. */
export const SELECT_AT = 0.15;
export const READ_BACK_AT = 0.5;
export const RETURN_AT = 0.75;
const SELECT_ATTEMPTS = 3;
const TYPED = 'streaming answers should never make typing lag ';
/**
 * Typing starts this long after the first token is due, while the answer streams. Before the answer's first paint, a
 * fresh page presents nothing (measured: every keystroke typed before the first token was presented only with it,
 * up to ~600 ms later, whatever the renderer), which would charge the page's start-up to the renderer.
 */
const TYPING_LEAD_MS = 100;

type DriverLog = NonNullable<RawInteraction['driver']>;

const describe = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface TimedAction {
  atMs: number;
  name: string;
  act: (page: Page) => Promise<void>;
}

/**
 * The script's actions in stream time, for a stream whose due times run from firstDueMs to lastDueMs. `question`:
 * text on the page that is not the answer (an app shows the user's question above it), never selected.
 */
export function scriptActions(
  request: InteractionRequest,
  firstDueMs: number,
  lastDueMs: number,
  question = '',
): TimedAction[] {
  const span = Math.max(0, lastDueMs - firstDueMs);
  const at = (share: number): number => firstDueMs + share * span;
  const actions: TimedAction[] = [];
  if (request.typing) {
    const random = mulberry32(request.seed ^ 0x7e9);
    let i = 0;
    const gap = (): number => (1000 / KEYS_PER_S) * (1 + KEY_JITTER * (2 * random() - 1));
    for (let t = firstDueMs + TYPING_LEAD_MS; t <= lastDueMs; t += gap()) {
      const key = TYPED[i++ % TYPED.length] ?? ' ';
      actions.push({ atMs: t, name: 'key', act: (page) => page.keyboard.press(key === ' ' ? 'Space' : key) });
    }
  }
  if (request.selecting)
    actions.push({ atMs: at(SELECT_AT), name: 'select', act: (page) => selectPhrase(page, question) });
  if (request.readingBack) {
    actions.push({ atMs: at(READ_BACK_AT), name: 'wheel-up', act: (page) => wheel(page, -READ_BACK_PX) });
    actions.push({ atMs: at(RETURN_AT), name: 'wheel-to-bottom', act: (page) => wheel(page, 100_000) });
  }
  return actions.sort((a, b) => a.atMs - b.atMs);
}

/** Where the wheel goes: the middle of an app's scroller in view (app mode marks it); else the standard page's. */
function wheelPoint(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ marked, fallback }) => {
      const scroller = document.querySelector(`[${marked}]`);
      if (!scroller) return fallback;
      const box = scroller.getBoundingClientRect();
      const [top, bottom] = [Math.max(0, box.top), Math.min(innerHeight, box.bottom)];
      const [left, right] = [Math.max(0, box.left), Math.min(innerWidth, box.right)];
      return { x: (left + right) / 2, y: (top + bottom) / 2 };
    },
    { marked: INTERACTION_SCROLLER_ATTRIBUTE, fallback: { x: VIEWPORT.width / 2, y: READ_BACK_PX / 2 } },
  );
}

async function wheel(page: Page, deltaY: number): Promise<void> {
  const { x, y } = await wheelPoint(page);
  await page.mouse.move(x, y);
  await page.mouse.wheel(0, deltaY);
}

/** Where a phrase of the answer is on screen: the first line of answer text inside the view (null: none yet). */
function phraseInView(page: Page, question: string): Promise<{ x0: number; x1: number; y: number } | null> {
  // The page finds it (harness/page/interaction-selection.ts): text in shadow roots too.
  return page.evaluate(
    ({ key, asked }) =>
      (window as unknown as Record<string, InteractionPageApi | undefined>)[key]?.phrase(asked) ?? null,
    { key: INTERACTION_API_KEY, asked: question },
  );
}

/** Tries to select a paragraph of answer text in view: a triple click on its first line (waiting for one). */
async function clickToSelect(page: Page, question: string): Promise<void> {
  let line = await phraseInView(page, question);
  for (let tries = 0; !line && tries < 10; tries++) {
    await sleep(100);
    line = await phraseInView(page, question);
  }
  if (!line) throw new Error('select: no answer text in view');
  // A triple click selects the paragraph under the mouse. Discrete clicks only: a drag (mousedown, moves, mouseup)
  // over text that a busy page moves up line by line as it grows often left only a caret, in Chromium.
  await page.mouse.click(line.x0 + 2, line.y, { clickCount: 3 });
}

/** Selects a paragraph with the mouse; clicks again (3 tries) when the click selected nothing (a blank line). */
async function selectPhrase(page: Page, question: string): Promise<void> {
  for (let attempt = 0; attempt < SELECT_ATTEMPTS; attempt++) {
    await clickToSelect(page, question);
    const made = await page.evaluate((key) => key in document.documentElement.dataset, SELECTION_MADE_KEY);
    if (made) return;
  }
}

/** Epoch ms of the page's stream origin, once the page has published it (null: the run ended first). */
async function streamOrigin(page: Page, done: Promise<unknown>): Promise<number | null> {
  let finished = false;
  const end = (): void => void (finished = true);
  void done.then(end, end);
  while (!finished) {
    // An app's page may still be loading (a navigation destroys the context evaluated in): ask again.
    const origin = await page
      .evaluate((key) => document.documentElement.dataset[key], STREAM_ORIGIN_KEY)
      .catch(() => undefined);
    if (origin !== undefined) return Number(origin);
    await sleep(10);
  }
  return null;
}

/**
 * Plays the script against `page` until the run (`done`) ends. Never throws: what it did, and the error that
 * stopped it (if the run did not end first), come back in the log.
 */
export async function driveInteraction(
  page: Page,
  request: InteractionRequest,
  stream: { firstDueMs: number; lastDueMs: number },
  done: Promise<unknown>,
  question = '',
): Promise<DriverLog> {
  const log: DriverLog = { actions: [] };
  let finished = false;
  const end = (): void => void (finished = true);
  void done.then(end, end);
  let keys = 0;
  try {
    const origin = await streamOrigin(page, done);
    if (origin === null) return log;
    const now = (): number => performance.timeOrigin + performance.now() - origin;
    for (const action of scriptActions(request, stream.firstDueMs, stream.lastDueMs, question)) {
      while (!finished && now() < action.atMs) await sleep(Math.min(20, action.atMs - now()));
      if (finished) break;
      const startedMs = now();
      // One action failing (no answer text in view to select) leaves the rest of the script to play.
      const failed = await action.act(page).then(
        () => null,
        (error: unknown) => error,
      );
      if (failed !== null && !finished) log.error ??= describe(failed);
      if (action.name === 'key') keys++;
      else log.actions.push(`${action.name} at ${Math.round(startedMs)} ms${failed === null ? '' : ' (failed)'}`);
    }
  } catch (error) {
    if (!finished) log.error ??= describe(error);
  }
  if (keys) log.actions.unshift(`${keys} keys`);
  return log;
}

/**
 * For runInFreshContext and app runs: drives the script of an interaction request while `result` (the run) is
 * pending; null for other requests. `withDriver` puts the driver's log into the raw run. `question`: an app's
 * question on the page, never selected as answer text.
 */
export function driveRun(
  page: Page,
  request: PageRunRequest,
  result: Promise<RawRun>,
  question = '',
): { withDriver(raw: RawRun): Promise<RawRun> } | null {
  if (!request.interaction) return null;
  const dues = request.chunks.map((c) => c.dueMs);
  const stream = { firstDueMs: Math.min(...dues), lastDueMs: Math.max(...dues) };
  const driving = driveInteraction(page, request.interaction, stream, result, question);
  return {
    async withDriver(raw) {
      const driver = await driving;
      return raw.interaction ? { ...raw, interaction: { ...raw.interaction, driver } } : raw;
    },
  };
}
