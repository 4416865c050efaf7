// Numbers and times for people: the one home for how streambench writes milliseconds, seconds, rates, shares
// and counts, in the terminal (CLI, microbench) and in the HTML report alike. Pure, and imports nothing, so
// any layer can use it without an import cycle (it was in report/verdict.ts, which pulled the report layer
// into results/types.ts).

const grouped0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const grouped1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const fixed1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

// ---- milliseconds and seconds ----

export interface MsFormat {
  /** Shown for null (default `—`). */
  nullText?: string;
  /** Decimals from one second on (default 1). */
  secondsDigits?: number;
}

/** Milliseconds for people: `N ms` below one second, `N.N s` from one second on; `∞` for Infinity. */
export function formatMs(ms: number | null, options: MsFormat = {}): string {
  if (ms === null) return options.nullText ?? '—';
  if (!Number.isFinite(ms)) return ms === Infinity ? '∞' : '—';
  const rounded = Math.round(ms);
  if (Math.abs(rounded) < 1000) return `${Object.is(rounded, -0) ? 0 : rounded} ms`;
  return `${(ms / 1000).toFixed(options.secondsDigits ?? 1)} s`;
}

/**
 * A time in ms (typically a per-call cost) at any scale, 3 significant digits: `48 ns`, `7.5 µs`, `1.21 ms`,
 * `2.06 s`. `fixedDigits` keeps trailing zeros (`1.00 s`, `7.50 µs`) so a text table's column lines up.
 */
export function formatCost(ms: number, options: { fixedDigits?: boolean } = {}): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  const p = (v: number): string => (options.fixedDigits ? v.toPrecision(3) : String(Number(v.toPrecision(3))));
  if (abs >= 1000) return `${p(ms / 1000)} s`;
  if (abs >= 1) return `${p(ms)} ms`;
  if (abs >= 1e-3) return `${p(ms * 1e3)} µs`;
  return `${p(ms * 1e6)} ns`;
}

/** Chart axis ticks in ms, no forced decimals: `10 ms`, `1 s`, `2.5 s`. */
export function formatAxisMs(v: number, msDigits = 2, secondsDigits = 2): string {
  return Math.abs(v) < 1000 ? `${Number(v.toFixed(msDigits))} ms` : `${Number((v / 1000).toFixed(secondsDigits))} s`;
}

/**
 * Seconds for people. `elapsed` (how long something took): `42.0 s`, `3 min 5 s`, `1 h 2 min`. `estimate`
 * (a rough figure given in advance): `42 s`, `5.0 min`. `clock` (progress lines): `3:05`.
 */
export function formatSeconds(seconds: number, style: 'elapsed' | 'estimate' | 'clock' = 'elapsed'): string {
  if (style === 'estimate') return seconds < 90 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`;
  if (style === 'clock') {
    const s = Math.max(0, Math.round(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  if (m < 60) return `${m} min ${s} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

// ---- rates ----

/** Tokens per second without trailing zeros, thousands grouped: 981, 55, 12.5, 2,300, 20,000. */
export function formatTokPerS(tokPerS: number): string {
  return `${grouped1.format(tokPerS)} tok/s`;
}

/** `981 tok/s (kimi-k2.6-cerebras)`, or just `120 tok/s` when the rate was typed as a number. */
export function formatRate<R extends { name: string; tokPerS: number }>(rate: R): string {
  const tps = formatTokPerS(rate.tokPerS);
  const typedAsNumber = Number(rate.name) === rate.tokPerS || rate.name === String(rate.tokPerS);
  return typedAsNumber ? tps : `${tps} (${rate.name})`;
}

/** Events per second with a k/M/G suffix, 3 significant digits: `981`, `45.3k`, `1.20M`, `∞`. */
export function formatPerSecond(perS: number): string {
  if (!Number.isFinite(perS)) return '∞';
  if (perS >= 1e9) return `${(perS / 1e9).toPrecision(3)}G`;
  if (perS >= 1e6) return `${(perS / 1e6).toPrecision(3)}M`;
  if (perS >= 1e4) return `${(perS / 1e3).toPrecision(3)}k`;
  return perS >= 100 ? Math.round(perS).toString() : perS.toPrecision(3);
}

// ---- shares and counts ----

/** A share in %: `14%`, `0.7%`, `<0.1%`, `0%`. */
export function formatSharePct(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return '—';
  if (pct <= 0) return '0%';
  if (pct < 0.05) return '<0.1%';
  return `${pct >= 10 ? Math.round(pct) : Number(pct.toFixed(1))}%`;
}

/**
 * An estimated share in %, for shares that span decades: `14%` from 10% on, else 2 significant digits
 * (`2.5%`, `0.037%`), and `<0.01%` below that unless `floor` is false. `fixedDigits` keeps `0.50%`.
 */
export function formatEstimatePct(pct: number, options: { fixedDigits?: boolean; floor?: boolean } = {}): string {
  if (pct >= 10) return `${Math.round(pct)}%`;
  if (pct < 0.01 && options.floor !== false) return '<0.01%';
  const digits = pct.toPrecision(2);
  return `${options.fixedDigits ? digits : Number(digits)}%`;
}

/** A confidence level as a percentage: 0.95 -> `95%`, 0.9375 -> `93.8%`. */
export function formatLevel(level: number): string {
  return `${Number((level * 100).toFixed(1))}%`;
}

/** A whole count, thousands grouped: `16,000`. */
export function formatCount(n: number): string {
  return grouped0.format(n);
}

/** A length in characters, short: `16k` for whole thousands, else `1,500`. */
export function formatCharsShort(chars: number): string {
  return chars >= 1000 && chars % 1000 === 0 ? `${chars / 1000}k` : grouped0.format(chars);
}

// ---- numbers in a unit (the report's table and charts) ----

export type Unit = 'ms' | '%' | 'frames' | 'count' | 'tok/s';

/** A bare number in a unit's usual precision (no unit): ms get one decimal below 10. */
export function formatNumber(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return Math.abs(value) < 10 && value !== 0 ? fixed1.format(value) : grouped0.format(value);
    case '%':
      return fixed1.format(value);
    case 'tok/s':
      return grouped0.format(value);
    case 'frames':
    case 'count':
      return grouped1.format(value);
  }
}

/** formatNumber with its unit: `21 ms`, `3.5%`, `12 frames`, `40` (counts have none). */
export function withUnit(value: number, unit: Unit): string {
  const n = formatNumber(value, unit);
  if (unit === '%') return `${n}%`;
  if (unit === 'count') return n;
  return `${n} ${unit}`;
}

// ---- text tables ----

/** Rows under a header as aligned text columns (two spaces apart); `rightAligned` holds column indexes. */
export function textTable(header: string[], rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (c: string, i: number): string =>
    rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0);
  const line = (cells: string[]): string => cells.map(cell).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
