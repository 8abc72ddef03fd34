import { randomUUID } from "node:crypto";
import { documents, eq, sql, tenants, users, withControlPlane, withTenant } from "@nuri/db";
import { buildDepartment, buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { actingAs as adminActing, auditEntries } from "../org/test-helpers.server.ts";
import {
  ConfirmationRequired,
  changeLinkSharing,
  changeShare,
  removeShare,
  shareDocument,
  transferOwnership,
} from "./sharing.server.ts";
import { loadSharingPage } from "./sharing-page.server.ts";
import { setPublicLinkPolicy } from "./sharing-policy.server.ts";
import { MAX_SHARES_PER_DOCUMENT } from "./sharing-rules.server.ts";
import { actingAs, listenForNotices, notificationsOf, roleOf, sharesOf } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const notices = listenForNotices(app);

/**
 * An agency: 디지털정책국 ─ 디지털정책과 ─ 데이터팀, and 총무과 beside it. The owner and a colleague
 * work in 디지털정책과, a teammate in 데이터팀 (under it), an outsider in 총무과.
 */
async function agency() {
  const tenant = await buildTenant(db);
  const bureau = await buildDepartment(db, tenant.id, { name: "디지털정책국" });
  const division = await buildDepartment(db, tenant.id, { name: "디지털정책과", parentId: bureau.id });
  const team = await buildDepartment(db, tenant.id, { name: "데이터팀", parentId: division.id });
  const general = await buildDepartment(db, tenant.id, { name: "총무과" });
  const owner = await buildUser(db, tenant.id, { displayName: "김소유", departmentId: division.id });
  const colleague = await buildUser(db, tenant.id, { displayName: "이동료", departmentId: division.id });
  const teammate = await buildUser(db, tenant.id, { displayName: "박팀원", departmentId: team.id });
  const outsider = await buildUser(db, tenant.id, { displayName: "최외부", departmentId: general.id });
  const doc = await buildDocument(db, tenant.id, owner.id, { title: "2027년 업무계획" });
  return { tenant, bureau, division, team, general, owner, colleague, teammate, outsider, doc };
}

const role = (tenantId: string, userId: string, documentId: string) =>
  roleOf(db, tenantId, userId, documentId);

describe("sharing with a person", () => {
  it("shares inside the department without asking, audits it, notifies the person and tells the collab-server", async () => {
    const { tenant, owner, colleague, doc } = await agency();
    const result = await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "user", id: colleague.id },
      role: "commenter",
      confirmBeyondDepartment: false,
    });
    expect(result).toEqual({ outcome: "added", label: "이동료" });
    expect(await role(tenant.id, colleague.id, doc.id)).toBe("commenter");
    const [entry] = await auditEntries(db, tenant.id);
    expect(entry).toMatchObject({
      action: "document.share.add",
      actorId: owner.id,
      targetType: "document",
      targetId: doc.id,
      ip: "203.0.113.9",
      details: { granteeKind: "user", granteeId: colleague.id, role: "commenter", beyondDepartment: false },
    });
    expect(await notificationsOf(db, tenant.id, colleague.id)).toMatchObject([
      {
        kind: "share",
        actorId: owner.id,
        targetType: "document",
        targetId: doc.id,
        details: { role: "commenter" },
      },
    ]);
    expect(await notices.until(tenant.id, 1)).toEqual([
      {
        kind: "access",
        tenantId: tenant.id,
        documentId: doc.id,
        userId: colleague.id,
        permission: "comment",
      },
    ]);
  });

  it("treats a sub-department as inside the sharer's department", async () => {
    const { tenant, owner, teammate, doc } = await agency();
    await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "user", id: teammate.id },
      role: "reader",
      confirmBeyondDepartment: false,
    });
    expect(await role(tenant.id, teammate.id, doc.id)).toBe("reader");
  });

  it("asks before sharing with a person of another department, and writes nothing until confirmed", async () => {
    const { tenant, owner, outsider, doc } = await agency();
    const ctx = actingAs(db, tenant.id, owner.id);
    const input = {
      documentId: doc.id,
      grantee: { kind: "user" as const, id: outsider.id },
      role: "editor" as const,
      confirmBeyondDepartment: false,
    };
    const refusal = await shareDocument(ctx, input).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ConfirmationRequired);
    expect(refusal).toMatchObject({ status: 409, params: { grantee: "최외부" } });
    expect(await sharesOf(db, tenant.id, doc.id)).toEqual([]);
    expect(await auditEntries(db, tenant.id)).toEqual([]);
    expect(await notificationsOf(db, tenant.id)).toEqual([]);
    expect(await notices.settled(tenant.id)).toEqual([]);

    await shareDocument(ctx, { ...input, confirmBeyondDepartment: true });
    expect(await role(tenant.id, outsider.id, doc.id)).toBe("editor");
    expect((await auditEntries(db, tenant.id))[0]?.details).toMatchObject({ beyondDepartment: true });
    expect(await notices.until(tenant.id, 1)).toMatchObject([{ kind: "access", permission: "edit" }]);
  });

  it("asks a sharer without a department about everyone", async () => {
    const { tenant, colleague } = await agency();
    const loner = await buildUser(db, tenant.id, { displayName: "무소속" });
    const loners = await buildDocument(db, tenant.id, loner.id);
    await expect(
      shareDocument(actingAs(db, tenant.id, loner.id), {
        documentId: loners.id,
        grantee: { kind: "user", id: colleague.id },
        role: "reader",
        confirmBeyondDepartment: false,
      }),
    ).rejects.toBeInstanceOf(ConfirmationRequired);
  });

  it("changes the role when the person already has a share, and says when nothing changed", async () => {
    const { tenant, owner, colleague, doc } = await agency();
    const ctx = actingAs(db, tenant.id, owner.id);
    const share = (shareRole: "reader" | "editor") =>
      shareDocument(ctx, {
        documentId: doc.id,
        grantee: { kind: "user", id: colleague.id },
        role: shareRole,
        confirmBeyondDepartment: false,
      });
    await share("reader");
    expect((await share("editor")).outcome).toBe("changed");
    expect((await share("editor")).outcome).toBe("unchanged");
    expect(await sharesOf(db, tenant.id, doc.id)).toMatchObject([
      { granteeId: colleague.id, role: "editor" },
    ]);
    expect((await auditEntries(db, tenant.id)).map((entry) => entry.action)).toEqual([
      "document.share.add",
      "document.share.change",
    ]);
    // Only the first share notifies; a change of role does not.
    expect(await notificationsOf(db, tenant.id, colleague.id)).toHaveLength(1);
    expect(await notices.until(tenant.id, 2)).toMatchObject([
      { kind: "access", userId: colleague.id, permission: "read" },
      { kind: "access", userId: colleague.id, permission: "edit" },
    ]);
  });

  it.each([
    ["the owner", "owner", "documents.sharing.error.granteeIsOwner", 400],
    ["a disabled person", "disabled", "documents.sharing.error.granteeDisabled", 400],
    ["a person of another agency", "foreign", "documents.sharing.error.granteeNotFound", 404],
    ["nobody", "nobody", "documents.sharing.error.granteeNotFound", 404],
  ] as const)("refuses to share with %s", async (_case, who, messageKey, status) => {
    const { tenant, owner, division, doc } = await agency();
    const other = await buildTenant(db);
    const granteeId =
      who === "owner"
        ? owner.id
        : who === "disabled"
          ? (await buildUser(db, tenant.id, { departmentId: division.id, status: "disabled" })).id
          : who === "foreign"
            ? (await buildUser(db, other.id)).id
            : randomUUID();
    await expect(
      shareDocument(actingAs(db, tenant.id, owner.id), {
        documentId: doc.id,
        grantee: { kind: "user", id: granteeId },
        role: "reader",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ messageKey, status });
    expect(await sharesOf(db, tenant.id, doc.id)).toEqual([]);
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });
});

