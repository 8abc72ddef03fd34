import { createHash } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { auditLog } from "./schema/index.ts";
import type { TenantTx } from "./tenant.ts";

export interface AuditActor {
  kind: "user" | "operator" | "system" | "anonymous";
  id?: string | null;
  /** The name as it reads now (the log keeps it even if the person is renamed later). */
  label: string;
}

export interface AuditEvent {
  actor: AuditActor;
  /** A dotted verb, e.g. `auth.sign_in`, `org.department.create`. */
  action: string;
  target?: { type: string; id: string } | null;
  ip?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

const GENESIS: Uint8Array = new Uint8Array(32);

/** The exact bytes that an entry's hash covers, in a form that survives jsonb's round trip. */
function canonical(entry: {
  tenantId: string;
  seq: number;
  occurredAt: Date;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}): string {
  const details = Object.fromEntries(
    Object.entries(entry.details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify([
    entry.tenantId,
    entry.seq,
    entry.occurredAt.toISOString(),
    entry.actorKind,
    entry.actorId,
    entry.actorLabel,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.ip,
    details,
  ]);
}

function chainHash(prevHash: Uint8Array, content: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(prevHash).update(content, "utf8").digest());
}

/** The hash an entry must carry: SHA-256 over the previous entry's hash and this entry's content. */
export function auditEntryHash(prevHash: Uint8Array, entry: Parameters<typeof canonical>[0]): Uint8Array {
  return chainHash(prevHash, canonical(entry));
}

/**
 * Appends one entry to the tenant's audit log inside the caller's transaction, so the entry
 * exists exactly when the action it records does. Entries of one tenant are serialised by an
 * advisory lock; each holds the hash of the one before and of its own content.
 */
export async function recordAudit(tx: TenantTx, tenantId: string, event: AuditEvent): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('nuri.audit:' || ${tenantId}, 0))`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const entry = {
    tenantId,
    seq: (last?.seq ?? 0) + 1,
    occurredAt: new Date(),
    actorKind: event.actor.kind,
    actorId: event.actor.id ?? null,
    actorLabel: event.actor.label,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    ip: event.ip ?? null,
    details: event.details ?? {},
  };
  const prevHash = last?.hash ?? GENESIS;
  await tx.insert(auditLog).values({ ...entry, prevHash, hash: chainHash(prevHash, canonical(entry)) });
  return entry.seq;
}

export type AuditVerification =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAt: number; problem: "missing" | "altered" | "relinked" };

/**
 * Walks the tenant's chain from the first entry and reports the first broken link: an entry
 * whose content no longer matches its hash (altered), a gap in the sequence (missing), or an
 * entry that does not point at its predecessor's hash (relinked).
 */
export async function verifyAuditChain(tx: TenantTx, tenantId: string): Promise<AuditVerification> {
  const rows = await tx
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId)))
    .orderBy(asc(auditLog.seq));
  let prevHash: Uint8Array = GENESIS;
  let expectedSeq = 1;
  for (const row of rows) {
    if (row.seq !== expectedSeq)
      return { ok: false, entries: rows.length, brokenAt: expectedSeq, problem: "missing" };
    if (!sameBytes(row.prevHash, prevHash))
      return { ok: false, entries: rows.length, brokenAt: row.seq, problem: "relinked" };
    const { hash, prevHash: _, ...content } = row;
    if (!sameBytes(hash, chainHash(prevHash, canonical(content)))) {
      return { ok: false, entries: rows.length, brokenAt: row.seq, problem: "altered" };
    }
    prevHash = hash;
    expectedSeq++;
  }
  return { ok: true, entries: rows.length };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
