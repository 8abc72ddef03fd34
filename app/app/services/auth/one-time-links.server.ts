import { generateSecret, hashSecret, parseSessionToken, verifySecret } from "@nuri/auth";
import { and, eq, gt, isNull, oneTimeLinks, type TenantTx } from "@nuri/db";

/** How long a set-up or reset link stays valid. */
export const ONE_TIME_LINK_HOURS = { setup: 72, reset: 24 } as const;

/**
 * Creates a one-time link for a person to choose a password (the first administrator's set-up,
 * or a reset by an administrator) and returns its token, `<id>.<secret>`; only the secret's
 * hash is stored. Every earlier unused link of the person stops working, whatever its purpose.
 */
export async function createOneTimeLink(
  tx: TenantTx,
  input: { tenantId: string; userId: string; purpose: "setup" | "reset"; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  await cancelOneTimeLinks(tx, input.tenantId, input.userId, now);
  const id = generateSecret();
  const secret = generateSecret();
  const expiresAt = new Date(now.getTime() + ONE_TIME_LINK_HOURS[input.purpose] * 3_600_000);
  await tx.insert(oneTimeLinks).values({
    tenantId: input.tenantId,
    id,
    userId: input.userId,
    purpose: input.purpose,
    secretHash: hashSecret(secret),
    expiresAt,
  });
  return { token: `${id}.${secret}`, expiresAt };
}

/** The link's person and purpose if the token is valid, unused and unexpired; does not use it up. */
export async function findOneTimeLink(tx: TenantTx, tenantId: string, token: string, now = new Date()) {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const [link] = await tx
    .select()
    .from(oneTimeLinks)
    .where(
      and(
        eq(oneTimeLinks.tenantId, tenantId),
        eq(oneTimeLinks.id, parsed.id),
        isNull(oneTimeLinks.usedAt),
        gt(oneTimeLinks.expiresAt, now),
      ),
    );
  if (!link || !verifySecret(parsed.secret, link.secretHash)) return null;
  return { id: link.id, userId: link.userId, purpose: link.purpose };
}

/** Marks a link used, in the transaction that sets the password; false if it was used meanwhile. */
export async function useOneTimeLink(
  tx: TenantTx,
  tenantId: string,
  linkId: string,
  now = new Date(),
): Promise<boolean> {
  const used = await tx
    .update(oneTimeLinks)
    .set({ usedAt: now })
    .where(and(eq(oneTimeLinks.tenantId, tenantId), eq(oneTimeLinks.id, linkId), isNull(oneTimeLinks.usedAt)))
    .returning({ id: oneTimeLinks.id });
  return used.length === 1;
}

/**
 * Ends every unused link of a person: when a new one is made, when one is used, when the person
 * changes their password or is disabled. A link that went astray must not outlive any of these.
 */
export async function cancelOneTimeLinks(
  tx: TenantTx,
  tenantId: string,
  userId: string,
  now = new Date(),
): Promise<number> {
  const cancelled = await tx
    .update(oneTimeLinks)
    .set({ usedAt: now })
    .where(
      and(eq(oneTimeLinks.tenantId, tenantId), eq(oneTimeLinks.userId, userId), isNull(oneTimeLinks.usedAt)),
    )
    .returning({ id: oneTimeLinks.id });
  return cancelled.length;
}