describe("sharing with a department or the agency", () => {
  it("shares with the sharer's own department without asking; its sub-departments see it too", async () => {
    const { tenant, owner, division, teammate, colleague, outsider, doc } = await agency();
    await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "department", id: division.id },
      role: "commenter",
      confirmBeyondDepartment: false,
    });
    expect(await role(tenant.id, colleague.id, doc.id)).toBe("commenter");
    expect(await role(tenant.id, teammate.id, doc.id)).toBe("commenter");
    expect(await role(tenant.id, outsider.id, doc.id)).toBeNull();
    expect(await notices.until(tenant.id, 1)).toEqual([
      { kind: "recheck", tenantId: tenant.id, documentId: doc.id },
    ]);
    // A department share notifies nobody by name.
    expect(await notificationsOf(db, tenant.id)).toEqual([]);
  });

  it.each([
    ["another department", "general"],
    ["the parent bureau, which covers other departments", "bureau"],
    ["the whole agency", "tenant"],
  ] as const)("asks before sharing with %s", async (_case, which) => {
    const setup = await agency();
    const { tenant, owner, doc } = setup;
    const grantee =
      which === "tenant" ? { kind: "tenant" as const } : { kind: "department" as const, id: setup[which].id };
    const ctx = actingAs(db, tenant.id, owner.id);
    const input = { documentId: doc.id, grantee, role: "reader" as const, confirmBeyondDepartment: false };
    await expect(shareDocument(ctx, input)).rejects.toBeInstanceOf(ConfirmationRequired);
    expect(await sharesOf(db, tenant.id, doc.id)).toEqual([]);
    await shareDocument(ctx, { ...input, confirmBeyondDepartment: true });
    expect(await role(tenant.id, setup.outsider.id, doc.id)).toBe(
      which === "tenant" ? "reader" : which === "general" ? "reader" : null,
    );
    expect(await notices.until(tenant.id, 1)).toEqual([
      { kind: "recheck", tenantId: tenant.id, documentId: doc.id },
    ]);
  });

  it("refuses a closed department", async () => {
    const { tenant, owner, doc } = await agency();
    const closed = await buildDepartment(db, tenant.id, { name: "폐지된과", closedAt: new Date() });
    await expect(
      shareDocument(actingAs(db, tenant.id, owner.id), {
        documentId: doc.id,
        grantee: { kind: "department", id: closed.id },
        role: "reader",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ messageKey: "documents.sharing.error.departmentClosed" });
  });

  it(`refuses share number ${MAX_SHARES_PER_DOCUMENT + 1} of one document`, async () => {
    const { tenant, owner, colleague, doc } = await agency();
    await withTenant(db, tenant.id, (tx) =>
      tx.execute(sql`insert into document_shares (tenant_id, document_id, grantee_kind, grantee_id, role, created_by)
        select ${tenant.id}, ${doc.id}, 'user', gen_random_uuid(), 'reader', ${owner.id}
        from generate_series(1, ${MAX_SHARES_PER_DOCUMENT})`),
    );
    await expect(
      shareDocument(actingAs(db, tenant.id, owner.id), {
        documentId: doc.id,
        grantee: { kind: "user", id: colleague.id },
        role: "reader",
        confirmBeyondDepartment: false,
      }),
    ).rejects.toMatchObject({
      code: "document.sharing.too-many",
      status: 409,
      params: { max: MAX_SHARES_PER_DOCUMENT },
    });
    expect(await role(tenant.id, colleague.id, doc.id)).toBeNull();
  });
});

