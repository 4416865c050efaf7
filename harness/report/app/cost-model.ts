// <sb-cost-model>: the per-chunk cost model (results.costModel, timed in Node after the suite), shown in the
// bottleneck-map section below the saturation table: a log-log chart of per-call cost against the accumulated
// text length, one line per op, with the gap between chunks at each configured rate drawn across it, and the
// generated sentences (harness/report/cost-sentences.ts) that tie it to saturation. <sb-cost-chart> draws the chart.
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { Chart, type ChartConfiguration, type ChartType, type Plugin, type TooltipItem } from 'chart.js';
import type { CostModel, CostModelOp } from '../../microbench/cost-model.ts';
import type { Results } from '../../results/types.ts';
import { formatCharsShort, formatCost, formatTokPerS } from '../../common/format.ts';
import { COST_OP_LABELS, costModelLines } from '../cost-sentences.ts';
import { defineChart, mantissaOf, STATIC_FILL, strokeLine, type ChartElement } from './chart-element.ts';

const OP_COLORS: Record<CostModelOp['op'], string> = {
  'full-parse': '#dc2626',
  'incremental-parse': '#7c3aed',
  append: '#059669',
};

export interface CostChartSpec {
  ops: CostModelOp[];
  /** Horizontal lines: the gap between chunks at each rate, in µs. */
  gaps: Array<{ label: string; us: number }>;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    costGaps?: TType extends 'line' ? { gaps?: CostChartSpec['gaps'] } : never;
  }
}

