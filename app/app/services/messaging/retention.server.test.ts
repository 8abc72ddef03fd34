import { auditLog, count, desc, eq, messageEvents, messages, sql, withTenant } from "@nuri/db";
import { buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { actingAs } from "../org/test-helpers.server.ts";
import { createChannel } from "./channels.server.ts";
import { exportChannel, listChannelsForAdmin } from "./export-channel.server.ts";
import { deleteMessage, editMessage, listMessages, postMessage } from "./messages.server.ts";
import { applyMessageRetention, readRetentionPolicy, setRetentionPolicy } from "./retention.server.ts";
import { buildMessagingAgency, expectAppError } from "./test-helpers.server.ts";

const { app, owner } = connectTestDatabase();
const db = app.db;
const DAY = 24 * 60 * 60 * 1000;

/** Moves a message (and its event) back in time, as if written `days` ago. */
async function age(tenantId: string, messageId: string, days: number, now: Date) {
  const at = new Date(now.getTime() - days * DAY).toISOString();
  await withTenant(db, tenantId, async (tx) => {
    await tx.execute(sql`update messages set created_at = ${at}::timestamptz where id = ${messageId}`);
    await tx.execute(
      sql`update messages set last_reply_at = ${at}::timestamptz where id = ${messageId} and last_reply_at is not null`,
    );
  });
}

async function lastAudit(tenantId: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(desc(auditLog.seq)).limit(1),
  );
  return row;
}

describe("message retention", () => {
  it("keeps messages forever by default; a policy deletes older ones, a thread with its last reply", async () => {
    const { tenant, minji, seojun } = await buildMessagingAgency(db);
    const admin = await buildUser(db, tenant.id, { role: "admin" });
    const org = actingAs(db, tenant.id, admin.id);
    const now = new Date();
    const channelId = await createChannel(minji, {
      kind: "public",
      name: "보존",
      memberIds: [seojun.userId],
    });
    const old = await postMessage(minji, { channelId, body: "오래된 메시지" });
    const oldThread = await postMessage(minji, { channelId, body: "오래된 스레드" });
    const oldReply = await postMessage(seojun, {
      channelId,
      body: "오래된 답글",
      threadRootId: oldThread.id,
    });
    const liveThread = await postMessage(minji, { channelId, body: "답글이 최근인 스레드" });
    await postMessage(seojun, { channelId, body: "최근 답글", threadRootId: liveThread.id });
    await postMessage(minji, { channelId, body: "최근 메시지" });
    for (const id of [old.id, oldThread.id, oldReply.id, liveThread.id]) await age(tenant.id, id, 40, now);
    // the live thread's last reply is recent again
    await withTenant(db, tenant.id, (tx) =>
      tx.execute(sql`update messages set last_reply_at = now() where id = ${liveThread.id}`),
    );

    await applyMessageRetention(db, now);
    expect((await listMessages(minji, channelId)).messages).toHaveLength(4); // forever

    await expectAppError(setRetentionPolicy(org, { days: 0 }), "retention-days", 400);
    await expectAppError(setRetentionPolicy(org, { days: Number.NaN }), "retention-days", 400);
    expect(await setRetentionPolicy(org, { days: 30 })).toBe(true);
    expect(await setRetentionPolicy(org, { days: 30 })).toBe(false);
    expect(await readRetentionPolicy(db, tenant.id)).toEqual({ days: 30 });
    expect((await lastAudit(tenant.id))?.action).toBe("messaging.retention.update");

    const report = await applyMessageRetention(db, now);
    expect(report.messages).toBeGreaterThanOrEqual(3);
    expect((await listMessages(minji, channelId)).messages.map((m) => m.body)).toEqual([
      "답글이 최근인 스레드",
      "최근 메시지",
    ]);
    expect((await lastAudit(tenant.id))?.details).toMatchObject({ messages: 3, days: 30 });
    const [left] = await withTenant(db, tenant.id, (tx) => tx.select({ n: count() }).from(messages));
    expect(left?.n).toBe(3);
  });

  it("trims the live-delivery log after three days, whatever the policy", async () => {
    const { tenant, minji } = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, { kind: "public", name: "로그" });
    await postMessage(minji, { channelId, body: "하나" });
    // (the app may not rewrite the log; the schema's owner may)
    await withTenant(owner.db, tenant.id, (tx) =>
      tx.execute(sql`update message_events set created_at = now() - interval '4 days'`),
    );
    await postMessage(minji, { channelId, body: "둘" });
    await applyMessageRetention(db, new Date());
    const events = await withTenant(db, tenant.id, (tx) => tx.select().from(messageEvents));
    expect(events.map((e) => (e.payload as { body?: string }).body)).toEqual(["둘"]);
    expect((await listMessages(minji, channelId)).messages).toHaveLength(2);
  });
});

describe("channel export", () => {
  it("exports every message as written, deleted ones and earlier versions included, and audits it", async () => {
    const { tenant, minji, seojun } = await buildMessagingAgency(db);
    const other = await buildMessagingAgency(db);
    const admin = await buildUser(db, tenant.id, { role: "admin" });
    const org = actingAs(db, tenant.id, admin.id);
    const channelId = await createChannel(minji, {
      kind: "private",
      name: "인사",
      memberIds: [seojun.userId],
    });
    const first = await postMessage(minji, { channelId, body: "처음 문장" });
    await editMessage(minji, first.id, "고친 문장");
    const gone = await postMessage(seojun, {
      channelId,
      body: "지운 문장",
      attachments: [{ filename: "a.txt", data: new Uint8Array([1, 2, 3]) }],
    });
    await deleteMessage(seojun, gone.id);

    expect((await listChannelsForAdmin(org)).map((c) => [c.title, c.kind, c.members, c.messages])).toEqual([
      ["인사", "private", 2, 2],
    ]);
    const exported = await exportChannel(org, channelId);
    expect(exported.channel).toMatchObject({ name: "인사", kind: "private" });
    expect(exported.members.map((m) => m.name).sort()).toEqual(["김민지", "이서준"]);
    expect(exported.messages.map((m) => [m.body, m.deletedAt !== null])).toEqual([
      ["고친 문장", false],
      ["지운 문장", true],
    ]);
    expect(exported.messages[0]?.earlierVersions).toMatchObject([{ body: "처음 문장" }]);
    expect(exported.messages[1]?.files).toEqual([
      {
        filename: "a.txt",
        sizeBytes: 3,
        sha256: "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
      },
    ]);
    expect(await lastAudit(tenant.id)).toMatchObject({
      action: "messaging.channel.export",
      targetId: channelId,
    });
    await expectAppError(
      exportChannel(actingAs(db, other.tenant.id, null), channelId),
      "channel-not-found",
      404,
    );
  });
});
