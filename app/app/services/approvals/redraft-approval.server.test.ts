import { BODY, docFromState } from "@nuri/collab";
import { appendUpdate } from "@nuri/collab/store";
import { and, approvals, count, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { auditSince, lastAuditSeq, outcome } from "../documents/test-helpers.server.ts";
import { createApproval } from "./create-approval.server.ts";
import {
  bodyOf,
  buildApprovalAgency,
  eventsOf,
  markRejected,
  participantsOf,
  READY,
  readApproval,
  retire,
  saveDraft,
  stepsOf,
} from "./draft-test-helpers.server.ts";
import { redraftApproval } from "./redraft-approval.server.ts";
import { submitApproval } from "./submit-approval.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

type Agency = Awaited<ReturnType<typeof buildApprovalAgency>>;

/** An update adding a paragraph to a body, as an editor's client sends it. */
function paragraph(text: string): Uint8Array {
  const doc = new Y.Doc();
  try {
    const element = new Y.XmlElement("paragraph");
    doc.getXmlFragment(BODY).insert(0, [element]);
    const content = new Y.XmlText();
    element.insert(0, [content]);
    content.insert(0, text);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function bodyText(state: Uint8Array | null): string {
  if (!state) return "";
  const doc = docFromState([state]);
  try {
    return doc.getXmlFragment(BODY).toString();
  } finally {
    doc.destroy();
  }
}

/** A 지출결의서 with a written body, 참조, 수신 and a co-drafter, submitted and rejected. */
async function rejected(a: Agency) {
  const id = await createApproval(a.as(a.drafter), { formId: a.form.expense });
  await saveDraft(a, id, {
    ...READY,
    fields: { amount: 700_000, budget_item: "운영비", payee: "누리클라우드" },
    records: { disclosure: "partial", disclosureGrounds: [5], retention: "10y" },
    line: [
      { kind: "review", group: 1, assigneeId: a.lead.id },
      { kind: "approve", group: 2, assigneeId: a.head.id, mayCloseByDelegation: true },
    ],
    cc: [a.director.id],
    recipients: [a.support.id],
    coDrafters: [a.colleague.id],
  });
  const approval = (await readApproval(db, a.tenant.id, id))!;
  await withTenant(db, a.tenant.id, (tx) =>
    appendUpdate(
      tx,
      a.tenant.id,
      approval.bodyDocumentId,
      paragraph("클라우드 사용료를 다음과 같이 지출하고자 합니다."),
    ),
  );
  await submitApproval(a.as(a.drafter), { approvalId: id });
  await markRejected(db, a.tenant.id, id, 2);
  return id;
}

describe("redraftApproval (재기안)", () => {
  it("makes a new draft with a copy of the body and everything else of the rejected document", async () => {
    const a = await buildApprovalAgency(db);
    const originalId = await rejected(a);
    const original = (await readApproval(db, a.tenant.id, originalId))!;
    const seq = await lastAuditSeq(db, a.tenant.id);
    const id = await redraftApproval(a.as(a.drafter), { approvalId: originalId });

    const copy = (await readApproval(db, a.tenant.id, id))!;
    expect(copy).toMatchObject({
      status: "draft",
      formId: a.form.expense,
      title: READY.title,
      drafterId: a.drafter.id,
      departmentId: a.division.id,
      fields: original.fields,
      amount: 700_000,
      disclosure: "partial",
      disclosureGrounds: [5],
      retention: "10y",
      redraftOf: originalId,
      submittedAt: null,
    });
    expect(copy.bodyDocumentId).not.toBe(original.bodyDocumentId);
    const body = (await bodyOf(db, a.tenant.id, copy.bodyDocumentId))!;
    expect(body).toMatchObject({ purpose: "approval", ownerId: a.drafter.id, departmentId: a.division.id });
    expect(bodyText(body.state)).toContain("클라우드 사용료를 다음과 같이 지출하고자 합니다.");
    expect(body.contentText).toContain("클라우드 사용료를 다음과 같이 지출하고자 합니다.");

    const steps = await stepsOf(db, a.tenant.id, id);
    expect(
      steps.map((s) => [s.kind, s.group, s.assigneeId, s.mayCloseByDelegation, s.status, s.actedBy]),
    ).toEqual([
      ["review", 1, a.lead.id, false, "waiting", null],
      ["approve", 2, a.head.id, true, "waiting", null],
    ]);
    const participants = await participantsOf(db, a.tenant.id, id);
    expect(participants.map((p) => [p.role, p.userId ?? p.departmentId]).sort()).toEqual(
      [
        ["cc", a.director.id],
        ["co_drafter", a.colleague.id],
        ["recipient", a.support.id],
      ].sort(),
    );
    expect((await eventsOf(db, a.tenant.id, id)).map((e) => [e.action, e.actorId])).toEqual([
      ["redraft", a.drafter.id],
    ]);
    expect((await eventsOf(db, a.tenant.id, originalId)).map((e) => e.action)).toEqual([
      "draft",
      "submit",
      "redraft",
    ]);
    expect((await readApproval(db, a.tenant.id, originalId))!.status).toBe("rejected");
    const audit = await auditSince(db, a.tenant.id, seq);
    expect(audit.map((e) => [e.action, e.targetId])).toEqual([["approval.redraft", id]]);
    expect(audit[0]!.details).toMatchObject({ sourceId: originalId });

    // the copy is its own draft: submitted again, the original stays as it was
    await submitApproval(a.as(a.drafter), { approvalId: id });
    expect((await stepsOf(db, a.tenant.id, originalId)).map((s) => s.status)).toEqual([
      "waiting",
      "rejected",
    ]);
  });

  it("lets a co-drafter redraft: they draft the new one, the original drafter co-drafts it", async () => {
    const a = await buildApprovalAgency(db);
    const originalId = await rejected(a);
    const id = await redraftApproval(a.as(a.colleague), { approvalId: originalId });
    expect(await readApproval(db, a.tenant.id, id)).toMatchObject({ drafterId: a.colleague.id });
    const coDrafters = (await participantsOf(db, a.tenant.id, id)).filter((p) => p.role === "co_drafter");
    expect(coDrafters.map((p) => p.userId)).toEqual([a.drafter.id]);
  });

  it("keeps a retired approver in the line, for 상신 to name", async () => {
    const a = await buildApprovalAgency(db);
    const originalId = await rejected(a);
    await retire(db, a.tenant.id, a.lead.id);
    const id = await redraftApproval(a.as(a.drafter), { approvalId: originalId });
    expect(
      (await stepsOf(db, a.tenant.id, id)).map((s) => [s.assigneeId, s.assigneeName, s.assigneePosition]),
    ).toEqual([
      [a.lead.id, "신재민", "팀장"],
      [a.head.id, "서민지", "과장"],
    ]);
    expect(await outcome(submitApproval(a.as(a.drafter), { approvalId: id }))).toBe(
      "400 approvals.line.assignee-inactive",
    );
  });

  it("redrafts only a rejected document, once, and only for its drafters", async () => {
    const a = await buildApprovalAgency(db);
    const draftId = await createApproval(a.as(a.drafter), { formId: a.form.general });
    expect(await outcome(redraftApproval(a.as(a.drafter), { approvalId: draftId }))).toBe(
      "409 approvals.redraft.not-rejected",
    );
    const originalId = await rejected(a);
    // the approver who rejected it sees it but does not redraft it
    expect(await outcome(redraftApproval(a.as(a.head), { approvalId: originalId }))).toBe(
      "403 approvals.redraft.not-drafter",
    );
    expect(await outcome(redraftApproval(a.as(a.outsider), { approvalId: originalId }))).toBe(
      "404 approvals.not-found",
    );
    await redraftApproval(a.as(a.drafter), { approvalId: originalId });
    expect(await outcome(redraftApproval(a.as(a.drafter), { approvalId: originalId }))).toBe(
      "409 approvals.redraft.already",
    );
    const [row] = await withTenant(db, a.tenant.id, (tx) =>
      tx
        .select({ n: count() })
        .from(approvals)
        .where(and(eq(approvals.tenantId, a.tenant.id), eq(approvals.redraftOf, originalId))),
    );
    expect(row!.n).toBe(1);
  });

  it("does not find an approval of another agency", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const foreign = await rejected(theirs);
    expect(await outcome(redraftApproval(mine.as(mine.drafter), { approvalId: foreign }))).toBe(
      "404 approvals.not-found",
    );
    expect(await outcome(redraftApproval(mine.as(theirs.drafter), { approvalId: foreign }))).toBe(
      "404 approvals.not-found",
    );
    const [row] = await withTenant(db, theirs.tenant.id, (tx) =>
      tx.select({ n: count() }).from(approvals).where(eq(approvals.tenantId, theirs.tenant.id)),
    );
    expect(row!.n).toBe(1);
  });
});
