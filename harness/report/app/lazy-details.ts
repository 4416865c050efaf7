// <sb-lazy-details>: a <details> whose content is built only when it is first opened, so a large suite's report does
// not build thousands of table rows on load (20 renderers make 190 pairwise comparisons per group; 3,420 rows held
// a 20 x 9 x 2 report at ~75,000 elements and made every chart's layout slow).
import { LitElement, html, nothing, type TemplateResult } from 'lit';

export class SbLazyDetails extends LitElement {
  static override properties = {
    summary: {},
    content: { attribute: false },
    opened: { state: true },
  };

  declare summary: string;
  declare content: (() => TemplateResult) | null;
  declare opened: boolean;

  constructor() {
    super();
    this.summary = '';
    this.content = null;
    this.opened = false;
  }

  // Light DOM: report.css styles the content.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private onToggle(event: Event): void {
    if ((event.target as HTMLDetailsElement).open) this.opened = true;
  }

  override render(): TemplateResult {
    return html`<details @toggle=${(e: Event) => this.onToggle(e)}>
      <summary>${this.summary}</summary>
      ${this.opened && this.content ? this.content() : nothing}
    </details>`;
  }
}

if (!customElements.get('sb-lazy-details')) customElements.define('sb-lazy-details', SbLazyDetails);

declare global {
  interface HTMLElementTagNameMap {
    'sb-lazy-details': SbLazyDetails;
  }
}
