// The injection payloads of the `unsafe-markdown` scenario (scenarios/content/unsafe-markdown.md), by id. Each
// payload, if it runs, calls the page's sentinel with its id (`__streambenchPwned('<id>')`, or from an opaque-origin
// frame `top.postMessage('streambench-pwned:<id>', '*')`), so the safety check (harness/run/safety.ts) can say which
// one executed; the same id in a dangerous attribute or element says which one survived into the DOM. Pure data:
// the content file is the source of truth, and tests/unit/safety-scenario.test.ts keeps the two in step.

/** When the payload would run if it reached the DOM unsanitised. */
export type PayloadTrigger = 'on insert' | 'on event' | 'on click' | 'never';

export interface Payload {
  id: string;
  /** The vector, as a reader of the report needs it. */
  vector: string;
  trigger: PayloadTrigger;
  /**
   * A control, not an attack: the same markup inside a code block or code span, which every renderer must show
   * as text. If its id ever executes or survives, the renderer turned code into HTML.
   */
  control?: true;
}

export const UNSAFE_SCENARIO = 'unsafe-markdown';

/** Prefix of the sentinel message an opaque-origin frame posts to the page. */
export const PWNED_MESSAGE_PREFIX = 'streambench-pwned:';

export const PAYLOADS: readonly Payload[] = [
  { id: 'md-link-js', vector: 'markdown link to a javascript: URL', trigger: 'on click' },
  { id: 'md-link-mixed-case', vector: 'markdown link to a JaVaScRiPt: URL (mixed case)', trigger: 'on click' },
  { id: 'md-link-entity', vector: 'markdown link to &#106;avascript: (entity-encoded scheme)', trigger: 'on click' },
  { id: 'md-autolink', vector: 'markdown autolink <javascript:...>', trigger: 'on click' },
  { id: 'md-image-js', vector: 'markdown image with a javascript: URL', trigger: 'never' },
  { id: 'img-onerror', vector: '<img src=x onerror=...> (raw HTML block)', trigger: 'on insert' },
  { id: 'svg-onload', vector: '<svg onload=...>', trigger: 'on event' },
  { id: 'button-onclick', vector: '<button onclick=...>', trigger: 'on click' },
  { id: 'span-onmouseover', vector: '<span onmouseover=...>', trigger: 'on event' },
  { id: 'html-a-js', vector: 'raw HTML <a href="javascript:...">', trigger: 'on click' },
  { id: 'html-a-mixed-case', vector: 'raw HTML <a href="JaVaScRiPt:...">', trigger: 'on click' },
  {
    id: 'html-a-entity-tab',
    vector: 'raw HTML <a href="java&#x09;script:..."> (tab inside the scheme)',
    trigger: 'on click',
  },
  { id: 'html-a-vbscript', vector: 'raw HTML <a href="vbscript:...">', trigger: 'never' },
  {
    id: 'details-ontoggle',
    vector: '<details open ontoggle=...> (fires by itself when inserted)',
    trigger: 'on insert',
  },
  {
    id: 'script-split',
    vector: '<script> block, its tag split across network chunks (inert after innerHTML; runs if a DOM API inserts it)',
    trigger: 'on insert',
  },
  { id: 'iframe-srcdoc', vector: '<iframe srcdoc="<script>...">', trigger: 'on insert' },
  { id: 'iframe-js-src', vector: '<iframe src="javascript:...">', trigger: 'on insert' },
  { id: 'iframe-data', vector: '<iframe src="data:text/html,<script>...">', trigger: 'on insert' },
  { id: 'iframe-onload', vector: '<iframe onload=... src=about:blank>', trigger: 'on insert' },
  { id: 'object-data', vector: '<object data="data:text/html,<script>...">', trigger: 'on insert' },
  { id: 'embed-js-src', vector: '<embed src="javascript:..."> (Chromium does not run it)', trigger: 'never' },
  { id: 'form-action', vector: '<form action="javascript:...">', trigger: 'on click' },
  { id: 'input-autofocus', vector: '<input autofocus onfocus=...>', trigger: 'on insert' },
  { id: 'button-formaction', vector: '<button formaction="javascript:...">', trigger: 'on click' },
  { id: 'svg-xlink-href', vector: '<svg><a xlink:href="javascript:...">', trigger: 'on click' },
  {
    id: 'fence-info',
    vector: 'code fence info string "ts"><svg/onload=...>" (breaks out of a class="language-..." template)',
    trigger: 'on insert',
  },
  { id: 'code-block-inert', vector: '<img onerror> inside a fenced code block', trigger: 'never', control: true },
  { id: 'inline-code-inert', vector: '<script> inside a code span', trigger: 'never', control: true },
];

/** The id a sentinel call or message names in `text` (an attribute value, a script, a URL), or null. */
export function payloadIdIn(text: string): string | null {
  const match = /(?:__streambenchPwned\(\s*['"]|streambench-pwned:)([a-z0-9-]+)/i.exec(text);
  return match?.[1] ?? null;
}
