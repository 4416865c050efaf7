// <sb-compare>: the diff report of `npm run compare`. Verdict counts and warnings first, then one bar chart per
// headline metric with base against new per cell (medians with their 95% intervals), then every shared cell with
// each metric's change, interval and verdict. Regressions come first everywhere.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import './bar-chart.ts';
import type { BarChartSpec } from './bar-chart.ts';
import { withUnit } from '../../common/format.ts';
import { cellName, formatChange, formatHorizon, formatMedians } from '../diff-text.ts';
import {
  METRICS,
  type CellDiff,
  type MetricDiff,
  type MetricName,
  type ResultsDiff,
} from '../../stats/results-diff.ts';

/** Cells drawn per chart (the table lists them all). */
const CHART_CELLS = 30;
const BASE_COLOR = '#9ca3af';
const NEW_COLOR = '#2563eb';

function badge(verdict: string): TemplateResult {
  return html`<span class="badge v-${verdict}">${verdict}</span>`;
}

function side(s: ResultsDiff['base']): string {
  const commit = s.commit ? `${s.commit.slice(0, 10)}${s.dirty ? ' (dirty)' : ''}` : 'no commit';
  return `${s.label}: ${commit}, ${s.date}, Chromium ${s.chromiumVersion}`;
}

export class SbCompare extends LitElement {
  static override properties = {
    diff: { attribute: false },
    loadError: { attribute: false },
  };
  declare diff: ResultsDiff | null;
  declare loadError: string | null;

  constructor() {
    super();
    this.diff = null;
    this.loadError = null;
  }

