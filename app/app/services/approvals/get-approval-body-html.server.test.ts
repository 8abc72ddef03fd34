import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { actOnApproval } from "./act-on-approval.server.ts";
import { getApprovalBodyHtml } from "./get-approval-body-html.server.ts";
import { appendBodyParagraph, buildApprovalAgency } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

describe("getApprovalBodyHtml", () => {
  it("shows the latest projection while in progress, and the frozen body once completed", async () => {
    const a = await buildApprovalAgency(db);
    const { approval, bodyDocumentId } = await a.submit({
      body: ["예산을 집행합니다."],
      steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }],
    });
    expect(await getApprovalBodyHtml(a.as(a.chief), { approvalId: approval.id })).toBe(
      "<p>예산을 집행합니다.</p>",
    );
    await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" } });
    // an edit arriving after completion is not part of what was signed
    await appendBodyParagraph(db, a.tenant.id, bodyDocumentId, "나중에 덧붙인 문장");
    expect(await getApprovalBodyHtml(a.as(a.drafter), { approvalId: approval.id })).toBe(
      "<p>예산을 집행합니다.</p>",
    );
  });

  it("shows nothing to a person it is nothing to, nor to another agency", async () => {
    const a = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const { approval } = await a.submit({ steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }] });
    expect(await getApprovalBodyHtml(a.as(a.outsider), { approvalId: approval.id })).toBeNull();
    expect(await getApprovalBodyHtml(theirs.as(theirs.chief), { approvalId: approval.id })).toBeNull();
    expect(await getApprovalBodyHtml(a.as(a.chief), { approvalId: "nope" })).toBeNull();
  });
});