describe("who may share", () => {
  it.each([
    ["a reader", "reader", 403],
    ["a commenter", "commenter", 403],
  ] as const)("refuses %s", async (_case, shareRole, status) => {
    const { tenant, owner, colleague, teammate, doc } = await agency();
    await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "user", id: colleague.id },
      role: shareRole,
      confirmBeyondDepartment: false,
    });
    await expect(
      shareDocument(actingAs(db, tenant.id, colleague.id), {
        documentId: doc.id,
        grantee: { kind: "user", id: teammate.id },
        role: "reader",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ messageKey: "documents.sharing.error.notSharer", status });
    expect(await role(tenant.id, teammate.id, doc.id)).toBeNull();
    expect(await auditEntries(db, tenant.id)).toHaveLength(1);
  });

  it("answers 404 to a person without access", async () => {
    const { tenant, colleague, teammate, doc } = await agency();
    await expect(
      shareDocument(actingAs(db, tenant.id, colleague.id), {
        documentId: doc.id,
        grantee: { kind: "user", id: teammate.id },
        role: "reader",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ messageKey: "documents.sharing.error.notFound", status: 404 });
  });

  it("does not find a document of another agency, and changes nothing there", async () => {
    const { tenant, owner, doc, colleague } = await agency();
    const other = await buildTenant(db);
    const stranger = await buildUser(db, other.id);
    const strangerCtx = actingAs(db, other.id, stranger.id);
    await expect(
      shareDocument(strangerCtx, {
        documentId: doc.id,
        grantee: { kind: "tenant" },
        role: "editor",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      changeLinkSharing(strangerCtx, {
        documentId: doc.id,
        access: "agency",
        role: "editor",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ status: 404 });
    // Not even with the owner's own id: the tenant comes from the session, and RLS holds.
    await expect(
      shareDocument(actingAs(db, other.id, owner.id), {
        documentId: doc.id,
        grantee: { kind: "user", id: colleague.id },
        role: "editor",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ status: 404 });
    const shared = await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "user", id: colleague.id },
      role: "reader",
      confirmBeyondDepartment: false,
    });
    expect(shared.outcome).toBe("added");
    const [share] = await sharesOf(db, tenant.id, doc.id);
    await expect(removeShare(strangerCtx, { documentId: doc.id, shareId: share!.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      changeShare(strangerCtx, { documentId: doc.id, shareId: share!.id, role: "editor" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await sharesOf(db, tenant.id, doc.id)).toMatchObject([{ role: "reader" }]);
    const [stored] = await withTenant(db, tenant.id, (tx) =>
      tx.select({ linkAccess: documents.linkAccess }).from(documents).where(eq(documents.id, doc.id)),
    );
    expect(stored?.linkAccess).toBe("off");
    expect(await auditEntries(db, other.id)).toEqual([]);
  });

  it("refuses to share a document in the trash", async () => {
    const { tenant, owner, colleague, doc } = await agency();
    await withTenant(db, tenant.id, (tx) =>
      tx
        .update(documents)
        .set({ deletedAt: new Date(), deletedBy: owner.id })
        .where(eq(documents.id, doc.id)),
    );
    await expect(
      shareDocument(actingAs(db, tenant.id, owner.id), {
        documentId: doc.id,
        grantee: { kind: "user", id: colleague.id },
        role: "reader",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ messageKey: "documents.sharing.error.inTrash", status: 409 });
  });
});

describe("what editors may do", () => {
  async function withEditor() {
    const setup = await agency();
    const { tenant, owner, colleague, doc } = setup;
    await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "user", id: colleague.id },
      role: "editor",
      confirmBeyondDepartment: false,
    });
    return { ...setup, editor: actingAs(db, tenant.id, colleague.id) };
  }

  it("lets an editor add people and raise a share, but not lower or remove the owner's", async () => {
    const { tenant, owner, teammate, outsider, doc, editor } = await withEditor();
    await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "user", id: outsider.id },
      role: "commenter",
      confirmBeyondDepartment: true,
    });
    const ownersShare = (await sharesOf(db, tenant.id, doc.id)).find(
      (share) => share.granteeId === outsider.id,
    )!;
    expect(
      (
        await shareDocument(editor, {
          documentId: doc.id,
          grantee: { kind: "user", id: teammate.id },
          role: "editor",
          confirmBeyondDepartment: false,
        })
      ).outcome,
    ).toBe("added");
    await expect(
      changeShare(editor, { documentId: doc.id, shareId: ownersShare.id, role: "reader" }),
    ).rejects.toMatchObject({ messageKey: "documents.sharing.error.editorCannotLower", status: 403 });
    await expect(removeShare(editor, { documentId: doc.id, shareId: ownersShare.id })).rejects.toMatchObject({
      messageKey: "documents.sharing.error.editorCannotRemove",
      status: 403,
    });
    expect(await role(tenant.id, outsider.id, doc.id)).toBe("commenter");
    await changeShare(editor, { documentId: doc.id, shareId: ownersShare.id, role: "editor" });
    expect(await role(tenant.id, outsider.id, doc.id)).toBe("editor");
  });

  it("lets an editor remove a share they made", async () => {
    const { tenant, teammate, doc, editor } = await withEditor();
    await shareDocument(editor, {
      documentId: doc.id,
      grantee: { kind: "user", id: teammate.id },
      role: "reader",
      confirmBeyondDepartment: false,
    });
    const mine = (await sharesOf(db, tenant.id, doc.id)).find((share) => share.granteeId === teammate.id)!;
    await removeShare(editor, { documentId: doc.id, shareId: mine.id });
    expect(await role(tenant.id, teammate.id, doc.id)).toBeNull();
  });

  it("keeps the owner out of reach: the owner is no share, and editors cannot change the link or the ownership", async () => {
    const { tenant, owner, colleague, doc, editor } = await withEditor();
    await expect(
      shareDocument(editor, {
        documentId: doc.id,
        grantee: { kind: "user", id: owner.id },
        role: "reader",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ messageKey: "documents.sharing.error.granteeIsOwner" });
    await expect(
      changeLinkSharing(editor, {
        documentId: doc.id,
        access: "agency",
        role: "reader",
        confirmBeyondDepartment: true,
      }),
    ).rejects.toMatchObject({ messageKey: "documents.sharing.error.ownerOnly", status: 403 });
    await expect(
      transferOwnership(editor, { documentId: doc.id, newOwnerId: colleague.id }),
    ).rejects.toMatchObject({
      messageKey: "documents.sharing.error.ownerOnly",
    });
    expect(await role(tenant.id, owner.id, doc.id)).toBe("owner");
  });
});

