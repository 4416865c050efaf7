// One chart element for every chart in the report: defineChart(tag, config) gives a custom element with the
// shared lifecycle (light DOM, since one stylesheet styles the page; a chart.js instance rebuilt whenever the
// spec changes and destroyed when the element leaves the page), so each chart module is only its config.
// Charts are drawn lazily: those near the view at once, the rest one per task after the first paint, so a report
// of a big suite opens without drawing dozens of charts first. A drawn chart's element carries `data-drawn`.
// Also the log-axis helpers the log-scale charts share.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type DefaultDataPoint,
} from 'chart.js';
import { LitElement, html, nothing, type TemplateResult } from 'lit';

// Every chart.js part the report's charts use, registered once (chart.js is tree-shaken: only these are bundled).
Chart.register(BarController, BarElement, LineController, LineElement, PointElement);
Chart.register(CategoryScale, LinearScale, LogarithmicScale, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
Chart.defaults.color = '#4b5563';

/** What a chart element exposes: the spec to draw and the canvas's accessible label. */
export interface ChartElement<Spec> extends LitElement {
  spec: Spec | null;
  label: string;
}

export interface ChartDefinition<Spec, TType extends ChartType, TData, TLabel> {
  /** The chart.js configuration for a spec. */
  config: (spec: Spec) => ChartConfiguration<TType, TData, TLabel>;
  /** Extra class of the box around the canvas (report.css sizes each kind), e.g. `chart-box-map`. */
  box?: string;
  /** Inline style of the box, for a size that depends on the spec. */
  boxStyle?: (spec: Spec | null) => string;
}

/** Charts not drawn yet, in the order they asked. */
const pending = new Map<Element, () => void>();
let draining = false;

/** Draws one pending chart per task until none is left (a long page stays responsive meanwhile). */
function drainPending(): void {
  const first = pending.entries().next();
  if (first.done) {
    draining = false;
    return;
  }
  pending.delete(first.value[0]);
  first.value[1]();
  setTimeout(drainPending, 0);
}

/** Draws charts as they come near the view (one screen ahead); the rest are drawn in the background. */
const nearView = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      nearView.unobserve(entry.target);
      const draw = pending.get(entry.target);
      pending.delete(entry.target);
      draw?.();
    }
  },
  { rootMargin: '100% 0px' },
);

function drawLater(element: Element, draw: () => void): void {
  pending.set(element, draw);
  nearView.observe(element);
  if (draining) return;
  draining = true;
  // After the first paint: the charts near the view are drawn by the observer first.
  requestAnimationFrame(() => setTimeout(drainPending, 0));
}

function cancelDraw(element: Element): void {
  pending.delete(element);
  nearView.unobserve(element);
}

/** Defines (once) and returns the custom element `tag` drawing `definition`'s chart. */
export function defineChart<Spec, TType extends ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown>(
  tag: string,
  definition: ChartDefinition<Spec, TType, TData, TLabel>,
): new () => ChartElement<Spec> {
  const boxClass = definition.box ? `chart-box ${definition.box}` : 'chart-box';
  class SbChart extends LitElement implements ChartElement<Spec> {
    static override properties = {
      spec: { attribute: false },
      label: { type: String },
    };

    declare spec: Spec | null;
    declare label: string;
    private chart: { destroy(): void } | null = null;

    constructor() {
      super();
      this.spec = null;
      this.label = '';
    }

    protected override createRenderRoot(): HTMLElement {
      return this;
    }

    override render(): TemplateResult {
      const style = definition.boxStyle?.(this.spec) ?? nothing;
      const canvas = html`<canvas role="img" aria-label=${this.label}></canvas>`;
      return html`<div class=${boxClass} style=${style}>${canvas}</div>`;
    }

    protected override updated(): void {
      this.clear();
      const canvas = this.querySelector('canvas');
      const spec = this.spec;
      if (!canvas || !spec) return;
      drawLater(this, () => {
        this.chart = new Chart(canvas, definition.config(spec));
        this.dataset.drawn = '';
      });
    }

    private clear(): void {
      cancelDraw(this);
      this.chart?.destroy();
      this.chart = null;
      delete this.dataset.drawn;
    }

    override disconnectedCallback(): void {
      super.disconnectedCallback();
      this.clear();
    }
  }
  const existing = customElements.get(tag) as (new () => ChartElement<Spec>) | undefined;
  if (existing) return existing;
  customElements.define(tag, SbChart);
  return SbChart;
}

/** Options every report chart shares: drawn once, no animation, filling the box report.css sizes. */
export const STATIC_FILL = { animation: false, responsive: true, maintainAspectRatio: false } as const;

/** Strokes one straight line from (x0, y0) to (x1, y1), dashed by `dash` (solid when empty); leaves no dash set. */
export function strokeLine(
  ctx: CanvasRenderingContext2D,
  [x0, y0]: readonly [number, number],
  [x1, y1]: readonly [number, number],
  style: { color: string; width: number; dash: number[] },
): void {
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.width;
  ctx.setLineDash(style.dash);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.setLineDash([]);
}

// ---- log axes ----

/** The leading digit of a value on a log axis, to one decimal: 2000 -> 2, 0.05 -> 5, 25 -> 2.5. */
export function mantissaOf(v: number): number {
  return Math.round((v / 10 ** Math.floor(Math.log10(v) + 1e-9)) * 10) / 10;
}

/** Whether a log-axis tick at `v` gets a label: the 1-2-5 steps of each decade. */
export function isOneTwoFive(v: number): boolean {
  const m = mantissaOf(v);
  return m === 1 || m === 2 || m === 5;
}

/** 10^floor / 10^ceil bounds around the positive values (1..1000 when there are none). */
export function decadeBounds(values: number[]): { min: number; max: number } {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return { min: 1, max: 1000 };
  const min = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  let max = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  if (max <= min) max = min * 10;
  return { min, max };
}
