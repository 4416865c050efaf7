// Copies the web-component chat widgets (a Lit 3 <chat-message> style element): the answer is a reactive
// property; each chunk appends to it, Lit batches the property changes into one update per microtask, and
// render() re-parses the WHOLE text (marked + DOMPurify) and hands the HTML to the unsafeHTML directive, which
// throws away the previous DOM and parses the new HTML when the string changed. So each update costs
// O(length so far) in parse, sanitise and DOM rebuild, all inside the element's shadow root.
import { LitElement, css, html } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { defineRenderer } from '../harness/renderer/contract.ts';
import { markdownToSafeHtml } from '../harness/renderer/markdown.ts';

class ChatMessage extends LitElement {
  // No decorators (Chromium here cannot parse the standard decorators Vite leaves in): static properties.
  static override properties = { text: { type: String } };
  static override styles = css`
    :host {
      display: block;
    }
  `;
  // Declared, not a class field: a field initialiser would shadow Lit's reactive accessor.
  declare text: string;

  constructor() {
    super();
    this.text = '';
  }

  override render() {
    return html`<div class="markdown">${unsafeHTML(markdownToSafeHtml(this.text))}</div>`;
  }
}
const TAG = 'sb-chat-message';
if (!customElements.get(TAG)) customElements.define(TAG, ChatMessage);

export default defineRenderer({
  description: 'Lit 3 custom element: whole text re-rendered (marked + DOMPurify, unsafeHTML) in its shadow root',
  output: 'markdown',
  family: 'framework',
  packages: ['lit', 'marked', 'dompurify'],
  source: {
    name: 'Lit web-component chat widgets (unsafeHTML of rendered markdown)',
    url: 'https://lit.dev/docs/templates/directives/#unsafehtml',
  },
  create() {
    let element: ChatMessage | null = null;
    return {
      mount(el) {
        element = document.createElement(TAG) as ChatMessage;
        el.append(element);
      },
      push(chunk) {
        if (element) element.text += chunk;
      },
      async end() {
        // Lit renders asynchronously (a microtask after the last change): resolve once it has.
        await element?.updateComplete;
      },
      dispose() {
        element?.remove();
        element = null;
      },
    };
  },
});