describe("removing access", () => {
  it("removes a person's share, audits it and tells the collab-server they have no access any more", async () => {
    const { tenant, owner, colleague, doc } = await agency();
    const ctx = actingAs(db, tenant.id, owner.id);
    await shareDocument(ctx, {
      documentId: doc.id,
      grantee: { kind: "user", id: colleague.id },
      role: "editor",
      confirmBeyondDepartment: false,
    });
    const [share] = await sharesOf(db, tenant.id, doc.id);
    await removeShare(ctx, { documentId: doc.id, shareId: share!.id });
    expect(await role(tenant.id, colleague.id, doc.id)).toBeNull();
    expect((await auditEntries(db, tenant.id)).at(-1)).toMatchObject({
      action: "document.share.remove",
      details: { shareId: share!.id, granteeId: colleague.id, granteeName: "이동료", role: "editor" },
    });
    expect(await notices.until(tenant.id, 2)).toEqual([
      { kind: "access", tenantId: tenant.id, documentId: doc.id, userId: colleague.id, permission: "edit" },
      { kind: "access", tenantId: tenant.id, documentId: doc.id, userId: colleague.id, permission: null },
    ]);
  });

  it("sends the role the person keeps through their department, not null", async () => {
    const { tenant, owner, colleague, division, doc } = await agency();
    const ctx = actingAs(db, tenant.id, owner.id);
    await shareDocument(ctx, {
      documentId: doc.id,
      grantee: { kind: "department", id: division.id },
      role: "reader",
      confirmBeyondDepartment: false,
    });
    await shareDocument(ctx, {
      documentId: doc.id,
      grantee: { kind: "user", id: colleague.id },
      role: "editor",
      confirmBeyondDepartment: false,
    });
    const personal = (await sharesOf(db, tenant.id, doc.id)).find((share) => share.granteeKind === "user")!;
    await removeShare(ctx, { documentId: doc.id, shareId: personal.id });
    expect((await notices.until(tenant.id, 3)).at(-1)).toEqual({
      kind: "access",
      tenantId: tenant.id,
      documentId: doc.id,
      userId: colleague.id,
      permission: "read",
    });
  });

  it("answers 404 for a share of another document", async () => {
    const { tenant, owner, colleague, doc } = await agency();
    const second = await buildDocument(db, tenant.id, owner.id);
    const ctx = actingAs(db, tenant.id, owner.id);
    await shareDocument(ctx, {
      documentId: second.id,
      grantee: { kind: "user", id: colleague.id },
      role: "reader",
      confirmBeyondDepartment: false,
    });
    const [share] = await sharesOf(db, tenant.id, second.id);
    await expect(removeShare(ctx, { documentId: doc.id, shareId: share!.id })).rejects.toMatchObject({
      messageKey: "documents.sharing.error.shareNotFound",
      status: 404,
    });
    expect(await sharesOf(db, tenant.id, second.id)).toHaveLength(1);
  });
});

