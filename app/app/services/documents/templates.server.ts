import { compactState } from "@nuri/collab";
import { readStoredState } from "@nuri/collab/store";
import {
  and,
  asc,
  count,
  type Db,
  documentTemplates,
  eq,
  isNull,
  recordAudit,
  sql,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { roleOnDocument } from "./access.server.ts";
import {
  characterCount,
  type DocumentsActor,
  DocumentsFieldError,
  isUuid,
  spacesForbidden,
  spacesNotFound,
} from "./spaces-context.server.ts";
import {
  type BuiltInTemplateKey,
  builtInTemplateState,
  findBuiltInTemplate,
} from "./templates-builtin.server.ts";

/** The most templates an agency keeps in use (archived ones do not count). */
export const MAX_TENANT_TEMPLATES = 100;
export const MAX_TEMPLATE_NAME = 100;
export const MAX_TEMPLATE_DESCRIPTION = 500;

/** A template as forms name it: `builtin:meeting` or `tenant:<uuid>`. */
export type TemplateRef = { kind: "builtin"; key: BuiltInTemplateKey } | { kind: "tenant"; id: string };

/** Reads a form's template choice; null when it names no template. */
export function parseTemplateRef(value: unknown): TemplateRef | null {
  if (typeof value !== "string") return null;
  const [kind, id, ...rest] = value.split(":");
  if (rest.length > 0 || !id) return null;
  if (kind === "builtin") {
    const template = findBuiltInTemplate(id);
    return template ? { kind: "builtin", key: template.key } : null;
  }
  if (kind === "tenant" && isUuid(id)) return { kind: "tenant", id: id.toLowerCase() };
  return null;
}

export function formatTemplateRef(ref: TemplateRef): string {
  return ref.kind === "builtin" ? `builtin:${ref.key}` : `tenant:${ref.id}`;
}

export interface TenantTemplate {
  id: string;
  name: string;
  description: string;
  createdByName: string;
  createdAt: Date;
  archivedAt: Date | null;
}

/** The agency's own templates by name: those in use, and with `archived` the archived ones too. */
export async function listTenantTemplates(
  db: Db,
  tenantId: string,
  options: { archived?: boolean } = {},
): Promise<TenantTemplate[]> {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select({
        id: documentTemplates.id,
        name: documentTemplates.name,
        description: documentTemplates.description,
        createdByName: users.displayName,
        createdAt: documentTemplates.createdAt,
        archivedAt: documentTemplates.archivedAt,
      })
      .from(documentTemplates)
      .innerJoin(
        users,
        and(eq(users.tenantId, documentTemplates.tenantId), eq(users.id, documentTemplates.createdBy)),
      )
      .where(
        and(
          eq(documentTemplates.tenantId, tenantId),
          options.archived ? undefined : isNull(documentTemplates.archivedAt),
        ),
      )
      .orderBy(asc(documentTemplates.name), asc(documentTemplates.createdAt)),
  );
}

/**
 * The state a new document starts from, and the template's name for a tenant template. An
 * archived template, or one of another agency, is not found.
 */
export async function resolveTemplate(
  tx: TenantTx,
  tenantId: string,
  ref: TemplateRef,
): Promise<{ state: Uint8Array | null; name: string | null }> {
  if (ref.kind === "builtin") return { state: builtInTemplateState(ref.key), name: null };
  const [template] = await tx
    .select({ state: documentTemplates.state, name: documentTemplates.name })
    .from(documentTemplates)
    .where(
      and(
        eq(documentTemplates.tenantId, tenantId),
        eq(documentTemplates.id, ref.id),
        isNull(documentTemplates.archivedAt),
      ),
    );
  if (!template) throw spacesNotFound("template");
  return { state: template.state, name: template.name };
}

