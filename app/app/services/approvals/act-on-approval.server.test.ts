import { createHash } from "node:crypto";
import { MAX_OPINION_LENGTH } from "@nuri/approval";
import { approvals, eq, notifications, sql, withTenant } from "@nuri/db";
import { holdTransaction } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { en, ko, type MessageKey, translate } from "@nuri/i18n";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors.server.ts";
import {
  auditSince,
  lastAuditSeq,
  listenForNotices,
  notificationsOf,
  refusal,
} from "../documents/test-helpers.server.ts";
import { actOnApproval } from "./act-on-approval.server.ts";
import { listAmendments } from "./list-amendments.server.ts";
import {
  amendmentRowsOf,
  appendBodyParagraph,
  buildApprovalAgency,
  eventsOf,
  readApproval,
  setAbsence,
  stepsOf,
} from "./test-helpers.server.ts";

const database = connectTestDatabase();
const { app, superuser } = database;
const db = app.db;
const notices = listenForNotices(app);

const HOUR = 3_600_000;

/** Everything an action may write about one approval, to show that a refusal wrote none of it. */
async function snapshot(tenantId: string, approvalId: string) {
  const [approval, steps, events, amendments, sent, auditSeq] = await Promise.all([
    readApproval(db, tenantId, approvalId),
    stepsOf(db, tenantId, approvalId),
    eventsOf(db, tenantId, approvalId),
    amendmentRowsOf(db, tenantId, approvalId),
    notificationsOf(db, tenantId),
    lastAuditSeq(db, tenantId),
  ]);
  return { approval, steps, events, amendments, sent, auditSeq };
}

/** The kinds of notifications `userId` got about `approvalId`, in order. */
async function toldAbout(tenantId: string, userId: string, approvalId: string): Promise<string[]> {
  const rows = await notificationsOf(db, tenantId, userId);
  return rows
    .filter((row) => row.targetType === "approval" && row.targetId === approvalId)
    .map((row) => row.kind);
}

/**
 * Waits until `count` backends wait for the lock held by `pid`: directly, or queued behind one
 * that does (PostgreSQL queues the second waiter of a row behind the first).
 */
