// The report's "How it feels" section (--interact, docs/interaction.md), right after the bottleneck map: one row per
// cell that played the interaction script (typing p95, respects the reader, following, selection survives, layout
// shift), each figure coloured against its stated threshold, and the sentences naming who fails which check.
import { html, nothing, type TemplateResult } from 'lit';
import type { Results } from '../../results/types.ts';
import { formatRate } from '../../common/format.ts';
import { CHECK_LABELS, CHECK_THRESHOLDS, feelLines, feelRows, type CheckKey, type FeelRow } from '../feel-text.ts';

const KEYS = Object.keys(CHECK_LABELS) as CheckKey[];
/** Pass/fail colours (inline, so the section needs no shared stylesheet rules). */
const TONE: Record<'pass' | 'fail' | 'unknown', string> = {
  pass: 'background:#e6f4ea;color:#1a7f37',
  fail: 'background:#fde7e9;color:#b42318;font-weight:600',
  unknown: 'color:#777',
};

function row(r: FeelRow, showCell: boolean): TemplateResult {
  const { cell } = r;
  return html`<tr data-cell=${cell.id} data-renderer=${cell.renderer}>
      <td class="nowrap"><span class="renderer">${cell.renderer}</span></td>
      ${showCell ? html`<td class="nowrap">${cell.scenario} · ${formatRate(cell.rate)}</td>` : nothing}
      ${r.cells.map((c) => {
        const tone = c.pass === null ? 'unknown' : c.pass ? 'pass' : 'fail';
        // The figure's spread (typing p95's interval) small beside it, its meaning in the tooltip.
        const spread = c.spread
          ? html` <small class="spread" title=${c.spread.title}>${c.spread.text}</small>`
          : nothing;
        return html`<td data-check=${c.key} data-pass=${String(c.pass)} style=${TONE[tone]}>${c.text}${spread}</td>`;
      })}
    </tr>
    ${
      r.errors.length
        ? html`<tr>
            <td colspan="7" class="muted">${r.errors.join('; ')}</td>
          </tr>`
        : nothing
    }`;
}

export function renderFeel(r: Results): TemplateResult | typeof nothing {
  const rows = feelRows(r);
  if (!rows.length) return nothing;
  const showCell = new Set(rows.map((x) => `${x.cell.scenario}|${x.cell.rate.name}`)).size > 1;
  return html`<section id="how-it-feels">
    <h2>How it feels: typing, scrolling, selecting while the answer streams</h2>
    <p class="muted">
      Each cell also played the interaction script (<a href="docs/interaction.md">docs/interaction.md</a>), in runs
      apart from the measured ones: keys typed into a composer at 8/s; early on, a paragraph selected with a triple
      click; halfway, a wheel up by one view and, later, back down. One run per pass (typing: until 24 keys); beside
      typing p95, its distribution-free 95% interval ("…": too few keys to bound that side). Thresholds:
      ${KEYS.map((k, i) => html`${i ? '; ' : ''}${CHECK_LABELS[k]}: ${CHECK_THRESHOLDS[k]}`)}.
    </p>
    <ul class="verdicts">
      ${feelLines(r).map((line) => html`<li class="verdict">${line.text}</li>`)}
    </ul>
    <table class="plain wide">
      <thead>
        <tr>
          <th>renderer</th>
          ${showCell ? html`<th>cell</th>` : nothing} ${KEYS.map((k) => html`<th>${CHECK_LABELS[k]}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map((x) => row(x, showCell))}
      </tbody>
    </table>
  </section>`;
}
