// Main-thread time by kind (script / style+layout / paint / other) from devtools.timeline slices. Pure.
//
// Counting rule: every instant of main-thread time inside some slice is counted once, for the innermost slice
// around it whose name has a known kind (unknown names, e.g. V8.GC_* phases, inherit their parent's kind; a
// top-level slice of unknown kind is "other"). So nested slices are never double-counted: a forced Layout inside
// a FunctionCall is style+layout time, and the FunctionCall keeps only the rest. Time outside every slice is idle
// and not counted. Slices are clipped to the window.
import type { TraceEvent } from './events.ts';

export type MainThreadKind = 'script' | 'styleLayout' | 'paint' | 'other';

const KINDS: ReadonlyMap<string, MainThreadKind> = new Map<string, MainThreadKind>([
  // Script (DevTools' "Scripting"), GC included: it runs on behalf of script.
  ...[
    'FunctionCall',
    'EvaluateScript',
    'TimerFire',
    'EventDispatch',
    'FireAnimationFrame',
    'RunMicrotasks',
    'FireIdleCallback',
    'HandlePostMessage',
    'V8.Execute',
    'v8.compile',
    'v8.compileModule',
    'v8.evaluateModule',
    'v8.produceCache',
    'v8.produceModuleCache',
    'v8.run',
    'V8.CompileCode',
    'XHRReadyStateChange',
    'XHRLoad',
    'MinorGC',
    'MajorGC',
    'GCEvent',
    'BlinkGC.AtomicPhase',
  ].map((name) => [name, 'script'] as const),
  // Style and layout (DevTools' "Rendering").
  ...[
    'UpdateLayoutTree',
    'RecalculateStyles',
    'Layout',
    'HitTest',
    'IntersectionObserverController::computeIntersections',
  ].map((name) => [name, 'styleLayout'] as const),
  // Paint and compositing on the main thread (DevTools' "Painting").
  ...[
    'Paint',
    'PrePaint',
    'Layerize',
    'UpdateLayer',
    'UpdateLayerTree',
    'PaintImage',
    'PaintSetup',
    'CompositeLayers',
    'Commit',
    'Decode Image',
    'ImageDecodeTask',
  ].map((name) => [name, 'paint'] as const),
]);

export function mainThreadKind(name: string): MainThreadKind | null {
  return KINDS.get(name) ?? null;
}

export interface MainThreadSlice {
  name: string;
  beginUs: number;
  endUs: number;
}

/**
 * Duration slices on one thread: X events as they are, B/E pairs matched as a stack (E closes the latest open B).
 * `events` must be sorted by ts.
 */
export function threadSlices(events: readonly TraceEvent[], pid: number, tid: number): MainThreadSlice[] {
  const slices: MainThreadSlice[] = [];
  const open: TraceEvent[] = [];
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue;
    if (e.ph === 'X') {
      const dur = typeof e.dur === 'number' && e.dur > 0 ? e.dur : 0;
      slices.push({ name: e.name, beginUs: e.ts, endUs: e.ts + dur });
    } else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) slices.push({ name: b.name, beginUs: b.ts, endUs: Math.max(b.ts, e.ts) });
    }
  }
  return slices;
}

/** Time (us) per kind over [fromUs, toUs], counted as described in the file comment. */
export function mainThreadTime(
  slices: readonly MainThreadSlice[],
  fromUs: number,
  toUs: number,
): Record<MainThreadKind, number> {
  const totals: Record<MainThreadKind, number> = { script: 0, styleLayout: 0, paint: 0, other: 0 };
  // Parents before children: by begin, then longer first.
  const sorted = [...slices].sort((a, b) => a.beginUs - b.beginUs || b.endUs - a.endUs);
  const stack: Array<{ endUs: number; kind: MainThreadKind }> = [];
  for (const s of sorted) {
    while (stack.length && (stack[stack.length - 1] as { endUs: number }).endUs <= s.beginUs) stack.pop();
    const parent = stack[stack.length - 1];
    // A child that overruns its parent (clock rounding) is cut at the parent's end.
    const endUs = parent ? Math.min(s.endUs, parent.endUs) : s.endUs;
    const kind = mainThreadKind(s.name) ?? parent?.kind ?? 'other';
    const clipped = Math.max(0, Math.min(endUs, toUs) - Math.max(s.beginUs, fromUs));
    totals[kind] += clipped;
    if (parent) totals[parent.kind] -= clipped;
    stack.push({ endUs, kind });
  }
  return totals;
}