/** Template changes of one agency take turns, so that two saves cannot pass the limit together. */
async function lockTemplates(tx: TenantTx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`nuri.templates:${tenantId}`}, 0))`);
}

/** Tenant administrators manage the agency's templates; checked against the database, not the form. */
async function requireTenantAdministrator(tx: TenantTx, ctx: DocumentsActor): Promise<void> {
  const [user] = await tx
    .select({ role: users.role, status: users.status })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, ctx.userId)));
  if (user?.role !== "admin" || user.status !== "active") {
    throw spacesForbidden("template.forbidden", "documents.templates.error.adminOnly");
  }
}

function checkTemplateText(input: { name: string; description: string }) {
  const name = input.name.trim();
  const description = input.description.trim();
  if (name.length === 0) {
    throw new DocumentsFieldError(
      "name",
      "documents.template.name-required",
      "documents.templates.error.nameRequired",
    );
  }
  if (characterCount(name) > MAX_TEMPLATE_NAME) {
    throw new DocumentsFieldError(
      "name",
      "documents.template.name-too-long",
      "documents.templates.error.nameTooLong",
    );
  }
  if (characterCount(description) > MAX_TEMPLATE_DESCRIPTION) {
    throw new DocumentsFieldError(
      "description",
      "documents.template.description-too-long",
      "documents.templates.error.descriptionTooLong",
    );
  }
  if (name.includes("\0") || description.includes("\0")) {
    throw new DocumentsFieldError("name", "documents.template.invalid", "form.invalidCharacters");
  }
  return { name, description };
}

/**
 * Saves a document the administrator may read as one of the agency's templates: its current
 * body (the stored snapshot and updates, compacted), under a name and a description.
 */
export async function saveDocumentAsTemplate(
  ctx: DocumentsActor,
  input: { documentId: string; name: string; description: string },
): Promise<string> {
  const text = checkTemplateText(input);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    // Another agency's document, or one they may not read, is not found, admin or not.
    if (!(await roleOnDocument(tx, ctx.userId, input.documentId))) throw spacesNotFound("document");
    await requireTenantAdministrator(tx, ctx);
    await lockTemplates(tx, ctx.tenantId);
    const [active] = await tx
      .select({ n: count() })
      .from(documentTemplates)
      .where(and(eq(documentTemplates.tenantId, ctx.tenantId), isNull(documentTemplates.archivedAt)));
    if ((active?.n ?? 0) >= MAX_TENANT_TEMPLATES) {
      throw new AppError("documents.template.limit", "documents.templates.error.limit", 409, {
        max: MAX_TENANT_TEMPLATES,
      });
    }
    const stored = await readStoredState(tx, input.documentId);
    if (!stored) throw spacesNotFound("document");
    const [template] = await tx
      .insert(documentTemplates)
      .values({
        tenantId: ctx.tenantId,
        name: text.name,
        description: text.description,
        state: compactState(stored.parts),
        createdBy: ctx.userId,
      })
      .returning({ id: documentTemplates.id });
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "template.create",
      target: { type: "document_template", id: template!.id },
      ip: ctx.ip,
      details: { name: text.name, documentId: input.documentId },
    });
    return template!.id;
  });
}

/** Archives one of the agency's templates (no longer offered for new documents), or brings it back. */
export async function setTemplateArchived(
  ctx: DocumentsActor,
  input: { templateId: string; archived: boolean },
): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const [template] = await tx
      .select({
        id: documentTemplates.id,
        name: documentTemplates.name,
        archivedAt: documentTemplates.archivedAt,
      })
      .from(documentTemplates)
      .where(and(eq(documentTemplates.tenantId, ctx.tenantId), eq(documentTemplates.id, input.templateId)))
      .for("update");
    if (!template) throw spacesNotFound("template");
    await requireTenantAdministrator(tx, ctx);
    if (Boolean(template.archivedAt) === input.archived) return;
    if (!input.archived) {
      await lockTemplates(tx, ctx.tenantId);
      const [active] = await tx
        .select({ n: count() })
        .from(documentTemplates)
        .where(and(eq(documentTemplates.tenantId, ctx.tenantId), isNull(documentTemplates.archivedAt)));
      if ((active?.n ?? 0) >= MAX_TENANT_TEMPLATES) {
        throw new AppError("documents.template.limit", "documents.templates.error.limit", 409, {
          max: MAX_TENANT_TEMPLATES,
        });
      }
    }
    await tx
      .update(documentTemplates)
      .set({ archivedAt: input.archived ? new Date() : null })
      .where(and(eq(documentTemplates.tenantId, ctx.tenantId), eq(documentTemplates.id, template.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: input.archived ? "template.archive" : "template.unarchive",
      target: { type: "document_template", id: template.id },
      ip: ctx.ip,
      details: { name: template.name },
    });
  });
}
