// <sb-map-chart>: the bottleneck map. TTV p95 (log y) against token rate (log x), one line per renderer
// (chart.js, tree-shaken). A tiny plugin draws the annotations: the TTV budget as a dashed horizontal line
// with the zone above it tinted, and labelled vertical lines at reference rates.
import { html } from 'lit';
import { ChartElement } from './chart-element.ts';
import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
  type PointStyle,
  type ScriptableLineSegmentContext,
  type TooltipItem,
} from 'chart.js';
import type { MapPoint } from '../data.ts';
import { formatAxisMs } from '../../common/format.ts';

Chart.register(LineController, LineElement, PointElement, LogarithmicScale, Legend, Tooltip);

export interface MapChartSeries {
  label: string;
  color: string;
  /** Sorted by rate. A null TTV is drawn at the top edge as a triangle. */
  points: MapPoint[];
}

export interface MapChartSpec {
  series: MapChartSeries[];
  budgetMs: number;
  /** Labelled vertical lines (e.g. `frontier 55` at 55 tok/s). */
  references: ReadonlyArray<{ tokPerS: number; label: string }>;
  /** Formats a TTV for tooltips and the budget label (`50 ms`, `1.2 s`). */
  formatMs: (ms: number) => string;
  /** Formats a token rate for tooltips (`2,300 tok/s`). */
  formatRate: (tokPerS: number) => string;
  /** Draw chart.js's legend below the chart (default false: the report shows one shared legend). */
  legend?: boolean;
}

export interface MapAnnotationsOptions {
  budgetMs?: number;
  budgetLabel?: string;
  references?: ReadonlyArray<{ tokPerS: number; label: string }>;
  overLabel?: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    mapAnnotations?: MapAnnotationsOptions;
  }
}

const BUDGET_COLOR = '#b91c1c';
const REFERENCE_COLOR = '#6b7280';

