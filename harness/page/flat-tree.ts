// Walking up the tree a person sees: from a node to its parent across shadow boundaries (host) and
// same-origin iframe documents (the <iframe> element). Node types are tested by number, not instanceof,
// because nodes in an iframe belong to another realm.

const ELEMENT = 1;
const TEXT = 3;
const DOCUMENT = 9;
const FRAGMENT = 11;

export const isElement = (node: Node): node is Element => node.nodeType === ELEMENT;
export const isText = (node: Node): node is Text => node.nodeType === TEXT;
export const isShadowRoot = (node: Node): node is ShadowRoot => node.nodeType === FRAGMENT && 'host' in node;
export const isIframe = (node: Node): node is HTMLIFrameElement => isElement(node) && node.localName === 'iframe';

/** The node that contains `node` in the composed tree: parent, shadow host, or the iframe of a document. */
export function composedParent(node: Node): Node | null {
  if (isShadowRoot(node)) return node.host;
  if (node.nodeType === DOCUMENT) return (node as Document).defaultView?.frameElement ?? null;
  return node.parentNode;
}

/** Whether `node` is `root` or inside it, across shadow roots and same-origin iframes. Cost: the node's depth. */
export function isInside(root: Node, node: Node): boolean {
  for (let at: Node | null = node; at; at = composedParent(at)) if (at === root) return true;
  return false;
}

/**
 * The element whose box and style the node renders in: the slot it is assigned to (open shadow roots only;
 * a closed root hides its slots, so slotted content falls back to its light-DOM parent), else its parent
 * element, else the host of the shadow root it sits in. Null at the top of a document or when detached.
 */
export function flatParentElement(node: Node): Element | null {
  const slot = (node as Element | Text).assignedSlot;
  if (slot) return slot;
  const parent = node.parentNode;
  if (!parent) return null;
  if (isElement(parent)) return parent;
  return isShadowRoot(parent) ? parent.host : null;
}
