// Report sections that show why the numbers can be trusted: pairwise verdicts with their intervals,
// Chromium's own frame accounting beside the rAF-derived figures, the instrument's overhead and the
// idle noise floor. Thin: the data comes from harness/evidence.ts.
import { html, nothing, type TemplateResult } from 'lit';
import {
  agreementRows,
  comparisonGroups,
  invalidRuns,
  noiseFloorSentence,
  overheadSentences,
  type AgreementRow,
} from '../evidence.ts';
import type { CellComparison, Results, Stat } from '../../results/types.ts';
import { formatLevel, formatRate, type Unit } from '../../common/format.ts';
import { formatStat } from './format.ts';
import './lazy-details.ts';

function stat(st: Stat | undefined, unit: Unit, nullText = 'never'): TemplateResult {
  if (!st) return html`<span class="muted">—</span>`;
  const { median, ci } = formatStat(st, unit, nullText);
  return html`<span class="median" title=${`${formatLevel(st.level)} CI, n=${st.n}`}>${median}</span
    >${ci ? html` <span class="ci">${ci}</span>` : nothing}`;
}

const signed = (v: number | null, unit: string): string =>
  v === null ? '—' : `${v > 0 ? '+' : ''}${Math.abs(v) < 10 ? v.toFixed(1) : Math.round(v)}${unit}`;

function interval(low: number | null, high: number | null, unit: string, scale = 1): string {
  const f = (v: number | null) => (v === null ? '…' : signed(v * scale, unit));
  return `[${f(low)}, ${f(high)}]`;
}

function comparisonRow(c: CellComparison): TemplateResult {
  const tone = c.verdict === 'undecided' ? 'muted' : 'decided';
  return html`<tr class="comparison" data-verdict=${c.verdict}>
    <td><span class="renderer">${c.a}</span> vs <span class="renderer">${c.b}</span></td>
    <td class=${tone}><strong>${c.verdict}</strong></td>
    <td class="num">
      ${signed(c.diff.estimate, ' ms')}<br /><span class="ci">${interval(c.diff.ciLow, c.diff.ciHigh, ' ms')}</span>
    </td>
    <td class="num">
      ${signed(c.relative.estimate === null ? null : c.relative.estimate * 100, '%')}<br /><span class="ci"
        >${interval(c.relative.ciLow, c.relative.ciHigh, '%', 100)}</span
      >
    </td>
    <td class="num">${c.nA} / ${c.nB}</td>
    <td>${c.sentence}</td>
  </tr>`;
}

export function renderComparisons(r: Results): TemplateResult | typeof nothing {
  const groups = comparisonGroups(r);
  if (!groups.length) return nothing;
  const lazy = groups.reduce((n, g) => n + g.comparisons.length, 0) > LAZY_COMPARISONS;
  const auto = r.auto;
  const stopped = !auto
    ? ''
    : auto.stoppedBecause === 'resolved'
      ? 'because every comparison resolved'
      : auto.stoppedBecause === 'time-limit'
        ? `at its time limit (${Math.round(auto.maxTimeS)} s${auto.maxTimeDefaulted ? ', the default' : ''})`
        : 'when interrupted';
  return html`
    <section class="comparisons" aria-labelledby="comparisons">
      <h2 id="comparisons">Pairwise comparisons (${groups[0]?.comparisons[0]?.metric ?? 'TTV p95'})</h2>
      <p class="muted">
        Within each scenario and rate, every pair of renderers: the difference of their medians over runs (b − a, so
        positive means a is faster) with its ${formatLevel(groups[0]?.comparisons[0]?.level ?? 0.95)} confidence
        interval, absolute and relative. <em>faster</em> / <em>slower</em> only when the whole interval is on one side;
        otherwise <em>undecided</em>: more runs (or <code>--auto</code>) may settle it.
        ${
          auto
            ? html`<strong>--auto</strong> added ${auto.extraRounds} round(s) and stopped ${stopped}: ${auto.resolved}
                resolved, ${auto.unresolved} undecided.`
            : nothing
        }
      </p>
      ${groups.map(
        (g) =>
          html`<h3>
              <span class="scenario">${g.scenario}</span> ·
              ${formatRate(g.rate)}${g.cpuThrottle === 1 ? '' : ` · CPU ${g.cpuThrottle}× slower`}
            </h3>
            ${lazy ? lazyTable(g.comparisons) : comparisonTable(g.comparisons)}`,
      )}
    </section>
  `;
}

/** Beyond this many comparisons in all, each group's table is built only when opened (sb-lazy-details). */
export const LAZY_COMPARISONS = 300;

function lazyTable(comparisons: readonly CellComparison[]): TemplateResult {
  const decided = comparisons.filter((c) => c.verdict !== 'undecided').length;
  const summary = `${comparisons.length} pairs: ${decided} decided, ${comparisons.length - decided} undecided (show)`;
  return html`<sb-lazy-details .summary=${summary} .content=${() => comparisonTable(comparisons)}></sb-lazy-details>`;
}