/** Budget line (dashed, labelled, the zone above tinted) and labelled vertical reference lines, under the data. */
export const mapAnnotationsPlugin: Plugin<'line', MapAnnotationsOptions> = {
  id: 'mapAnnotations',
  beforeDatasetsDraw(chart, _args, opts) {
    const { ctx, chartArea: area } = chart;
    const x = chart.scales.x;
    const y = chart.scales.y;
    if (!x || !y) return;
    const font = Chart.defaults.font.family;
    ctx.save();
    if (opts.budgetMs !== undefined) {
      const yb = y.getPixelForValue(opts.budgetMs);
      if (yb > area.top && yb < area.bottom) {
        ctx.fillStyle = 'rgba(185, 28, 28, 0.05)';
        ctx.fillRect(area.left, area.top, area.right - area.left, yb - area.top);
        ctx.strokeStyle = BUDGET_COLOR;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(area.left, yb);
        ctx.lineTo(area.right, yb);
        ctx.stroke();
        ctx.setLineDash([]);
        // Labels in the right-hand gutter, where no data is drawn: the budget on its line, and "over budget"
        // written up along the tinted zone above it.
        const gx = area.right + 6;
        ctx.fillStyle = BUDGET_COLOR;
        ctx.font = `600 11px ${font}`;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        const [first, ...rest] = (opts.budgetLabel ?? '').split(' ');
        ctx.fillText(first ?? '', gx, yb - 7);
        ctx.fillText(rest.join(' '), gx, yb + 7);
        if (opts.overLabel) {
          ctx.font = `italic 11px ${font}`;
          const width = ctx.measureText(opts.overLabel).width;
          if (yb - area.top - 20 > width) {
            ctx.save();
            ctx.translate(gx + 6, (area.top + yb - 14) / 2);
            ctx.rotate(-Math.PI / 2);
            ctx.textAlign = 'center';
            ctx.fillStyle = 'rgba(185, 28, 28, 0.8)';
            ctx.fillText(opts.overLabel, 0, 0);
            ctx.restore();
          }
        }
      }
    }
    for (const ref of opts.references ?? []) {
      const xr = x.getPixelForValue(ref.tokPerS);
      if (!(xr > area.left && xr < area.right)) continue;
      ctx.strokeStyle = REFERENCE_COLOR;
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(xr, area.top);
      ctx.lineTo(xr, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      // The label sits above the plot (in the top padding), clear of the over-budget markers on the top edge.
      ctx.fillStyle = '#374151';
      ctx.font = `600 11px ${font}`;
      ctx.textBaseline = 'bottom';
      ctx.textAlign = 'center';
      const width = ctx.measureText(ref.label).width;
      const cx = Math.min(Math.max(xr, area.left + width / 2), chart.width - width / 2 - 2);
      ctx.fillText(ref.label, cx, area.top - 8);
    }
    ctx.restore();
  },
};

/** 10^floor / 10^ceil bounds around positive values. */
function decadeBounds(values: number[]): { min: number; max: number } {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return { min: 1, max: 1000 };
  const min = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  let max = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  if (max <= min) max = min * 10;
  return { min, max };
}

function mantissaOf(v: number): number {
  return Math.round((v / 10 ** Math.floor(Math.log10(v) + 1e-9)) * 10) / 10;
}

/** Grid lines of a log axis: decades darker, 2 and 5 light, the rest barely there. */
function logGridColor(value: number): string {
  const m = mantissaOf(value);
  return m === 1 ? 'rgba(0, 0, 0, 0.14)' : m === 2 || m === 5 ? 'rgba(0, 0, 0, 0.07)' : 'rgba(0, 0, 0, 0.025)';
}

/** Axis ticks for rates: `10`, `500`, `2k`, `20k`. */
function axisRate(v: number): string {
  return v >= 1000 ? `${Number((v / 1000).toFixed(1))}k` : `${Number(v.toFixed(1))}`;
}

type XY = { x: number; y: number };

export function mapChartConfig(spec: MapChartSpec): ChartConfiguration<'line', XY[]> {
  const points = spec.series.flatMap((s) => s.points);
  const ttvs = points.flatMap((p) => (p.ttvP95Ms === null ? [] : [p.ttvP95Ms]));
  const rates = [...points.map((p) => p.rateTokPerS), ...spec.references.map((r) => r.tokPerS)];
  const yBounds = decadeBounds([...ttvs, spec.budgetMs, spec.budgetMs * 2]);
  // Over-budget points (null TTV) sit on the top edge, which then gets its own tick label instead of a value:
  // a band well above the highest measured TTV, so they cannot be read as a measurement.
  const anyOver = points.some((p) => p.ttvP95Ms === null);
  const finiteMax = Math.max(...ttvs, spec.budgetMs * 2);
  const yMax = anyOver ? finiteMax * 4 : Math.max(yBounds.max, finiteMax * 1.5);
  const top = yMax;
  const xMin = Math.min(...rates) / 1.4;
  const xMax = Math.max(...rates) * 1.4;
  const hollow = (p: MapPoint) => p.source === 'sweep' && p.pass === false && p.ttvP95Ms !== null;
  return {
    type: 'line',
    data: {
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.points.map((p) => ({ x: p.rateTokPerS, y: p.ttvP95Ms ?? top })),
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: 2,
        tension: 0,
        clip: false as const,
        pointStyle: s.points.map((p): PointStyle => (p.ttvP95Ms === null ? 'triangle' : p.source === 'cell' ? 'rect' : 'circle')),
        pointRadius: s.points.map((p) => (p.ttvP95Ms === null ? 6 : p.source === 'cell' ? 5 : 4)),
        pointHoverRadius: s.points.map((p) => (p.ttvP95Ms === null ? 8 : 6)),
        pointBorderWidth: 2,
        pointBorderColor: s.color,
        pointBackgroundColor: s.points.map((p) => (hollow(p) ? '#ffffff' : s.color)),
        segment: {
          // A segment to or from an over-budget point is dashed: the line only says "somewhere above".
          borderDash: (ctx: ScriptableLineSegmentContext) =>
            s.points[ctx.p0DataIndex]?.ttvP95Ms === null || s.points[ctx.p1DataIndex]?.ttvP95Ms === null ? [5, 4] : undefined,
        },
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', intersect: true },
      layout: { padding: { top: 26, right: 58 } },
      scales: {
        x: {
          type: 'logarithmic',
          min: xMin,
          max: xMax,
          title: { display: true, text: 'token rate (tok/s, log scale)' },
          grid: { color: (ctx) => logGridColor(ctx.tick?.value ?? 1) },
          ticks: {
            autoSkip: false,
            maxRotation: 0,
            callback: (value) => {
              const v = Number(value);
              const m = mantissaOf(v);
              return m === 1 || m === 2 || m === 5 ? axisRate(v) : '';
            },
          },
        },
        y: {
          type: 'logarithmic',
          min: yBounds.min,
          max: yMax,
          title: { display: true, text: 'TTV p95 (log scale)' },
          grid: { color: (ctx) => (anyOver && (ctx.tick?.value ?? 0) >= yMax ? 'rgba(0, 0, 0, 0.14)' : logGridColor(ctx.tick?.value ?? 1)) },
          ticks: {
            autoSkip: false,
            callback: (value) => {
              const v = Number(value);
              if (anyOver && v >= yMax) return 'over ▲';
              // Keep value labels clear of the top band.
              if (anyOver && v > yMax / 2) return '';
              const m = mantissaOf(v);
              return m === 1 || m === 2 || m === 5 ? formatAxisMs(v) : '';
            },
          },
        },
      },
      plugins: {
        // The report draws one legend for all maps (same renderers, same colours); a chart alone can ask for its own.
        legend: { display: spec.legend ?? false, position: 'bottom', labels: { boxWidth: 18, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items: Array<TooltipItem<'line'>>) => (items[0] ? spec.formatRate(items[0].parsed.x ?? 0) : ''),
            label: (item: TooltipItem<'line'>) => {
              const s = spec.series[item.datasetIndex];
              const p = s?.points[item.dataIndex];
              if (!s || !p) return '';
              const ttv = p.ttvP95Ms === null ? `over budget (${p.note ?? 'never visible'})` : `TTV p95 ${spec.formatMs(p.ttvP95Ms)}`;
              const where =
                p.source === 'sweep'
                  ? `sweep probe, ${p.passRuns ?? 0}/${p.runs} run${p.runs === 1 ? '' : 's'} kept up`
                  : `benchmark cell${p.rateName && p.rateName !== String(p.rateTokPerS) ? ` (${p.rateName})` : ''}, median of ${p.runs} run${p.runs === 1 ? '' : 's'}`;
              return `${s.label}: ${ttv} · ${where}`;
            },
          },
        },
        mapAnnotations: {
          budgetMs: spec.budgetMs,
          budgetLabel: `budget ${spec.formatMs(spec.budgetMs)}`,
          references: spec.references,
          overLabel: 'over budget',
        },
      },
    },
    plugins: [mapAnnotationsPlugin],
  };
}

export class SbMapChart extends ChartElement<MapChartSpec> {
  protected override chartConfig(spec: MapChartSpec): ChartConfiguration {
    return mapChartConfig(spec) as unknown as ChartConfiguration;
  }

  override render() {
    return html`<div class="chart-box chart-box-map"><canvas role="img" aria-label=${this.label}></canvas></div>`;
  }
}

if (!customElements.get('sb-map-chart')) customElements.define('sb-map-chart', SbMapChart);
