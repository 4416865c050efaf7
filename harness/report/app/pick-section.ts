// The report's "What to pick" section: per content type, which strategies keep up at the reference rate on each
// swept CPU profile and which is fastest, then the fast lane beside the best library renderer. Thin: the data
// comes from harness/report/pick.ts.
import { html, nothing, type TemplateResult } from 'lit';
import { fastLaneVsBest, pickTable, PICK_RATE, FAST_LANE, type FastLaneRow, type PickProfile } from '../pick.ts';
import { formatTokPerS } from '../../common/format.ts';
import { formatStat, limitText } from './format.ts';
import type { Stat, SweepEntry } from '../../results/types.ts';

const cpuLabel = (cpuThrottle: number): string => (cpuThrottle === 1 ? '1× CPU' : `${cpuThrottle}× slower CPU`);

const names = (list: readonly string[]): TemplateResult[] =>
  list.map((n, i) => html`<span class="renderer">${n}</span>${i < list.length - 1 ? ', ' : ''}`);

function bracketOf(entry: SweepEntry): string {
  if (entry.status === 'above-range') return limitText({ lo: entry.bracket.lo, hi: null });
  if (entry.status === 'below-range') return limitText({ lo: null, hi: entry.bracket.hi });
  return limitText(entry.bracket);
}

function profileCell(p: PickProfile): TemplateResult {
  const fastest = p.fastest.length
    ? html`<br /><span class="muted">fastest:</span> ${names(p.fastest.map((e) => e.renderer))}
        (${bracketOf(p.fastest[0] as SweepEntry)})`
    : nothing;
  const near = p.near.length ? html`<br /><span class="muted">near the rate:</span> ${names(p.near)}` : nothing;
  return html`<td class="pick-cell" data-cpu-throttle=${p.cpuThrottle}>
    ${p.keepUp.length ? names(p.keepUp) : html`<strong>none</strong>`}${near}${fastest}
    <br /><span class="muted">${p.fallBehind} of ${p.swept} fall behind</span>
  </td>`;
}

function ttv(stat: Stat | null): TemplateResult {
  if (!stat) return html`<span class="muted">not run at this rate</span>`;
  const { median, ci } = formatStat(stat, 'ms', 'never');
  return html`${median}${ci ? html` <span class="ci">${ci}</span>` : nothing}`;
}

function ratioText(row: FastLaneRow): string {
  if (!row.ratio) return '—';
  const f = (v: number) => (v === Number.POSITIVE_INFINITY ? '∞' : `${v < 10 ? v.toFixed(1) : Math.round(v)}×`);
  return row.ratio.hi === Number.POSITIVE_INFINITY
    ? `≥ ${f(row.ratio.lo)}`
    : `${f(row.ratio.lo)} to ${f(row.ratio.hi)}`;
}

function fastLaneRow(row: FastLaneRow): TemplateResult {
  return html`<tr class="fast-lane-row" data-scenario=${row.scenario}>
    <td>${row.scenario}</td>
    <td>${cpuLabel(row.cpuThrottle)}</td>
    <td class="num">${bracketOf(row.fastLane)}<br />${ttv(row.ttvP95AtRate.fastLane)}</td>
    <td>
      ${
        row.best
          ? html`<span class="renderer">${row.best.renderer}</span><br />${bracketOf(row.best)}<br />${ttv(
                row.ttvP95AtRate.best,
              )}`
          : html`<span class="muted">no library renderer swept</span>`
      }
    </td>
    <td class="num">${ratioText(row)}</td>
  </tr>`;
}

function renderFastLane(rows: FastLaneRow[]): TemplateResult | typeof nothing {
  if (!rows.length) return nothing;
  return html`<table class="plain wide fast-lane-vs-best">
    <caption>
      The fast lane (<code>${FAST_LANE}</code>) beside the best renderer built on a library: saturation bracket, then
      TTV p95 at ${formatTokPerS(PICK_RATE)} (median [CI]) where the cells ran there
    </caption>
    <thead>
      <tr>
        <th>scenario</th>
        <th>CPU</th>
        <th class="num">${FAST_LANE}</th>
        <th>best library renderer</th>
        <th class="num" title="worst and best case from the two brackets">fast lane ÷ best</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(fastLaneRow)}
    </tbody>
  </table>`;
}

/** The section; nothing without a sweep. */
export function renderPick(r: Parameters<typeof pickTable>[0]): TemplateResult | typeof nothing {
  const rows = pickTable(r);
  if (!rows.length) return nothing;
  const profiles = rows[0]?.profiles.map((p) => p.cpuThrottle) ?? [];
  return html`<section id="what-to-pick">
    <h2>What to pick</h2>
    <p class="muted">
      From the saturation sweep: per content type, the strategies whose whole bracket lies at or above
      ${formatTokPerS(PICK_RATE)} (Kimi K2.6's measured rate), best first. "Near the rate" means the bracket straddles
      it; "fastest" lists every strategy whose bracket overlaps the top one.
    </p>
    <table class="plain wide pick">
      <thead>
        <tr>
          <th>content</th>
          ${profiles.map((c) => html`<th>keeps up at ${formatTokPerS(PICK_RATE)}, ${cpuLabel(c)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr class="pick-row" data-scenario=${row.scenario}>
              <td><strong>${row.scenario}</strong><br /><span class="muted">${row.description}</span></td>
              ${row.profiles.map(profileCell)}
            </tr>`,
        )}
      </tbody>
    </table>
    ${renderFastLane(fastLaneVsBest(r))}
  </section>`;
}
