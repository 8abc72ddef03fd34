import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { translate } from "@nuri/i18n";
import { describe, expect, it } from "vitest";
import { auditSince, lastAuditSeq, notificationsOf, refusal } from "../documents/test-helpers.server.ts";
import { actOnApproval } from "./act-on-approval.server.ts";
import { circulateApproval, MAX_CIRCULATION_PEOPLE } from "./circulate-approval.server.ts";
import { recordApprovalRead } from "./record-approval-read.server.ts";
import { type ApprovalAgency, buildApprovalAgency, eventsOf, participantsOf } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

/** A document of 권나은 through 검토 (과장) and 결재 (국장), completed, with 이정훈 in 참조. */
async function completed(a: ApprovalAgency) {
  const { approval } = await a.submit({
    steps: [
      { kind: "review", group: 1, assigneeId: a.chief.id },
      { kind: "approve", group: 2, assigneeId: a.director.id },
    ],
    cc: [a.secondCooperator.id],
  });
  await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" } });
  await actOnApproval(a.as(a.director), { approvalId: approval.id, action: { type: "approve" } });
  return approval;
}

describe("circulateApproval", () => {
  it("shows a completed document to people (공람), tells each once, and records it", async () => {
    const a = await buildApprovalAgency(db);
    const approval = await completed(a);
    const auditBefore = await lastAuditSeq(db, a.tenant.id);
    const result = await circulateApproval(a.as(a.drafter), {
      approvalId: approval.id,
      userIds: [a.cooperator.id, a.outsider.id, a.cooperator.id],
    });
    expect(result.added.sort()).toEqual([a.cooperator.id, a.outsider.id].sort());
    const circulation = (await participantsOf(db, a.tenant.id, approval.id)).filter(
      (row) => row.role === "circulation",
    );
    expect(circulation.map((row) => [row.userId, row.addedBy, row.readAt]).sort()).toEqual(
      [
        [a.cooperator.id, a.drafter.id, null],
        [a.outsider.id, a.drafter.id, null],
      ].sort(),
    );
    for (const person of [a.cooperator, a.outsider]) {
      const told = await notificationsOf(db, a.tenant.id, person.id);
      expect(told.map((row) => [row.kind, row.targetType, row.targetId, row.actorId])).toEqual([
        ["approval.circulation", "approval", approval.id, a.drafter.id],
      ]);
    }
    expect((await eventsOf(db, a.tenant.id, approval.id)).at(-1)).toMatchObject({
      action: "circulate",
      actorId: a.drafter.id,
    });
    const audit = await auditSince(db, a.tenant.id, auditBefore);
    expect(audit.map((entry) => [entry.action, entry.details.count])).toEqual([["approval.circulate", 2]]);

    // a person of the line adds one more; those already there are not told again
    const again = await circulateApproval(a.as(a.chief), {
      approvalId: approval.id,
      userIds: [a.cooperator.id, a.substitute.id],
    });
    expect(again.added).toEqual([a.substitute.id]);
    expect(await notificationsOf(db, a.tenant.id, a.cooperator.id)).toHaveLength(1);
    const none = await circulateApproval(a.as(a.chief), {
      approvalId: approval.id,
      userIds: [a.cooperator.id],
    });
    expect(none.added).toEqual([]);
  });

  it("refuses before completion, to people outside the line, and bad lists, writing nothing", async () => {
    const a = await buildApprovalAgency(db);
    const other = await buildApprovalAgency(db);
    const { approval: running } = await a.submit({
      steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }],
    });
    const early = await refusal(
      circulateApproval(a.as(a.drafter), { approvalId: running.id, userIds: [a.outsider.id] }),
    );
    expect([early.code, early.status]).toEqual(["approvals.circulate.not-completed", 409]);

    const approval = await completed(a);
    const before = await participantsOf(db, a.tenant.id, approval.id);
    // 참조 reads, but does not circulate
    const cc = await refusal(
      circulateApproval(a.as(a.secondCooperator), { approvalId: approval.id, userIds: [a.outsider.id] }),
    );
    expect([cc.code, cc.status]).toEqual(["approvals.circulate.forbidden", 403]);
    const empty = await refusal(circulateApproval(a.as(a.drafter), { approvalId: approval.id, userIds: [] }));
    expect(empty.code).toBe("approvals.circulate.empty");
    const tooMany = await refusal(
      circulateApproval(a.as(a.drafter), {
        approvalId: approval.id,
        userIds: Array.from({ length: MAX_CIRCULATION_PEOPLE + 1 }, () => crypto.randomUUID()),
      }),
    );
    expect([tooMany.code, tooMany.messageKey, tooMany.params]).toEqual([
      "approvals.circulate.too-many",
      "approvals.circulate.error.tooMany",
      { max: 100 },
    ]);
    expect(translate("ko", "approvals.circulate.error.tooMany", { max: 100 })).toBe(
      "한 번에 100명까지 공람할 수 있습니다.",
    );
    // a person of another agency is nobody here
    const stranger = await refusal(
      circulateApproval(a.as(a.drafter), {
        approvalId: approval.id,
        userIds: [a.outsider.id, other.chief.id],
      }),
    );
    expect([stranger.code, stranger.status]).toEqual(["approvals.circulate.unknown-person", 400]);
    expect(await participantsOf(db, a.tenant.id, approval.id)).toEqual(before);
    expect(await notificationsOf(db, a.tenant.id, a.outsider.id)).toEqual([]);
  });

  it("does not find an approval of another agency", async () => {
    const a = await buildApprovalAgency(db);
    const other = await buildApprovalAgency(db);
    const approval = await completed(a);
    const before = await participantsOf(db, a.tenant.id, approval.id);
    const error = await refusal(
      circulateApproval(other.as(other.drafter), { approvalId: approval.id, userIds: [other.chief.id] }),
    );
    expect([error.code, error.status]).toEqual(["approvals.not-found", 404]);
    const outsider = await refusal(
      circulateApproval(a.as(a.outsider), { approvalId: approval.id, userIds: [a.cooperator.id] }),
    );
    expect(outsider.status).toBe(404);
    expect(await participantsOf(db, a.tenant.id, approval.id)).toEqual(before);
  });
});

