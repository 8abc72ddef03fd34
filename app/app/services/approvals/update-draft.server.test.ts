import { MAX_LINE_STEPS } from "@nuri/approval";
import { approvalEvents, approvalSteps, approvals, departments, eq, withTenant } from "@nuri/db";
import { buildDepartment, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  auditSince,
  lastAuditSeq,
  listenForNotices,
  outcome,
  refusal,
} from "../documents/test-helpers.server.ts";
import { createApproval } from "./create-approval.server.ts";
import { ApprovalFieldError } from "./draft-shared.server.ts";
import {
  bodyOf,
  buildApprovalAgency,
  eventsOf,
  participantsOf,
  READY,
  readApproval,
  retire,
  stepsOf,
} from "./draft-test-helpers.server.ts";
import { submitApproval } from "./submit-approval.server.ts";
import {
  type DraftChanges,
  MAX_CC,
  MAX_CO_DRAFTERS,
  MAX_RECIPIENTS,
  updateDraft,
} from "./update-draft.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const notices = listenForNotices(app);

type Agency = Awaited<ReturnType<typeof buildApprovalAgency>>;

async function draft(a: Agency, formId = a.form.expense) {
  return createApproval(a.as(a.drafter), { formId });
}

/** The field and message of the refusal of a save. */
async function fieldRefusal(promise: Promise<unknown>) {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(ApprovalFieldError);
  const { field, messageKey, params, status } = error as ApprovalFieldError;
  return { field, messageKey, params, status };
}

/** What a save may change, as stored. */
async function snapshot(a: Agency, id: string) {
  const approval = (await readApproval(db, a.tenant.id, id))!;
  const steps = await stepsOf(db, a.tenant.id, id);
  const participants = await participantsOf(db, a.tenant.id, id);
  return {
    approval: { ...approval, updatedAt: null },
    steps: steps.map((s) => [s.kind, s.group, s.assigneeId]),
    participants: participants.map((p) => [p.role, p.userId, p.departmentId]),
  };
}

