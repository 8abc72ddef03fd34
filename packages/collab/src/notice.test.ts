import { randomUUID } from "node:crypto";
import { withTenant } from "@nuri/db";
import { buildTenant } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLAB_CHANNEL, type CollabNotice, parseCollabNotice, sendCollabNotice } from "./notice.ts";

const TENANT = "0b6f1c2e-5d7a-4c1b-9e3f-2a4b6c8d0e1f";
const DOCUMENT = "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
const USER = "e2d3c4b5-a6f7-4890-b1c2-d3e4f5a6b7c8";

const json = (value: unknown) => JSON.stringify(value);

describe("parseCollabNotice", () => {
  it.each([
    ["read", "read"],
    ["comment", "comment"],
    ["edit", "edit"],
    ["removed access", null],
  ] as const)("accepts an access notice (%s)", (_case, permission) => {
    const notice = { kind: "access", tenantId: TENANT, documentId: DOCUMENT, userId: USER, permission };
    expect(parseCollabNotice(json(notice))).toEqual(notice);
  });

  it.each([1, 42, Number.MAX_SAFE_INTEGER])("accepts an update notice with seq %d", (seq) => {
    const notice = { kind: "update", tenantId: TENANT, documentId: DOCUMENT, seq };
    expect(parseCollabNotice(json(notice))).toEqual(notice);
  });

  it("accepts a recheck notice, with exactly its fields", () => {
    expect(
      parseCollabNotice(json({ kind: "recheck", tenantId: TENANT, documentId: DOCUMENT, userId: USER })),
    ).toStrictEqual({ kind: "recheck", tenantId: TENANT, documentId: DOCUMENT });
    expect(parseCollabNotice(json({ kind: "recheck", tenantId: TENANT, documentId: "x" }))).toBeNull();
  });

  it("keeps exactly the fields of its shape", () => {
    expect(
      parseCollabNotice(
        json({ kind: "update", tenantId: TENANT, documentId: DOCUMENT, seq: 3, userId: USER, sql: "drop" }),
      ),
    ).toStrictEqual({ kind: "update", tenantId: TENANT, documentId: DOCUMENT, seq: 3 });
    expect(
      parseCollabNotice(
        json({
          kind: "access",
          tenantId: TENANT,
          documentId: DOCUMENT,
          userId: USER,
          permission: "read",
          seq: 3,
        }),
      ),
    ).toStrictEqual({
      kind: "access",
      tenantId: TENANT,
      documentId: DOCUMENT,
      userId: USER,
      permission: "read",
    });
  });

  const access = { kind: "access", tenantId: TENANT, documentId: DOCUMENT, userId: USER, permission: "edit" };
  const update = { kind: "update", tenantId: TENANT, documentId: DOCUMENT, seq: 7 };

  it.each([
    ["an empty payload", ""],
    ["malformed JSON", "{kind: 'update'"],
    ["truncated JSON", json(update).slice(0, -1)],
    ["null", "null"],
    ["a number", "42"],
    ["a string", json(json(update))],
    ["an array", json([update])],
    ["no kind", json({ ...update, kind: undefined })],
    ["an unknown kind", json({ ...update, kind: "delete" })],
    ["a kind in capitals", json({ ...update, kind: "UPDATE" })],
    ["no tenant", json({ ...update, tenantId: undefined })],
    ["an upper-case tenant uuid", json({ ...update, tenantId: TENANT.toUpperCase() })],
    ["a tenant uuid without dashes", json({ ...update, tenantId: TENANT.replaceAll("-", "") })],
    ["a tenant uuid in braces", json({ ...update, tenantId: `{${TENANT}}` })],
    ["a tenant slug", json({ ...update, tenantId: "seoul-city" })],
    ["a tenant uuid with more after it", json({ ...update, tenantId: `${TENANT}\n` })],
    ["a numeric document id", json({ ...update, documentId: 12 })],
    ["a short document uuid", json({ ...update, documentId: DOCUMENT.slice(1) })],
    ["an access notice without a user", json({ ...access, userId: undefined })],
    ["an access notice with a bad user uuid", json({ ...access, userId: "홍길동" })],
    ["an access notice without a permission", json({ ...access, permission: undefined })],
    ["an unknown permission", json({ ...access, permission: "owner" })],
    ["a permission in capitals", json({ ...access, permission: "EDIT" })],
    ["an empty permission", json({ ...access, permission: "" })],
    ["a boolean permission", json({ ...access, permission: false })],
    ["a list of permissions", json({ ...access, permission: ["read"] })],
    ["an update without seq", json({ ...update, seq: undefined })],
    ["seq 0", json({ ...update, seq: 0 })],
    ["a negative seq", json({ ...update, seq: -3 })],
    ["a fractional seq", json({ ...update, seq: 1.5 })],
    ["a seq as text", json({ ...update, seq: "7" })],
    ["a null seq", json({ ...update, seq: null })],
    ["a seq past the safe integers", json({ ...update, seq: 2 ** 53 })],
    [
      "a seq in exponent form past the safe integers",
      `{"kind":"update","tenantId":"${TENANT}","documentId":"${DOCUMENT}","seq":1e300}`,
    ],
  ])("refuses %s", (_case, payload) => {
    expect(parseCollabNotice(payload)).toBeNull();
  });
});

describe("sendCollabNotice", () => {
  const { app } = connectTestDatabase();
  let tenantId: string;
  const received: string[] = [];
  let unlisten: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    tenantId = (await buildTenant(app.db)).id;
    // Other test files of the run send on the same channel: keep only this file's tenant.
    const subscription = await app.sql.listen(COLLAB_CHANNEL, (payload) => {
      if (parseCollabNotice(payload)?.tenantId === tenantId) received.push(payload);
    });
    unlisten = () => subscription.unlisten();
  });
  afterAll(async () => {
    await unlisten?.();
  });

  async function until(condition: () => boolean, what: string) {
    const deadline = Date.now() + 5000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("delivers a notice when its transaction commits, not before, and never when it rolls back", async () => {
    const documentId = randomUUID();
    const rolledBack: CollabNotice = { kind: "update", tenantId, documentId, seq: 1 };
    const committed: CollabNotice = { kind: "access", tenantId, documentId, userId: USER, permission: null };

    await expect(
      withTenant(app.db, tenantId, async (tx) => {
        await sendCollabNotice(tx, rolledBack);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");

    await withTenant(app.db, tenantId, async (tx) => {
      await sendCollabNotice(tx, committed);
      // Sent, but the transaction is still open: nothing may arrive yet.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toEqual([]);
    });
    await until(() => received.length > 0, "the committed notice");
    // Notices arrive in commit order: had the rolled-back one been sent, it would be first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.map(parseCollabNotice)).toEqual([committed]);

    const again: CollabNotice = { kind: "update", tenantId, documentId, seq: 2 };
    await withTenant(app.db, tenantId, (tx) => sendCollabNotice(tx, again));
    await until(() => received.length > 1, "the second committed notice");
    expect(received.map(parseCollabNotice)).toEqual([committed, again]);
  });
});
