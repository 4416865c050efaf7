// <sb-report>: the whole report, rendered from one Results object. Light DOM, styled by report.css.
import { LitElement, html, nothing, svg, type TemplateResult } from 'lit';
import {
  LONG_FRAME_TOP_SCRIPTS,
  MAP_REFERENCE_RATES,
  agentLoopGroups,
  bottleneckMaps,
  cellAxes,
  longFrameReport,
  medianTtvP95Run,
  okRunsWithMetrics,
  saturationRows,
  sweepConfigOf,
  uiBoundBreakdowns,
  type AgentLoopGroup,
  type BottleneckMap,
  type CellAxes,
  type CellLongFrames,
  type SaturationRow,
} from '../data.ts';
import { DEFAULT_CRITERIA } from '../../stats/saturation-search.ts';
import type { CellResult, RendererResult, Results } from '../../results/types.ts';
import {
  agentLoopSentence,
  saturationStatusText,
  saturations,
  uiBoundLine,
  verdicts,
  type Verdict,
} from '../verdict.ts';
import type { BarChartSpec, BarSeries, Interval } from './bar-chart.ts';
import './bar-chart.ts';
import type { LineChartSpec, LineSeries } from './line-chart.ts';
import './line-chart.ts';
import type { MapChartSpec } from './map-chart.ts';
import './map-chart.ts';
import type { StackChartSpec } from './stack-chart.ts';
import './stack-chart.ts';
import './cost-model.ts';
import { renderComparisons, renderInstrument, renderTraceEvidence } from './evidence.ts';
import { renderSafety, safetyBadge } from './safety.ts';
import { renderFeel } from './feel-section.ts';
import { emitterSentence } from '../evidence.ts';
import { isUnmeasurable, notVisibleText, UNMEASURABLE_TEXT } from '../visibility-text.ts';
import { profileViews } from '../profiles.ts';
import { renderPick } from './pick-section.ts';
import { byFamily } from '../pick.ts';
import { FIELDS, PALETTE, achievedLevels, formatStat, limitText, type StatKey } from './format.ts';
import {
  formatAxisMs,
  formatLevel,
  formatMs,
  formatNumber,
  formatRate,
  formatSeconds,
  formatSharePct,
  formatTokPerS,
  withUnit,
  type Unit,
} from '../../common/format.ts';
import { shardRows } from '../shards-text.ts';

/** A verdict's clauses, each toned, `;` between them and `.` after the last (the same words as the text lines). */
function clauseSpans(clauses: ReadonlyArray<{ renderer: string; text: string; tone: string }>): TemplateResult[] {
  return clauses.map(
    (c, i) =>
      html`<span class="clause tone-${c.tone}"
        ><span class="renderer">${c.renderer}</span> ${c.text}${i < clauses.length - 1 ? ';' : '.'}</span
      > `,
  );
}

function findCell(r: Results, renderer: string, scenario: string, rate: string): CellResult | undefined {
  return r.cells.find((c) => c.renderer === renderer && c.scenario === scenario && c.rate.name === rate);
}

function okRuns(cell: CellResult): number {
  return cell.runs.filter((x) => x.status === 'ok').length || (cell.summary?.ttvP95Ms.n ?? 0);
}

/** The configuration as label / value pairs for the Configuration section. */
function configRows(r: Results): Array<[string, unknown]> {
  const c = r.config;
  return [
    ['Runs per cell', `${c.runs} measured, ${c.warmupRuns} warm-up${c.warmupRuns === 1 ? '' : 's'}`],
    ['Seed', String(c.seed)],
    ['Tokens per chunk', String(c.tokensPerChunk)],
    ['Jitter', String(c.jitter)],
    [
      'CPU profiles',
      `${c.cpuThrottles.map((t) => `${t}×`).join(', ')}` +
        (c.throttleWarmupRuns ? ` (after ${c.throttleWarmupRuns} discarded throttled warm-up runs)` : ''),
    ],
    ['Trace mode', c.trace ? `on${c.trace.mainThread ? ', with the main-thread breakdown' : ''}` : 'off'],
    [
      'Adaptive sampling (--auto)',
      c.auto ? `up to ${formatMs(c.auto.maxTimeS * 1000)}${c.auto.maxTimeDefaulted ? ' (default limit)' : ''}` : 'off',
    ],
    ['Run timeout', `${formatMs(c.cellTimeoutMs)} past the stream's last due time`],
    ['Quick mode', c.quick ? `yes (contents truncated to ${c.maxTokens ?? '?'} tokens)` : 'no'],
    ...shardRows(r),
    ['Started / finished', `${r.startedAt} → ${r.finishedAt ?? 'not finished'}`],
  ];
}

