import { docFromState, projectDocument } from "@nuri/collab";
import { documents, recordAudit, type TenantTx, withTenant } from "@nuri/db";
import { canUseSpace, folderSpace, requireFolder, type Space, sameSpace } from "./folders.server.ts";
import { checkRecords, checkTitle } from "./properties-rules.server.ts";
import { recordVisitIn } from "./spaces.server.ts";
import { type DocumentsActor, DocumentsFieldError, spacesNotFound } from "./spaces-context.server.ts";
import { formatTemplateRef, resolveTemplate, type TemplateRef } from "./templates.server.ts";

/** Where a document goes: a space, at its root or in one of its folders. */
export interface Destination {
  space: Space;
  folderId: string | null;
}

/** Checks that the person may put a document there; anything not theirs is a 404. */
export async function requireDestination(
  tx: TenantTx,
  ctx: Pick<DocumentsActor, "tenantId" | "userId">,
  destination: Destination,
): Promise<void> {
  if (!(await canUseSpace(tx, ctx, destination.space))) throw spacesNotFound("space");
  if (destination.folderId) {
    const folder = await requireFolder(tx, ctx, destination.folderId);
    if (!sameSpace(folderSpace(folder), destination.space)) throw spacesNotFound("folder");
  }
}

/** The text and HTML projection of a state, written with the row so lists and search see the body at once. */
export function projectState(state: Uint8Array | null): { contentText: string; contentHtml: string } {
  if (!state) return { contentText: "", contentHtml: "" };
  const doc = docFromState([state]);
  try {
    const { text, html } = projectDocument(doc);
    return { contentText: text, contentHtml: html };
  } finally {
    doc.destroy();
  }
}

export interface NewDocumentInput {
  template: TemplateRef;
  /** Blank takes the tenant template's name, or `fallbackTitle` for a built-in one. */
  title: string;
  fallbackTitle: string;
  disclosure: string;
  disclosureGrounds: readonly unknown[];
  retention: string;
  destination: Destination;
}

/**
 * Creates a document from a template in the person's space or one of their departments' spaces:
 * its Yjs state is the template's (so the collab-server loads it as-is), its projection is
 * written at once, its records metadata checked, and it counts as just opened (최근 문서).
 */
export async function createDocument(ctx: DocumentsActor, input: NewDocumentInput): Promise<string> {
  const records = checkRecords(input);
  if (!records.ok) throw new DocumentsFieldError(records.field, "documents.create.invalid", records.reason);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireDestination(tx, ctx, input.destination);
    const template = await resolveTemplate(tx, ctx.tenantId, input.template);
    const title = checkTitle(input.title.trim() || template.name || input.fallbackTitle);
    if (!title.ok) throw new DocumentsFieldError(title.field, "documents.create.invalid", title.reason);
    const [document] = await tx
      .insert(documents)
      .values({
        tenantId: ctx.tenantId,
        ownerId: ctx.userId,
        title: title.value,
        state: template.state,
        ...projectState(template.state),
        projectedAt: new Date(),
        departmentId:
          input.destination.space.kind === "department" ? input.destination.space.departmentId : null,
        folderId: input.destination.folderId,
        ...records.value,
      })
      .returning({ id: documents.id, departmentId: documents.departmentId });
    await recordVisitIn(tx, ctx, document!.id);
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.create",
      target: { type: "document", id: document!.id },
      ip: ctx.ip,
      details: {
        title: title.value,
        template: formatTemplateRef(input.template),
        departmentId: document!.departmentId,
        folderId: input.destination.folderId,
        disclosure: records.value.disclosure,
        disclosureGrounds: records.value.disclosureGrounds.join(","),
        retention: records.value.retention,
      },
    });
    return document!.id;
  });
}
