const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ROOM = new RegExp(`^/(${UUID})/(${UUID})$`);

/** A document's room: the tenant and the document, both from the URL path. */
export interface Room {
  tenantId: string;
  documentId: string;
  /** `<tenantId>/<documentId>`: the key of the loaded document. */
  name: string;
}

/**
 * Reads the room from an upgrade request's path, `/<tenant uuid>/<document uuid>`, strictly:
 * lower-case uuids, nothing before, nothing after. Anything else is no room at all. This runs
 * before any other work on a connection.
 */
export function parseRoom(path: string): Room | null {
  if (path.length > 80) return null;
  const match = ROOM.exec(path);
  if (!match) return null;
  const [, tenantId, documentId] = match as unknown as [string, string, string];
  return { tenantId, documentId, name: `${tenantId}/${documentId}` };
}
