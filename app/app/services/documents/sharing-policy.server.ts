import { sendCollabNotice } from "@nuri/collab";
import { and, count, type Db, documents, eq, recordAudit, tenants, withTenant } from "@nuri/db";
import type { OrgActor } from "../org/org-context.server.ts";

// The tenant administrator's policy on public links (tenants.allow_public_links, off by default).

/** Whether the agency allows public links, and how many documents have one now. */
export async function readPublicLinkPolicy(
  db: Db,
  tenantId: string,
): Promise<{ allowPublicLinks: boolean; publicDocuments: number }> {
  return withTenant(db, tenantId, async (tx) => {
    const [tenant] = await tx
      .select({ allowPublicLinks: tenants.allowPublicLinks })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    const [links] = await tx
      .select({ n: count() })
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), eq(documents.linkAccess, "public")));
    return { allowPublicLinks: tenant?.allowPublicLinks ?? false, publicDocuments: links?.n ?? 0 };
  });
}

/**
 * Allows or forbids public links. Forbidding them narrows every public link of the agency to
 * its members (link_access agency, same role), in the same transaction: a policy that says "no"
 * must not leave documents open. Members keep what they had; collab connections recheck.
 */
export async function setPublicLinkPolicy(
  ctx: OrgActor,
  input: { allowPublicLinks: boolean },
): Promise<{ changed: boolean; narrowed: number }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const [tenant] = await tx
      .select({ allowPublicLinks: tenants.allowPublicLinks })
      .from(tenants)
      .where(eq(tenants.id, ctx.tenantId))
      .for("update");
    if (!tenant) throw new Error(`tenant ${ctx.tenantId} vanished while its policy was being changed`);
    if (tenant.allowPublicLinks === input.allowPublicLinks) return { changed: false, narrowed: 0 };
    await tx
      .update(tenants)
      .set({ allowPublicLinks: input.allowPublicLinks, updatedAt: new Date() })
      .where(eq(tenants.id, ctx.tenantId));
    const narrowed = input.allowPublicLinks
      ? []
      : await tx
          .update(documents)
          .set({ linkAccess: "agency" })
          .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.linkAccess, "public")))
          .returning({ id: documents.id });
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "tenant.policy.public_links",
      target: { type: "tenant", id: ctx.tenantId },
      ip: ctx.ip,
      details: { allowPublicLinks: input.allowPublicLinks, narrowedLinks: narrowed.length },
    });
    for (const document of narrowed) {
      await sendCollabNotice(tx, { kind: "recheck", tenantId: ctx.tenantId, documentId: document.id });
    }
    return { changed: true, narrowed: narrowed.length };
  });
}
