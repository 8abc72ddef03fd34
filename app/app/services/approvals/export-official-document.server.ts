import type { OfficialDocument, OfficialSignature } from "@nuri/approval";
import {
  and,
  approvalParticipants,
  departments,
  eq,
  inArray,
  recordAudit,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { contactsOf } from "../org/agency-contacts.server.ts";
import { listAttachments } from "./approval-attachments.server.ts";
import { approvalNotFound } from "./approval-errors.server.ts";
import {
  type ApprovalsActor,
  type LoadedApproval,
  loadApproval,
  relationsToApproval,
} from "./approval-state.server.ts";
import { loadPeople } from "./draft-shared.server.ts";
import { renderOfficialDocumentHtml } from "./official-document-html.server.ts";
import { renderOfficialDocumentPdf } from "./official-document-pdf.server.ts";

// The official document (공문서) of a completed approval, as a file: the approval's rows turned
// into the OfficialDocument the renderers draw, rendered as HTML or PDF, and audited as an
// export. Anyone who may read the approval may; before completion there is no document.

export const OFFICIAL_FORMATS = {
  html: { contentType: "text/html; charset=utf-8", extension: "html" },
  pdf: { contentType: "application/pdf", extension: "pdf" },
} as const;

export type OfficialFormat = keyof typeof OFFICIAL_FORMATS;

export interface OfficialFile {
  filename: string;
  contentType: string;
  body: Uint8Array;
}

function notCompleted(): AppError {
  return new AppError("approvals.document.not-completed", "approvals.document.error.notCompleted", 409);
}

const MARK: Record<"self" | "delegated" | "proxy", OfficialSignature["mark"]> = {
  self: "none",
  delegated: "delegated",
  proxy: "proxy",
};

/** "2027년 사업계획서.hwp" → "2027년 사업계획서": 붙임 names a file by its title. */
export function attachmentTitle(filename: string): string {
  const dot = filename.lastIndexOf(".");
  return dot > 0 ? filename.slice(0, dot) : filename;
}

/**
 * The OfficialDocument of a completed approval: 기관명 (the agency's name), 수신 (its 수신
 * departments; none is a 내부결재), the title and the body frozen at completion, the 서명란
 * of the drafter (signed at 상신) and of every step as it was signed (전결, 대결, and the
 * steps a 전결 left as 전결), 시행 (번호 and 일자), the agency's contacts (기관 정보: 우편번호, 주소, 홈페이지, 전화, 전송),
 * the drafter's e-mail address and the 공개구분. 붙임 lists the files of the attachment fields,
 * each as "<name without its extension> 1부"; 발신명의 is the agency's own, or "<기관명>장".
 */
export async function buildOfficialDocument(
  tx: TenantTx,
  tenantId: string,
  loaded: LoadedApproval,
  agencyName: string,
): Promise<OfficialDocument> {
  const { approval, steps } = loaded;
  if (
    approval.status !== "completed" ||
    !approval.registrationNumber ||
    !approval.effectiveDate ||
    !approval.disclosure
  ) {
    throw notCompleted();
  }
  const people = await loadPeople(tx, tenantId, [approval.drafterId]);
  const drafter = people.get(approval.drafterId);
  const [contact] = await tx
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, approval.drafterId)));
  const recipientRows = await tx
    .select({ departmentId: approvalParticipants.departmentId })
    .from(approvalParticipants)
    .where(
      and(
        eq(approvalParticipants.tenantId, tenantId),
        eq(approvalParticipants.approvalId, approval.id),
        eq(approvalParticipants.role, "recipient"),
      ),
    );
  const recipientIds = recipientRows.flatMap((row) => (row.departmentId ? [row.departmentId] : []));
  const units =
    recipientIds.length === 0
      ? []
      : await tx
          .select({ id: departments.id, name: departments.name })
          .from(departments)
          .where(and(eq(departments.tenantId, tenantId), inArray(departments.id, recipientIds)));
  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));

  const signatures: OfficialSignature[] = [
    {
      role: "drafter",
      position: drafter?.positionName ?? "",
      name: drafter?.name ?? "",
      mark: "none",
      signedAt: (approval.submittedAt ?? approval.createdAt).toISOString(),
    },
    ...steps.map((step): OfficialSignature => {
      if (step.status === "skipped") {
        return {
          role: step.kind,
          position: step.assigneePosition,
          name: step.assigneeName,
          mark: "skipped",
          signedAt: null,
        };
      }
      const signed = step.status === "approved";
      return {
        role: step.kind,
        // The signer as they stood when they signed (a substitute signs as themselves, 대결).
        position: (signed ? step.actedByPosition : null) ?? step.assigneePosition,
        name: (signed ? step.actedByName : null) ?? step.assigneeName,
        mark: signed && step.signedAs ? MARK[step.signedAs] : "none",
        signedAt: signed && step.actedAt ? step.actedAt.toISOString() : null,
      };
    }),
  ];

  const trimmedAgency = agencyName.trim();
  const contacts = await contactsOf(tx, tenantId);
  const files = await listAttachments(tx, tenantId, approval);
  return {
    agencyName: trimmedAgency,
    recipients: recipientIds.map((id) => unitName.get(id) ?? "").filter((name) => name !== ""),
    via: null,
    title: approval.title,
    bodyHtml: approval.bodyHtml ?? "",
    bodyText: approval.bodyText ?? "",
    attachments: files.map((file) => `${attachmentTitle(file.filename)} 1부`),
    senderTitle: contacts.senderTitle || `${trimmedAgency}장`,
    signatures,
    registrationNumber: approval.registrationNumber,
    effectiveDate: approval.effectiveDate,
    receipt: null,
    postalCode: contacts.postalCode,
    address: contacts.address,
    homepage: contacts.homepage,
    phone: contacts.phone,
    fax: contacts.fax,
    email: contact?.email ?? "",
    disclosure: { class: approval.disclosure, grounds: approval.disclosureGrounds },
  };
}

/**
 * The official document of a completed approval as an HTML page or a PDF, for anyone who may
 * read the approval, audited as `approval.export` with its format. Throws `approvals.not-found`
 * (404) for an approval of another agency or one the person has nothing to do with, and
 * `approvals.document.not-completed` (409) before it is completed.
 */
export async function exportOfficialDocument(
  ctx: ApprovalsActor,
  input: { approvalId: string; format: OfficialFormat; agencyName: string; now?: Date },
): Promise<OfficialFile> {
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  const doc = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId);
    if (!loaded) throw approvalNotFound();
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, input.now);
    if (relations.size === 0) throw approvalNotFound();
    return buildOfficialDocument(tx, ctx.tenantId, loaded, input.agencyName);
  });
  // Rendered outside the transaction: a PDF takes a while and should not hold a connection.
  const body =
    input.format === "pdf"
      ? new Uint8Array(await renderOfficialDocumentPdf(doc))
      : new TextEncoder().encode(renderOfficialDocumentHtml(doc));
  await withTenant(ctx.db, ctx.tenantId, (tx) =>
    recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.export",
      target: { type: "approval", id: input.approvalId },
      ip: ctx.ip,
      details: { format: input.format, registrationNumber: doc.registrationNumber, sizeBytes: body.length },
    }),
  );
  const { contentType, extension } = OFFICIAL_FORMATS[input.format];
  return { filename: `${doc.registrationNumber}.${extension}`, contentType, body };
}
