/**
 * WebSocket close codes the collab-server uses (4000–4999 are the application's own). Each
 * refusal has its own, so a client (and a test) can tell why it was sent away. y-websocket's
 * provider does not reconnect after 4400–4499: those say that trying again cannot help. The
 * 41xx codes ask the client to reconnect with a fresh ticket.
 */
export const CloseCode = {
  /** The server is shutting down: reconnect (to another instance). */
  goingAway: 1001,
  /** The server could not load the document (the database failed): reconnect later. */
  internalError: 1011,
  /** The person's permission changed: fetch a fresh ticket (which carries the new one) and reconnect. */
  permissionChanged: 4100,
  /** The path names no valid room. */
  badRoom: 4400,
  /** No ticket, or a forged, malformed or expired one. */
  badTicket: 4401,
  /** A valid ticket, but for another room. */
  foreignRoom: 4403,
  /** The tenant has no such document. */
  noSuchDocument: 4404,
  /** A read-only connection sent a change. */
  readOnly: 4405,
  /** A frame that is not the y-websocket protocol. */
  protocolError: 4406,
  /** The document is as large as it may be: the change was not applied. */
  documentTooLarge: 4413,
  /** The person's access to the document was removed. */
  accessRevoked: 4410,
  /** Too many messages a second. */
  rateLimited: 4429,
  /** The document has as many connections as it may. */
  documentFull: 4430,
  /** The person has as many connections, or documents open, as they may. */
  personLimit: 4431,
  /** The tenant has as many connections, or documents open, as it may. */
  tenantLimit: 4432,
} as const;