describe("link sharing and the public link policy", () => {
  it("opens the link to the agency only after confirming, and rechecks every connection", async () => {
    const { tenant, owner, outsider, doc } = await agency();
    const ctx = actingAs(db, tenant.id, owner.id);
    const input = {
      documentId: doc.id,
      access: "agency" as const,
      role: "commenter" as const,
      confirmBeyondDepartment: false,
    };
    await expect(changeLinkSharing(ctx, input)).rejects.toBeInstanceOf(ConfirmationRequired);
    expect(await role(tenant.id, outsider.id, doc.id)).toBeNull();
    expect(await changeLinkSharing(ctx, { ...input, confirmBeyondDepartment: true })).toEqual({
      outcome: "changed",
    });
    expect(await role(tenant.id, outsider.id, doc.id)).toBe("commenter");
    // Changing only the role, or closing the link, asks nothing.
    await changeLinkSharing(ctx, { ...input, role: "reader" });
    await changeLinkSharing(ctx, { ...input, access: "off" });
    expect(await role(tenant.id, outsider.id, doc.id)).toBeNull();
    expect((await auditEntries(db, tenant.id)).map((entry) => [entry.action, entry.details])).toEqual([
      [
        "document.link.change",
        { fromAccess: "off", access: "agency", fromRole: "reader", role: "commenter" },
      ],
      [
        "document.link.change",
        { fromAccess: "agency", access: "agency", fromRole: "commenter", role: "reader" },
      ],
      [
        "document.link.change",
        { fromAccess: "agency", access: "off", fromRole: "reader", role: "commenter" },
      ],
    ]);
    expect(await notices.until(tenant.id, 3)).toEqual(
      Array(3).fill({ kind: "recheck", tenantId: tenant.id, documentId: doc.id }),
    );
  });

  it("refuses a public link while the agency does not allow them (the default), and allows it after", async () => {
    const { tenant, owner, doc } = await agency();
    const admin = await buildUser(db, tenant.id, { role: "admin" });
    const ctx = actingAs(db, tenant.id, owner.id);
    const input = {
      documentId: doc.id,
      access: "public" as const,
      role: "reader" as const,
      confirmBeyondDepartment: true,
    };
    await expect(changeLinkSharing(ctx, input)).rejects.toMatchObject({
      messageKey: "documents.sharing.error.publicLinksOff",
      status: 403,
    });
    expect(await auditEntries(db, tenant.id)).toEqual([]);

    const adminCtx = adminActing(db, tenant.id, admin.id);
    expect(await setPublicLinkPolicy(adminCtx, { allowPublicLinks: true })).toEqual({
      changed: true,
      narrowed: 0,
    });
    await changeLinkSharing(ctx, input);
    const page = await loadSharingPage(
      db,
      { tenantId: tenant.id, userId: owner.id, role: "owner" },
      doc.id,
      null,
    );
    expect(page).toMatchObject({ allowPublicLinks: true, document: { linkAccess: "public" } });

    // Forbidding public links again narrows the existing one to the agency's members.
    expect(await setPublicLinkPolicy(adminCtx, { allowPublicLinks: false })).toEqual({
      changed: true,
      narrowed: 1,
    });
    expect(await setPublicLinkPolicy(adminCtx, { allowPublicLinks: false })).toEqual({
      changed: false,
      narrowed: 0,
    });
    const [stored] = await withTenant(db, tenant.id, (tx) =>
      tx.select({ linkAccess: documents.linkAccess }).from(documents).where(eq(documents.id, doc.id)),
    );
    expect(stored?.linkAccess).toBe("agency");
    const [policy] = await withControlPlane(db, (tx) =>
      tx.select({ allow: tenants.allowPublicLinks }).from(tenants).where(eq(tenants.id, tenant.id)),
    );
    expect(policy?.allow).toBe(false);
    expect(
      (await auditEntries(db, tenant.id))
        .filter((entry) => entry.action === "tenant.policy.public_links")
        .map((entry) => entry.details),
    ).toEqual([
      { allowPublicLinks: true, narrowedLinks: 0 },
      { allowPublicLinks: false, narrowedLinks: 1 },
    ]);
  });

  it("leaves other agencies' public links alone when one agency forbids them", async () => {
    const first = await agency();
    const second = await agency();
    for (const { tenant } of [first, second]) {
      await withControlPlane(db, (tx) =>
        tx.update(tenants).set({ allowPublicLinks: true }).where(eq(tenants.id, tenant.id)),
      );
    }
    for (const { tenant, owner, doc } of [first, second]) {
      await changeLinkSharing(actingAs(db, tenant.id, owner.id), {
        documentId: doc.id,
        access: "public",
        role: "reader",
        confirmBeyondDepartment: true,
      });
    }
    const admin = await buildUser(db, first.tenant.id, { role: "admin" });
    await setPublicLinkPolicy(adminActing(db, first.tenant.id, admin.id), { allowPublicLinks: false });
    const [untouched] = await withTenant(db, second.tenant.id, (tx) =>
      tx.select({ linkAccess: documents.linkAccess }).from(documents).where(eq(documents.id, second.doc.id)),
    );
    expect(untouched?.linkAccess).toBe("public");
  });
});

