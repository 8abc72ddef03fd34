import { and, documents, eq, withTenant } from "@nuri/db";
import { isUuid } from "../documents/spaces-context.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";

/**
 * The body of an approval as the page shows it before the live editor has loaded (and to a
 * browser without scripts): the body frozen at completion, else the collab-server's latest
 * projection of the body document (escaped text and allow-listed elements only). Null when the
 * approval does not exist in the tenant or the person has no relation to it.
 */
export async function getApprovalBodyHtml(
  ctx: Pick<ApprovalsActor, "db" | "tenantId" | "userId">,
  input: { approvalId: string; now?: Date },
): Promise<string | null> {
  if (!isUuid(input.approvalId)) return null;
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId);
    if (!loaded) return null;
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, input.now);
    if (relations.size === 0) return null;
    if (loaded.approval.bodyHtml !== null) return loaded.approval.bodyHtml;
    const [body] = await tx
      .select({ html: documents.contentHtml })
      .from(documents)
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, loaded.approval.bodyDocumentId)));
    return body?.html ?? "";
  });
}
