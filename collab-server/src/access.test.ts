import { randomUUID } from "node:crypto";
import { type CollabNotice, sendCollabNotice } from "@nuri/collab";
import { withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { CloseCode } from "./close-codes.ts";
import { closeCode, collabHarness, synced, until } from "./testing.ts";

// When the app revokes or lowers someone's permission, it sends a notice in the same
// transaction; every collab-server instance LISTENs and acts on it at once.

const { app } = connectTestDatabase();
const harness = collabHarness(app);

async function notify(notice: CollabNotice, commit = true): Promise<void> {
  await withTenant(app.db, notice.tenantId, async (tx) => {
    await sendCollabNotice(tx, notice);
    if (!commit) tx.rollback();
  }).catch((error: unknown) => {
    if (commit) throw error;
  });
}

describe("permission changes on open connections", () => {
  it("closes a revoked person's connections within 5 seconds and leaves the others editing", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const [revoked, stays] = [randomUUID(), randomUUID()];
    const one = harness.connect(url, target, "edit", revoked);
    const tab = harness.connect(url, target, "read", revoked);
    const other = harness.connect(url, target, "edit", stays);
    await Promise.all([synced(one.provider), synced(tab.provider), synced(other.provider)]);
    const closes = [closeCode(one.provider), closeCode(tab.provider)];
    const sent = Date.now();
    await notify({
      kind: "access",
      tenantId: target.tenantId,
      documentId: target.documentId,
      userId: revoked,
      permission: null,
    });
    expect(await Promise.all(closes)).toEqual([CloseCode.accessRevoked, CloseCode.accessRevoked]);
    expect(Date.now() - sent).toBeLessThan(5000);
    const last = harness.connect(url, target, "edit", randomUUID());
    other.text.insert(0, "계속 편집");
    await until(() => last.text.toString() === "계속 편집", "the others to go on");
  });

  it("asks a person whose permission changed to reconnect with a fresh ticket, and ignores unchanged ones", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const person = randomUUID();
    const editor = harness.connect(url, target, "edit", person);
    const reader = harness.connect(url, target, "read", person);
    await Promise.all([synced(editor.provider), synced(reader.provider)]);
    const editorClosed = closeCode(editor.provider);
    let readerClosed = false;
    reader.provider.ws?.addEventListener("close", () => {
      readerClosed = true;
    });
    await notify({
      kind: "access",
      tenantId: target.tenantId,
      documentId: target.documentId,
      userId: person,
      permission: "read",
    });
    // lowered from edit to read: renew; already read: nothing to do
    expect(await editorClosed).toBe(CloseCode.permissionChanged);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readerClosed).toBe(false);
  });

  it("does nothing for a notice that was rolled back, or that names another tenant", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const other = await harness.document();
    const person = randomUUID();
    const client = harness.connect(url, target, "edit", person);
    await synced(client.provider);
    let closed = false;
    client.provider.ws?.addEventListener("close", () => {
      closed = true;
    });
    await notify(
      {
        kind: "access",
        tenantId: target.tenantId,
        documentId: target.documentId,
        userId: person,
        permission: null,
      },
      false,
    );
    // The same document and person ids under another tenant are another room.
    await notify({
      kind: "access",
      tenantId: other.tenantId,
      documentId: target.documentId,
      userId: person,
      permission: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(closed).toBe(false);
    const witness = harness.connect(url, target);
    client.text.insert(0, "그대로");
    await until(() => witness.text.toString() === "그대로", "the connection to keep working");
  });

  it("ignores malformed notices on the channel", async () => {
    const started = await harness.start();
    await app.sql`select pg_notify('nuri_collab', '{"kind":"access","tenantId":"not-a-uuid"}')`;
    await until(
      () => started.logger.lines.some((line) => line.message === "ignored a malformed notice"),
      "the malformed notice to be logged",
    );
    expect((await fetch(`${started.http}/healthz`)).status).toBe(200);
  });

  it("asks every connection of a document to renew its ticket on a recheck notice, and no other document's", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const other = await harness.document(target.tenantId);
    const one = harness.connect(url, target);
    const two = harness.connect(url, target, "read");
    const elsewhere = harness.connect(url, other);
    await Promise.all([synced(one.provider), synced(two.provider), synced(elsewhere.provider)]);
    const closes = [closeCode(one.provider), closeCode(two.provider)];
    let otherClosed = false;
    elsewhere.provider.ws?.addEventListener("close", () => {
      otherClosed = true;
    });
    await notify({ kind: "recheck", tenantId: target.tenantId, documentId: target.documentId });
    expect(await Promise.all(closes)).toEqual([CloseCode.permissionChanged, CloseCode.permissionChanged]);
    expect(otherClosed).toBe(false);
  });
});