describe("transferring ownership", () => {
  it("makes a shared person the owner, keeps the former owner as editor, audits and notifies", async () => {
    const { tenant, owner, colleague, doc } = await agency();
    const ctx = actingAs(db, tenant.id, owner.id);
    await shareDocument(ctx, {
      documentId: doc.id,
      grantee: { kind: "user", id: colleague.id },
      role: "reader",
      confirmBeyondDepartment: false,
    });
    await transferOwnership(ctx, { documentId: doc.id, newOwnerId: colleague.id });
    expect(await role(tenant.id, colleague.id, doc.id)).toBe("owner");
    expect(await role(tenant.id, owner.id, doc.id)).toBe("editor");
    expect(await sharesOf(db, tenant.id, doc.id)).toMatchObject([{ granteeId: owner.id, role: "editor" }]);
    expect((await auditEntries(db, tenant.id)).at(-1)).toMatchObject({
      action: "document.owner.transfer",
      details: { fromOwnerId: owner.id, toOwnerId: colleague.id },
    });
    expect((await notificationsOf(db, tenant.id, colleague.id)).at(-1)?.details).toEqual({ role: "owner" });
    expect((await notices.until(tenant.id, 3)).slice(1)).toEqual([
      { kind: "access", tenantId: tenant.id, documentId: doc.id, userId: owner.id, permission: "edit" },
      { kind: "access", tenantId: tenant.id, documentId: doc.id, userId: colleague.id, permission: "edit" },
    ]);
  });
});

