import { randomUUID } from "node:crypto";
import { documentShares, eq, sql, withTenant } from "@nuri/db";
import { buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { buildApprovalAgency } from "../approvals/test-helpers.server.ts";
import {
  addNotifications,
  countUnread,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATIONS_PAGE_SIZE,
} from "./notifications.server.ts";
import { shareDocument } from "./sharing.server.ts";
import { actingAs } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function sharedWithMe() {
  const tenant = await buildTenant(db);
  const owner = await buildUser(db, tenant.id, { displayName: "김소유" });
  const me = await buildUser(db, tenant.id, { displayName: "나수신" });
  const doc = await buildDocument(db, tenant.id, owner.id, { title: "회의록" });
  await shareDocument(actingAs(db, tenant.id, owner.id), {
    documentId: doc.id,
    grantee: { kind: "user", id: me.id },
    role: "commenter",
    confirmBeyondDepartment: true,
  });
  return { tenant, owner, me, doc, person: { tenantId: tenant.id, userId: me.id } };
}

describe("notifications", () => {
  it("lists a person's notifications newest first, with who and what, and counts the unread", async () => {
    const { tenant, owner, me, doc, person } = await sharedWithMe();
    await withTenant(db, tenant.id, (tx) =>
      addNotifications(tx, tenant.id, [
        {
          userId: me.id,
          kind: "mention",
          actorId: owner.id,
          target: { type: "document", id: doc.id },
          details: { commentId: randomUUID() },
        },
      ]),
    );
    const { items, next } = await listNotifications(db, person);
    expect(items.map((item) => [item.kind, item.actorName, item.document?.title, item.read])).toEqual([
      ["mention", "김소유", "회의록", false],
      ["share", "김소유", "회의록", false],
    ]);
    expect(items[1]?.details).toEqual({ role: "commenter" });
    expect(next).toBeNull();
    expect(await countUnread(db, tenant.id, me.id)).toBe(2);
    expect(await countUnread(db, tenant.id, owner.id)).toBe(0);
  });

  it("marks one read, then all; another person's notification is not found", async () => {
    const { tenant, owner, me, doc, person } = await sharedWithMe();
    await withTenant(db, tenant.id, (tx) =>
      addNotifications(tx, tenant.id, [
        {
          userId: me.id,
          kind: "mention",
          actorId: owner.id,
          target: { type: "document", id: doc.id },
          details: {},
        },
        {
          userId: owner.id,
          kind: "mention",
          actorId: me.id,
          target: { type: "document", id: doc.id },
          details: {},
        },
      ]),
    );
    const [first] = (await listNotifications(db, person)).items;
    const [ownersOwn] = (await listNotifications(db, { tenantId: tenant.id, userId: owner.id })).items;
    expect(await markNotificationRead(db, person, ownersOwn!.id)).toBe(false);
    expect(await countUnread(db, tenant.id, owner.id)).toBe(1);
    expect(await markNotificationRead(db, person, first!.id)).toBe(true);
    expect(await countUnread(db, tenant.id, me.id)).toBe(1);
    expect(await markAllNotificationsRead(db, person)).toBe(1);
    expect(await markAllNotificationsRead(db, person)).toBe(0);
    expect(await countUnread(db, tenant.id, me.id)).toBe(0);
    expect(await countUnread(db, tenant.id, owner.id)).toBe(1);
  });

  it("shows nothing of a document the person may no longer open", async () => {
    const { tenant, person, doc } = await sharedWithMe();
    await withTenant(db, tenant.id, (tx) =>
      tx.delete(documentShares).where(eq(documentShares.documentId, doc.id)),
    );
    const [item] = (await listNotifications(db, person)).items;
    expect(item).toMatchObject({ kind: "share", document: null });
  });

  it("pages by the last one shown, without skipping notifications of the same moment", async () => {
    const { tenant, owner, me, doc, person } = await sharedWithMe();
    // Many at one instant: a timestamp cursor would skip some of them.
    await withTenant(db, tenant.id, (tx) =>
      tx.execute(sql`insert into notifications (tenant_id, user_id, kind, actor_id, target_type, target_id, created_at)
        select ${tenant.id}, ${me.id}, 'mention', ${owner.id}, 'document', ${doc.id}, now() - interval '1 hour'
        from generate_series(1, ${NOTIFICATIONS_PAGE_SIZE + 5})`),
    );
    const first = await listNotifications(db, person);
    expect(first.items).toHaveLength(NOTIFICATIONS_PAGE_SIZE);
    expect(first.next).not.toBeNull();
    const second = await listNotifications(db, person, { before: first.next });
    expect(second.items).toHaveLength(6);
    expect(second.next).toBeNull();
    const ids = new Set([...first.items, ...second.items].map((item) => item.id));
    expect(ids.size).toBe(NOTIFICATIONS_PAGE_SIZE + 6);
  });

  it("does not find notifications of another agency", async () => {
    const { tenant, me, person } = await sharedWithMe();
    const other = await buildTenant(db);
    const stranger = await buildUser(db, other.id);
    const [mine] = (await listNotifications(db, person)).items;
    const strangerPerson = { tenantId: other.id, userId: stranger.id };
    expect((await listNotifications(db, strangerPerson)).items).toEqual([]);
    expect(await markNotificationRead(db, strangerPerson, mine!.id)).toBe(false);
    // Even naming the person: the tenant comes from the session, and RLS holds.
    expect(await markNotificationRead(db, { tenantId: other.id, userId: me.id }, mine!.id)).toBe(false);
    expect(await markAllNotificationsRead(db, { tenantId: other.id, userId: me.id })).toBe(0);
    expect(await countUnread(db, other.id, me.id)).toBe(0);
    expect(await countUnread(db, tenant.id, me.id)).toBe(1);
  });

  it("names an approval to its step holder, and nothing of it to a person it is nothing to", async () => {
    const a = await buildApprovalAgency(db);
    const { approval } = await a.submit({
      title: "2026년 예산 집행 계획",
      steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }],
    });
    // The outsider's notification stands for one that outlived the person's part in the line.
    await withTenant(db, a.tenant.id, (tx) =>
      addNotifications(
        tx,
        a.tenant.id,
        [a.chief, a.outsider].map((person) => ({
          userId: person.id,
          kind: "approval.task" as const,
          actorId: a.drafter.id,
          target: { type: "approval" as const, id: approval.id },
          details: {},
        })),
      ),
    );
    const [chiefs] = (await listNotifications(db, { tenantId: a.tenant.id, userId: a.chief.id })).items;
    expect(chiefs).toMatchObject({
      kind: "approval.task",
      actorName: "권나은",
      document: null,
      approval: { id: approval.id, title: "2026년 예산 집행 계획" },
    });
    const [outsiders] = (await listNotifications(db, { tenantId: a.tenant.id, userId: a.outsider.id })).items;
    expect(outsiders).toMatchObject({ kind: "approval.task", document: null, approval: null });
  });
});
