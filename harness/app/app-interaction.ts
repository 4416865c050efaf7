// App mode's part of the interaction script (--interact with --app, docs/interaction.md): which element of the app
// is its composer (the config's `composer`, else its `ask.input`), the stream origin published to the driver once
// the mock has the app's request, the composer focused for typing after the question is asked, and what the
// probe's observers recorded moved from the page's clock to stream time. The driver and the observers are the
// renderer page's own (harness/run/interaction.ts, harness/page/interaction*.ts).
import type { Page } from 'playwright';
import type { AppConfig } from './config.ts';
import { STREAM_ORIGIN_KEY, type RawInteraction } from '../page/interaction-protocol.ts';

/** The app's composer: `composer` from the config, else the input the question is typed into (null: none). */
export function composerOf(config: Pick<AppConfig, 'composer' | 'ask'>): string | null {
  if (config.composer) return config.composer;
  const { ask } = config;
  return typeof ask === 'object' && 'input' in ask ? ask.input : null;
}

/** Tells the driver when stream time 0 is (Node's epoch ms: the mock's receipt of the app's request). */
export async function publishStreamOrigin(page: Page, epochMs: number): Promise<void> {
  await page.evaluate(
    ({ key, value }) => {
      document.documentElement.dataset[key] = value;
    },
    { key: STREAM_ORIGIN_KEY, value: String(epochMs) },
  );
}

/**
 * Gives the composer the focus for typing: asking moved it (to the send button, or away when the app cleared the
 * input). A composer the app disabled while it streams cannot take it: the keys then reach no composer, as a
 * person's would not, and the typing figures say no keystroke was seen.
 */
export async function focusComposer(page: Page, selector: string): Promise<void> {
  await page.focus(selector).catch(() => {});
}

const shiftBy =
  (t0: number) =>
  (v: number): number =>
    v - t0;

/**
 * The observers' record (page ms) in stream time (`t0`: page ms at stream time 0). Keys and layout shifts before
 * the stream (asking the question: its Enter, its message appearing) and following samples before the answer's
 * first text (`firstCommitMs`, stream ms: only the question was on the page) are left out.
 */
export function interactionInStreamTime(raw: RawInteraction, t0: number, firstCommitMs: number | null): RawInteraction {
  const at = shiftBy(t0);
  const atOrNull = (ms: number | null): number | null => (ms === null ? null : at(ms));
  const keystrokes = raw.keystrokes.map((k) => ({ startMs: at(k.startMs), handledMs: at(k.handledMs) }));
  const keyEvents = raw.keyEvents.map((e) => ({
    ...e,
    startMs: at(e.startMs),
    processingStartMs: at(e.processingStartMs),
    processingEndMs: at(e.processingEndMs),
  }));
  const from = firstCommitMs ?? Infinity;
  const { reading, selection } = raw;
  return {
    ...raw,
    keystrokes: keystrokes.filter((k) => k.startMs >= 0),
    keyEvents: keyEvents.filter((e) => e.startMs >= 0),
    layoutShifts: raw.layoutShifts.map((s) => ({ ...s, startMs: at(s.startMs) })).filter((s) => s.startMs >= 0),
    following: raw.following.map((f) => ({ ...f, tMs: at(f.tMs) })).filter((f) => f.tMs >= from),
    ...(reading
      ? {
          reading: {
            ...reading,
            wheelUpMs: atOrNull(reading.wheelUpMs),
            returnMs: atOrNull(reading.returnMs),
            offsets: reading.offsets.map((o) => ({ ...o, tMs: at(o.tMs) })),
          },
        }
      : {}),
    ...(selection
      ? {
          selection: {
            ...selection,
            selectedMs: atOrNull(selection.selectedMs),
            lostMs: atOrNull(selection.lostMs),
          },
        }
      : {}),
  };
}
