// <sb-stack-chart>: horizontal stacked bars (chart.js, tree-shaken), one bar per label, e.g. an agent loop's
// wall time per renderer split into model, tool and UI-added time.
import { defineChart, STATIC_FILL, type ChartElement } from './chart-element.ts';
import type { ChartConfiguration, TooltipItem } from 'chart.js';

export interface StackSegment {
  label: string;
  color: string;
  /** One value per bar; null = nothing drawn. */
  values: Array<number | null>;
}

export interface StackChartSpec {
  /** One per bar; an array is drawn on several lines. */
  labels: Array<string | string[]>;
  segments: StackSegment[];
  xTitle: string;
  /** Formats a value for tooltips. */
  format: (value: number) => string;
  /** Formats axis ticks (defaults to `format`). */
  axisFormat?: (value: number) => string;
  /** Tooltip footer per bar (e.g. the total and the UI share). */
  describe?: (barIndex: number) => string;
}

export function stackChartConfig(
  spec: StackChartSpec,
): ChartConfiguration<'bar', Array<number | null>, string | string[]> {
  const tick = spec.axisFormat ?? spec.format;
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.segments.map((s) => ({
        label: s.label,
        data: s.values,
        backgroundColor: s.color,
        borderColor: '#ffffff',
        borderWidth: { right: 1 },
        barPercentage: 0.9,
        categoryPercentage: 0.8,
        maxBarThickness: 30,
      })),
    },
    options: {
      indexAxis: 'y',
      ...STATIC_FILL,
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: {
          type: 'linear',
          stacked: true,
          beginAtZero: true,
          title: { display: true, text: spec.xTitle },
          ticks: { callback: (value) => tick(Number(value)), maxTicksLimit: 8 },
        },
        y: { type: 'category', stacked: true, grid: { display: false }, ticks: { font: { size: 12 } } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 14 } },
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'bar'>) => {
              const v = spec.segments[item.datasetIndex]?.values[item.dataIndex];
              return `${item.dataset.label ?? ''}: ${v === null || v === undefined ? 'n/a' : spec.format(v)}`;
            },
            footer: (items: Array<TooltipItem<'bar'>>) =>
              spec.describe && items[0] ? spec.describe(items[0].dataIndex) : '',
          },
        },
      },
    },
  };
}

export type SbStackChart = ChartElement<StackChartSpec>;
export const SbStackChart = defineChart('sb-stack-chart', {
  config: stackChartConfig,
  box: 'chart-box-stack',
  // Height grows with the bars: ~44 px per bar plus axis and legend.
  boxStyle: (spec) => `height: ${90 + 44 * (spec?.labels.length ?? 1)}px`,
});
