/**
 * WebSocket close codes the collab-server uses (4000–4999 are the application's own). Each
 * refusal has its own, so a client (and a test) can tell why it was sent away.
 */
export const CloseCode = {
  /** The path names no valid room. */
  badRoom: 4400,
  /** No ticket, or a forged, malformed or expired one. */
  badTicket: 4401,
  /** A valid ticket, but for another room. */
  foreignRoom: 4403,
  /** A read-only connection sent a change. */
  readOnly: 4405,
  /** A frame that is not the y-websocket protocol. */
  protocolError: 4406,
} as const;