/** Dashed horizontal lines at the chunk gaps, labelled at their left end, under the data. */
const gapLinesPlugin: Plugin<'line', { gaps?: CostChartSpec['gaps'] }> = {
  id: 'costGaps',
  beforeDatasetsDraw(chart, _args, opts) {
    const { ctx, chartArea: area } = chart;
    const y = chart.scales.y;
    if (!y) return;
    ctx.save();
    for (const gap of opts.gaps ?? []) {
      const py = y.getPixelForValue(gap.us);
      if (!(py > area.top && py < area.bottom)) continue;
      strokeLine(ctx, [area.left, py], [area.right, py], { color: '#6b7280', width: 1, dash: [4, 4] });
      ctx.fillStyle = '#374151';
      ctx.font = `600 11px ${Chart.defaults.font.family}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'bottom';
      ctx.fillText(gap.label, area.left + 6, py - 3);
    }
    ctx.restore();
  },
};

type XY = { x: number; y: number };

export function costChartConfig(spec: CostChartSpec): ChartConfiguration<'line', XY[]> {
  const ys = [...spec.ops.flatMap((o) => o.points.map((p) => p.meanUs)), ...spec.gaps.map((g) => g.us)].filter(
    (v) => v > 0,
  );
  const xs = spec.ops.flatMap((o) => o.points.map((p) => p.chars));
  const yMin = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...ys) * 1.5));
  const logTick = (format: (v: number) => string) => (value: string | number) => {
    const v = Number(value);
    const m = mantissaOf(v);
    return m === 1 ? format(v) : '';
  };
  return {
    type: 'line',
    data: {
      datasets: spec.ops.map((o) => ({
        label: COST_OP_LABELS[o.op],
        data: o.points.filter((p) => p.meanUs > 0).map((p) => ({ x: p.chars, y: p.meanUs })),
        borderColor: OP_COLORS[o.op],
        backgroundColor: OP_COLORS[o.op],
        borderWidth: 2,
        pointRadius: 4,
        pointHoverRadius: 6,
        tension: 0,
      })),
    },
    options: {
      ...STATIC_FILL,
      parsing: false,
      interaction: { mode: 'nearest', intersect: true },
      layout: { padding: { top: 4, right: 12 } },
      scales: {
        x: {
          type: 'logarithmic',
          min: Math.min(...xs) / 1.3,
          max: Math.max(...xs) * 1.3,
          title: { display: true, text: 'accumulated text (characters, log scale)' },
          // Ticks at the measured lengths only (1k, 4k, 16k, 64k): the points the lines join.
          afterBuildTicks: (axis) => {
            axis.ticks = [...new Set(xs)].sort((a, b) => a - b).map((value) => ({ value }));
          },
          ticks: { autoSkip: false, maxRotation: 0, callback: (value) => formatCharsShort(Math.round(Number(value))) },
        },
        y: {
          type: 'logarithmic',
          min: yMin,
          max: yMax,
          title: { display: true, text: 'JS time per chunk (mean, log scale)' },
          grid: {
            color: (ctx) => (mantissaOf(ctx.tick?.value ?? 1) === 1 ? 'rgba(0, 0, 0, 0.14)' : 'rgba(0, 0, 0, 0.03)'),
          },
          ticks: { autoSkip: false, callback: logTick((v) => formatCost(v / 1000)) },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 18, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items: Array<TooltipItem<'line'>>) =>
              items[0] ? `${formatCharsShort(items[0].parsed.x ?? 0)} characters` : '',
            label: (item: TooltipItem<'line'>) => {
              const op = spec.ops[item.datasetIndex];
              const p = op?.points.filter((q) => q.meanUs > 0)[item.dataIndex];
              if (!op || !p) return '';
              const ms = (us: number) => formatCost(us / 1000);
              return (
                `${COST_OP_LABELS[op.op]}: mean ${ms(p.meanUs)} ±${p.rmePct.toFixed(1)}% · p50 ${ms(p.p50Us)} · ` +
                `p99 ${ms(p.p99Us)} (${p.samples} samples)`
              );
            },
          },
        },
        costGaps: { gaps: spec.gaps },
      },
    },
    plugins: [gapLinesPlugin],
  };
}

export type SbCostChart = ChartElement<CostChartSpec>;
export const SbCostChart = defineChart('sb-cost-chart', { config: costChartConfig, box: 'chart-box-cost' });

export class SbCostModel extends LitElement {
  static override properties = { results: { attribute: false } };

  declare results: Results | null;

  constructor() {
    super();
    this.results = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult | typeof nothing {
    const r = this.results;
    const model: CostModel | undefined = r?.costModel;
    if (!r || !model || model.ops.length === 0) return nothing;
    const tokensPerChunk = Math.max(1, r.config.tokensPerChunk);
    const rates = [...new Set(r.config.rates.map((x) => x.tokPerS))].sort((a, b) => b - a);
    const spec: CostChartSpec = {
      ops: model.ops,
      gaps: rates.map((tokPerS) => {
        const gapMs = (1000 * tokensPerChunk) / tokPerS;
        return { label: `${formatTokPerS(tokPerS)}: ${formatCost(gapMs)} between chunks`, us: gapMs * 1000 };
      }),
    };
    const c = model.config;
    const env = model.environment;
    return html`
      <div class="cost-model" id="cost-model">
        <h3>Cost model: why a strategy saturates where it does</h3>
        <p class="muted cost-model-intro">
          The JavaScript work a strategy does per chunk, timed in Node (tinybench, ${c.timeMs} ms per measurement) as
          the answer grows. The dashed lines are the time between chunks at each configured rate: per-chunk work above a
          line cannot keep up at that rate. JS only: DOM writes, style, layout and paint come on top.
        </p>
        <figure class="cost-chart">
          <sb-cost-chart
            label="JS time per chunk against accumulated text length, per operation"
            .spec=${spec}
          ></sb-cost-chart>
        </figure>
        <ul class="cost-model-lines">
          ${costModelLines(r).map((l) => html`<li class="cost-model-line" data-kind=${l.kind}>${l.text}</li>`)}
        </ul>
        <details class="cost-model-details">
          <summary>Operations, exponents and how it was measured</summary>
          <ul>
            ${model.ops.map(
              (o) =>
                html`<li>
                  <strong>${COST_OP_LABELS[o.op]}</strong> (<code>${o.op}</code>): ${o.description}; cost ~
                  length^${o.exponent.toFixed(2)} (on the median: ${o.exponentP50.toFixed(2)}).
                </li>`,
            )}
          </ul>
          <p class="muted">
            Node ${env.node}, ${env.cpuModel}, ${env.cores} cores, ${env.date}; tinybench ${c.tinybench}, ${c.timeMs} ms
            per measurement after ${c.warmupMs} ms warm-up.
          </p>
          <ul class="muted">
            ${model.notes.map((n) => html`<li>${n}</li>`)}
          </ul>
        </details>
      </div>
    `;
  }
}

if (!customElements.get('sb-cost-model')) customElements.define('sb-cost-model', SbCostModel);

declare global {
  interface HTMLElementTagNameMap {
    'sb-cost-chart': SbCostChart;
    'sb-cost-model': SbCostModel;
  }
}