function comparisonTable(comparisons: readonly CellComparison[]): TemplateResult {
  return html`<div class="table-wrap">
    <table class="plain wide">
      <thead>
        <tr>
          <th>a vs b</th>
          <th>a is … than b</th>
          <th class="num">difference<br /><span class="unit">b − a, CI</span></th>
          <th class="num">relative<br /><span class="unit">b / a − 1, CI</span></th>
          <th class="num">runs<br /><span class="unit">a / b</span></th>
          <th>in words</th>
        </tr>
      </thead>
      <tbody>
        ${comparisons.map(comparisonRow)}
      </tbody>
    </table>
  </div>`;
}

function agreementRow(row: AgreementRow): TemplateResult {
  const { cell, trace } = row;
  const mt = trace.mainThreadMs;
  return html`<tr class="agreement" data-cell=${cell.id}>
    <td>
      <span class="renderer">${cell.renderer}</span>
      <span class="muted">× ${cell.scenario} × ${formatRate(cell.rate)}</span>
    </td>
    <td class="num">${stat(row.rafDroppedFrames, 'frames')}</td>
    <td class="num">${stat(trace.droppedFrames, 'frames')}</td>
    <td class=${row.agrees ? 'num' : 'num flag-bad'}>${stat(trace.droppedFramesDiff, 'frames')}</td>
    <td class="num">${stat(trace.pdfWorstPct, '%')}</td>
    <td class="num">${stat(cell.summary?.ttvP95Ms, 'ms')}</td>
    <td class="num">${stat(trace.ttvP95Ms, 'ms')}</td>
    <td class="num">
      ${
        mt
          ? html`${stat(mt.script, 'ms')}<br />${stat(mt.styleLayout, 'ms')}<br />${stat(mt.paint, 'ms')}`
          : html`<span class="muted">not recorded</span>`
      }
    </td>
    <td>${row.traceFiles.map((f, i) => html`<a href=${f} download>run ${i + 1}</a> `)}</td>
  </tr>`;
}

export function renderTraceEvidence(r: Results): TemplateResult | typeof nothing {
  if (!r.config.trace) return nothing;
  const rows = agreementRows(r);
  const invalid = invalidRuns(r);
  return html`
    <section class="trace-evidence" aria-labelledby="trace-evidence">
      <h2 id="trace-evidence">Chromium's own frame accounting (trace mode)</h2>
      <p class="muted">
        Every run was traced. From each trace: frames Chromium's compositor reported as dropped (PipelineReporter,
        <code>STATE_DROPPED</code> affecting smoothness), the worst 1-second percent-dropped-frames window, TTV to the
        presentation of the first frame that showed each marker, and (with <code>--trace-main-thread</code>) the main
        thread's script, style+layout and paint time. Beside them, the probe's rAF-derived figures. They count different
        things: the probe counts vsyncs whose frame started over half an interval late, Chromium the frames its
        compositor reports as dropped. They agree on light loads; under a saturated main thread the probe's count runs
        higher (calibration shows the probe's count matches the missed vsyncs of a first-principles model); a flagged
        difference is worth a look in the trace. Traces open in Perfetto (ui.perfetto.dev) or the DevTools Performance
        panel.
      </p>
      ${
        invalid.count
          ? html`<p class="banner banner-warn">
              ${invalid.count} run(s) were invalid and left out of every statistic:
              ${invalid.reasons.map((x) => `${x.reason} (${x.runs})`).join('; ')}.
            </p>`
          : html`<p>No run was invalid.</p>`
      }
      ${
        rows.length
          ? html`<div class="table-wrap">
              <table class="plain wide">
                <thead>
                  <tr>
                    <th>renderer × scenario × rate</th>
                    <th class="num">dropped frames<br /><span class="unit">rAF</span></th>
                    <th class="num">dropped frames<br /><span class="unit">trace</span></th>
                    <th class="num">rAF − trace<br /><span class="unit">per run</span></th>
                    <th class="num">worst 1 s<br /><span class="unit">% dropped</span></th>
                    <th class="num">TTV p95<br /><span class="unit">rAF (post-frame)</span></th>
                    <th class="num">TTV p95<br /><span class="unit">trace (presented)</span></th>
                    <th class="num">main thread<br /><span class="unit">script / style+layout / paint</span></th>
                    <th>traces</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(agreementRow)}
                </tbody>
              </table>
            </div>`
          : html`<p>No cell has a valid trace.</p>`
      }
    </section>
  `;
}

/** Overhead and noise floor, for the environment section. */
export function renderInstrument(r: Results): TemplateResult | typeof nothing {
  const sentences = overheadSentences(r.overhead);
  const noise = noiseFloorSentence(r.noiseFloor);
  if (!sentences.length && !noise) return nothing;
  return html`<div class="instrument">
    <h3>The instrument's own cost and noise</h3>
    <ul>
      ${sentences.map((s) => html`<li class="overhead">${s}</li>`)}
      ${noise ? html`<li class="noise-floor">${noise}</li>` : nothing}
    </ul>
  </div>`;
}
