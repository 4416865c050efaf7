// <sb-map-chart>: the bottleneck map. TTV p95 (log y) against token rate (log x), one line per renderer
// (chart.js, tree-shaken). A tiny plugin draws the annotations: the TTV budget as a dashed horizontal line
// with the zone above it tinted, and labelled vertical lines at reference rates.
import {
  decadeBounds,
  defineChart,
  isOneTwoFive,
  mantissaOf,
  STATIC_FILL,
  strokeLine,
  type ChartElement,
} from './chart-element.ts';
import {
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  type ChartOptions,
  type ChartType,
  type Plugin,
  type PointStyle,
  type ScriptableLineSegmentContext,
  type TooltipItem,
} from 'chart.js';
import type { MapPoint } from '../data.ts';
import { formatAxisMs } from '../../common/format.ts';

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
    mapAnnotations?: TType extends 'line' ? MapAnnotationsOptions : never;
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
        strokeLine(ctx, [area.left, yb], [area.right, yb], { color: BUDGET_COLOR, width: 1.5, dash: [6, 4] });
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
      strokeLine(ctx, [xr, area.top], [xr, area.bottom], { color: REFERENCE_COLOR, width: 1, dash: [2, 3] });
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

const DECADE_GRID = 'rgba(0, 0, 0, 0.14)';

/** Grid lines of a log axis: decades darker, 2 and 5 light, the rest barely there. */
function logGridColor(value: number): string {
  const m = mantissaOf(value);
  return m === 1 ? DECADE_GRID : m === 2 || m === 5 ? 'rgba(0, 0, 0, 0.07)' : 'rgba(0, 0, 0, 0.025)';
}

/** Axis ticks for rates: `10`, `500`, `2k`, `20k`. */
function axisRate(v: number): string {
  return v >= 1000 ? `${Number((v / 1000).toFixed(1))}k` : `${Number(v.toFixed(1))}`;
}

type XY = { x: number; y: number };

/** The map's axis ranges, and whether an over-budget band sits on top. */
interface MapBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  /** The top edge, where over-budget points (null TTV) are drawn. */
  yMax: number;
  anyOver: boolean;
}

function mapBounds(spec: MapChartSpec): MapBounds {
  const points = spec.series.flatMap((s) => s.points);
  const ttvs = points.flatMap((p) => (p.ttvP95Ms === null ? [] : [p.ttvP95Ms]));
  const rates = [...points.map((p) => p.rateTokPerS), ...spec.references.map((r) => r.tokPerS)];
  const yBounds = decadeBounds([...ttvs, spec.budgetMs, spec.budgetMs * 2]);
  // Over-budget points (null TTV) sit on the top edge, which then gets its own tick label instead of a value:
  // a band well above the highest measured TTV, so they cannot be read as a measurement.
  const anyOver = points.some((p) => p.ttvP95Ms === null);
  const finiteMax = Math.max(...ttvs, spec.budgetMs * 2);
  return {
    xMin: Math.min(...rates) / 1.4,
    xMax: Math.max(...rates) * 1.4,
    yMin: yBounds.min,
    yMax: anyOver ? finiteMax * 4 : Math.max(yBounds.max, finiteMax * 1.5),
    anyOver,
  };
}

/** One renderer's line: squares for cells, circles for sweep probes (hollow when failed), triangles on top. */
function mapDataset(s: MapChartSeries, top: number): ChartDataset<'line', XY[]> {
  const pointStyleOf = (p: MapPoint): PointStyle =>
    p.ttvP95Ms === null ? 'triangle' : p.source === 'cell' ? 'rect' : 'circle';
  const hollow = (p: MapPoint) => p.source === 'sweep' && p.pass === false && p.ttvP95Ms !== null;
  const over = (i: number) => s.points[i]?.ttvP95Ms === null;
  return {
    label: s.label,
    data: s.points.map((p) => ({ x: p.rateTokPerS, y: p.ttvP95Ms ?? top })),
    borderColor: s.color,
    backgroundColor: s.color,
    borderWidth: 2,
    tension: 0,
    clip: false as const,
    pointStyle: s.points.map(pointStyleOf),
    pointRadius: s.points.map((p) => (p.ttvP95Ms === null ? 6 : p.source === 'cell' ? 5 : 4)),
    pointHoverRadius: s.points.map((p) => (p.ttvP95Ms === null ? 8 : 6)),
    pointBorderWidth: 2,
    pointBorderColor: s.color,
    pointBackgroundColor: s.points.map((p) => (hollow(p) ? '#ffffff' : s.color)),
    segment: {
      // A segment to or from an over-budget point is dashed: the line only says "somewhere above".
      borderDash: (ctx: ScriptableLineSegmentContext) =>
        over(ctx.p0DataIndex) || over(ctx.p1DataIndex) ? [5, 4] : undefined,
    },
  };
}

