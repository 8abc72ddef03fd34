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
      const copies = source
        .getXmlFragment(BODY)
        .toArray()
        .map((node) => node.clone()) as (Y.XmlElement | Y.XmlText)[];
      body.insert(0, copies);
    });
    return Y.encodeStateAsUpdate(doc, before);
  } finally {
    doc.destroy();
    source.destroy();
  }
}
