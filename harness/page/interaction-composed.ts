// The answer as a person sees it, for the interaction observers (docs/interaction.md): its text nodes in order, its
// last text and its shadow roots, in the flat tree that composed-text.ts's flatChildren gives (a host's shadow
// content, a slot's assigned nodes, a same-origin iframe's body), so text a renderer or an app keeps in shadow roots
// (open, or closed ones caught by the attachShadow patch) is followed and selected like light-DOM text.
import { flatChildren } from './composed-text.ts';
import { isElement, isText } from './flat-tree.ts';
import { shadowRootOf } from './shadow-roots.ts';

/** The last text node under `node` in the flat tree with non-whitespace text (null: none). Cost: the tail walked. */
export function lastFlatText(node: Node): Text | null {
  if (isText(node)) return /\S/.test(node.data) ? node : null;
  const children = flatChildren(node);
  for (let i = children.length - 1; i >= 0; i--) {
    const found = lastFlatText(children[i] as Node);
    if (found) return found;
  }
  return null;
}

/** The text nodes under `node` in the flat tree, in order. */
export function* flatTexts(node: Node): Generator<Text> {
  if (isText(node)) {
    yield node;
    return;
  }
  const children = flatChildren(node);
  for (let i = 0; i < children.length; i++) yield* flatTexts(children[i] as Node);
}

/** The shadow roots under `node` in the flat tree (its own included, when it is a host). */
export function shadowRootsUnder(node: Node, into: ShadowRoot[] = []): ShadowRoot[] {
  const shadow = isElement(node) ? shadowRootOf(node) : null;
  if (shadow) into.push(shadow);
  const children = flatChildren(node);
  for (let i = 0; i < children.length; i++) shadowRootsUnder(children[i] as Node, into);
  return into;
}
