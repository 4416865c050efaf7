// Shadow roots the probe can reach: Element.prototype.attachShadow is patched when this module loads (the
// probe imports it, and main.ts imports the probe before the renderer registry), so every root a renderer
// attaches later, closed ones included, is recorded and announced. Same-origin iframes get the same patch
// on their own Element.prototype when the probe first reaches them.

type ShadowListener = (shadow: ShadowRoot) => void;

/** Every root attached since the patch, by host: closed roots are not reachable through host.shadowRoot. */
const rootsByHost = new WeakMap<Element, ShadowRoot>();
const listeners = new Set<ShadowListener>();
const patched = new WeakSet<object>();

interface RealmWithElement {
  Element: typeof Element;
}

/** Patches attachShadow in a realm (the page's window or a same-origin iframe's); idempotent. */
export function patchAttachShadow(realm: RealmWithElement): void {
  const proto = realm.Element.prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  const original = proto.attachShadow;
  proto.attachShadow = function attachShadow(this: Element, init: ShadowRootInit): ShadowRoot {
    const shadow = original.call(this, init);
    rootsByHost.set(this, shadow);
    for (const listener of listeners) listener(shadow);
    return shadow;
  };
}

patchAttachShadow(globalThis as unknown as RealmWithElement);

/** The element's shadow root, open or closed (closed only if attached after the patch). */
export function shadowRootOf(element: Element): ShadowRoot | null {
  return element.shadowRoot ?? rootsByHost.get(element) ?? null;
}

/** Calls `listener` for every shadow root attached from now on; returns the unsubscribe function. */
export function onShadowRoot(listener: ShadowListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
