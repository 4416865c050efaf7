// App mode's part of the interaction script (harness/app/app-interaction.ts, config.ts): which input is the app's
// composer (`composer`, else ask.input), a bad `composer` value is one line naming it, and what the probe's
// observers recorded on the page's clock is moved to stream time, without what came before the stream.
import { describe, expect, it } from 'vitest';
import { AppError, checkAppConfig } from '../../harness/app/config.ts';
import { composerOf, interactionInStreamTime } from '../../harness/app/app-interaction.ts';
import type { RawInteraction } from '../../harness/page/interaction-protocol.ts';

const FILE = '/somewhere/my-app/streambench.app.json';
const VALID = { url: 'http://127.0.0.1:{{port}}/', ask: { input: '#q' } };

describe('the app composer', () => {
  it('is the config\'s "composer", else the input the question is typed into, else none', () => {
    expect(composerOf(checkAppConfig(VALID, FILE))).toBe('#q');
    expect(composerOf(checkAppConfig({ ...VALID, composer: '#box' }, FILE))).toBe('#box');
    expect(composerOf(checkAppConfig({ ...VALID, ask: { script: 'go(question)' } }, FILE))).toBeNull();
  });

  it('refuses a bad "composer" with one line naming the file and the key', () => {
    expect(() => checkAppConfig({ ...VALID, composer: '' }, FILE)).toThrow(AppError);
    expect(() => checkAppConfig({ ...VALID, composer: 3 }, FILE)).toThrow(
      'streambench.app.json: "composer" must be a non-empty string',
    );
  });
});

describe("an app run's interaction record in stream time", () => {
  const raw: RawInteraction = {
    request: { typing: true, selecting: true, readingBack: true, seed: 1 },
    // The Enter that asked the question (page ms 900), then two keys in the stream.
    keystrokes: [
      { startMs: 900, handledMs: 901 },
      { startMs: 1200, handledMs: 1202 },
      { startMs: 1300, handledMs: 1301 },
    ],
    keyEvents: [
      { name: 'keydown', startMs: 900, durationMs: 20, processingStartMs: 901, processingEndMs: 902, interactionId: 1 },
      {
        name: 'keydown',
        startMs: 1200,
        durationMs: 40,
        processingStartMs: 1210,
        processingEndMs: 1220,
        interactionId: 2,
      },
    ],
    layoutShifts: [
      { startMs: 950, value: 0.3, hadRecentInput: false, atEdge: false },
      { startMs: 1500, value: 0.01, hadRecentInput: false, atEdge: false },
    ],
    following: [
      { tMs: 1010, inView: true },
      { tMs: 1100, inView: true },
      { tMs: 1120, inView: false },
    ],
    reading: { wheelUpMs: 1400, returnMs: 1600, wheelPx: 300, offsets: [{ tMs: 1410, offsetPx: 0 }] },
    selection: {
      attempted: true,
      selectedMs: 1150,
      selectedText: 'x',
      updates: 3,
      lostAtUpdate: 1,
      lostMs: 1170,
    },
  };
  const moved = interactionInStreamTime(raw, 1000, 100);

  it('moves every time by the stream origin', () => {
    expect(moved.keystrokes).toEqual([
      { startMs: 200, handledMs: 202 },
      { startMs: 300, handledMs: 301 },
    ]);
    expect(moved.keyEvents.map((e) => [e.startMs, e.processingStartMs, e.processingEndMs])).toEqual([[200, 210, 220]]);
    expect(moved.reading).toEqual({
      wheelUpMs: 400,
      returnMs: 600,
      wheelPx: 300,
      offsets: [{ tMs: 410, offsetPx: 0 }],
    });
    expect(moved.selection).toMatchObject({ selectedMs: 150, lostMs: 170, lostAtUpdate: 1 });
  });

  it("leaves out keys and shifts before the stream, and following before the answer's first text", () => {
    expect(moved.layoutShifts).toEqual([{ startMs: 500, value: 0.01, hadRecentInput: false, atEdge: false }]);
    expect(moved.following).toEqual([
      { tMs: 100, inView: true },
      { tMs: 120, inView: false },
    ]);
    expect(interactionInStreamTime(raw, 1000, null).following).toEqual([]);
  });
});
