// The report's safety verdicts (results.safety, from `--safety`): a Safety section with one row per markdown
// renderer (safe, or the payloads that executed or survived into its DOM, each with where it survived), and the
// safe/unsafe badge the renderers table shows beside a renderer's output. Payload ids are explained by the
// catalogue the results carry (scenarios/unsafe-payloads.ts).
import { html, nothing, type TemplateResult } from 'lit';
import type { Results, SafetyResult, SafetyResults } from '../../results/types.ts';

/** The badge for one renderer: `safe`, `unsafe` (with what got through as its title), or nothing if unchecked. */
export function safetyBadge(safety: SafetyResults | undefined, renderer: string): TemplateResult | typeof nothing {
  const result = safety?.renderers.find((r) => r.renderer === renderer);
  if (!result) return nothing;
  if (result.safe) return html` <span class="safety-badge safe" title="no injection payload got through">safe</span>`;
  const through = throughIds(result);
  const title = through.length ? `got through: ${through.join(', ')}` : `not checked: ${result.error ?? ''}`;
  return html` <span class="safety-badge unsafe" title=${title}>${through.length ? 'unsafe' : 'unchecked'}</span>`;
}

function throughIds(result: SafetyResult): string[] {
  return [...new Set([...result.executed, ...result.survived.map((s) => s.payload)])];
}

function ids(list: readonly string[]): TemplateResult | typeof nothing {
  if (!list.length) return html`<span class="muted">none</span>`;
  return html`${list.map((id, i) => html`${i ? ', ' : ''}<code>${id}</code>`)}`;
}

/** Survived payloads, each once, with every place it was found as the title. */
function survivedCell(result: SafetyResult): TemplateResult {
  const places = new Map<string, string[]>();
  for (const s of result.survived) places.set(s.payload, [...(places.get(s.payload) ?? []), s.where]);
  if (!places.size) return html`<span class="muted">none</span>`;
  return html`${[...places].map(
    ([id, where], i) => html`${i ? ', ' : ''}<code title=${where.join('; ')}>${id}</code>`,
  )}`;
}

function row(result: SafetyResult): TemplateResult {
  const verdict = result.safe
    ? html`<strong class="safety-safe">safe</strong>`
    : throughIds(result).length
      ? html`<strong class="safety-unsafe">unsafe</strong>`
      : html`<strong class="safety-unsafe">not checked</strong>`;
  return html`<tr data-renderer=${result.renderer} data-safe=${String(result.safe)}>
    <td class="nowrap"><span class="renderer">${result.renderer}</span></td>
    <td>${verdict}${result.error ? html`<br /><span class="muted">${result.error}</span>` : nothing}</td>
    <td>${ids(result.executed)}</td>
    <td>${survivedCell(result)}</td>
  </tr>`;
}

function payloadList(safety: SafetyResults): TemplateResult {
  return html`<details>
    <summary>The ${safety.payloads.length} payloads</summary>
    <table class="plain wide">
      <thead>
        <tr>
          <th>id</th>
          <th>vector</th>
          <th>runs</th>
        </tr>
      </thead>
      <tbody>
        ${safety.payloads.map(
          (p) =>
            html`<tr>
              <td class="nowrap"><code>${p.id}</code></td>
              <td>${p.vector}${p.control ? html` <span class="muted">(control: must stay text)</span>` : nothing}</td>
              <td>${p.trigger}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}

/** The Safety section, or nothing when the run had no safety check. */
export function renderSafety(r: Results): TemplateResult | typeof nothing {
  const safety = r.safety;
  if (!safety) return nothing;
  const unsafe = safety.renderers.filter((x) => !x.safe);
  const headline = !safety.renderers.length
    ? 'No markdown renderer was selected, so nothing was checked.'
    : unsafe.length
      ? `${unsafe.length} of ${safety.renderers.length} markdown renderers let a payload through: ` +
        `${unsafe.map((x) => x.renderer).join(', ')}.`
      : `All ${safety.renderers.length} markdown renderers are safe: no payload executed, none survived.`;
  return html`
    <section id="safety">
      <h2>Safety: injection payloads in streamed markdown</h2>
      <p class=${unsafe.length ? 'banner banner-bad' : 'banner banner-ok'}>${headline}</p>
      <p class="muted">
        <code>${safety.scenario}</code> streamed in ${safety.chunks} chunks into each markdown renderer. Executed: the
        payload's script ran (by itself, or when the check fired the handlers that survived). Survived: an event
        handler, a <code>javascript:</code>/<code>vbscript:</code>/scriptable <code>data:</code> URL, a
        <code>&lt;script&gt;</code>, <code>&lt;object&gt;</code>, <code>&lt;embed&gt;</code> or <code>srcdoc</code>
        left in the DOM (shadow roots and same-origin frames included), a user's click away from running. Hover an id
        for where it survived.
      </p>
      <table class="plain wide safety">
        <thead>
          <tr>
            <th>renderer</th>
            <th>verdict</th>
            <th>executed</th>
            <th>survived</th>
          </tr>
        </thead>
        <tbody>
          ${safety.renderers.map(row)}
        </tbody>
      </table>
      ${payloadList(safety)}
    </section>
  `;
}
