// The per-field catalogue shared by the report's table and charts, and how a statistic is written (the number
// formatters themselves live in harness/common/format.ts).
import type { CellSummary, Stat } from '../../results/types.ts';
import { formatNumber, formatTokPerS, withUnit, type Unit } from '../../common/format.ts';

export type StatKey = {
  [K in keyof CellSummary]-?: CellSummary[K] extends Stat ? K : never;
}[keyof CellSummary];

export interface FieldInfo {
  key: StatKey;
  label: string;
  unit: Unit;
  group: string;
  /** What a null median means for this field. */
  nullText: string;
  help: string;
}

export const FIELDS: FieldInfo[] = [
  {
    key: 'ttvP50Ms',
    label: 'p50',
    unit: 'ms',
    group: 'Time to visible',
    nullText: 'never',
    help: 'Median over markers of visible − due',
  },
  {
    key: 'ttvP95Ms',
    label: 'p95',
    unit: 'ms',
    group: 'Time to visible',
    nullText: 'never',
    help: '95th percentile over markers of visible − due',
  },
  {
    key: 'ttvP99Ms',
    label: 'p99',
    unit: 'ms',
    group: 'Time to visible',
    nullText: 'never',
    help: '99th percentile over markers of visible − due',
  },
  { key: 'ttvMaxMs', label: 'max', unit: 'ms', group: 'Time to visible', nullText: 'never', help: 'Worst marker' },
  {
    key: 'firstTokenTtvMs',
    label: 'first token',
    unit: 'ms',
    group: 'Time to visible',
    nullText: 'never',
    help: 'TTV of the first word (marker 0)',
  },
  {
    key: 'completionLagMs',
    label: 'completion lag',
    unit: 'ms',
    group: 'Time to visible',
    nullText: 'never',
    help: 'Last marker visible − last chunk due',
  },
  {
    key: 'deliveryP95Ms',
    label: 'delivery',
    unit: 'ms',
    group: 'Where the time goes (p95)',
    nullText: '—',
    help: 'delivered − due',
  },
  {
    key: 'bufferingP95Ms',
    label: 'buffering',
    unit: 'ms',
    group: 'Where the time goes (p95)',
    nullText: '—',
    help: 'commit − delivered',
  },
  {
    key: 'renderP95Ms',
    label: 'render',
    unit: 'ms',
    group: 'Where the time goes (p95)',
    nullText: '—',
    help: 'visible − commit',
  },
  {
    key: 'droppedFrames',
    label: 'dropped',
    unit: 'frames',
    group: 'Frames',
    nullText: '—',
    help: 'Frames missed while streaming',
  },
  {
    key: 'droppedFramePct',
    label: 'dropped %',
    unit: '%',
    group: 'Frames',
    nullText: '—',
    help: 'Dropped frames / expected frames',
  },
  {
    key: 'longFrames',
    label: 'long frames',
    unit: 'count',
    group: 'Frames',
    nullText: '—',
    help: 'Long animation frames (> 50 ms)',
  },
  {
    key: 'longFrameBlockingMs',
    label: 'blocking',
    unit: 'ms',
    group: 'Frames',
    nullText: '—',
    help: 'Summed blocking duration of long frames',
  },
  {
    key: 'deliveryErrorP95Ms',
    label: 'timing error p95',
    unit: 'ms',
    group: 'Delivery',
    nullText: '—',
    help: 'How late the emitter delivered chunks (p95)',
  },
  {
    key: 'achievedRateTokPerS',
    label: 'achieved rate',
    unit: 'tok/s',
    group: 'Delivery',
    nullText: '—',
    help: 'Tokens per second actually delivered',
  },
];

/** `21 ms` and `[18–25]`: the median with its unit and the interval (`…` = open-ended). */
export function formatStat(stat: Stat, unit: Unit, nullText: string): { median: string; ci: string } {
  const median = stat.median === null ? nullText : withUnit(stat.median, unit);
  if (stat.n === 0) return { median, ci: '' };
  const bound = (b: number | null) => (b === null ? '…' : formatNumber(b, unit));
  return { median, ci: `[${bound(stat.ciLow)}–${bound(stat.ciHigh)}]` };
}

/** Distinct (n, achieved level) pairs across every statistic in the summaries, for the explanation. */
export function achievedLevels(summaries: Array<CellSummary | null>): Array<{ n: number; level: number }> {
  const seen = new Map<string, { n: number; level: number }>();
  for (const s of summaries) {
    if (!s) continue;
    for (const f of FIELDS) {
      const st = s[f.key];
      if (st.n === 0) continue;
      seen.set(`${st.n}:${st.level}`, { n: st.n, level: st.level });
    }
  }
  return [...seen.values()].sort((a, b) => a.n - b.n || a.level - b.level);
}

export const PALETTE = [
  '#2563eb',
  '#ea580c',
  '#059669',
  '#db2777',
  '#7c3aed',
  '#0891b2',
  '#ca8a04',
  '#65a30d',
  '#dc2626',
  '#4f46e5',
];

/** A sweep limit bracket for the tables: `180–220 tok/s`, `< 10 tok/s`, `≥ 20,000 tok/s`, `—` without one. */
export function limitText(b: { lo: number | null; hi: number | null } | undefined): string {
  if (!b || (b.lo === null && b.hi === null)) return '—';
  if (b.lo === null) return `< ${formatTokPerS(b.hi as number)}`;
  if (b.hi === null) return `≥ ${formatTokPerS(b.lo)}`;
  return `${formatTokPerS(b.lo).replace(' tok/s', '')}–${formatTokPerS(b.hi)}`;
}