describe("recordApprovalRead", () => {
  it("records when a 참조 or 공람 reader first opens the document, once", async () => {
    const a = await buildApprovalAgency(db);
    const approval = await completed(a);
    await circulateApproval(a.as(a.drafter), { approvalId: approval.id, userIds: [a.outsider.id] });
    const now = new Date("2026-05-06T01:02:03Z");

    // two tabs at once: one reading is recorded
    const both = await Promise.all([
      recordApprovalRead(a.as(a.outsider), { approvalId: approval.id, now }),
      recordApprovalRead(a.as(a.outsider), { approvalId: approval.id, now }),
    ]);
    expect(both.map((result) => result.firstRead).sort()).toEqual([false, true]);
    expect(await recordApprovalRead(a.as(a.outsider), { approvalId: approval.id })).toEqual({
      firstRead: false,
    });
    const row = (await participantsOf(db, a.tenant.id, approval.id)).find((p) => p.userId === a.outsider.id);
    expect(row!.readAt?.toISOString()).toBe(now.toISOString());

    expect(await recordApprovalRead(a.as(a.secondCooperator), { approvalId: approval.id, now })).toEqual({
      firstRead: true,
    });
    // the drafter and the line are no 참조 or 공람 readers: nothing is recorded for them
    expect(await recordApprovalRead(a.as(a.chief), { approvalId: approval.id, now })).toEqual({
      firstRead: false,
    });
    const reads = (await eventsOf(db, a.tenant.id, approval.id)).filter((event) => event.action === "read");
    expect(reads.map((event) => event.actorId)).toEqual([a.outsider.id, a.secondCooperator.id]);
  });

  it("does not find an approval of another agency, nor let a stranger mark it read", async () => {
    const a = await buildApprovalAgency(db);
    const other = await buildApprovalAgency(db);
    const approval = await completed(a);
    for (const ctx of [other.as(other.secondCooperator), a.as(a.outsider)]) {
      const error = await refusal(recordApprovalRead(ctx, { approvalId: approval.id }));
      expect([error.code, error.status]).toEqual(["approvals.not-found", 404]);
    }
    expect((await eventsOf(db, a.tenant.id, approval.id)).some((event) => event.action === "read")).toBe(
      false,
    );
  });
});
