// The safety check's in-page scan (driven by harness/page/safety-run.ts): the sentinel that payloads call when they
// execute, a walk of the renderer's DOM for markup a sanitiser should have removed (event-handler attributes,
// script-capable URLs, <script>, <object>, <embed>, srcdoc), across open and closed shadow roots and same-origin
// iframes, and the trigger that fires every surviving handler. Events are plain `Event`s: they run inline handlers
// but have no default action, so a click neither follows a link nor submits a form and the page stays put.
import { PAYLOADS, payloadIdIn, PWNED_MESSAGE_PREFIX } from '../../scenarios/unsafe-payloads.ts';
import type { Survivor } from './safety-protocol.ts';
import { isElement, isIframe } from './flat-tree.ts';
import { shadowRootOf } from './shadow-roots.ts';

declare global {
  interface Window {
    /** The safety check's sentinel: a payload that executes calls it with its id. */
    __streambenchPwned?: (id: unknown) => void;
  }
}

/** Records executed payload ids: direct sentinel calls and opaque-origin frames' messages. */
export interface Sentinel {
  readonly executed: string[];
  uninstall(): void;
}

export function installSentinel(): Sentinel {
  const executed: string[] = [];
  const record = (id: unknown): void => {
    const name = String(id);
    if (!executed.includes(name)) executed.push(name);
  };
  const onMessage = (event: MessageEvent): void => {
    if (typeof event.data === 'string' && event.data.startsWith(PWNED_MESSAGE_PREFIX)) {
      record(event.data.slice(PWNED_MESSAGE_PREFIX.length));
    }
  };
  window.__streambenchPwned = record;
  addEventListener('message', onMessage);
  return {
    executed,
    uninstall() {
      // Kept callable: a late payload (a timer, a frame still loading) must not throw into the next check.
      window.__streambenchPwned = () => {};
      removeEventListener('message', onMessage);
    },
  };
}

/** An element and the part of the page it sits in (light DOM, a shadow root, an iframe). */
interface Placed {
  element: Element;
  scope: string;
}

/** Every element under `root` (not `root` itself), descending into shadow roots and same-origin iframes. */
export function elementsUnder(root: Node, scope = ''): Placed[] {
  const found: Placed[] = [];
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!isElement(node)) continue;
    found.push({ element: node, scope });
    const shadow = shadowRootOf(node);
    if (shadow) found.push(...elementsUnder(shadow, `${scope} in the shadow root of <${node.localName}>`));
    if (isIframe(node)) {
      const inner = frameDocument(node);
      if (inner?.documentElement) {
        found.push({ element: inner.documentElement, scope: `${scope} in an iframe's document` });
        found.push(...elementsUnder(inner.documentElement, `${scope} in an iframe's document`));
      }
    }
  }
  return found;
}

/** A same-origin iframe's document; null when cross-origin (an opaque data: frame) or not loaded. */
function frameDocument(frame: HTMLIFrameElement): Document | null {
  try {
    return frame.contentDocument;
  } catch {
    return null;
  }
}

/** Attributes whose value is a URL the browser may navigate to or load as a document. */
const URL_ATTRIBUTES = new Set([
  'href',
  'xlink:href',
  'src',
  'action',
  'formaction',
  'data',
  'poster',
  'background',
  'codebase',
  'cite',
  // SVG <animate>/<set> can write a javascript: URL into href.
  'to',
  'from',
  'values',
]);

/** Document types a data: URL can load with script in it. */
const SCRIPTABLE_DATA = /^\s*(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml)/i;

/** The dangerous scheme of a URL attribute's value as the browser resolves it (case, tabs, entities), or null. */
export function dangerousUrl(value: string, element: Element): string | null {
  let url: URL;
  try {
    url = new URL(value, element.ownerDocument.baseURI);
  } catch {
    return null;
  }
  if (url.protocol === 'javascript:' || url.protocol === 'vbscript:') return url.protocol;
  // An <img> renders SVG as an image, without script; anywhere else a scriptable data: document is a page.
  if (url.protocol === 'data:' && element.localName !== 'img' && SCRIPTABLE_DATA.test(url.pathname)) {
    return `data:${SCRIPTABLE_DATA.exec(url.pathname)?.[1]?.toLowerCase() ?? ''}`;
  }
  return null;
}

const DANGEROUS_ELEMENTS = new Set(['script', 'object', 'embed']);

const KNOWN_IDS = PAYLOADS.map((p) => p.id);

/**
 * The payload an element or value belongs to, read from the sentinel call it carries. A half-streamed call
 * (`__streambenchPwned('scr`) names the one payload whose id it starts; `unknown` when it names none or several.
 */
function payloadOf(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Not percent-encoded: the text as it is.
  }
  const id = payloadIdIn(text) ?? payloadIdIn(decoded);
  if (id === null || KNOWN_IDS.includes(id)) return id ?? 'unknown';
  const candidates = KNOWN_IDS.filter((known) => known.startsWith(id));
  return candidates.length === 1 ? (candidates[0] as string) : 'unknown';
}

/** Dangerous attributes of one element: on* handlers, script-capable URLs, srcdoc. */
function dangerousAttributes({ element, scope }: Placed): Survivor[] {
  const found: Survivor[] = [];
  const tag = element.localName;
  for (const { name, value } of Array.from(element.attributes)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('on')) {
      found.push({ payload: payloadOf(value), where: `<${tag} ${lower}>${scope}` });
    } else if (lower === 'srcdoc') {
      found.push({ payload: payloadOf(value), where: `<${tag} srcdoc>${scope}` });
    } else if (URL_ATTRIBUTES.has(lower)) {
      const scheme = dangerousUrl(value, element);
      if (scheme) found.push({ payload: payloadOf(value), where: `<${tag} ${lower}="${scheme}…">${scope}` });
    }
  }
  return found;
}

/** What a sanitiser should have removed from under `root` (and `root` itself if asked), each payload and place once. */
export function scanDangerous(root: Node, withRoot = false): Survivor[] {
  const found: Survivor[] = [];
  const all = elementsUnder(root);
  if (withRoot && isElement(root)) all.unshift({ element: root, scope: '' });
  for (const placed of all) {
    const { element, scope } = placed;
    if (DANGEROUS_ELEMENTS.has(element.localName)) {
      const markup = [...Array.from(element.attributes, (a) => a.value), element.textContent ?? ''].join(' ');
      found.push({ payload: payloadOf(markup), where: `<${element.localName}>${scope}` });
    }
    found.push(...dangerousAttributes(placed));
  }
  return uniqueSurvivors(found);
}

export function uniqueSurvivors(list: readonly Survivor[]): Survivor[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const key = `${s.payload}\n${s.where}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Events fired at every element carrying a handler, besides the ones its own on* attributes name. */
const TRIGGER_EVENTS = ['mouseover', 'click', 'focus', 'load', 'error', 'toggle'];

/** Fires each element's handlers (plain events, no default actions); returns how many elements had any. */
export function triggerHandlers(root: Node): number {
  let elements = 0;
  for (const { element } of elementsUnder(root)) {
    const handlers = element.getAttributeNames().filter((n) => n.toLowerCase().startsWith('on'));
    if (!handlers.length) continue;
    elements++;
    // The element's own realm's Event: an iframe's element gets an event of its window.
    const EventOf = element.ownerDocument.defaultView?.Event ?? Event;
    const types = new Set([...handlers.map((n) => n.slice(2).toLowerCase()), ...TRIGGER_EVENTS]);
    for (const type of types) element.dispatchEvent(new EventOf(type));
  }
  return elements;
}