describe("updateDraft", () => {
  it("saves the title, the form's values, records metadata, line, 참조, 수신 and 공동기안자", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    const before = await lastAuditSeq(db, a.tenant.id);
    await updateDraft(a.as(a.drafter), {
      approvalId: id,
      title: "  2026년 1분기 클라우드 사용료 지출  ",
      fields: { amount: "1,250,000", budget_item: "운영비", payee: "누리클라우드", unknown: "dropped" },
      records: { disclosure: "partial", disclosureGrounds: ["6", 5, 6], retention: "10y" },
      line: [
        { kind: "review", group: 1, assigneeId: a.lead.id },
        { kind: "cooperate", group: 2, assigneeId: a.supportHead.id },
        { kind: "cooperate", group: 2, assigneeId: a.outsider.id },
        { kind: "approve", group: 3, assigneeId: a.head.id, mayCloseByDelegation: true },
      ],
      cc: [a.director.id, a.director.id],
      recipients: [a.support.id],
      coDrafters: [a.colleague.id],
    });
    const approval = (await readApproval(db, a.tenant.id, id))!;
    expect(approval).toMatchObject({
      title: "2026년 1분기 클라우드 사용료 지출",
      fields: { amount: 1_250_000, budget_item: "운영비", payee: "누리클라우드", payment_date: null },
      amount: 1_250_000,
      disclosure: "partial",
      disclosureGrounds: [5, 6],
      retention: "10y",
      status: "draft",
    });
    expect((await bodyOf(db, a.tenant.id, approval.bodyDocumentId))!.title).toBe(
      "2026년 1분기 클라우드 사용료 지출",
    );
    const steps = await stepsOf(db, a.tenant.id, id);
    expect(
      steps.map((s) => [
        s.ordinal,
        s.group,
        s.kind,
        s.status,
        s.mayCloseByDelegation,
        s.assigneeName,
        s.assigneePosition,
        s.assigneeDepartment,
      ]),
    ).toEqual([
      [1, 1, "review", "waiting", false, "신재민", "팀장", "디지털정부정책과"],
      [2, 2, "cooperate", "waiting", false, "한지수", "과장", "운영지원과"],
      [3, 2, "cooperate", "waiting", false, "박지원", "담당", "운영지원과"],
      [4, 3, "approve", "waiting", true, "서민지", "과장", "디지털정부정책과"],
    ]);
    const participants = await participantsOf(db, a.tenant.id, id);
    expect(participants.map((p) => [p.role, p.userId, p.departmentId, p.addedBy]).sort()).toEqual(
      [
        ["cc", a.director.id, null, a.drafter.id],
        ["co_drafter", a.colleague.id, null, a.drafter.id],
        ["recipient", null, a.support.id, a.drafter.id],
      ].sort(),
    );
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((e) => [e.action, e.targetId])).toEqual([["approval.update", id]]);
    expect(audit[0]!.details).toMatchObject({
      changed: "title,fields,records,line,cc,recipients,coDrafters",
      line: 4,
    });
    // a co-drafter was named: open editors renew their tickets
    await notices.waitFor(
      (n) => n.tenantId === a.tenant.id && n.kind === "recheck" && n.documentId === approval.bodyDocumentId,
      "the recheck of the body",
    );
  });

  it("changes only the parts given, and lets a required field stay empty until 상신", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    await updateDraft(a.as(a.drafter), { approvalId: id, title: "첫 제목", fields: { payee: "누리" } });
    const lineBefore = await stepsOf(db, a.tenant.id, id);
    await updateDraft(a.as(a.drafter), {
      approvalId: id,
      records: { disclosure: null, disclosureGrounds: [], retention: "3y" },
    });
    const approval = (await readApproval(db, a.tenant.id, id))!;
    expect(approval).toMatchObject({ title: "첫 제목", retention: "3y", disclosure: null, amount: null });
    expect(approval.fields).toMatchObject({ payee: "누리", amount: null });
    expect((await stepsOf(db, a.tenant.id, id)).map((s) => s.id)).toEqual(lineBefore.map((s) => s.id));
  });

  it("lets a co-drafter write the draft but not choose the co-drafters", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    await updateDraft(a.as(a.drafter), { approvalId: id, coDrafters: [a.colleague.id] });
    await updateDraft(a.as(a.colleague), { approvalId: id, title: "공동기안 제목", cc: [a.lead.id] });
    expect((await readApproval(db, a.tenant.id, id))!.title).toBe("공동기안 제목");
    expect(await outcome(updateDraft(a.as(a.colleague), { approvalId: id, coDrafters: [] }))).toBe(
      "403 approvals.co-drafters.drafter-only",
    );
    expect(
      (await participantsOf(db, a.tenant.id, id)).filter((p) => p.role === "co_drafter").map((p) => p.userId),
    ).toEqual([a.colleague.id]);
  });

  it("answers field by field: the input at fault and a message naming the limit or the label", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    const save = (changes: DraftChanges) =>
      fieldRefusal(updateDraft(a.as(a.drafter), { approvalId: id, ...changes }));
    const person = (assigneeId: string) => ({ kind: "review" as const, group: 1, assigneeId });

    expect(await save({ title: "가".repeat(201) })).toEqual({
      field: "title",
      messageKey: "approvals.errors.titleTooLong",
      params: { max: 200 },
      status: 400,
    });
    await updateDraft(a.as(a.drafter), { approvalId: id, title: "가".repeat(200) });
    expect(await save({ fields: { amount: "백만원" } })).toMatchObject({
      field: "fields.amount",
      messageKey: "approvals.errors.field.notANumber",
      params: { label: "지출 금액" },
    });
    expect(await save({ fields: { payment_date: "2026-02-30" } })).toMatchObject({
      field: "fields.payment_date",
      messageKey: "approvals.errors.field.notADate",
    });
    const leave = await createApproval(a.as(a.drafter), { formId: a.form.leave });
    expect(
      await fieldRefusal(
        updateDraft(a.as(a.drafter), {
          approvalId: leave,
          fields: { start_date: "2026-03-10", end_date: "2026-03-09" },
        }),
      ),
    ).toMatchObject({ field: "fields.end_date", messageKey: "approvals.errors.field.endBeforeStart" });
    expect(
      await save({ records: { disclosure: "secret", disclosureGrounds: [], retention: null } }),
    ).toMatchObject({
      field: "disclosure",
      messageKey: "approvals.errors.disclosureUnknown",
    });
    expect(
      await save({ records: { disclosure: "private", disclosureGrounds: [9], retention: null } }),
    ).toMatchObject({
      field: "disclosureGrounds",
      messageKey: "approvals.errors.groundUnknown",
    });
    expect(
      await save({ records: { disclosure: null, disclosureGrounds: [], retention: "forever" } }),
    ).toMatchObject({
      field: "retention",
      messageKey: "approvals.errors.retentionUnknown",
    });

    const many = await Promise.all(
      Array.from({ length: MAX_LINE_STEPS + 1 }, (_, i) =>
        buildUser(db, a.tenant.id, { displayName: `결재자${i}`, departmentId: a.division.id }),
      ),
    );
    const longLine = many.map((u, i) => ({ kind: "review" as const, group: i + 1, assigneeId: u.id }));
    expect(await save({ line: longLine })).toMatchObject({
      field: "line",
      messageKey: "approvals.errors.lineTooLong",
      params: { max: MAX_LINE_STEPS },
    });
    await updateDraft(a.as(a.drafter), { approvalId: id, line: longLine.slice(0, MAX_LINE_STEPS) });
    expect(await stepsOf(db, a.tenant.id, id)).toHaveLength(MAX_LINE_STEPS);
    expect(
      await save({ line: [person(a.lead.id), { kind: "sign" as never, group: 2, assigneeId: a.head.id }] }),
    ).toMatchObject({ field: "line.1", messageKey: "approvals.errors.lineStepInvalid" });
    expect(await save({ line: [{ kind: "approve", group: 51, assigneeId: a.head.id }] })).toMatchObject({
      field: "line.0",
    });
    await retire(db, a.tenant.id, a.lead.id);
    expect(await save({ line: [person(a.head.id), person(a.lead.id)] })).toMatchObject({
      field: "line.1",
      messageKey: "approvals.errors.lineAssigneeUnknown",
    });

    expect(await save({ cc: many.slice(0, MAX_CC + 1).map((u) => u.id) })).toMatchObject({
      field: "cc",
      messageKey: "approvals.errors.ccTooMany",
      params: { max: MAX_CC },
    });
    await updateDraft(a.as(a.drafter), { approvalId: id, cc: many.slice(0, MAX_CC).map((u) => u.id) });
    expect(await save({ cc: [a.lead.id] })).toMatchObject({
      field: "cc",
      messageKey: "approvals.errors.ccUnknown",
    });
    expect(await save({ coDrafters: many.slice(0, MAX_CO_DRAFTERS + 1).map((u) => u.id) })).toMatchObject({
      field: "coDrafters",
      params: { max: MAX_CO_DRAFTERS },
    });
    expect(await save({ coDrafters: [a.drafter.id] })).toMatchObject({
      field: "coDrafters",
      messageKey: "approvals.errors.coDrafterIsDrafter",
    });
    const units = await Promise.all(
      Array.from({ length: MAX_RECIPIENTS + 1 }, () => buildDepartment(db, a.tenant.id)),
    );
    expect(await save({ recipients: units.map((d) => d.id) })).toMatchObject({
      field: "recipients",
      params: { max: MAX_RECIPIENTS },
    });
    await updateDraft(a.as(a.drafter), {
      approvalId: id,
      recipients: units.slice(0, MAX_RECIPIENTS).map((d) => d.id),
    });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(departments).set({ closedAt: new Date() }).where(eq(departments.id, units[0]!.id)),
    );
    expect(await save({ recipients: [units[0]!.id] })).toMatchObject({
      field: "recipients",
      messageKey: "approvals.errors.recipientUnknown",
    });
  });

  it("leaves nothing half-written when one part of a save is refused", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    await updateDraft(a.as(a.drafter), {
      approvalId: id,
      title: "원래 제목",
      fields: { amount: 300_000 },
      cc: [a.director.id],
      coDrafters: [a.colleague.id],
    });
    const before = await snapshot(a, id);
    const seq = await lastAuditSeq(db, a.tenant.id);
    // every part valid but the last one, checked only in the database
    const error = await fieldRefusal(
      updateDraft(a.as(a.drafter), {
        approvalId: id,
        title: "바뀐 제목",
        fields: { amount: 900_000 },
        records: { disclosure: "public", disclosureGrounds: [], retention: "1y" },
        line: [{ kind: "approve", group: 1, assigneeId: a.director.id }],
        cc: [a.lead.id],
        coDrafters: [],
        recipients: ["00000000-0000-4000-8000-000000000000"],
      }),
    );
    expect(error.field).toBe("recipients");
    expect(await snapshot(a, id)).toEqual(before);
    expect(await auditSince(db, a.tenant.id, seq)).toEqual([]);
  });

  it("redraws the line of a withdrawn document whose steps have a history, keeping the history", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a, a.form.general);
    await updateDraft(a.as(a.drafter), { approvalId: id, ...READY });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    const [first, second] = await stepsOf(db, a.tenant.id, id);
    // as the action side leaves it: 팀장 approved, 국장 returned it to him (반려 to the previous
    // step), and the drafter withdrew it before he acted again
    await withTenant(db, a.tenant.id, async (tx) => {
      await tx.insert(approvalEvents).values([
        {
          tenantId: a.tenant.id,
          approvalId: id,
          action: "approve",
          actorId: first!.assigneeId,
          stepId: first!.id,
        },
        {
          tenantId: a.tenant.id,
          approvalId: id,
          action: "reject",
          actorId: second!.assigneeId,
          stepId: second!.id,
          opinion: "예산 근거를 보완해 주세요.",
        },
        { tenantId: a.tenant.id, approvalId: id, action: "withdraw", actorId: a.drafter.id },
      ]);
      await tx.update(approvals).set({ status: "withdrawn" }).where(eq(approvals.id, id));
      await tx.update(approvalSteps).set({ status: "waiting" }).where(eq(approvalSteps.approvalId, id));
    });
    await updateDraft(a.as(a.drafter), {
      approvalId: id,
      line: [{ kind: "approve", group: 1, assigneeId: a.director.id }],
    });
    expect((await stepsOf(db, a.tenant.id, id)).map((s) => s.assigneeId)).toEqual([a.director.id]);
    const events = await eventsOf(db, a.tenant.id, id);
    expect(events.map((e) => [e.action, e.actorId, e.stepId, e.opinion])).toEqual([
      ["draft", a.drafter.id, null, null],
      ["submit", a.drafter.id, null, null],
      ["approve", first!.assigneeId, null, null],
      ["reject", second!.assigneeId, null, "예산 근거를 보완해 주세요."],
      ["withdraw", a.drafter.id, null, null],
    ]);
  });

  it("is refused to people who are not drafting it, and does not find an approval of another agency", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const id = await draft(mine);
    const change = { approvalId: id, title: "남의 문서" };
    // in the line: may see the draft, not write it
    expect(await outcome(updateDraft(mine.as(mine.head), change))).toBe("403 approvals.not-editor");
    // same department, no relation; another agency's person; an id of another agency
    expect(await outcome(updateDraft(mine.as(mine.colleague), change))).toBe("404 approvals.not-found");
    expect(await outcome(updateDraft(mine.as(theirs.drafter), change))).toBe("404 approvals.not-found");
    const foreign = await draft(theirs);
    expect(await outcome(updateDraft(mine.as(mine.drafter), { approvalId: foreign, title: "x" }))).toBe(
      "404 approvals.not-found",
    );
    expect(await outcome(updateDraft(mine.as(mine.drafter), { approvalId: "nope", title: "x" }))).toBe(
      "404 approvals.not-found",
    );
    expect((await readApproval(db, mine.tenant.id, id))!.title).toBe("");
    expect((await readApproval(db, theirs.tenant.id, foreign))!.title).toBe("");
    // their people cannot be put in my line either
    expect(
      (
        await fieldRefusal(
          updateDraft(mine.as(mine.drafter), {
            approvalId: id,
            line: [{ kind: "approve", group: 1, assigneeId: theirs.head.id }],
          }),
        )
      ).field,
    ).toBe("line.0");
    expect(
      (
        await fieldRefusal(
          updateDraft(mine.as(mine.drafter), { approvalId: id, recipients: [theirs.support.id] }),
        )
      ).field,
    ).toBe("recipients");
  });
});
