import { compactState } from "@nuri/collab";
import { readStoredState } from "@nuri/collab/store";
import { documents, recordAudit, withTenant } from "@nuri/db";
import { projectState } from "./create.server.ts";
import { MAX_TITLE } from "./properties-rules.server.ts";
import { recordVisitIn } from "./spaces.server.ts";
import { type DocumentsActor, requireDocumentRole, spacesNotFound } from "./spaces-context.server.ts";

/** The copy's title: "<title> 사본", the original cut so that the whole fits MAX_TITLE characters. */
export function copyTitle(title: string, suffix = "사본"): string {
  const room = MAX_TITLE - [...suffix].length - 1;
  const original = [...title];
  const kept = original.length > room ? `${original.slice(0, room - 1).join("")}…` : title;
  return kept ? `${kept} ${suffix}` : suffix;
}

/**
 * Copies a document anyone may read into the copier's own space (root), as its owner: the body as
 * it stands (the snapshot and every update since, compacted), the records metadata as they are;
 * shares, comments and history stay with the original. Returns the copy's id.
 */
export async function copyDocument(
  ctx: DocumentsActor,
  input: { documentId: string; suffix?: string },
): Promise<string> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { document } = await requireDocumentRole(tx, ctx, input.documentId, "reader", {
      code: "copy.forbidden",
      messageKey: "documents.spaces.error.notFound",
    });
    // The owner still sees a trashed document; it is restored, not copied, out of the trash.
    if (document.deletedAt) throw spacesNotFound("document");
    const stored = await readStoredState(tx, document.id);
    const state = stored && stored.parts.length > 0 ? compactState(stored.parts) : null;
    const title = copyTitle(document.title, input.suffix);
    const [copy] = await tx
      .insert(documents)
      .values({
        tenantId: ctx.tenantId,
        ownerId: ctx.userId,
        title,
        state,
        compactedAt: state ? new Date() : null,
        ...projectState(state),
        projectedAt: new Date(),
        disclosure: document.disclosure,
        disclosureGrounds: document.disclosureGrounds,
        retention: document.retention,
      })
      .returning({ id: documents.id });
    await recordVisitIn(tx, ctx, copy!.id);
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.copy",
      target: { type: "document", id: copy!.id },
      ip: ctx.ip,
      details: { title, sourceId: document.id, sourceTitle: document.title },
    });
    return copy!.id;
  });
}
