/**
 * Where browsers reach the collab-server, and the key tickets are signed with. Both come from
 * the environment the launcher (or the operator) sets: COLLAB_PUBLIC_URL (e.g.
 * wss://collab.example.go.kr; the CSP's connect-src allows exactly it) and
 * COLLAB_TICKET_SECRET (the same value the collab-server has).
 */
export interface CollabConfig {
  publicUrl: string;
  ticketKey: Uint8Array;
}

let cached: CollabConfig | null = null;

export function collabConfig(env: NodeJS.ProcessEnv = process.env): CollabConfig {
  if (cached && env === process.env) return cached;
  const secret = env.COLLAB_TICKET_SECRET ?? "";
  if (Buffer.byteLength(secret) < 32) {
    throw new Error("COLLAB_TICKET_SECRET must be set to the collab-server's secret (at least 32 bytes).");
  }
  const publicUrl = env.COLLAB_PUBLIC_URL || `ws://127.0.0.1:${env.COLLAB_PORT || 1234}`;
  if (!/^wss?:\/\/[^/?#]+$/.test(publicUrl)) {
    throw new Error(
      `COLLAB_PUBLIC_URL must be ws:// or wss:// and a host only, got ${JSON.stringify(publicUrl)}.`,
    );
  }
  const config = { publicUrl, ticketKey: Buffer.from(secret) };
  if (env === process.env) cached = config;
  return config;
}
