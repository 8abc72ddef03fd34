import { verifyCollabTicket } from "@nuri/auth";
import { approvalAbsences, approvalSteps, approvals, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { issueDocumentTicket } from "../documents/issue-ticket.server.ts";
import { createApproval } from "./create-approval.server.ts";
import {
  buildApprovalAgency,
  markRejected,
  READY,
  readApproval,
  retire,
  saveDraft,
} from "./draft-test-helpers.server.ts";
import { issueApprovalTicket } from "./issue-approval-ticket.server.ts";
import { submitApproval } from "./submit-approval.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const SECRET = "approval-ticket-secret-0123456789abcdef";

beforeAll(() => {
  process.env.COLLAB_TICKET_SECRET = SECRET;
});

type Agency = Awaited<ReturnType<typeof buildApprovalAgency>>;

/** A 기안문 with a co-drafter, 참조, and the line 팀장 검토 → 운영지원과장 협조 → 과장 결재. */
async function draft(a: Agency) {
  const id = await createApproval(a.as(a.drafter), { formId: a.form.general });
  await saveDraft(a, id, {
    ...READY,
    line: [
      { kind: "review", group: 1, assigneeId: a.lead.id },
      { kind: "cooperate", group: 2, assigneeId: a.supportHead.id },
      { kind: "approve", group: 3, assigneeId: a.head.id },
    ],
    cc: [a.director.id],
    coDrafters: [a.colleague.id],
  });
  return id;
}

/** Each person's permission on the body, as the ticket carries it (null: no ticket). */
async function permissions(a: Agency, id: string, people: Record<string, { id: string }>) {
  const bodyId = (await readApproval(db, a.tenant.id, id))!.bodyDocumentId;
  const out: Record<string, string | null> = {};
  for (const [name, person] of Object.entries(people)) {
    const ticket = await issueApprovalTicket(db, { tenantId: a.tenant.id, userId: person.id }, id);
    if (ticket) {
      const check = verifyCollabTicket(Buffer.from(SECRET), ticket.ticket, new Date());
      expect(check).toMatchObject({
        ok: true,
        claims: {
          tenantId: a.tenant.id,
          userId: person.id,
          documentId: bodyId,
          permission: ticket.permission,
        },
      });
      expect(ticket.documentId).toBe(bodyId);
    }
    out[name] = ticket?.permission ?? null;
  }
  return out;
}

/** Moves the line on to the step of `ordinal` (as approving does; the action side's, seeded). */
async function moveTo(a: Agency, id: string, ordinal: number) {
  await withTenant(db, a.tenant.id, async (tx) => {
    const steps = await tx.select().from(approvalSteps).where(eq(approvalSteps.approvalId, id));
    for (const step of steps) {
      const status = step.ordinal < ordinal ? "approved" : step.ordinal === ordinal ? "pending" : "waiting";
      await tx.update(approvalSteps).set({ status }).where(eq(approvalSteps.id, step.id));
    }
  });
}

describe("issueApprovalTicket", () => {
  it("lets the drafters write the draft and everyone related read it; no ticket for anyone else", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    expect(
      await permissions(a, id, {
        drafter: a.drafter,
        coDrafter: a.colleague,
        reviewer: a.lead,
        approver: a.head,
        cc: a.director,
        stranger: a.outsider,
      }),
    ).toEqual({
      drafter: "edit",
      coDrafter: "edit",
      reviewer: "read",
      approver: "read",
      cc: "read",
      stranger: null,
    });
  });

  it("after 상신, lets only the holder of the current 검토 or 결재 step write", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    await submitApproval(a.as(a.drafter), { approvalId: id });
    const people = {
      drafter: a.drafter,
      coDrafter: a.colleague,
      reviewer: a.lead,
      cooperator: a.supportHead,
      approver: a.head,
      stranger: a.outsider,
    };
    expect(await permissions(a, id, people)).toEqual({
      drafter: "read",
      coDrafter: "read",
      reviewer: "edit",
      cooperator: "read",
      approver: "read",
      stranger: null,
    });
    // a 협조 step's holder does not amend the body
    await moveTo(a, id, 2);
    expect(await permissions(a, id, people)).toMatchObject({
      reviewer: "read",
      cooperator: "read",
      approver: "read",
    });
    await moveTo(a, id, 3);
    expect(await permissions(a, id, people)).toMatchObject({
      reviewer: "read",
      cooperator: "read",
      approver: "edit",
    });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(approvalSteps).set({ status: "held" }).where(eq(approvalSteps.assigneeId, a.head.id)),
    );
    expect(await permissions(a, id, people)).toMatchObject({ approver: "edit" });
  });

  it("lets the 대결 substitute of an absent approver write, while the absence lasts", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    await submitApproval(a.as(a.drafter), { approvalId: id });
    await moveTo(a, id, 3);
    const now = Date.now();
    await withTenant(db, a.tenant.id, (tx) =>
      tx.insert(approvalAbsences).values({
        tenantId: a.tenant.id,
        userId: a.head.id,
        substituteId: a.outsider.id,
        startsAt: new Date(now - 3_600_000),
        endsAt: new Date(now + 3_600_000),
      }),
    );
    expect(await permissions(a, id, { substitute: a.outsider })).toEqual({ substitute: "edit" });
    const later = new Date(now + 7_200_000);
    expect(
      await issueApprovalTicket(db, { tenantId: a.tenant.id, userId: a.outsider.id }, id, later),
    ).toBeNull();
  });

  it("gives only reading once the document is rejected, and nothing to a disabled person", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    await submitApproval(a.as(a.drafter), { approvalId: id });
    await markRejected(db, a.tenant.id, id, 1);
    expect(await permissions(a, id, { drafter: a.drafter, reviewer: a.lead })).toEqual({
      drafter: "read",
      reviewer: "read",
    });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(approvals).set({ status: "draft" }).where(eq(approvals.id, id)),
    );
    await retire(db, a.tenant.id, a.drafter.id);
    expect(await permissions(a, id, { drafter: a.drafter, coDrafter: a.colleague })).toEqual({
      drafter: null,
      coDrafter: "edit",
    });
  });

  it("is never issued for a body through the documents side, and does not find an approval of another agency", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const id = await draft(mine);
    const bodyId = (await readApproval(db, mine.tenant.id, id))!.bodyDocumentId;
    expect(
      await issueDocumentTicket(db, { tenantId: mine.tenant.id, userId: mine.drafter.id }, bodyId),
    ).toBeNull();
    const foreign = await draft(theirs);
    expect(
      await issueApprovalTicket(db, { tenantId: mine.tenant.id, userId: mine.drafter.id }, foreign),
    ).toBeNull();
    expect(
      await issueApprovalTicket(db, { tenantId: mine.tenant.id, userId: theirs.drafter.id }, foreign),
    ).toBeNull();
    expect(
      await issueApprovalTicket(db, { tenantId: mine.tenant.id, userId: theirs.drafter.id }, id),
    ).toBeNull();
    expect(
      await issueApprovalTicket(db, { tenantId: mine.tenant.id, userId: mine.drafter.id }, "nope"),
    ).toBeNull();
  });
});
