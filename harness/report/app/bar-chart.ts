// <sb-bar-chart>: a grouped bar chart (chart.js, tree-shaken) with 95%-CI whiskers drawn by a tiny plugin.
import {
  decadeBounds,
  defineChart,
  isOneTwoFive,
  STATIC_FILL,
  strokeLine,
  type ChartElement,
} from './chart-element.ts';
import { Chart, type ChartConfiguration, type ChartType, type Plugin, type TooltipItem } from 'chart.js';

/** A confidence interval; a null bound is open-ended (drawn to the edge of the plot with an arrow). */
export type Interval = readonly [low: number | null, high: number | null];

export interface BarSeries {
  label: string;
  color: string;
  /** One value per label; null = no bar. */
  values: Array<number | null>;
  /** One interval per label; null = no whisker. */
  ci: Array<Interval | null>;
  /** Text drawn in place of a missing bar (e.g. `failed`, `never visible`). */
  notes: Array<string | null>;
}

export interface BarChartSpec {
  labels: string[];
  series: BarSeries[];
  yTitle: string;
  log: boolean;
  /** Formats a value for tooltips. */
  format: (value: number) => string;
  /** Formats axis ticks (defaults to `format`). */
  axisFormat?: (value: number) => string;
  /** Tooltip suffix per series and label, e.g. the interval's achieved level. */
  describe?: (seriesIndex: number, labelIndex: number) => string;
}

export interface CiWhiskersOptions {
  ci?: Array<Array<Interval | null>>;
  notes?: Array<Array<string | null>>;
  /** Values below this are drawn at it (log axes cannot show zero). */
  floor?: number;
  color?: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    ciWhiskers?: TType extends 'bar' ? CiWhiskersOptions : never;
  }
}

/** Draws ciLow..ciHigh on each bar with caps; an open bound runs to the plot edge and ends in an arrow. */
export const ciWhiskersPlugin: Plugin<'bar', CiWhiskersOptions> = {
  id: 'ciWhiskers',
  afterDatasetsDraw(chart, _args, opts) {
    const { ctx, chartArea } = chart;
    const yScale = chart.scales.y;
    if (!yScale) return;
    const floor = opts.floor ?? -Infinity;
    const pixel = (v: number) => yScale.getPixelForValue(Math.max(v, floor));
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top - 6, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top + 6);
    ctx.clip();
    chart.data.datasets.forEach((_dataset, i) => {
      if (!chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      meta.data.forEach((element, j) => {
        const { x, width } = element.getProps(['x', 'width'], true) as { x: number; width: number };
        if (!Number.isFinite(x)) return;
        const note = opts.notes?.[i]?.[j];
        if (note) {
          ctx.save();
          ctx.translate(x, chartArea.bottom - 4);
          ctx.rotate(-Math.PI / 2);
          ctx.fillStyle = note === 'failed' ? '#b91c1c' : '#6b7280';
          ctx.font = `italic 11px ${Chart.defaults.font.family}`;
          ctx.textBaseline = 'middle';
          ctx.fillText(note, 0, 0);
          ctx.restore();
        }
        const ci = opts.ci?.[i]?.[j];
        if (!ci) return;
        const [low, high] = ci;
        const yLow = low === null ? chartArea.bottom : pixel(low);
        const yHigh = high === null ? chartArea.top : pixel(high);
        const cap = Math.max(3, Math.min(width * 0.3, 7));
        const color = opts.color ?? '#111827';
        ctx.fillStyle = color;
        const dash = low === null || high === null ? [4, 3] : [];
        strokeLine(ctx, [x, yLow], [x, yHigh], { color, width: 1.5, dash });
        const end = (y: number, open: boolean, up: boolean) => {
          ctx.beginPath();
          if (open) {
            const d = up ? 1 : -1;
            ctx.moveTo(x - cap, y + d * cap);
            ctx.lineTo(x, y);
            ctx.lineTo(x + cap, y + d * cap);
          } else {
            ctx.moveTo(x - cap, y);
            ctx.lineTo(x + cap, y);
          }
          ctx.stroke();
        };
        end(yLow, low === null, false);
        end(yHigh, high === null, true);
      });
    });
    ctx.restore();
  },
};

export function chartConfig(spec: BarChartSpec): ChartConfiguration<'bar', Array<number | null>, string> {
  const all = spec.series.flatMap((s) => [
    ...s.values.filter((v): v is number => v !== null),
    ...s.ci.flatMap((c) => (c ? c.filter((v): v is number => v !== null) : [])),
  ]);
  const log = spec.log ? decadeBounds(all) : null;
  const floor = log?.min;
  const tick = spec.axisFormat ?? spec.format;
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.values.map((v) => (v === null ? null : floor !== undefined ? Math.max(v, floor) : v)),
        backgroundColor: `${s.color}cc`,
        borderColor: s.color,
        borderWidth: 1,
        maxBarThickness: 56,
      })),
    },
    options: {
      ...STATIC_FILL,
      interaction: { mode: 'nearest', intersect: true },
      layout: { padding: { top: 8 } },
      scales: {
        x: { grid: { display: false } },
        y: log
          ? {
              type: 'logarithmic',
              min: log.min,
              max: log.max,
              title: { display: true, text: spec.yTitle },
              ticks: { callback: (value) => (isOneTwoFive(Number(value)) ? tick(Number(value)) : '') },
            }
          : {
              type: 'linear',
              beginAtZero: true,
              // Leave room for the highest whisker, not just the highest bar.
              suggestedMax: Math.max(10, ...all.filter((v) => Number.isFinite(v)).map((v) => v * 1.05)),
              title: { display: true, text: spec.yTitle },
              ticks: { callback: (value) => tick(Number(value)) },
            },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 14 } },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'bar'>) => {
              const s = spec.series[item.datasetIndex];
              if (!s) return '';
              const v = s.values[item.dataIndex];
              const ci = s.ci[item.dataIndex];
              const bound = (b: number | null | undefined) => (b === null || b === undefined ? '…' : spec.format(b));
              const range = ci ? ` [${bound(ci[0])}–${bound(ci[1])}]` : '';
              const extra = spec.describe ? spec.describe(item.datasetIndex, item.dataIndex) : '';
              return `${s.label}: ${v === null || v === undefined ? 'n/a' : spec.format(v)}${range}${extra}`;
            },
          },
        },
        ciWhiskers: {
          ci: spec.series.map((s) => s.ci),
          notes: spec.series.map((s) => s.notes),
          ...(floor !== undefined ? { floor } : {}),
        },
      },
    },
    plugins: [ciWhiskersPlugin],
  };
}

export type SbBarChart = ChartElement<BarChartSpec>;
export const SbBarChart = defineChart('sb-bar-chart', { config: chartConfig });
