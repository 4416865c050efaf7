// The lifecycle every chart element shares: light DOM (one stylesheet styles the page), and a chart.js
// instance rebuilt whenever the spec changes and destroyed when the element leaves the page.
import { Chart, type ChartConfiguration } from 'chart.js';
import { LitElement } from 'lit';

export abstract class ChartElement<Spec> extends LitElement {
  static override properties = {
    spec: { attribute: false },
    label: { type: String },
  };

  declare spec: Spec | null;
  declare label: string;
  private chart: Chart | null = null;

  constructor() {
    super();
    this.spec = null;
    this.label = '';
  }

  /** The chart.js configuration for a spec. */
  protected abstract chartConfig(spec: Spec): ChartConfiguration;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(): void {
    this.chart?.destroy();
    this.chart = null;
    const canvas = this.querySelector('canvas');
    if (!canvas || !this.spec) return;
    this.chart = new Chart(canvas, this.chartConfig(this.spec));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = null;
  }
}