describe("the share page's data", () => {
  it("lists the owner, the shares with names and paths, and finds people by name or department", async () => {
    const { tenant, owner, colleague, division, general, outsider, doc } = await agency();
    const ctx = actingAs(db, tenant.id, owner.id);
    await shareDocument(ctx, {
      documentId: doc.id,
      grantee: { kind: "department", id: general.id },
      role: "reader",
      confirmBeyondDepartment: true,
    });
    await shareDocument(ctx, {
      documentId: doc.id,
      grantee: { kind: "user", id: colleague.id },
      role: "editor",
      confirmBeyondDepartment: false,
    });
    const page = await loadSharingPage(
      db,
      { tenantId: tenant.id, userId: owner.id, role: "owner" },
      doc.id,
      "총무",
    );
    expect(page?.document.owner).toEqual({
      id: owner.id,
      name: "김소유",
      departmentPath: "디지털정책국 / 디지털정책과",
    });
    expect(page?.shares.map((share) => [share.granteeKind, share.name, share.role, share.canRemove])).toEqual(
      [
        ["department", "총무과", "reader", true],
        ["user", "이동료", "editor", true],
      ],
    );
    expect(page?.search?.results.map((person) => person.id)).toEqual([outsider.id]);
    const byName = await loadSharingPage(
      db,
      { tenantId: tenant.id, userId: owner.id, role: "owner" },
      doc.id,
      "이동",
    );
    expect(byName?.search?.results.map((person) => person.name)).toEqual(["이동료"]);
    // The owner is never offered, and a wildcard is a plain character.
    const wild = await loadSharingPage(
      db,
      { tenantId: tenant.id, userId: owner.id, role: "owner" },
      doc.id,
      "%",
    );
    expect(wild?.search?.results).toEqual([]);
    expect(page?.departments.map((department) => department.id)).toContain(division.id);
  });

  it("does not find a document of another agency", async () => {
    const { doc } = await agency();
    const other = await buildTenant(db);
    const stranger = await buildUser(db, other.id);
    expect(
      await loadSharingPage(db, { tenantId: other.id, userId: stranger.id, role: "owner" }, doc.id, ""),
    ).toBeNull();
  });

  it("never lists people of another agency", async () => {
    const { tenant, owner, doc } = await agency();
    const other = await buildTenant(db);
    await buildUser(db, other.id, { displayName: "다른기관사람" });
    const department = await buildDepartment(db, other.id, { name: "다른기관부서" });
    await withTenant(db, other.id, (tx) =>
      tx.update(users).set({ departmentId: department.id }).where(eq(users.tenantId, other.id)),
    );
    const page = await loadSharingPage(
      db,
      { tenantId: tenant.id, userId: owner.id, role: "owner" },
      doc.id,
      "다른기관",
    );
    expect(page?.search?.results).toEqual([]);
    expect(page?.departments.some((node) => node.path.includes("다른기관"))).toBe(false);
  });
});
