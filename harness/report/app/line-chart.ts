// <sb-line-chart>: lines over a linear x axis (chart.js, tree-shaken), e.g. the backlog of each renderer over
// stream time.
import { defineChart, STATIC_FILL, type ChartElement } from './chart-element.ts';
import type { ChartConfiguration, TooltipItem } from 'chart.js';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  label: string;
  color: string;
  points: LinePoint[];
}

export interface LineChartSpec {
  series: LineSeries[];
  xTitle: string;
  yTitle: string;
  /** Formats an x value for ticks and tooltips. */
  formatX: (x: number) => string;
  /** Formats a y value for ticks and tooltips. */
  formatY: (y: number) => string;
}

export function lineChartConfig(spec: LineChartSpec): ChartConfiguration<'line', LinePoint[]> {
  return {
    type: 'line',
    data: {
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.points,
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: 2,
        pointRadius: 0,
        pointHoverRadius: 3,
        tension: 0,
      })),
    },
    options: {
      ...STATIC_FILL,
      parsing: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      layout: { padding: { top: 4 } },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          title: { display: true, text: spec.xTitle },
          ticks: { callback: (value) => spec.formatX(Number(value)), maxTicksLimit: 8 },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          suggestedMax: 20,
          title: { display: true, text: spec.yTitle },
          ticks: { callback: (value) => spec.formatY(Number(value)), precision: 0 },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 14, boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items: Array<TooltipItem<'line'>>) => (items[0] ? spec.formatX(items[0].parsed.x ?? 0) : ''),
            label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${spec.formatY(item.parsed.y ?? 0)}`,
          },
        },
      },
    },
  };
}

export type SbLineChart = ChartElement<LineChartSpec>;
export const SbLineChart = defineChart('sb-line-chart', { config: lineChartConfig, box: 'chart-box-small' });
