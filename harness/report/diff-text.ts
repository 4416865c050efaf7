// Words and numbers for a base-vs-new comparison (harness/stats/results-diff.ts), shared by the compare CLI's
// text output and the HTML diff report. Pure, no Node or DOM imports.
import { withUnit } from '../common/format.ts';
import { METRICS, type CellDiff, type Horizon, type MetricDiff, type MetricName } from '../stats/results-diff.ts';

function signed(v: number | null, digits: number, suffix: string): string {
  if (v === null) return '∞';
  const s = v.toFixed(digits);
  return `${v > 0 ? '+' : ''}${s === '-0' || s === '-0.0' ? '0' : s}${suffix}`;
}

/** `±10%` or `±1 ms`. */
export function formatHorizon(metric: MetricName, h: Horizon): string {
  const unit = METRICS[metric].unit;
  if (h.kind === 'relative') return `±${Number((h.value * 100).toFixed(2))}%`;
  return unit === '%' ? `±${h.value} point${h.value === 1 ? '' : 's'}` : `±${withUnit(h.value, unit)}`;
}

/** The change and its interval in the horizon's terms: `+12% [+5%, +20%]` or `+0.8 [+0.2, +1.4] %`. */
export function formatChange(m: MetricDiff): string {
  if (m.horizon.kind === 'relative') {
    const r = m.relative;
    const undefinedRelative = r.estimate === null && r.ciLow === null && r.ciHigh === null && m.diff.estimate !== null;
    if (undefinedRelative || m.nBase === 0 || m.nNew === 0) return 'n/a';
    const pct = (v: number | null) => signed(v === null ? null : v * 100, 0, '%');
    return `${pct(r.estimate)} [${pct(r.ciLow)}, ${pct(r.ciHigh)}]`;
  }
  const unit = METRICS[m.metric].unit;
  const d = m.diff;
  if (m.nBase === 0 || m.nNew === 0) return 'n/a';
  const interval = `${signed(d.estimate, 1, '')} [${signed(d.ciLow, 1, '')}, ${signed(d.ciHigh, 1, '')}]`;
  return `${interval} ${unit === '%' ? 'points' : unit}`;
}

/** `120 → 158 ms` (medians; saturation: the found rates). */
export function formatMedians(m: MetricDiff): string {
  const unit = METRICS[m.metric].unit;
  const v = (x: number | null) => (x === null ? (m.metric === 'saturation' ? 'none' : 'never') : withUnit(x, unit));
  return `${v(m.base)} → ${v(m.new)}`;
}

/** `TTV p95 +32% [+20%, +45%] (120 → 158 ms; horizon ±10%)`; `withNote` false leaves out why it is undecided. */
export function describeMetric(m: MetricDiff, withNote = true): string {
  const note = m.note && withNote ? `; ${m.note}` : '';
  const label = METRICS[m.metric].label;
  return `${label} ${formatChange(m)} (${formatMedians(m)}; horizon ${formatHorizon(m.metric, m.horizon)}${note})`;
}

/** `per-chunk-dom × markdown-answer × frontier` (with the CPU profile when throttled). */
export function cellName(c: Pick<CellDiff, 'renderer' | 'scenario' | 'rate' | 'cpuThrottle'>): string {
  return [c.renderer, c.scenario, c.rate, ...(c.cpuThrottle === 1 ? [] : [`cpu ${c.cpuThrottle}x`])].join(' × ');
}
