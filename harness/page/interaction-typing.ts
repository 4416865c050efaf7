// In-page typing observer (interaction script, docs/interaction.md): records every keydown the composer receives
// (its event time and when its handler ran, for key-to-next-paint) and the Event Timing entries of key events
// (durationThreshold 16: shorter ones are not reported, and count as under 16 ms). Observes only; the keys are
// real input from Node.
import type { KeyEventTiming, Keystroke } from './interaction-protocol.ts';

const KEY_EVENTS = new Set(['keydown', 'keypress', 'keyup']);

interface EventTimingEntry extends PerformanceEntry {
  processingStart: number;
  processingEnd: number;
  interactionId?: number;
}

export function watchTyping(
  composer: HTMLElement,
  t0: number,
): { stop(): { keystrokes: Keystroke[]; keyEvents: KeyEventTiming[] } } {
  const keystrokes: Keystroke[] = [];
  const keyEvents: KeyEventTiming[] = [];
  const onKey = (event: KeyboardEvent): void => {
    keystrokes.push({ startMs: event.timeStamp - t0, handledMs: performance.now() - t0 });
  };
  const add = (entries: PerformanceEntryList): void => {
    for (const entry of entries as EventTimingEntry[]) {
      if (!KEY_EVENTS.has(entry.name) || entry.startTime < t0 - 1000) continue;
      keyEvents.push({
        name: entry.name,
        startMs: entry.startTime - t0,
        durationMs: entry.duration,
        processingStartMs: entry.processingStart - t0,
        processingEndMs: entry.processingEnd - t0,
        interactionId: entry.interactionId ?? 0,
      });
    }
  };
  composer.addEventListener('keydown', onKey);
  const observer = new PerformanceObserver((list) => add(list.getEntries()));
  // durationThreshold is in Event Timing's observe() options (TypeScript's DOM types may lack it).
  observer.observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  return {
    stop() {
      add(observer.takeRecords());
      observer.disconnect();
      composer.removeEventListener('keydown', onKey);
      return { keystrokes, keyEvents };
    },
  };
}