async function waitUntilWaiting(pid: number, count: number) {
  for (let i = 0; i < 500; i++) {
    const [row] = await superuser.sql<{ direct: number; waiting: number }[]>`
      select count(*) filter (where ${pid} = any(pg_blocking_pids(pid)))::int as direct,
             count(*) filter (where cardinality(pg_blocking_pids(pid)) > 0)::int as waiting
        from pg_stat_activity where datname = current_database()`;
    if (row!.direct > 0 && row!.waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${count} transactions never waited for backend ${pid}`);
}

describe("actOnApproval", () => {
  it("takes a draft through 검토, a parallel 협조 of two and 전결 by the 과장: numbered, frozen, 국장 skipped", async () => {
    const a = await buildApprovalAgency(db);
    const { approval, steps, bodyDocumentId } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.substitute.id },
        { kind: "cooperate", group: 2, assigneeId: a.cooperator.id },
        { kind: "cooperate", group: 2, assigneeId: a.secondCooperator.id },
        { kind: "review", group: 3, assigneeId: a.chief.id, mayCloseByDelegation: true },
        { kind: "approve", group: 4, assigneeId: a.director.id },
      ],
      body: ["1. 관련: 디지털정부정책과-100", "2. 추진 계획을 보고합니다."],
    });
    const auditBefore = await lastAuditSeq(db, a.tenant.id);

    const reviewed = await actOnApproval(a.as(a.substitute), {
      approvalId: approval.id,
      action: { type: "approve", opinion: "검토했습니다." },
    });
    expect(reviewed).toMatchObject({ status: "in_progress", stepId: steps[0]!.id, registration: null });
    // both 협조자 are told at once; the 과장 not yet
    expect(await toldAbout(a.tenant.id, a.cooperator.id, approval.id)).toEqual(["approval.task"]);
    expect(await toldAbout(a.tenant.id, a.secondCooperator.id, approval.id)).toEqual(["approval.task"]);
    expect(await toldAbout(a.tenant.id, a.chief.id, approval.id)).toEqual([]);

    await actOnApproval(a.as(a.secondCooperator), { approvalId: approval.id, action: { type: "approve" } });
    // one of two parallel 협조 signed: the group is not done, the 과장 is not told yet
    expect((await stepsOf(db, a.tenant.id, approval.id)).map((step) => step.status)).toEqual([
      "approved",
      "pending",
      "approved",
      "waiting",
      "waiting",
    ]);
    expect(await toldAbout(a.tenant.id, a.chief.id, approval.id)).toEqual([]);
    await actOnApproval(a.as(a.cooperator), { approvalId: approval.id, action: { type: "approve" } });
    expect(await toldAbout(a.tenant.id, a.chief.id, approval.id)).toEqual(["approval.task"]);

    const now = new Date("2026-03-05T01:00:00Z");
    const closed = await actOnApproval(a.as(a.chief), {
      approvalId: approval.id,
      action: { type: "close-by-delegation", opinion: "전결 처리합니다." },
      now,
    });
    expect(closed.status).toBe("completed");
    expect(closed.registration).toMatchObject({
      registrationNumber: "디지털정부정책과-1",
      registrationYear: 2026,
      registrationSerial: 1,
      effectiveDate: "2026-03-05",
    });

    const stored = (await readApproval(db, a.tenant.id, approval.id))!;
    expect(stored).toMatchObject({
      status: "completed",
      registrationNumber: "디지털정부정책과-1",
      registrationYear: 2026,
      registrationSerial: 1,
      effectiveDate: "2026-03-05",
      bodyText: "1. 관련: 디지털정부정책과-100\n2. 추진 계획을 보고합니다.",
      bodyHtml: "<p>1. 관련: 디지털정부정책과-100</p><p>2. 추진 계획을 보고합니다.</p>",
    });
    expect(stored.completedAt?.toISOString()).toBe(now.toISOString());
    const digest = createHash("sha256").update(stored.bodyHtml!, "utf8").digest("hex");
    expect(Buffer.from(stored.bodySha256!).toString("hex")).toBe(digest);
    expect(closed.registration!.bodySha256).toBe(digest);

    const final = await stepsOf(db, a.tenant.id, approval.id);
    expect(final.map((step) => [step.status, step.signedAs])).toEqual([
      ["approved", "self"],
      ["approved", "self"],
      ["approved", "self"],
      ["approved", "delegated"],
      ["skipped", null],
    ]);
    expect(final[3]).toMatchObject({ actedBy: a.chief.id, actedByName: "서민지", actedByPosition: "과장" });
    expect(final[3]!.actedAt?.toISOString()).toBe(now.toISOString());
    expect(final[0]).toMatchObject({ actedByName: "최유진", actedByPosition: "주무관" });
    expect(final[4]).toMatchObject({ actedBy: null, actedByName: null });
    // the 국장 was never asked
    expect(await toldAbout(a.tenant.id, a.director.id, approval.id)).toEqual([]);
    const drafterNotices = await notificationsOf(db, a.tenant.id, a.drafter.id);
    expect(drafterNotices.map((row) => [row.kind, row.details])).toEqual([
      ["approval.completed", { registrationNumber: "디지털정부정책과-1" }],
    ]);

    const events = await eventsOf(db, a.tenant.id, approval.id);
    expect(events.map((event) => [event.action, event.actorId, event.opinion])).toEqual([
      ["submit", a.drafter.id, null],
      ["approve", a.substitute.id, "검토했습니다."],
      ["approve", a.secondCooperator.id, null],
      ["approve", a.cooperator.id, null],
      ["close-by-delegation", a.chief.id, "전결 처리합니다."],
    ]);
    const audit = await auditSince(db, a.tenant.id, auditBefore);
    expect(audit.map((entry) => entry.action)).toEqual([
      "approval.approve",
      "approval.approve",
      "approval.approve",
      "approval.close_by_delegation",
      "approval.complete",
    ]);
    expect(audit.at(-1)).toMatchObject({
      targetType: "approval",
      targetId: approval.id,
      details: { registrationNumber: "디지털정부정책과-1", bodySha256: digest },
    });
    // every action told the collab-server to decide the body's tickets again
    await notices.waitFor(
      () =>
        notices
          .of(a.tenant.id)
          .filter((notice) => notice.kind === "recheck" && notice.documentId === bodyDocumentId).length >= 4,
      "four rechecks of the body",
    );

    // a completed document takes no further action, and its body stays as frozen
    await appendBodyParagraph(db, a.tenant.id, bodyDocumentId, "완료 후에 덧붙인 문단");
    const late = await refusal(
      actOnApproval(a.as(a.director), { approvalId: approval.id, action: { type: "approve" } }),
    );
    expect(late.code).toBe("approvals.already-acted");
    expect((await readApproval(db, a.tenant.id, approval.id))!.bodyText).toBe(stored.bodyText);
  });

  it("completes on the last 결재 and numbers documents of the department one after the other", async () => {
    const a = await buildApprovalAgency(db);
    const line = [
      { kind: "review" as const, group: 1, assigneeId: a.chief.id },
      { kind: "approve" as const, group: 2, assigneeId: a.director.id },
    ];
    const first = await a.submit({ steps: line });
    const second = await a.submit({ steps: line });
    for (const { approval } of [second, first]) {
      await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" } });
      expect(await toldAbout(a.tenant.id, a.director.id, approval.id)).toEqual(["approval.task"]);
      const done = await actOnApproval(a.as(a.director), {
        approvalId: approval.id,
        action: { type: "approve" },
      });
      expect(done.status).toBe("completed");
    }
    expect((await readApproval(db, a.tenant.id, second.approval.id))!.registrationNumber).toBe(
      "디지털정부정책과-1",
    );
    expect((await readApproval(db, a.tenant.id, first.approval.id))!.registrationNumber).toBe(
      "디지털정부정책과-2",
    );
  });

  it("returns a document to the drafter (반려) with the reason, and refuses 반려 without one", async () => {
    const a = await buildApprovalAgency(db);
    const { approval, steps } = await a.submit({
      steps: [
        { kind: "cooperate", group: 1, assigneeId: a.cooperator.id },
        { kind: "cooperate", group: 1, assigneeId: a.secondCooperator.id },
        { kind: "approve", group: 2, assigneeId: a.chief.id },
      ],
    });
    const before = await snapshot(a.tenant.id, approval.id);
    const blank = await refusal(
      actOnApproval(a.as(a.cooperator), {
        approvalId: approval.id,
        action: { type: "reject", to: "drafter", opinion: "   " },
      }),
    );
    expect([blank.code, blank.status, blank.messageKey]).toEqual([
      "approvals.opinion-required",
      400,
      "approvals.refusal.opinion-required",
    ]);
    expect(await snapshot(a.tenant.id, approval.id)).toEqual(before);

    const result = await actOnApproval(a.as(a.cooperator), {
      approvalId: approval.id,
      action: { type: "reject", to: "drafter", opinion: "예산 과목을 확인해 주세요." },
    });
    expect(result).toMatchObject({ status: "rejected", stepId: steps[0]!.id });
    const after = await stepsOf(db, a.tenant.id, approval.id);
    expect(after.map((step) => [step.status, step.actedBy])).toEqual([
      ["rejected", a.cooperator.id],
      // the other parallel 협조 loses its turn
      ["waiting", null],
      ["waiting", null],
    ]);
    expect(after[0]!.actedAt).not.toBeNull();
    expect((await eventsOf(db, a.tenant.id, approval.id)).at(-1)).toMatchObject({
      action: "reject",
      actorId: a.cooperator.id,
      stepId: steps[0]!.id,
      opinion: "예산 과목을 확인해 주세요.",
    });
    expect(await toldAbout(a.tenant.id, a.drafter.id, approval.id)).toEqual(["approval.rejected"]);
    const late = await refusal(
      actOnApproval(a.as(a.secondCooperator), { approvalId: approval.id, action: { type: "approve" } }),
    );
    expect(late.code).toBe("approvals.already-acted");
  });

  it("returns a document to the previous step (반려), whose holder signs again", async () => {
    const a = await buildApprovalAgency(db);
    const { approval, steps } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
    });
    await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" } });
    const result = await actOnApproval(a.as(a.director), {
      approvalId: approval.id,
      action: { type: "reject", to: "previous", opinion: "2항을 다시 검토해 주세요." },
    });
    expect(result).toMatchObject({ status: "in_progress", stepId: steps[1]!.id });
    const after = await stepsOf(db, a.tenant.id, approval.id);
    expect(after.map((step) => [step.status, step.actedBy, step.signedAs, step.actedAt])).toEqual([
      ["pending", null, null, null],
      ["waiting", null, null, null],
    ]);
    expect(after[0]!.actedByName).toBeNull();
    expect(await toldAbout(a.tenant.id, a.chief.id, approval.id)).toEqual(["approval.task"]);
    expect(await toldAbout(a.tenant.id, a.drafter.id, approval.id)).toEqual(["approval.rejected"]);
    expect((await eventsOf(db, a.tenant.id, approval.id)).map((event) => event.action)).toEqual([
      "submit",
      "approve",
      "reject",
    ]);
    // the 과장 signs again, then the 국장
    await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" } });
    const done = await actOnApproval(a.as(a.director), {
      approvalId: approval.id,
      action: { type: "approve" },
    });
    expect(done.registration?.registrationNumber).toBe("디지털정부정책과-1");
  });

  it("lets the substitute of an absent 과장 sign (대결), and the 과장 post-approve (후결) afterwards", async () => {
    const a = await buildApprovalAgency(db);
    const now = new Date("2026-04-10T02:00:00Z");
    await setAbsence(db, a.tenant.id, {
      userId: a.chief.id,
      substituteId: a.substitute.id,
      startsAt: new Date(now.getTime() - 24 * HOUR),
      endsAt: new Date(now.getTime() + 24 * HOUR),
    });
    const { approval, steps } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
    });
    // before the absence, the substitute has nothing to do with the document
    const early = await refusal(
      actOnApproval(a.as(a.substitute), {
        approvalId: approval.id,
        action: { type: "proxy-approve", forPersonId: a.chief.id },
        now: new Date(now.getTime() - 48 * HOUR),
      }),
    );
    expect([early.code, early.status]).toEqual(["approvals.not-found", 404]);
    // a substitute for someone else's step
    const wrong = await refusal(
      actOnApproval(a.as(a.substitute), {
        approvalId: approval.id,
        action: { type: "proxy-approve", forPersonId: a.director.id },
        now,
      }),
    );
    expect(wrong.code).toBe("approvals.not-absent");

    const proxied = await actOnApproval(a.as(a.substitute), {
      approvalId: approval.id,
      action: { type: "proxy-approve", forPersonId: a.chief.id, opinion: "과장님 부재로 대결합니다." },
      now,
    });
    expect(proxied).toMatchObject({ status: "in_progress", stepId: steps[0]!.id });
    const signed = (await stepsOf(db, a.tenant.id, approval.id))[0]!;
    expect(signed).toMatchObject({
      status: "approved",
      actedBy: a.substitute.id,
      signedAs: "proxy",
      postApproval: "owed",
      actedByName: "최유진",
      actedByPosition: "주무관",
      assigneeName: "서민지",
      postApprovedAt: null,
    });
    expect((await eventsOf(db, a.tenant.id, approval.id)).at(-1)).toMatchObject({
      action: "proxy-approve",
      actorId: a.substitute.id,
      onBehalfOf: a.chief.id,
      opinion: "과장님 부재로 대결합니다.",
    });
    expect(await toldAbout(a.tenant.id, a.chief.id, approval.id)).toEqual(["approval.post_approval"]);
    expect(await toldAbout(a.tenant.id, a.director.id, approval.id)).toEqual(["approval.task"]);

    const done = await actOnApproval(a.as(a.director), {
      approvalId: approval.id,
      action: { type: "approve" },
    });
    expect(done.status).toBe("completed");

    // the 후결, after completion; someone else cannot give it, and it is given once
    const notMine = await refusal(
      actOnApproval(a.as(a.director), {
        approvalId: approval.id,
        action: { type: "post-approve", stepId: steps[0]!.id },
      }),
    );
    expect(notMine.code).toBe("approvals.no-post-approval-owed");
    const later = new Date(now.getTime() + 72 * HOUR);
    const post = await actOnApproval(a.as(a.chief), {
      approvalId: approval.id,
      action: { type: "post-approve", stepId: steps[0]!.id, opinion: "확인했습니다." },
      now: later,
    });
    expect(post).toMatchObject({ status: "completed", stepId: steps[0]!.id, registration: null });
    const afterPost = (await stepsOf(db, a.tenant.id, approval.id))[0]!;
    expect(afterPost).toMatchObject({ postApproval: "done", actedBy: a.substitute.id, signedAs: "proxy" });
    expect(afterPost.postApprovedAt?.toISOString()).toBe(later.toISOString());
    expect((await eventsOf(db, a.tenant.id, approval.id)).at(-1)).toMatchObject({
      action: "post-approve",
      actorId: a.chief.id,
      stepId: steps[0]!.id,
    });
    const again = await refusal(
      actOnApproval(a.as(a.chief), {
        approvalId: approval.id,
        action: { type: "post-approve", stepId: steps[0]!.id },
      }),
    );
    expect(again.code).toBe("approvals.already-acted");
    // the registration number is not touched by the 후결
    expect((await readApproval(db, a.tenant.id, approval.id))!.registrationSerial).toBe(1);
  });

  it("lets the drafter withdraw (회수) before the first action, and not after", async () => {
    const a = await buildApprovalAgency(db);
    const line = [
      { kind: "cooperate" as const, group: 1, assigneeId: a.cooperator.id },
      { kind: "cooperate" as const, group: 1, assigneeId: a.secondCooperator.id },
      { kind: "approve" as const, group: 2, assigneeId: a.chief.id },
    ];
    const { approval } = await a.submit({ steps: line });
    const notDrafter = await refusal(
      actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "withdraw" } }),
    );
    expect(notDrafter.code).toBe("approvals.not-drafter");
    const result = await actOnApproval(a.as(a.drafter), {
      approvalId: approval.id,
      action: { type: "withdraw", opinion: "첨부를 빠뜨렸습니다." },
    });
    expect(result).toMatchObject({ status: "withdrawn", stepId: null });
    expect((await readApproval(db, a.tenant.id, approval.id))!.status).toBe("withdrawn");
    expect((await stepsOf(db, a.tenant.id, approval.id)).map((step) => step.status)).toEqual([
      "waiting",
      "waiting",
      "waiting",
    ]);
    expect(await toldAbout(a.tenant.id, a.cooperator.id, approval.id)).toEqual(["approval.withdrawn"]);
    expect(await toldAbout(a.tenant.id, a.secondCooperator.id, approval.id)).toEqual(["approval.withdrawn"]);
    expect(await toldAbout(a.tenant.id, a.chief.id, approval.id)).toEqual([]);
    expect((await eventsOf(db, a.tenant.id, approval.id)).at(-1)).toMatchObject({
      action: "withdraw",
      actorId: a.drafter.id,
      stepId: null,
      opinion: "첨부를 빠뜨렸습니다.",
    });

    const other = await a.submit({ steps: line });
    await actOnApproval(a.as(a.cooperator), { approvalId: other.approval.id, action: { type: "approve" } });
    const before = await snapshot(a.tenant.id, other.approval.id);
    const late = await refusal(
      actOnApproval(a.as(a.drafter), { approvalId: other.approval.id, action: { type: "withdraw" } }),
    );
    expect([late.code, late.status]).toEqual(["approvals.already-moved-on", 409]);
    expect(await snapshot(a.tenant.id, other.approval.id)).toEqual(before);
  });

  it("holds (보류) a document, keeps it the holder's, then approves it", async () => {
    const a = await buildApprovalAgency(db);
    const { approval } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
    });
    const held = await actOnApproval(a.as(a.chief), {
      approvalId: approval.id,
      action: { type: "hold", opinion: "예산 확정 후 처리" },
    });
    expect(held.status).toBe("in_progress");
    expect((await stepsOf(db, a.tenant.id, approval.id)).map((step) => [step.status, step.actedBy])).toEqual([
      ["held", null],
      ["waiting", null],
    ]);
    const twice = await refusal(
      actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "hold" } }),
    );
    expect(twice.code).toBe("approvals.already-acted");
    // a held document cannot be withdrawn: its holder has acted
    const withdraw = await refusal(
      actOnApproval(a.as(a.drafter), { approvalId: approval.id, action: { type: "withdraw" } }),
    );
    expect(withdraw.code).toBe("approvals.already-moved-on");
    await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" } });
    expect((await stepsOf(db, a.tenant.id, approval.id)).map((step) => step.status)).toEqual([
      "approved",
      "pending",
    ]);
    expect(
      (await eventsOf(db, a.tenant.id, approval.id)).map((event) => [event.action, event.opinion]),
    ).toEqual([
      ["submit", null],
      ["hold", "예산 확정 후 처리"],
      ["approve", null],
    ]);
  });

  it("keeps each approver's amendment of the body as a version: who, when, what", async () => {
    const a = await buildApprovalAgency(db);
    const { approval, steps, bodyDocumentId } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "cooperate", group: 2, assigneeId: a.cooperator.id },
        { kind: "approve", group: 3, assigneeId: a.director.id },
      ],
      body: ["1. 추진 배경", "2. 추진 계획"],
    });
    // the 과장 adds a paragraph while it is their turn, then approves
    await appendBodyParagraph(db, a.tenant.id, bodyDocumentId, "3. 예산: 1,000,000원");
    const first = await actOnApproval(a.as(a.chief), {
      approvalId: approval.id,
      action: { type: "approve" },
    });
    expect(first.amendmentId).not.toBeNull();
    // a 협조자 changes nothing by agreeing; an unchanged body records no amendment
    const agreed = await actOnApproval(a.as(a.cooperator), {
      approvalId: approval.id,
      action: { type: "approve" },
    });
    expect(agreed.amendmentId).toBeNull();
    await appendBodyParagraph(db, a.tenant.id, bodyDocumentId, "4. 행정사항");
    const last = await actOnApproval(a.as(a.director), {
      approvalId: approval.id,
      action: { type: "approve" },
    });
    expect(last.status).toBe("completed");
    expect(last.amendmentId).not.toBeNull();

    const rows = (await amendmentRowsOf(db, a.tenant.id, approval.id)).filter((row) => row.stepId !== null);
    expect(rows.map((row) => [row.authorId, row.stepId, row.beforeText, row.afterText])).toEqual([
      [
        a.chief.id,
        steps[0]!.id,
        "1. 추진 배경\n2. 추진 계획",
        "1. 추진 배경\n2. 추진 계획\n3. 예산: 1,000,000원",
      ],
      [
        a.director.id,
        steps[2]!.id,
        "1. 추진 배경\n2. 추진 계획\n3. 예산: 1,000,000원",
        "1. 추진 배경\n2. 추진 계획\n3. 예산: 1,000,000원\n4. 행정사항",
      ],
    ]);
    // the frozen body is the amended one
    expect((await readApproval(db, a.tenant.id, approval.id))!.bodyText).toBe(
      "1. 추진 배경\n2. 추진 계획\n3. 예산: 1,000,000원\n4. 행정사항",
    );
    const events = await eventsOf(db, a.tenant.id, approval.id);
    expect(events.map((event) => [event.action, event.actorId])).toEqual([
      ["submit", a.drafter.id],
      ["amend", a.chief.id],
      ["approve", a.chief.id],
      ["approve", a.cooperator.id],
      ["amend", a.director.id],
      ["approve", a.director.id],
    ]);

    // later approvers (and the drafter) see who changed what, and when
    const listed = await listAmendments(a.as(a.drafter), { approvalId: approval.id });
    expect(listed.map((entry) => [entry.author, entry.step?.ordinal, entry.versionName])).toEqual([
      [{ id: a.chief.id, name: "서민지", position: "과장" }, 1, "결재 중 수정 — 서민지 과장"],
      [{ id: a.director.id, name: "김도윤", position: "국장" }, 3, "결재 중 수정 — 김도윤 국장"],
    ]);
    expect(listed[0]!.diff?.parts.filter((part) => part.kind !== "same")).toEqual([
      { kind: "added", text: "3. 예산: 1,000,000원" },
    ]);
    expect(listed[0]!.createdAt.getTime()).toBeLessThanOrEqual(listed[1]!.createdAt.getTime());
  });

  it("refuses an opinion over the limit with a translated error, and takes one at the limit", async () => {
    const a = await buildApprovalAgency(db);
    const { approval } = await a.submit({ steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }] });
    const before = await snapshot(a.tenant.id, approval.id);
    const long = await refusal(
      actOnApproval(a.as(a.chief), {
        approvalId: approval.id,
        action: { type: "approve", opinion: "가".repeat(MAX_OPINION_LENGTH + 1) },
      }),
    );
    expect([long.code, long.status, long.messageKey, long.params]).toEqual([
      "approvals.opinion.too-long",
      400,
      "approvals.actions.error.opinionTooLong",
      { max: 2000 },
    ]);
    expect(translate("ko", "approvals.actions.error.opinionTooLong", { max: MAX_OPINION_LENGTH })).toBe(
      "의견은 2000자 이내로 입력해 주세요.",
    );
    const nul = await refusal(
      actOnApproval(a.as(a.chief), {
        approvalId: approval.id,
        action: { type: "approve", opinion: "의견\u0000" },
      }),
    );
    expect(nul.code).toBe("approvals.opinion.invalid");
    expect(await snapshot(a.tenant.id, approval.id)).toEqual(before);

    // 2,000 characters counted as people count them (an emoji is one)
    const opinion = `${"가".repeat(MAX_OPINION_LENGTH - 1)}😀`;
    await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve", opinion } });
    expect((await eventsOf(db, a.tenant.id, approval.id)).at(-1)!.opinion).toBe(opinion);
  });

  it("refuses someone whose turn it is not, and a 전결 without delegated authority", async () => {
    const a = await buildApprovalAgency(db);
    const { approval } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
    });
    const early = await refusal(
      actOnApproval(a.as(a.director), { approvalId: approval.id, action: { type: "approve" } }),
    );
    expect([early.code, early.status]).toEqual(["approvals.not-your-turn", 403]);
    const noDelegation = await refusal(
      actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "close-by-delegation" } }),
    );
    expect(noDelegation.code).toBe("approvals.no-delegation");
    expect(ko[noDelegation.messageKey]).toBe("이 결재 단계에는 전결 권한이 없습니다.");
  });

  it("does not find an approval of another agency, nor one a person of the agency has nothing to do with", async () => {
    const a = await buildApprovalAgency(db);
    const other = await buildApprovalAgency(db);
    const { approval } = await a.submit({ steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }] });
    const before = await snapshot(a.tenant.id, approval.id);
    for (const [ctx, action] of [
      [other.as(other.chief), { type: "approve" }],
      [other.as(other.drafter), { type: "withdraw" }],
      [a.as(a.outsider), { type: "approve" }],
      [a.as(a.outsider), { type: "reject", to: "drafter", opinion: "반려" }],
    ] as const) {
      const error = await refusal(actOnApproval(ctx, { approvalId: approval.id, action }));
      expect([error.code, error.status]).toEqual(["approvals.not-found", 404]);
    }
    const malformed = await refusal(
      actOnApproval(a.as(a.chief), { approvalId: "not-a-uuid", action: { type: "approve" } }),
    );
    expect(malformed.status).toBe(404);
    expect(await snapshot(a.tenant.id, approval.id)).toEqual(before);
    const otherSent = await withTenant(db, other.tenant.id, (tx) =>
      tx.select().from(notifications).where(eq(notifications.tenantId, other.tenant.id)),
    );
    expect(otherSent).toEqual([]);
  });
});

describe("actOnApproval with two people at once", () => {
  it("lets exactly one of the holder and their substitute (대결) sign; the other reads 이미 처리된 문서입니다.", async () => {
    const a = await buildApprovalAgency(db);
    await setAbsence(db, a.tenant.id, {
      userId: a.chief.id,
      substituteId: a.substitute.id,
      startsAt: new Date(Date.now() - HOUR),
      endsAt: new Date(Date.now() + 24 * HOUR),
    });
    const { approval } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
    });
    // A third transaction holds the approval's row lock until both actions wait for it, so
    // both really run at once and the database decides who goes first.
    const holder = holdTransaction(db, a.tenant.id, (tx) =>
      tx.execute(sql`select 1 from ${approvals} where ${approvals.id} = ${approval.id} for update`),
    );
    const pid = await holder.pid;
    const outcomes = Promise.allSettled([
      actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" } }),
      actOnApproval(a.as(a.substitute), {
        approvalId: approval.id,
        action: { type: "proxy-approve", forPersonId: a.chief.id },
      }),
    ]);
    await waitUntilWaiting(pid, 2);
    holder.release();
    await holder.done;
    const [byHolder, bySubstitute] = await outcomes;
    const settled = [byHolder!, bySubstitute!];
    expect(settled.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const [lost] = settled.filter((outcome) => outcome.status === "rejected");
    const error = (lost as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(AppError);
    expect([error.code, error.status]).toEqual(["approvals.already-acted", 409]);
    expect(ko[error.messageKey as MessageKey]).toBe("이미 처리된 문서입니다.");
    expect(en[error.messageKey as MessageKey]).toBe("This document has already been processed.");

    const winner = byHolder!.status === "fulfilled" ? a.chief.id : a.substitute.id;
    const steps = await stepsOf(db, a.tenant.id, approval.id);
    expect(steps[0]).toMatchObject({
      status: "approved",
      actedBy: winner,
      signedAs: winner === a.chief.id ? "self" : "proxy",
    });
    expect(steps[1]!.status).toBe("pending");
    const signatures = (await eventsOf(db, a.tenant.id, approval.id)).filter(
      (event) => event.action !== "submit",
    );
    expect(signatures).toHaveLength(1);
    expect(signatures[0]!.actorId).toBe(winner);
    expect(await toldAbout(a.tenant.id, a.director.id, approval.id)).toEqual(["approval.task"]);
  });

  it("lets one of two approvals by the same holder at once win", async () => {
    const a = await buildApprovalAgency(db);
    const { approval } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
    });
    const holder = holdTransaction(db, a.tenant.id, (tx) =>
      tx.execute(sql`select 1 from ${approvals} where ${approvals.id} = ${approval.id} for update`),
    );
    const pid = await holder.pid;
    const outcomes = Promise.allSettled([
      actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve", opinion: "첫째" } }),
      actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve", opinion: "둘째" } }),
    ]);
    await waitUntilWaiting(pid, 2);
    holder.release();
    await holder.done;
    const settled = await outcomes;
    expect(settled.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = settled.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect((lost.reason as AppError).code).toBe("approvals.already-acted");
    const approvals_ = (await eventsOf(db, a.tenant.id, approval.id)).filter(
      (event) => event.action === "approve",
    );
    expect(approvals_).toHaveLength(1);
    expect(await toldAbout(a.tenant.id, a.director.id, approval.id)).toEqual(["approval.task"]);
    const stepRows = await stepsOf(db, a.tenant.id, approval.id);
    expect(stepRows.map((step) => step.status)).toEqual(["approved", "pending"]);
  });
});
