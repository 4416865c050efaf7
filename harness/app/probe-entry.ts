// App mode's in-page side, bundled into one script (probe-bundle.ts) that Playwright injects with addInitScript
// before any of the app's scripts, in every frame. Loading it patches attachShadow (shadow-roots.ts), so closed
// shadow roots the app attaches later are reached. In a same-origin child frame it only asks the top frame's copy
// to patch its realm too (one registry of shadow roots for the whole page). In the top frame it exposes
// window.__streambenchApp: the harness starts the same probe as the renderer page's (probe.ts, the same visibility
// rules) on the answer element or the whole document before asking the question, and stops it at the end. Times
// are the page's performance.now() (t0 = 0): Node moves them to stream time. With --interact, it also runs the
// interaction script's observers (harness/page/interaction.ts) on the app's own composer and scroller.
import { startProbe, type Probe, type ProbeResult } from '../page/probe.ts';
import { patchAttachShadow } from '../page/shadow-roots.ts';
import { finalTexts } from '../page/composed-text.ts';
import { FOLLOWS_STREAM_ATTRIBUTE } from '../page/on-screen.ts';
import { markerLate } from '../page/early-end.ts';
import { startAppInteraction, type InteractionSession } from '../page/interaction.ts';
import { newestTextNode } from '../page/interaction-newest.ts';
import type { InteractionRequest, RawInteraction } from '../page/interaction-protocol.ts';

export interface AppProbeStart {
  markers: string[];
  /** CSS selector of the element holding the answer; null: the whole document. */
  answerSelector: string | null;
  /** An interaction run: the script's parts and the app's composer (CSS selector; null: none to type into). */
  interaction?: { request: InteractionRequest; composer: string | null };
}

export interface AppProbeResult {
  result: ProbeResult;
  finalText: string;
  finalVisibleText: string;
  /** performance.now() when the probe stopped. */
  stoppedAt: number;
  /** What the interaction observers recorded (page times, t0 = 0). */
  interaction?: RawInteraction;
}

export interface AppProbeApi {
  /** Starts watching; returns an error line when the answer selector matches nothing. */
  start(options: AppProbeStart): string | null;
  /**
   * Resolves 'all' once every marker is visible, 'timeout' after `timeoutMs`, or 'late' as soon as more than
   * `failFast.maxLate` markers are not visible `budgetMs` after their due time (page time), counting those already
   * shown late before the call: the sweep's fail-fast, as the renderer page applies it.
   */
  allVisible(timeoutMs: number, failFast: AppFailFast | null): Promise<'all' | 'timeout' | 'late'>;
  /** Waits `frames` more frames (stragglers, late long-animation-frame entries), then stops and reports. */
  stop(frames: number): Promise<AppProbeResult | null>;
  /** The page's clock: performance.timeOrigin and now(), to put its times on Node's epoch clock. */
  clock(): { timeOrigin: number; now: number };
  patchRealm(realm: Window): void;
}

export interface AppFailFast {
  /** Each marker's due time on the page's clock (performance.now()). */
  duePageMs: number[];
  budgetMs: number;
  maxLate: number;
}

