/**
 * The root of a Nuri document's Y.Doc: the XmlFragment that Tiptap's Collaboration extension
 * binds to (its default field name). Projection and restore read and write only this root.
 */
export const BODY = "default";