  // Light DOM: report.css styles the page.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    if (this.loadError) return html`<p class="error">Could not load the comparison: ${this.loadError}</p>`;
    const d = this.diff;
    if (!d) return html`<p>Loading…</p>`;
    return html`
      <header>
        <h1>streambench compare</h1>
        <p class="muted">${side(d.base)}<br />${side(d.new)}</p>
      </header>
      ${this.renderSummary(d)} ${this.renderCharts(d)} ${this.renderTable(d)} ${this.renderSweep(d)}
      ${this.renderOneSided(d)}
    `;
  }

  private renderSummary(d: ResultsDiff): TemplateResult {
    const c = d.counts;
    const horizons = d.gate.gating.map((m) => `${METRICS[m].label} ${formatHorizon(m, d.gate.horizons[m])}`);
    return html`
      <section id="summary">
        <h2>${d.regressed ? html`${badge('regressed')} ${c.regressed} regressed` : 'No regression'}</h2>
        <p>
          ${c.regressed} regressed · ${c.improved} improved · ${c.unchanged} unchanged · ${c.undecided} undecided, of
          ${d.cells.length} shared cells${d.sweep.length ? ` and ${d.sweep.length} saturation rates` : ''}. Gate
          horizons: ${horizons.join(', ')}. A change is called only when its whole 95% interval lies beyond the horizon
          (regressed / improved) or inside it (unchanged); otherwise it is undecided.
        </p>
        ${
          d.warnings.length
            ? html`<ul class="warnings">
                ${d.warnings.map((w) => html`<li>${w}</li>`)}
              </ul>`
            : nothing
        }
      </section>
    `;
  }

  private chartSpec(cells: readonly CellDiff[], metric: MetricName): BarChartSpec {
    const pick = (c: CellDiff) => c.metrics.find((m) => m.metric === metric);
    const unit = METRICS[metric].unit;
    const values = (which: 'base' | 'new') => cells.map((c) => pick(c)?.[which] ?? null);
    const runs = (c: CellDiff, which: 'base' | 'new') => pick(c)?.[which === 'base' ? 'nBase' : 'nNew'] ?? 0;
    const ci = (which: 'base' | 'new') =>
      cells.map((c) => (runs(c, which) > 0 ? (pick(c)?.[which === 'base' ? 'baseCi' : 'newCi'] ?? null) : null));
    const notes = (which: 'base' | 'new') =>
      cells.map((c) => (runs(c, which) === 0 ? 'no runs' : pick(c)?.[which] === null ? 'never' : null));
    return {
      labels: cells.map((c) => cellName(c)),
      series: [
        { label: 'base', color: BASE_COLOR, values: values('base'), ci: ci('base'), notes: notes('base') },
        { label: 'new', color: NEW_COLOR, values: values('new'), ci: ci('new'), notes: notes('new') },
      ],
      yTitle: `${METRICS[metric].label} (${unit})`,
      log: false,
      format: (v) => withUnit(v, unit === 'tok/s' ? 'tok/s' : unit),
      describe: (_s, i) => {
        const m = cells[i] && pick(cells[i]);
        return m ? ` · change ${formatChange(m)}, ${m.verdict}` : '';
      },
    };
  }

  private renderCharts(d: ResultsDiff): TemplateResult | typeof nothing {
    if (!d.cells.length) return nothing;
    const shown = d.cells.slice(0, CHART_CELLS);
    const metrics: MetricName[] = ['ttvP95', 'firstTokenTtv', 'completionLag', 'droppedPct'];
    const more = d.cells.length > shown.length ? ` (the first ${shown.length} of ${d.cells.length}; all below)` : '';
    return html`
      <section id="charts">
        <h2>Base against new per cell</h2>
        <p class="muted">Medians over runs with their 95% intervals, regressions first${more}.</p>
        ${metrics.map(
          (m) =>
            html`<figure>
              <figcaption>${METRICS[m].label}</figcaption>
              <sb-bar-chart
                data-metric=${m}
                label=${`${METRICS[m].label}: base against new per cell`}
                .spec=${this.chartSpec(shown, m)}
              ></sb-bar-chart>
            </figure>`,
        )}
      </section>
    `;
  }

  private metricCell(m: MetricDiff | undefined): TemplateResult {
    if (!m) return html`<td></td>`;
    const title = m.note ?? `horizon ${formatHorizon(m.metric, m.horizon)}${m.gating ? '' : ' (not gating)'}`;
    return html`<td class="metric" title=${title}>
      ${badge(m.verdict)} ${formatChange(m)}<br /><span class="muted">${formatMedians(m)}</span>
    </td>`;
  }

  private renderTable(d: ResultsDiff): TemplateResult {
    const metrics: MetricName[] = ['ttvP95', 'firstTokenTtv', 'completionLag', 'droppedPct'];
    return html`
      <section id="cells">
        <h2>Every shared cell</h2>
        <table class="diff">
          <thead>
            <tr>
              <th>verdict</th>
              <th>cell</th>
              ${metrics.map((m) => html`<th>${METRICS[m].label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${d.cells.map(
              (c) =>
                html`<tr data-verdict=${c.verdict}>
                  <td>${badge(c.verdict)}</td>
                  <td>
                    ${cellName(c)}${
                      c.environment.length
                        ? html`<br /><span class="muted">machines differ: ${c.environment.join('; ')}</span>`
                        : nothing
                    }
                  </td>
                  ${metrics.map((m) => this.metricCell(c.metrics.find((x) => x.metric === m)))}
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
    `;
  }

  private renderSweep(d: ResultsDiff): TemplateResult | typeof nothing {
    if (!d.sweep.length) return nothing;
    return html`
      <section id="sweep">
        <h2>Saturation rate</h2>
        <p class="muted">The change is bounded by the two searches' brackets; lower is worse.</p>
        <table class="diff">
          <tbody>
            ${d.sweep.map(
              (s) =>
                html`<tr data-verdict=${s.metric.verdict}>
                  <td>${badge(s.metric.verdict)}</td>
                  <td>${cellName({ ...s, rate: 'sweep' })}</td>
                  ${this.metricCell(s.metric)}
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
    `;
  }

  private renderOneSided(d: ResultsDiff): TemplateResult | typeof nothing {
    if (!d.onlyBase.length && !d.onlyNew.length) return nothing;
    const list = (title: string, ids: string[]) =>
      ids.length
        ? html`<h3>${title} (${ids.length})</h3>
            <ul>
              ${ids.map((id) => html`<li>${id}</li>`)}
            </ul>`
        : nothing;
    return html`
      <section id="one-sided">
        <h2>Cells on one side only</h2>
        ${list('Only in base', d.onlyBase)} ${list('Only in new', d.onlyNew)}
      </section>
    `;
  }
}

if (!customElements.get('sb-compare')) customElements.define('sb-compare', SbCompare);

declare global {
  interface HTMLElementTagNameMap {
    'sb-compare': SbCompare;
  }
}