interface AppWindow {
  __streambenchApp?: AppProbeApi;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The app's scroller around its answer: the nearest element from `root` up that scrolls vertically, else the
 * window's (the root element). Text it scrolls up past its top counts as seen, as on the renderer page, whose
 * follow-the-stream scroller carries the same attribute: following the answer is the chat UI's policy.
 */
function markFollower(root: HTMLElement): void {
  let scroller: Element = document.documentElement;
  for (let e: Element | null = root; e && e !== document.documentElement; e = e.parentElement) {
    if (/^(auto|scroll)$/.test(getComputedStyle(e).overflowY)) {
      scroller = e;
      break;
    }
  }
  scroller.setAttribute(FOLLOWS_STREAM_ATTRIBUTE, '');
}

/** The nearest element from `node` up that scrolls vertically, else the document's scrolling element. */
function scrollerAround(node: Node): HTMLElement {
  const top = (document.scrollingElement ?? document.documentElement) as HTMLElement;
  for (let e = node instanceof Element ? node : node.parentElement; e && e !== top; e = e.parentElement) {
    if (e === document.documentElement || e === document.body) continue;
    if (e instanceof HTMLElement && /^(auto|scroll)$/.test(getComputedStyle(e).overflowY)) return e;
  }
  return top;
}

/**
 * The scroller a reader of the app scrolls, from geometry: around the newest answer text once there is some (an
 * answer element holding its own scrolling list), around the answer element before that. Found once per run.
 */
function appScroller(root: HTMLElement): () => HTMLElement {
  let found: HTMLElement | null = null;
  return () => {
    if (found) return found;
    const newest = newestTextNode(root);
    if (newest) found = scrollerAround(newest);
    return found ?? scrollerAround(root);
  };
}

/** The interaction observers on the app's composer and scroller; an error line when the composer is missing. */
function appInteraction(
  root: HTMLElement,
  options: NonNullable<AppProbeStart['interaction']>,
): InteractionSession | string {
  const found = options.composer === null ? null : document.querySelector(options.composer);
  const composer = found instanceof HTMLElement ? found : null;
  if (options.composer !== null && !composer) return `the composer selector "${options.composer}" matches nothing`;
  return startAppInteraction(options.request, root, { composer, scroller: appScroller(root) });
}

/**
 * Checked every frame, and once more when every marker is shown: whether more than `maxLate` markers are late past
 * the budget. Markers shown late before the check began count too (the stream starts before the check does).
 */
function tooLate(f: AppFailFast, now: number, visible: ReadonlyArray<number | null>): boolean {
  return f.duePageMs.filter((due, i) => markerLate(due, visible[i] ?? null, now, f.budgetMs)).length > f.maxLate;
}

function probeApi(): AppProbeApi {
  let probe: Probe | null = null;
  let root: HTMLElement | null = null;
  let interaction: InteractionSession | null = null;
  let onFrame: (now: number, visible: ReadonlyArray<number | null>) => void = () => {};
  let shown: ReadonlyArray<number | null> = [];
  return {
    start({ markers, answerSelector, interaction: script }) {
      const found = answerSelector === null ? document.documentElement : document.querySelector(answerSelector);
      if (!(found instanceof HTMLElement)) return `the answer selector "${answerSelector}" matches nothing`;
      const session = script ? appInteraction(found, script) : null;
      if (typeof session === 'string') return session;
      [root, interaction] = [found, session];
      markFollower(found);
      probe = startProbe(
        found,
        markers.map((text) => ({ text })),
        0,
        (now, visible) => {
          shown = visible;
          onFrame(now, visible);
          interaction?.afterFrame(now);
        },
      );
      return null;
    },
    async allVisible(timeoutMs, failFast) {
      if (!probe) return 'timeout';
      const isLate = (now: number, visible: ReadonlyArray<number | null>): boolean =>
        failFast !== null && tooLate(failFast, now, visible);
      const late = new Promise<'late'>((resolve) => {
        onFrame = (now, visible) => isLate(now, visible) && resolve('late');
      });
      // Every marker may have been shown before this call, with no frame checked: judge their shown times once.
      const all = probe.allVisible.then(() => (isLate(performance.now(), shown) ? 'late' : 'all'));
      const outcome = await Promise.race([all, late, sleep(timeoutMs).then(() => 'timeout' as const)]);
      onFrame = () => {};
      return outcome;
    },
    async stop(frames) {
      if (!probe || !root) return null;
      await Promise.race([probe.frames(frames), sleep(500)]);
      const result = probe.stop();
      const stoppedAt = performance.now();
      const interacted = interaction?.stop();
      [probe, interaction] = [null, null];
      return { result, ...finalTexts(root), stoppedAt, ...(interacted ? { interaction: interacted } : {}) };
    },
    clock: () => ({ timeOrigin: performance.timeOrigin, now: performance.now() }),
    patchRealm: (realm) => patchAttachShadow(realm as unknown as { Element: typeof Element }),
  };
}

/** The top frame's API when this frame can reach it (same origin), else null. */
function topApi(): AppProbeApi | null {
  try {
    return (window.top as unknown as AppWindow | null)?.__streambenchApp ?? null;
  } catch {
    return null; // a cross-origin top frame: its text is out of reach anyway
  }
}

if (window.top === window) (window as unknown as AppWindow).__streambenchApp = probeApi();
else topApi()?.patchRealm(window);
