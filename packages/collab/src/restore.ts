import * as Y from "yjs";
import { BODY } from "./body.ts";
import { docFromState } from "./state.ts";

/**
 * The update that turns the current document's body into a version's body, as a new change
 * on top of the history (nothing is rewound): every current block is deleted and the
 * version's blocks are inserted as copies. Applied by any replica, it converges like any
 * other edit.
 */
export function restoreUpdate(current: readonly Uint8Array[], version: Uint8Array): Uint8Array {
  const doc = docFromState(current);
  const source = docFromState([version]);
  try {
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      const body = doc.getXmlFragment(BODY);
      body.delete(0, body.length);
      copyChildren(source.getXmlFragment(BODY), body);
    });
    return Y.encodeStateAsUpdate(doc, before);
  } finally {
    doc.destroy();
    source.destroy();
  }
}

type Parent = Y.XmlFragment | Y.XmlElement;

/**
 * Copies `from`'s children into the empty `to`, level by level: each element is inserted with
 * its attributes only and then filled. Yjs's own clone() recurses (twice: the copy, then its
 * integration), so a version nested about a thousand levels deep (which Yjs stores and syncs
 * without complaint) would overflow the stack and could never be restored.
 */
function copyChildren(from: Parent, to: Parent): void {
  const pending: [Parent, Parent][] = [[from, to]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [source, target] = next;
    const children = source.toArray();
    target.insert(
      0,
      children.map((child) => {
        if (!(child instanceof Y.XmlElement)) return child.clone() as Y.XmlText;
        const shell = new Y.XmlElement(child.nodeName);
        for (const [key, value] of Object.entries(child.getAttributes())) {
          shell.setAttribute(key, value as string);
        }
        return shell;
      }),
    );
    children.forEach((child, index) => {
      if (child instanceof Y.XmlElement) pending.push([child, target.get(index) as Y.XmlElement]);
    });
  }
}
