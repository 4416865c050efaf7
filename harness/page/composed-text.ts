// The renderer's final text as a person sees the page, not as root.textContent sees it: text inside shadow
// roots (open, or closed ones caught by the attachShadow patch) and same-origin iframes counts. A root with
// neither keeps the plain root.textContent / root.innerText, so light-DOM renderers report exactly as before.
import { isElement, isIframe, isText } from './flat-tree.ts';
import { shadowRootOf } from './shadow-roots.ts';

export interface FinalTexts {
  /** Composed text content: the flat tree's text, in order. */
  finalText: string;
  /** The same, keeping only text whose element is rendered (like innerText: display/visibility hidden excluded). */
  finalVisibleText: string;
}

function hasComposedParts(root: Element): boolean {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (isElement(node) && (shadowRootOf(node) !== null || isIframe(node))) return true;
  }
  return false;
}

/** Children in the flat tree: a host's shadow content, a slot's assigned nodes, an iframe's body. */
export function flatChildren(node: Node): ArrayLike<Node> {
  if (!isElement(node)) return node.childNodes;
  const shadow = shadowRootOf(node);
  if (shadow) return shadow.childNodes;
  if (node.localName === 'slot') {
    const assigned = (node as HTMLSlotElement).assignedNodes();
    return assigned.length ? assigned : node.childNodes;
  }
  if (isIframe(node)) {
    const body = node.contentDocument?.body;
    return body ? [body] : [];
  }
  return node.childNodes;
}

export function finalTexts(root: HTMLElement): FinalTexts {
  if (!hasComposedParts(root)) return { finalText: root.textContent ?? '', finalVisibleText: root.innerText };
  const all: string[] = [];
  const shown: string[] = [];
  const rendered = new Map<Element, boolean>();
  const isRendered = (element: Element | null): boolean => {
    if (!element) return false;
    let known = rendered.get(element);
    if (known === undefined) rendered.set(element, (known = element.checkVisibility({ visibilityProperty: true })));
    return known;
  };
  const walk = (node: Node): void => {
    if (isText(node)) {
      all.push(node.data);
      const parent = node.parentElement ?? (node.parentNode as ShadowRoot | null)?.host ?? null;
      if (isRendered(parent)) shown.push(node.data);
      return;
    }
    const children = flatChildren(node);
    for (let i = 0; i < children.length; i++) walk(children[i] as Node);
  };
  walk(root);
  return { finalText: all.join(''), finalVisibleText: shown.join('') };
}
