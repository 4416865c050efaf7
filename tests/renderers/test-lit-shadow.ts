import { LitElement, html } from 'lit';
import { defineRenderer } from '../../harness/renderer/contract.ts';

// Test-only: the text lives in a Lit element's (open) shadow root, re-rendered from a growing string property
// on each chunk. The probe must see it as it sees light-DOM text: same time to visible as per-chunk-dom.
class StreamText extends LitElement {
  // No decorators (Chromium here cannot parse standard decorators left by Vite): static properties instead.
  static override properties = { text: { type: String } };
  // Declared, not a class field: a field initialiser would shadow Lit's reactive accessor under define semantics.
  declare text: string;

  constructor() {
    super();
    this.text = '';
  }

  override render() {
    return html`<div style="white-space: pre-wrap">${this.text}</div>`;
  }
}
const TAG = 'sb-test-stream-text';
if (!customElements.get(TAG)) customElements.define(TAG, StreamText);

export default defineRenderer({
  description: 'TEST: renders the text inside a Lit element (open shadow root)',
  output: 'text',
  create() {
    let root: HTMLElement | null = null;
    let element: StreamText | null = null;
    return {
      mount(el) {
        root = el;
        element = document.createElement(TAG) as StreamText;
        el.append(element);
      },
      push(chunk) {
        if (element) element.text += chunk;
      },
      end() {},
      dispose() {
        root?.replaceChildren();
      },
    };
  },
});
