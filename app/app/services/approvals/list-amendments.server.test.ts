import { approvalAmendments, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { refusal } from "../documents/test-helpers.server.ts";
import { actOnApproval } from "./act-on-approval.server.ts";
import { listAmendments } from "./list-amendments.server.ts";
import { amendmentRowsOf, appendBodyParagraph, buildApprovalAgency } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

describe("listAmendments", () => {
  it("lists nothing while nobody changed the body; the baseline kept at 상신 is no amendment", async () => {
    const a = await buildApprovalAgency(db);
    const { approval } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
      cc: [a.secondCooperator.id],
    });
    await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" } });
    const rows = await amendmentRowsOf(db, a.tenant.id, approval.id);
    expect(rows.map((row) => [row.stepId, row.authorId, row.beforeText === row.afterText])).toEqual([
      [null, a.drafter.id, true],
    ]);
    // the line, the drafter and 참조 may all read the list
    for (const person of [a.drafter, a.director, a.secondCooperator]) {
      expect(await listAmendments(a.as(person), { approvalId: approval.id })).toEqual([]);
    }
  });

  it("shows a reviewer's amendment with its diff to the next approver", async () => {
    const a = await buildApprovalAgency(db);
    const { approval, bodyDocumentId } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
      body: ["출장 기간: 3일"],
    });
    await appendBodyParagraph(db, a.tenant.id, bodyDocumentId, "출장지: 세종");
    const before = new Date();
    await actOnApproval(a.as(a.chief), {
      approvalId: approval.id,
      action: { type: "reject", to: "drafter", opinion: "출장지를 적었습니다. 다시 올려 주세요." },
    });
    const [entry] = await listAmendments(a.as(a.director), { approvalId: approval.id });
    expect(entry).toMatchObject({
      author: { id: a.chief.id, name: "서민지", position: "과장" },
      step: { kind: "review", ordinal: 1 },
      versionName: "결재 중 수정 — 서민지 과장",
    });
    expect(entry!.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(entry!.diff!.added).toBe(1);
    expect(entry!.diff!.parts.map((part) => part.kind)).toContain("added");
  });

  it("takes the body as the baseline when an approval has none, pinning no earlier change on anyone", async () => {
    const a = await buildApprovalAgency(db);
    const { approval, bodyDocumentId } = await a.submit({
      steps: [
        { kind: "review", group: 1, assigneeId: a.chief.id },
        { kind: "approve", group: 2, assigneeId: a.director.id },
      ],
      body: ["본문"],
    });
    // as if submitted without the baseline at 상신
    await withTenant(db, a.tenant.id, (tx) =>
      tx.delete(approvalAmendments).where(eq(approvalAmendments.approvalId, approval.id)),
    );
    await appendBodyParagraph(db, a.tenant.id, bodyDocumentId, "누가 언제 썼는지 모르는 문단");
    const first = await actOnApproval(a.as(a.chief), {
      approvalId: approval.id,
      action: { type: "approve" },
    });
    expect(first.amendmentId).toBeNull();
    await appendBodyParagraph(db, a.tenant.id, bodyDocumentId, "국장 수정");
    await actOnApproval(a.as(a.director), { approvalId: approval.id, action: { type: "approve" } });
    const listed = await listAmendments(a.as(a.drafter), { approvalId: approval.id });
    expect(listed.map((entry) => entry.author.id)).toEqual([a.director.id]);
    expect(listed[0]!.diff!.parts.filter((part) => part.kind === "added").map((part) => part.text)).toEqual([
      "국장 수정",
    ]);
  });

  it("does not find an approval of another agency, nor one the person has nothing to do with", async () => {
    const a = await buildApprovalAgency(db);
    const other = await buildApprovalAgency(db);
    const { approval } = await a.submit({ steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }] });
    for (const ctx of [other.as(other.chief), a.as(a.outsider)]) {
      const error = await refusal(listAmendments(ctx, { approvalId: approval.id }));
      expect([error.code, error.status]).toEqual(["approvals.not-found", 404]);
    }
    expect((await refusal(listAmendments(a.as(a.chief), { approvalId: "x" }))).status).toBe(404);
  });
});
