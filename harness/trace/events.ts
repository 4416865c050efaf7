// Raw Chrome trace events (the JSON Trace Event Format Chromium writes over CDP) and reading them. Pure: no
// Node or DOM imports. Only the fields the parser uses are typed; everything else passes through untouched.

/** One event of a Chrome JSON trace. `ts` and `dur` are microseconds on the trace clock (CLOCK_MONOTONIC). */
export interface TraceEvent {
  name: string;
  /** Phase: X (complete), B/E (duration begin/end), b/e/n (async), I/i (instant), M (metadata), s/f (flow)... */
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  cat?: string;
  dur?: number;
  /** Legacy async id. */
  id?: string | number;
  /** Async id scoped to the process (`local`) or the trace (`global`); Chromium reuses `local` ids. */
  id2?: { local?: string; global?: string };
  /** Instant scope (t/p/g). */
  s?: string;
  args?: Record<string, unknown>;
}

function isTraceEvent(value: unknown): value is TraceEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.name === 'string' && typeof e.ph === 'string' && typeof e.ts === 'number' && Number.isFinite(e.ts);
}

/**
 * Parses a Chrome JSON trace: either `{"traceEvents": [...]}` (what Chromium writes) or a bare array of events.
 * Entries that are not events (no name, phase or numeric timestamp, e.g. some metadata) are dropped; a missing
 * pid or tid becomes -1. Throws on text that is not JSON or has no event list.
 */
export function parseTraceJson(json: string): TraceEvent[] {
  const parsed: unknown = JSON.parse(json);
  const list: unknown = Array.isArray(parsed)
    ? parsed
    : typeof parsed === 'object' && parsed !== null
      ? (parsed as { traceEvents?: unknown }).traceEvents
      : undefined;
  if (!Array.isArray(list))
    throw new Error('not a Chrome trace: expected {"traceEvents": [...]} or an array of events');
  const events: TraceEvent[] = [];
  for (const item of list) {
    if (!isTraceEvent(item)) continue;
    if (typeof item.pid !== 'number') item.pid = -1;
    if (typeof item.tid !== 'number') item.tid = -1;
    events.push(item);
  }
  return events;
}

/** Whether a comma-separated category list holds exactly this category (so `devtools.timeline` does not match
 * `disabled-by-default-devtools.timeline.frame`). */
export function hasCategory(cat: string | undefined, category: string): boolean {
  if (!cat) return false;
  if (cat === category) return true;
  for (const part of cat.split(',')) if (part.trim() === category) return true;
  return false;
}

/** `args[key]` when it is a plain object. */
export function objectArg(args: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const value = args?.[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function numberField(obj: Record<string, unknown> | undefined, key: string): number | null {
  const value = obj?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function stringField(obj: Record<string, unknown> | undefined, key: string): string | null {
  const value = obj?.[key];
  return typeof value === 'string' ? value : null;
}

/** The async track an event sits on: its id2 (local or global) or legacy id, or null when it has none. */
export function asyncId(e: TraceEvent): string | null {
  if (e.id2?.local !== undefined) return `l:${e.id2.local}`;
  if (e.id2?.global !== undefined) return `g:${e.id2.global}`;
  if (e.id !== undefined) return `i:${String(e.id)}`;
  return null;
}