/** The Configuration section's table of rates. */
function ratesTable(rates: Results['config']['rates']): TemplateResult {
  return html`
    <table class="plain">
      <caption>
        Rates
      </caption>
      <thead>
        <tr>
          <th>name</th>
          <th class="num">rate</th>
          <th class="num">TTFT</th>
        </tr>
      </thead>
      <tbody>
        ${rates.map(
          (rate) =>
            html`<tr>
              <td>${rate.name}</td>
              <td class="num">${formatTokPerS(rate.tokPerS)}</td>
              <td class="num">${formatMs(rate.ttftMs)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  `;
}

/**
 * One row of the renderers table: family, "pkg@version" for each package it uses (versions as installed when
 * measured), the product or practice it copies as a link, or the import error of a broken one.
 */
function rendererRow(x: RendererResult, safety?: Results['safety']): TemplateResult {
  const packages = (x.packages ?? []).map((p) => `${p.name}@${p.version ?? 'not installed'}`).join(', ');
  const source = x.source ? html`<br /><a href=${x.source.url}>${x.source.name}</a>` : nothing;
  const description = x.broken ? html`<strong>broken:</strong> ${x.broken}` : html`${x.description}${source}`;
  return html`<tr>
    <td class="nowrap">${x.name}</td>
    <td>${x.family ?? ''}</td>
    <td>${x.broken ? '' : x.output}${safetyBadge(safety, x.name)}</td>
    <td>${description}</td>
    <td>${packages}</td>
  </tr>`;
}

export class SbReport extends LitElement {
  static override properties = {
    results: { attribute: false },
    loadError: { attribute: false },
  };

  declare results: Results | null;
  declare loadError: string | null;

  constructor() {
    super();
    this.results = null;
    this.loadError = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    if (this.loadError)
      return html`<div class="banner banner-bad" role="alert">Could not read the results: ${this.loadError}</div>`;
    const r = this.results;
    if (!r) return html`<p class="muted">Loading…</p>`;
    const axes = cellAxes(r);
    const views = profileViews(r);
    // Several CPU profiles: every measured section once per profile, so nothing compares across profiles.
    const measured = (v: Results): TemplateResult => {
      // A safety-check-only run (--scenarios unsafe-markdown) measured nothing: its verdicts lead instead.
      if (!v.cells.length) return html``;
      const a = cellAxes(v);
      return html`${this.renderMap(v, a)} ${renderFeel(v)} ${this.renderVerdicts(v)} ${renderComparisons(v)}
      ${this.renderUiBound(v, a)} ${this.renderAgentLoop(v)} ${views.length > 1 ? nothing : this.renderHowToRead(v)}
      ${this.renderCharts(v, a)} ${this.renderLongFrames(v, a)} ${renderTraceEvidence(v)} ${this.renderTable(v, a)}`;
    };
    return html`
      ${this.renderHeader(r, axes)} ${r.cells.length ? nothing : renderSafety(r)}
      ${
        views.length > 1
          ? html`${this.renderHowToRead(r)}
            ${views.map(
              (view) =>
                html`<section class="profile" data-cpu-throttle=${view.cpuThrottle}>
                  <h2 class="profile-heading">${view.label}</h2>
                  ${measured(view.results)}
                </section>`,
            )}`
          : measured(r)
      }
      ${renderPick(r)} ${r.cells.length ? renderSafety(r) : nothing} ${this.renderEnvironment(r)}
      ${this.renderConfig(r)}
      <footer class="muted">Generated by streambench from results.json (schema ${r.schemaVersion}).</footer>
    `;
  }

  private renderHeader(r: Results, axes: CellAxes): TemplateResult {
    const total = r.cells.length;
    const failed = r.cells.filter((c) => c.status === 'failed');
    const pending = r.cells.filter((c) => c.status === 'pending');
    const withResults = r.cells.filter((c) => c.status === 'ok' && c.summary).length;
    const env = r.environment;
    const commit = env.gitCommit ? `${env.gitCommit.slice(0, 10)}${env.gitDirty ? ' (dirty)' : ''}` : 'unknown commit';
    let tone: 'ok' | 'warn' | 'bad' = 'ok';
    let head: string;
    if (r.status === 'interrupted') {
      tone = 'bad';
      head =
        `Interrupted run: only ${withResults} of ${total} cells have ` +
        `results${pending.length ? `; ${pending.length} never ran` : ''}. Read what follows as incomplete.`;
    } else if (r.status === 'partial') {
      tone = 'warn';
      head =
        `Partial run: ${withResults} of ${total} cells have ` +
        `results${pending.length ? `; ${pending.length} did not run` : ''}. Read what follows as incomplete.`;
    } else {
      head =
        `Complete: all ${total} cells ran, ${r.config.runs} measured run${r.config.runs === 1 ? '' : 's'} each ` +
        `after ${r.config.warmupRuns} warm-up${r.config.warmupRuns === 1 ? '' : 's'}.`;
    }
    const failedText =
      failed.length === 0
        ? 'No cells failed.'
        : `${failed.length} of ${total} cell${total === 1 ? '' : 's'} failed: ` +
          `${failed.map((c) => `${c.renderer} on ${c.scenario} at ${formatRate(c.rate)}`).join('; ')}.`;
    if (failed.length > 0 && tone === 'ok') tone = 'warn';
    return html`
      <header>
        <h1>streambench report</h1>
        <p class="subtitle">
          ${axes.renderers.length} renderer${axes.renderers.length === 1 ? '' : 's'} × ${axes.scenarios.length}
          scenario${axes.scenarios.length === 1 ? '' : 's'} × ${axes.rates.length}
          rate${axes.rates.length === 1 ? '' : 's'} · started ${r.startedAt} · wall ${formatSeconds(r.wallS)} ·
          ${commit}${r.config.quick ? html` · <strong>quick mode</strong>` : nothing}
        </p>
        <div class="banner banner-${tone}" role="status" data-status=${r.status}>
          <strong>${head}</strong> <span class="failed-count" data-failed=${failed.length}>${failedText}</span>
        </div>
      </header>
    `;
  }

  private rendererColor(axes: CellAxes, renderer: string): string {
    const i = axes.renderers.indexOf(renderer);
    return PALETTE[(i < 0 ? axes.renderers.length : i) % PALETTE.length]!;
  }

  /** The bottleneck map (one chart per scenario) and, with a sweep, the saturation sentences and table. */
  private renderMap(r: Results, axes: CellAxes): TemplateResult {
    const maps = bottleneckMaps(r);
    const sweep = sweepConfigOf(r);
    const hasSweep = Boolean(r.sweep && r.sweep.entries.length > 0);
    const anyOver = maps.some((m) => m.series.some((x) => x.points.some((p) => p.ttvP95Ms === null)));
    const budget = formatMs(maps[0]?.budgetMs ?? DEFAULT_CRITERIA.ttvBudgetMs);
    const cellRuns = [...new Set(r.cells.flatMap((c) => (c.summary ? [c.summary.ttvP95Ms.n] : [])))].sort(
      (a, b) => a - b,
    );
    const runsText = cellRuns.length
      ? `${cellRuns.join(' or ')} run${cellRuns.length === 1 && cellRuns[0] === 1 ? '' : 's'}`
      : 'its runs';
    const glyph = (shape: 'circle' | 'hollow' | 'rect' | 'triangle') =>
      html`<svg class="glyph" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
        ${
          shape === 'rect'
            ? svg`<rect x="2" y="2" width="8" height="8" fill="#374151"></rect>`
            : shape === 'triangle'
              ? svg`<polygon points="6,1 11,11 1,11" fill="#374151"></polygon>`
              : svg`<circle cx="6" cy="6" r="4" fill=${shape === 'hollow' ? '#fff' : '#374151'}
                  stroke="#374151" stroke-width="1.5"></circle>`
        }
      </svg>`;
    return html`
      <section id="bottleneck-map">
        <h2>Bottleneck map: where the UI stops keeping up</h2>
        <p class="map-intro">
          TTV p95 against token rate, both on log scales, one line per renderer. Below the dashed red line (the
          ${budget} budget) text shows up about as fast as the model sends it; where a renderer's line rises through it,
          the <strong>UI becomes the bottleneck</strong>. Dotted vertical lines mark a typical frontier model (55 tok/s)
          and Kimi K2.6 on Cerebras (981 tok/s).
        </p>
        <ul class="map-key">
          ${axes.renderers
            .filter((name) => maps.some((m) => m.series.some((x) => x.renderer === name)))
            .map(
              (name) =>
                html`<li class="map-legend-item">
                  <span class="line-swatch" style=${`background: ${this.rendererColor(axes, name)}`}></span
                  ><span class="renderer">${name}</span>
                </li>`,
            )}
          <li class="map-key-break" aria-hidden="true"></li>
          ${
            hasSweep
              ? html`<li>
                    ${glyph('circle')} sweep probe that kept up (median over ${sweep?.runsPerPoint ?? '?'}
                    run${sweep?.runsPerPoint === 1 ? '' : 's'})
                  </li>
                  <li>${glyph('hollow')} sweep probe that fell behind (TTV, dropped frames or backlog)</li>`
              : nothing
          }
          <li>${glyph('rect')} benchmark cell at a configured rate (median over ${runsText})</li>
          ${
            anyOver
              ? html`<li>
                  ${glyph('triangle')} at the top edge: over budget, TTV p95 unknown: the run stopped early once the
                  budget was out of reach, or some text never became visible (dashed line to it)
                </li>`
              : nothing
          }
        </ul>
        ${
          hasSweep
            ? nothing
            : html`<p class="map-note muted">
                ${
                  sweep
                    ? 'The saturation sweep was configured but did not run (the run ended first),'
                    : html`No saturation sweep in this run (<code>--sweep</code> finds each renderer's limit),`
                }
                so the map is drawn from the benchmark cells alone: one point per configured rate.
              </p>`
        }
        <div class="map-grid">${maps.map((m) => this.renderMapFigure(r, axes, m))}</div>
        ${hasSweep ? this.renderSaturation(r, axes) : nothing}
        ${r.costModel ? html`<sb-cost-model .results=${r}></sb-cost-model>` : nothing}
      </section>
    `;
  }

  private renderMapFigure(r: Results, axes: CellAxes, m: BottleneckMap): TemplateResult {
    const info = r.scenarios.find((s) => s.name === m.scenario);
    const spec: MapChartSpec = {
      series: m.series.map((s) => ({
        label: s.renderer,
        color: this.rendererColor(axes, s.renderer),
        points: s.points,
      })),
      budgetMs: m.budgetMs,
      references: MAP_REFERENCE_RATES,
      formatMs: (v) => formatMs(v),
      formatRate: (v) => formatTokPerS(v),
    };
    const sources = m.fromSweep ? 'sweep probes and benchmark cells' : 'benchmark cells only';
    return html`<figure class="map" data-scenario=${m.scenario}>
      <figcaption>
        <strong>${m.scenario}</strong
        >${info ? html` · ${info.format}, ${formatNumber(info.tokens, 'count')} tokens` : nothing} ·
        <span class="map-source">${sources}</span>
      </figcaption>
      ${
        m.series.length === 0
          ? html`<p class="muted">No data for this scenario (its cells failed or did not run).</p>`
          : html`<sb-map-chart
              label=${`TTV p95 against token rate per renderer for ${m.scenario}`}
              .spec=${spec}
            ></sb-map-chart>`
      }
    </figure>`;
  }

  private renderSaturation(r: Results, axes: CellAxes): TemplateResult {
    const c = sweepConfigOf(r) ?? {
      ...DEFAULT_CRITERIA,
      minRate: 10,
      maxRate: 20_000,
      resolution: 1.25,
      runsPerPoint: 1,
    };
    const rows = saturationRows(r);
    const lines = saturations(r);
    return html`
      <h3 id="saturation">Saturation: the highest rate each renderer keeps up with</h3>
      <p class="muted saturation-criteria">
        A renderer <em>keeps up</em> at a rate when, in a strict majority of the ${c.runsPerPoint}
        run${c.runsPerPoint === 1 ? '' : 's'} at that rate, TTV p95 ≤ ${formatMs(c.ttvBudgetMs)}, dropped frames ≤
        ${c.maxDroppedPct}% of expected frames, and the backlog does not keep growing (not UI-bound). One ramp run (the
        rate climbing from ${formatTokPerS(c.minRate)} or a little above to ${formatTokPerS(c.maxRate)} in one stream)
        aims fixed-rate probes, which narrow the bracket until <em>falls behind at</em> / <em>keeps up to</em> ≤
        ${c.resolution}×, assuming a renderer that keeps up at a rate also keeps up below it. The
        <em>throughput</em> limit (backlog grows) and the <em>smoothness</em> limit (TTV or dropped frames) are
        bracketed apart.
      </p>
      <ul class="verdicts saturation-lines">
        ${lines.map(
          (v) =>
            html`<li class="verdict saturation-line" data-scenario=${v.scenario}>
              <span class="lead"><span class="scenario">${v.scenario}</span>:</span> ${clauseSpans(v.clauses)}
            </li>`,
        )}
      </ul>
      <div class="table-wrap">
        <table class="plain wide saturation">
          <thead>
            <tr>
              <th>scenario</th>
              <th>renderer</th>
              <th class="num" title="Highest probed rate that kept up (saturationRate)">keeps up to</th>
              <th class="num" title="Lowest probed rate that fell behind (the bracket's upper bound)">
                falls behind at
              </th>
              <th class="num" title="falls behind at / keeps up to: how tightly the limit is pinned down">
                resolution
              </th>
              <th class="num" title="Throughput limit: backlog steady at lo, grows at hi (fixed-rate runs)">
                throughput
              </th>
              <th class="num" title="Smoothness limit: TTV p95 and dropped frames within the criteria at lo, not at hi">
                smoothness
              </th>
              <th class="num" title="Rates probed (each with the runs per point)">probes</th>
              <th>status</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((row) => this.renderSaturationRow(row, c, axes))}
          </tbody>
        </table>
      </div>
    `;
  }

  private renderSaturationRow(
    row: SaturationRow,
    c: Parameters<typeof saturationStatusText>[1],
    axes: CellAxes,
  ): TemplateResult {
    const e = row.entry;
    const rate = (v: number | null) => (v === null ? '—' : formatTokPerS(v));
    const tone =
      e.status === 'failed'
        ? 'failed'
        : e.status === 'below-range'
          ? 'bad'
          : e.status === 'above-range'
            ? 'ok'
            : e.status === 'found'
              ? 'warn'
              : 'missing';
    const runsPerProbe = [...new Set(e.points.map((p) => p.runs.length))];
    const plural = runsPerProbe.length === 1 && runsPerProbe[0] === 1 ? '' : 's';
    const probeTitle = runsPerProbe.length ? `${runsPerProbe.join(' or ')} run${plural} per probe` : 'no probe';
    return html`<tr
      class="saturation-row"
      data-renderer=${e.renderer}
      data-scenario=${e.scenario}
      data-status=${e.status}
    >
      <td class="nowrap">${e.scenario}</td>
      <td class="nowrap">
        <span class="swatch" style=${`background: ${this.rendererColor(axes, e.renderer)}`}></span
        ><span class="renderer">${e.renderer}</span>
      </td>
      <td class="num keeps-up">${rate(row.keepsUpTo)}</td>
      <td class="num falls-behind">${rate(row.fallsBehindAt)}</td>
      <td class="num resolution">${row.resolution === null ? '—' : `${Number(row.resolution.toFixed(2))}×`}</td>
      <td class="num throughput">${limitText(row.limits?.throughput)}</td>
      <td class="num smoothness">${limitText(row.limits?.smoothness)}</td>
      <td class="num probes" title=${probeTitle}>${row.probes}</td>
      <td class="status status-${tone}">${saturationStatusText(e, c)}</td>
    </tr>`;
  }

  /** One line per UI-bound cell: delivery / buffering / render p95 and the top long-frame script. */
  private renderUiBound(r: Results, axes: CellAxes): TemplateResult {
    const list = uiBoundBreakdowns(this.sortedCells(r, axes));
    return html`
      <section id="ui-bound">
        <h2>Where the time went in UI-bound cells</h2>
        ${
          list.length === 0
            ? html`<p class="ui-bound-none">
                No cell is UI-bound: in no cell did the lag keep growing over the stream.
              </p>`
            : html`<p class="muted">
                  For each cell where the renderer fell behind: how late text was at each step (p95 over markers, median
                  over runs). <em>Delivery</em> = delivered − due (the main thread was too busy to receive the chunk),
                  <em>buffering</em> = commit − delivered (the renderer held the text back), <em>render</em> = visible −
                  commit (frames were slow to show it). Then the script with the most time inside long animation frames.
                </p>
                <ul class="ui-bound-lines">
                  ${list.map((b) => html`<li class="ui-bound-line" data-cell=${b.cellId}>${uiBoundLine(b)}</li>`)}
                </ul>`
        }
      </section>
    `;
  }

  /** Agent-loop cells: per rate, one stacked bar per renderer (model, tool, UI-added time) and a sentence. */
  private renderAgentLoop(r: Results): TemplateResult | typeof nothing {
    const groups = agentLoopGroups(r);
    if (groups.length === 0) return nothing;
    return html`
      <section id="agent-loop">
        <h2>Agent loop: how much of the wall time is the UI</h2>
        <p class="muted">
          An agent loop streams several model calls one after another with a tool step between them; the next call
          starts only once the page has taken in the previous one, so a busy UI delays the loop itself. Each bar is the
          loop's wall time (stream start to the last text visible) for one renderer, split into
          <strong>model</strong> time (each call's TTFT and generation at the rate), <strong>tool</strong> time, and
          <strong>UI-added</strong> time (the rest: the user waiting on the UI). Medians over runs; UI-added time below
          zero (noise) is shown as 0.
        </p>
        <div class="agent-loop-grid">${groups.map((g) => this.renderAgentLoopGroup(g))}</div>
      </section>
    `;
  }

  private renderAgentLoopGroup(g: AgentLoopGroup): TemplateResult {
    const loops = g.loops;
    const spec: StackChartSpec = {
      labels: loops.map((l) => [
        l.renderer,
        l.uiAddedMs === null ? 'UI: never finished' : `UI +${formatMs(l.uiAddedMs)} (${formatSharePct(l.uiSharePct)})`,
      ]),
      segments: [
        { label: 'model', color: '#60a5fa', values: loops.map((l) => l.modelMs) },
        { label: 'tool', color: '#fbbf24', values: loops.map((l) => (l.idealWallMs === null ? null : l.toolMs)) },
        { label: 'UI-added', color: '#dc2626', values: loops.map((l) => l.uiAddedMs) },
      ],
      xTitle: 'loop wall time',
      format: (v) => formatMs(v),
      axisFormat: (v) => formatAxisMs(v, 0, 1),
      describe: (i) => {
        const l = loops[i];
        if (!l) return '';
        return (
          `wall ${formatMs(l.loopWallMs)} · ideal ${formatMs(l.idealWallMs)} · UI share ` +
          `${formatSharePct(l.uiSharePct)} · ${l.runs} run${l.runs === 1 ? '' : 's'}`
        );
      },
    };
    return html`<figure class="agent-loop" data-scenario=${g.scenario} data-rate=${g.rate.name}>
      <figcaption>
        <strong>${g.scenario} · ${formatRate(g.rate)}</strong>
        <p class="agent-loop-line">${agentLoopSentence(g)}</p>
      </figcaption>
      <sb-stack-chart
        label=${`Agent loop wall time per renderer for ${g.scenario} at ${formatRate(g.rate)}`}
        .spec=${spec}
      ></sb-stack-chart>
    </figure>`;
  }

  private renderVerdicts(r: Results): TemplateResult {
    const all = verdicts(r);
    const byRate = new Map<string, Verdict[]>();
    for (const v of all) byRate.set(v.rate.name, [...(byRate.get(v.rate.name) ?? []), v]);
    return html`
      <section id="verdict">
        <h2>Verdict</h2>
        ${all.length === 0 ? html`<p class="muted">No cells have results yet.</p>` : nothing}
        ${[...byRate.values()].map(
          (group) => html`
            <div class="verdict-group">
              <h3>
                ${formatRate(group[0]!.rate)} <span class="muted">· TTFT ${formatMs(group[0]!.rate.ttftMs)}</span>
              </h3>
              <ul class="verdicts">
                ${group.map(
                  // Same words as verdictLines(): one clause per line, the separators kept in the text.
                  (v) =>
                    html`<li class="verdict" data-rate=${v.rate.name} data-scenario=${v.scenario}>
                      <span class="lead">At ${formatRate(v.rate)}, <span class="scenario">${v.scenario}</span>:</span>
                      ${clauseSpans(v.clauses)}
                    </li>`,
                )}
              </ul>
            </div>
          `,
        )}
      </section>
    `;
  }

  private renderHowToRead(r: Results): TemplateResult {
    const levels = achievedLevels(r.cells.map((c) => c.summary));
    const levelText =
      levels.length === 0
        ? ''
        : ` In this report the achieved level is ` +
          `${levels.map((l) => `${formatLevel(l.level)} with ${l.n} run${l.n === 1 ? '' : 's'}`).join(', ')}.`;
    return html`
      <section id="how-to-read">
        <h2>How to read this</h2>
        <p>
          Each stream carries <em>markers</em>, unique visible tokens spread through the text, so the probe can see
          progress in the page. <strong>Time to visible (TTV)</strong> of a marker is <em>visible − due</em>: the end of
          the first frame that painted it, minus the moment the schedule says its token arrived.
          <strong>TTV p95</strong> is the 95th percentile over a run's markers (the time within which 95% of the text
          showed up); first-token TTV is the same for the very first text. <strong>Dropped frames</strong> are frames
          the page failed to produce at the display's frame interval while the stream ran, as a share of the frames
          expected. A cell is <strong>UI-bound</strong> when TTV keeps growing over the stream (the renderer cannot keep
          up, so lag accumulates); it is decided per run and by majority over runs. Every number is the
          <strong>median over runs</strong>, followed by <strong>[low–high]</strong>: a distribution-free 95% confidence
          interval for that median (order statistics, no normality assumed). With few runs the nominal 95% cannot be hit
          exactly, so the level actually achieved is shown.${levelText} An open bound (<code>…</code> in tables, a
          dashed whisker ending in an arrow in charts) means the runs could not bound it, e.g. because some text never
          appeared.
        </p>
      </section>
    `;
  }

  private statSeries(
    r: Results,
    axes: CellAxes,
    scenario: string,
    key: StatKey,
  ): { series: BarSeries[]; levels: Array<Array<string>> } {
    const levels: string[][] = [];
    const series = axes.renderers.map((renderer, i) => {
      const values: Array<number | null> = [];
      const ci: Array<Interval | null> = [];
      const notes: Array<string | null> = [];
      const lv: string[] = [];
      for (const rate of axes.rates) {
        const cell = findCell(r, renderer, scenario, rate.name);
        const st = cell?.summary?.[key];
        values.push(st?.median ?? null);
        ci.push(st && st.median !== null ? [st.ciLow, st.ciHigh] : null);
        lv.push(st ? ` (${formatLevel(st.level)} CI, n=${st.n})` : '');
        notes.push(
          !cell
            ? null
            : cell.status === 'failed'
              ? 'failed'
              : cell.status === 'pending' || !cell.summary
                ? 'not run'
                : isUnmeasurable(cell.summary)
                  ? 'unmeasurable'
                  : st?.median === null
                    ? 'never visible'
                    : null,
        );
      }
      levels.push(lv);
      return { label: renderer, color: PALETTE[i % PALETTE.length]!, values, ci, notes };
    });
    return { series, levels };
  }

  private chartSpec(
    r: Results,
    axes: CellAxes,
    scenario: string,
    key: StatKey,
    unit: Unit,
    log: boolean,
    yTitle: string,
  ): BarChartSpec {
    const { series, levels } = this.statSeries(r, axes, scenario, key);
    return {
      labels: axes.rates.map((rate) => formatRate(rate)),
      series,
      yTitle,
      log,
      format: unit === 'ms' ? (v) => formatMs(v) : (v) => withUnit(v, unit),
      axisFormat:
        unit === 'ms' ? (v) => formatAxisMs(v) : (v) => `${Number(v.toFixed(2))}${unit === '%' ? '%' : ` ${unit}`}`,
      describe: (s, l) => levels[s]?.[l] ?? '',
    };
  }

  private renderCharts(r: Results, axes: CellAxes): TemplateResult {
    return html`
      <section id="charts">
        <h2>Charts</h2>
        <p class="muted">
          Bars are medians over runs, grouped by rate; whiskers are the confidence interval of the median. Lower is
          better in both bar charts. The TTV axis is logarithmic. Below them, the backlog of one representative run per
          renderer over stream time.
        </p>
        ${axes.scenarios.map((scenario) => {
          const info = r.scenarios.find((s) => s.name === scenario);
          return html`
            <div class="scenario-charts" data-scenario=${scenario}>
              <h3>
                ${scenario}
                ${
                  info
                    ? html`<span class="muted"
                        >· ${info.format}, ${formatNumber(info.tokens, 'count')} tokens, ${info.markers}
                        markers${info.description ? ` · ${info.description}` : ''}</span
                      >`
                    : nothing
                }
              </h3>
              <div class="chart-grid">
                <figure>
                  <figcaption>TTV p95 (median over runs), ms, log scale</figcaption>
                  <sb-bar-chart
                    data-metric="ttvP95Ms"
                    label=${`TTV p95 per renderer and rate for ${scenario}`}
                    .spec=${this.chartSpec(r, axes, scenario, 'ttvP95Ms', 'ms', true, 'TTV p95')}
                  ></sb-bar-chart>
                </figure>
                <figure>
                  <figcaption>Dropped frames (median over runs), % of expected frames</figcaption>
                  <sb-bar-chart
                    data-metric="droppedFramePct"
                    label=${`Dropped frames per renderer and rate for ${scenario}`}
                    .spec=${this.chartSpec(r, axes, scenario, 'droppedFramePct', '%', false, 'dropped frames')}
                  ></sb-bar-chart>
                </figure>
              </div>
              ${this.renderBacklog(r, axes, scenario)}
            </div>
          `;
        })}
      </section>
    `;
  }

  /** One line chart per rate: each renderer's backlog (tokens arrived, not yet visible) in its median-TTV-p95 run. */
  private renderBacklog(r: Results, axes: CellAxes, scenario: string): TemplateResult | typeof nothing {
    const charts = axes.rates.flatMap((rate) => {
      const series: LineSeries[] = [];
      const shown: string[] = [];
      const missing: string[] = [];
      axes.renderers.forEach((renderer, i) => {
        const cell = findCell(r, renderer, scenario, rate.name);
        if (!cell) return;
        const run = medianTtvP95Run(cell);
        if (!run) {
          missing.push(`${renderer} (${cell.status === 'failed' ? 'failed' : 'not run'})`);
          return;
        }
        series.push({
          label: renderer,
          color: PALETTE[i % PALETTE.length]!,
          points: run.metrics.backlog.series.map((p) => ({ x: p.tMs / 1000, y: p.tokens })),
        });
        // run.index counts every measured run of the cell, failed ones included.
        shown.push(`${renderer} run ${run.index + 1} of ${cell.runs.length}`);
      });
      if (series.length === 0) return [];
      const spec: LineChartSpec = {
        series,
        xTitle: 'stream time',
        yTitle: 'tokens not yet visible',
        formatX: (x) => `${Number(x.toFixed(2))} s`,
        formatY: (y) => `${formatNumber(y, 'count')}`,
      };
      return [
        html`<figure class="backlog" data-rate=${rate.name}>
          <figcaption>
            <strong>${formatRate(rate)}</strong> ·
            <span class="backlog-runs"
              >shown per renderer: its run with the median TTV p95
              (${shown.join(', ')})${missing.length ? `; no data for ${missing.join(', ')}` : ''}.</span
            >
          </figcaption>
          <sb-line-chart
            label=${`Backlog over stream time per renderer for ${scenario} at ${formatRate(rate)}`}
            .spec=${spec}
          ></sb-line-chart>
        </figure>`,
      ];
    });
    if (charts.length === 0) return nothing;
    return html`
      <h4 class="backlog-title">Backlog over time</h4>
      <p class="muted backlog-caption">
        Tokens that had arrived but were not yet on screen, sampled as each marker became visible: a line that keeps
        rising is a UI that cannot keep up (UI-bound), a line that stays near zero keeps up.
      </p>
      <div class="backlog-grid" data-scenario=${scenario}>${charts}</div>
    `;
  }

  private renderLongFrames(r: Results, axes: CellAxes): TemplateResult {
    const { withLongFrames, without } = longFrameReport(this.sortedCells(r, axes));
    const cellName = (c: CellLongFrames) => `${c.renderer} × ${c.scenario} × ${formatRate(c.rate)}`;
    const unmeasured = r.cells.filter((c) => okRunsWithMetrics(c).length === 0).length;
    const none =
      without.length === 0 ? 'No cell has a successful run to look at.' : 'No cell had a long animation frame.';
    return html`
      <section class="long-frames" aria-labelledby="long-frames">
        <h2 id="long-frames">Where the main thread went (long animation frames)</h2>
        <p class="muted">
          Long animation frames are frames that took more than 50 ms from the first task to paint. For each cell with
          any: long frames per run and their summed blocking time per run (medians over runs), and the scripts that ran
          inside them, with their time and calls summed over the cell's runs, ranked by time (top
          ${LONG_FRAME_TOP_SCRIPTS}).${
            unmeasured > 0
              ? ` ${unmeasured} cell${unmeasured === 1 ? '' : 's'} without a successful run (failed or not run) ` +
                `${unmeasured === 1 ? 'is' : 'are'} left out.`
              : ''
          }
        </p>
        ${
          withLongFrames.length === 0
            ? html`<p>${none}</p>`
            : html`<div class="table-wrap">
                <table class="plain wide long-frames">
                  <thead>
                    <tr>
                      <th>renderer × scenario × rate</th>
                      <th class="num" title="Long animation frames per run, median over runs">
                        long frames<br /><span class="unit">per run</span>
                      </th>
                      <th class="num" title="Summed blocking duration of long frames per run, median over runs">
                        blocking<br /><span class="unit">per run</span>
                      </th>
                      <th>scripts inside long frames <span class="unit">(summed over runs)</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${withLongFrames.map((c) => this.renderLongFrameRow(c))}
                  </tbody>
                </table>
              </div>`
        }
        ${
          without.length > 0
            ? html`<p class="no-long-frames">No long animation frames: ${without.map(cellName).join(', ')}.</p>`
            : nothing
        }
      </section>
    `;
  }

  private renderLongFrameRow(c: CellLongFrames): TemplateResult {
    // One decimal below 10 ms (a 0.3 ms script is not "0 ms"), seconds from 1 s on.
    const ms = (v: number | null) => (v !== null && Math.abs(v) < 1000 ? withUnit(v, 'ms') : formatMs(v));
    const count = c.longFramesPerRun === null ? '—' : formatNumber(c.longFramesPerRun, 'count');
    return html`<tr class="long-frame-cell" data-cell=${c.cellId}>
      <td>
        <span class="renderer">${c.renderer}</span> <span class="muted">× ${c.scenario} × ${formatRate(c.rate)}</span>
      </td>
      <td class="num">
        ${count}${
          c.runsWithLongFrames < c.runs
            ? html`<br /><span class="unit">any in ${c.runsWithLongFrames} of ${c.runs} runs</span>`
            : nothing
        }
      </td>
      <td class="num">${ms(c.blockingMs)}</td>
      <td>
        ${
          c.scripts.length === 0
            ? html`<span class="muted">no script attributed (the browser lists only scripts of 5 ms or more)</span>`
            : html`<ol class="scripts">
                ${c.scripts.map(
                  (s) =>
                    html`<li>
                      <code>${s.name}</code>
                      <span class="script-stats"
                        >${ms(s.durationMs)} ·
                        <span title="times it ran inside a long frame">${formatNumber(s.count, 'count')}×</span></span
                      >
                    </li>`,
                )}
              </ol>`
        }
      </td>
    </tr>`;
  }

  private sortedCells(r: Results, axes: CellAxes): CellResult[] {
    const idx = <T>(list: T[], v: T) => {
      const i = list.indexOf(v);
      return i < 0 ? list.length : i;
    };
    const rateNames = axes.rates.map((x) => x.name);
    return [...r.cells].sort(
      (a, b) =>
        idx(axes.scenarios, a.scenario) - idx(axes.scenarios, b.scenario) ||
        idx(rateNames, a.rate.name) - idx(rateNames, b.rate.name) ||
        idx(axes.renderers, a.renderer) - idx(axes.renderers, b.renderer),
    );
  }

  private renderTable(r: Results, axes: CellAxes): TemplateResult {
    const groups: Array<{ name: string; span: number }> = [];
    for (const f of FIELDS) {
      const last = groups[groups.length - 1];
      if (last && last.name === f.group) last.span++;
      else groups.push({ name: f.group, span: 1 });
    }
    return html`
      <section id="table">
        <h2>All numbers</h2>
        <p class="muted">
          One row per cell (renderer × scenario × rate), grouped by scenario and rate. Each entry is the median over
          runs with its confidence interval below it; <code>…</code> marks an open bound. Hover a header for its
          definition.
        </p>
        <div class="table-scroll">
          <table class="cells">
            <thead>
              <tr>
                <th rowspan="2" class="sticky">Renderer</th>
                ${groups.map((g) => html`<th colspan=${g.span} class="group">${g.name}</th>`)}
                <th colspan="2" class="group">Verdict</th>
              </tr>
              <tr>
                ${FIELDS.map((f) => html`<th title=${f.help}>${f.label}</th>`)}
                <th title="Majority over runs; runs that were UI-bound / runs">
                  UI-bound<br /><span class="unit">runs</span>
                </th>
                <th title="Runs in which some text never became visible">
                  incomplete<br /><span class="unit">runs</span>
                </th>
              </tr>
            </thead>
            <tbody>
              ${this.sortedCells(r, axes).map((cell, i, all) => {
                const prev = all[i - 1];
                const newGroup = !prev || prev.scenario !== cell.scenario || prev.rate.name !== cell.rate.name;
                return html`${
                  newGroup
                    ? html`<tr class="group-row">
                        <th colspan=${FIELDS.length + 3}>
                          <span class="group-label"
                            ><span class="scenario">${cell.scenario}</span> · ${formatRate(cell.rate)}</span
                          >
                        </th>
                      </tr>`
                    : nothing
                }${this.renderRow(cell)}`;
              })}
            </tbody>
          </table>
        </div>
      </section>
    `;
  }

  private renderRow(cell: CellResult): TemplateResult {
    const name = html`<th scope="row" class="sticky" title=${cell.id}>
      <span class="renderer">${cell.renderer}</span>
    </th>`;
    const span = FIELDS.length + 2;
    if (cell.status === 'failed') {
      return html`<tr class="cell-row failed" data-cell=${cell.id}>
        ${name}
        <td colspan=${span} class="error">failed: ${cell.error ?? 'unknown error'}</td>
      </tr>`;
    }
    const s = cell.summary;
    if (cell.status === 'pending' || !s) {
      return html`<tr class="cell-row pending" data-cell=${cell.id}>
        ${name}
        <td colspan=${span} class="muted">not run</td>
      </tr>`;
    }
    if (isUnmeasurable(s)) {
      return html`<tr class="cell-row unmeasurable" data-cell=${cell.id}>
        ${name}
        <td colspan=${span} class="muted">${UNMEASURABLE_TEXT}</td>
      </tr>`;
    }
    const runs = okRuns(cell);
    const why = notVisibleText(s.notVisible);
    return html`<tr class="cell-row" data-cell=${cell.id}>
      ${name}
      ${FIELDS.map((f) => {
        const st = s[f.key];
        const { median, ci } = formatStat(st, f.unit, f.nullText);
        return html`<td title=${`${f.group} ${f.label}: ${formatLevel(st.level)} CI, n=${st.n}`}>
          <span class="median">${median}</span>${ci ? html` <span class="ci">${ci}</span>` : nothing}
        </td>`;
      })}
      <td class=${s.uiBound ? 'flag-bad' : ''}>
        <span class="median">${s.uiBound ? 'yes' : 'no'}</span> <span class="ci">${s.uiBoundRuns}/${runs}</span>
      </td>
      <td class=${s.incompleteRuns > 0 ? 'flag-bad' : ''} title=${why ?? ''}>
        <span class="median">${s.incompleteRuns}/${runs}</span>
        ${why ? html`<span class="ci not-visible">${why}</span>` : nothing}
      </td>
    </tr>`;
  }

  private renderEnvironment(r: Results): TemplateResult {
    const e = r.environment;
    const rows: Array<[string, unknown]> = [
      ['Chromium', `${e.chromiumVersion} (${e.chromiumPath})`],
      ['Headless', e.headless ? 'yes' : 'no'],
      ['Viewport', `${e.viewport.width} × ${e.viewport.height}`],
      ['CPU profiles', e.cpuThrottles.map((t) => (t > 1 ? `${t}× slowdown` : 'none (1×)')).join(', ')],
      ['Device pixel ratio', String(e.deviceScaleFactor)],
      [
        'Frame interval (trace)',
        e.traceFrameIntervalMs === undefined ? 'not traced' : `${e.traceFrameIntervalMs.toFixed(2)} ms`,
      ],
      ['Stream clock', emitterSentence(r.emitter) ?? 'send times not recorded'],
      ['CPU', `${e.cpuModel}, ${e.cores} cores`],
      ['Memory', `${e.totalMemGiB.toFixed(1)} GiB`],
      ['Platform', e.platform],
      ['Node', e.nodeVersion],
      ['Playwright', e.playwrightVersion],
      ['Git commit', e.gitCommit ? `${e.gitCommit}${e.gitDirty ? ' (uncommitted changes)' : ''}` : 'unknown'],
      ['Date', e.date],
      [
        'Chromium flags',
        e.chromiumFlags.length ? html`<code class="flags">${e.chromiumFlags.join(' ')}</code>` : 'none',
      ],
    ];
    return html`
      <section id="environment">
        <h2>Environment</h2>
        <dl class="kv">
          ${rows.map(
            ([k, v]) =>
              html`<dt>${k}</dt>
                <dd>${v}</dd>`,
          )}
        </dl>
        ${renderInstrument(r)}
      </section>
    `;
  }

  private renderConfig(r: Results): TemplateResult {
    const c = r.config;
    const rows = configRows(r);
    return html`
      <section id="config">
        <h2>Configuration</h2>
        <dl class="kv">
          ${rows.map(
            ([k, v]) =>
              html`<dt>${k}</dt>
                <dd>${v}</dd>`,
          )}
        </dl>
        <div class="config-tables">
          ${ratesTable(c.rates)}
          <table class="plain wide">
            <caption>
              Renderers
            </caption>
            <thead>
              <tr>
                <th>name</th>
                <th>family</th>
                <th>output</th>
                <th>description</th>
                <th>packages</th>
              </tr>
            </thead>
            ${byFamily(r.renderers).map(
              (g) =>
                html`<tbody class="family" data-family=${g.family}>
                  <tr>
                    <th colspan="5" class="family-heading">${g.family || 'no family'}</th>
                  </tr>
                  ${g.renderers.map((x) => rendererRow(x, r.safety))}
                </tbody>`,
            )}
          </table>
          <table class="plain wide">
            <caption>
              Scenarios
            </caption>
            <thead>
              <tr>
                <th>name</th>
                <th>format</th>
                <th class="num">tokens</th>
                <th class="num">markers</th>
                <th>description</th>
              </tr>
            </thead>
            <tbody>
              ${r.scenarios.map(
                (x) =>
                  html`<tr>
                    <td class="nowrap">${x.name}</td>
                    <td>${x.format}</td>
                    <td class="num">${formatNumber(x.tokens, 'count')}</td>
                    <td class="num">${x.markers}</td>
                    <td>${x.description}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
    `;
  }
}

if (!customElements.get('sb-report')) customElements.define('sb-report', SbReport);

declare global {
  interface HTMLElementTagNameMap {
    'sb-report': SbReport;
    'sb-bar-chart': import('./bar-chart.ts').SbBarChart;
    'sb-line-chart': import('./line-chart.ts').SbLineChart;
    'sb-map-chart': import('./map-chart.ts').SbMapChart;
    'sb-stack-chart': import('./stack-chart.ts').SbStackChart;
  }
}