/** Log x (rates, 1-2-5 labels) and log y (TTV, with the `over ▲` band on top when needed). */
function mapScales(b: MapBounds): ChartOptions<'line'>['scales'] {
  const inBand = (v: number) => b.anyOver && v >= b.yMax;
  return {
    x: {
      type: 'logarithmic',
      min: b.xMin,
      max: b.xMax,
      title: { display: true, text: 'token rate (tok/s, log scale)' },
      grid: { color: (ctx) => logGridColor(ctx.tick?.value ?? 1) },
      ticks: {
        autoSkip: false,
        maxRotation: 0,
        callback: (value) => (isOneTwoFive(Number(value)) ? axisRate(Number(value)) : ''),
      },
    },
    y: {
      type: 'logarithmic',
      min: b.yMin,
      max: b.yMax,
      title: { display: true, text: 'TTV p95 (log scale)' },
      grid: { color: (ctx) => (inBand(ctx.tick?.value ?? 0) ? DECADE_GRID : logGridColor(ctx.tick?.value ?? 1)) },
      ticks: {
        autoSkip: false,
        callback: (value) => {
          const v = Number(value);
          if (inBand(v)) return 'over ▲';
          // Keep value labels clear of the top band.
          if (b.anyOver && v > b.yMax / 2) return '';
          return isOneTwoFive(v) ? formatAxisMs(v) : '';
        },
      },
    },
  };
}

/** The tooltip line of one point: its TTV (or why it is over budget) and where it comes from. */
function mapPointLabel(spec: MapChartSpec, s: MapChartSeries, p: MapPoint): string {
  const ttv =
    p.ttvP95Ms === null ? `over budget (${p.note ?? 'never visible'})` : `TTV p95 ${spec.formatMs(p.ttvP95Ms)}`;
  const runs = `${p.runs} run${p.runs === 1 ? '' : 's'}`;
  const named = p.rateName && p.rateName !== String(p.rateTokPerS) ? ` (${p.rateName})` : '';
  const where =
    p.source === 'sweep'
      ? `sweep probe, ${p.passRuns ?? 0}/${runs} kept up`
      : `benchmark cell${named}, median of ${runs}`;
  return `${s.label}: ${ttv} · ${where}`;
}

export function mapChartConfig(spec: MapChartSpec): ChartConfiguration<'line', XY[]> {
  const bounds = mapBounds(spec);
  return {
    type: 'line',
    data: { datasets: spec.series.map((s) => mapDataset(s, bounds.yMax)) },
    options: {
      ...STATIC_FILL,
      parsing: false,
      interaction: { mode: 'nearest', intersect: true },
      layout: { padding: { top: 26, right: 58 } },
      scales: mapScales(bounds),
      plugins: {
        // The report draws one legend for all maps (same renderers, same colours); a chart alone can ask for its own.
        legend: { display: spec.legend ?? false, position: 'bottom', labels: { boxWidth: 18, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items: Array<TooltipItem<'line'>>) => (items[0] ? spec.formatRate(items[0].parsed.x ?? 0) : ''),
            label: (item: TooltipItem<'line'>) => {
              const s = spec.series[item.datasetIndex];
              const p = s?.points[item.dataIndex];
              return s && p ? mapPointLabel(spec, s, p) : '';
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

export type SbMapChart = ChartElement<MapChartSpec>;
export const SbMapChart = defineChart('sb-map-chart', { config: mapChartConfig, box: 'chart-box-map' });
