import { compactState } from "@nuri/collab";
import { appendUpdate } from "@nuri/collab/store";
import { documentTemplates, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DocumentsFieldError } from "./spaces-context.server.ts";
import {
  formatTemplateRef,
  listTenantTemplates,
  MAX_TENANT_TEMPLATES,
  parseTemplateRef,
  saveDocumentAsTemplate,
  setTemplateArchived,
} from "./templates.server.ts";
import { builtInTemplateState } from "./templates-builtin.server.ts";
import { auditSince, buildAgency, lastAuditSeq, refusal, share } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

const countTemplates = async (tenantId: string) =>
  (
    await withTenant(db, tenantId, (tx) =>
      tx.select().from(documentTemplates).where(eq(documentTemplates.tenantId, tenantId)),
    )
  ).length;

describe("template references", () => {
  it.each([
    ["builtin:meeting", { kind: "builtin", key: "meeting" }],
    ["builtin:blank", { kind: "builtin", key: "blank" }],
    [
      "tenant:0b6f1c2e-5d7a-4c1b-9e3f-2a4b6c8d0e1f",
      { kind: "tenant", id: "0b6f1c2e-5d7a-4c1b-9e3f-2a4b6c8d0e1f" },
    ],
  ] as const)("reads %s", (value, ref) => {
    expect(parseTemplateRef(value)).toEqual(ref);
    expect(formatTemplateRef(ref)).toBe(value);
  });

  it.each(["", "builtin:", "builtin:memo", "tenant:x", "meeting", "builtin:meeting:x", 42])(
    "refuses %j",
    (value) => {
      expect(parseTemplateRef(value)).toBeNull();
    },
  );
});

describe("saveDocumentAsTemplate", () => {
  it("saves a document's current body (snapshot and updates, compacted) as the agency's template", async () => {
    const a = await buildAgency(db);
    const state = builtInTemplateState("report")!;
    const doc = await a.document(a.owner.id, { state });
    const edit = new Y.Doc();
    Y.applyUpdate(edit, state);
    const vector = Y.encodeStateVector(edit);
    edit.getXmlFragment("default").insert(0, [new Y.XmlElement("horizontalRule")]);
    const update = Y.encodeStateAsUpdate(edit, vector);
    edit.destroy();
    await withTenant(db, a.tenant.id, (tx) => appendUpdate(tx, a.tenant.id, doc.id, update));
    await share(db, a.tenant.id, doc.id, a.owner.id, { kind: "user", id: a.admin.id }, "reader");
    const before = await lastAuditSeq(db, a.tenant.id);

    const id = await saveDocumentAsTemplate(a.as(a.admin), {
      documentId: doc.id,
      name: " 주간 업무 보고 ",
      description: "매주 금요일",
    });

    const [template] = await withTenant(db, a.tenant.id, (tx) =>
      tx.select().from(documentTemplates).where(eq(documentTemplates.id, id)),
    );
    expect(template).toMatchObject({
      name: "주간 업무 보고",
      description: "매주 금요일",
      createdBy: a.admin.id,
    });
    expect(template!.state).toEqual(compactState([state, update]));
    expect((await listTenantTemplates(db, a.tenant.id)).map((t) => t.name)).toEqual(["주간 업무 보고"]);
    expect(await auditSince(db, a.tenant.id, before)).toMatchObject([
      { action: "template.create", targetId: id, details: { name: "주간 업무 보고", documentId: doc.id } },
    ]);
  });

  it("is for tenant administrators only, and only of documents they may read", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id);
    const notAdmin = await refusal(
      saveDocumentAsTemplate(a.as(a.owner), { documentId: doc.id, name: "서식", description: "" }),
    );
    expect(notAdmin).toMatchObject({ status: 403, messageKey: "documents.templates.error.adminOnly" });
    // The administrator cannot read it: it is not found for them.
    const unread = await refusal(
      saveDocumentAsTemplate(a.as(a.admin), { documentId: doc.id, name: "서식", description: "" }),
    );
    expect(unread.status).toBe(404);
    expect(await countTemplates(a.tenant.id)).toBe(0);
  });

  it.each([
    ["a blank name", { name: "  " }, "documents.templates.error.nameRequired"],
    ["a name of 101 characters", { name: "가".repeat(101) }, "documents.templates.error.nameTooLong"],
    [
      "a description of 501 characters",
      { description: "가".repeat(501) },
      "documents.templates.error.descriptionTooLong",
    ],
  ])("refuses %s", async (_case, overrides, messageKey) => {
    const a = await buildAgency(db);
    const doc = await a.document(a.admin.id);
    const error = await refusal(
      saveDocumentAsTemplate(a.as(a.admin), {
        documentId: doc.id,
        name: "서식",
        description: "",
        ...overrides,
      }),
    );
    expect(error).toBeInstanceOf(DocumentsFieldError);
    expect(error.messageKey).toBe(messageKey);
    expect(await countTemplates(a.tenant.id)).toBe(0);
  });

  it(`keeps at most ${MAX_TENANT_TEMPLATES} templates in use; archiving one makes room`, async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.admin.id);
    const state = compactState([]);
    await withTenant(db, a.tenant.id, (tx) =>
      tx.insert(documentTemplates).values(
        Array.from({ length: MAX_TENANT_TEMPLATES }, (_, i) => ({
          tenantId: a.tenant.id,
          name: `서식 ${i}`,
          state,
          createdBy: a.admin.id,
        })),
      ),
    );
    const full = await refusal(
      saveDocumentAsTemplate(a.as(a.admin), { documentId: doc.id, name: "하나 더", description: "" }),
    );
    expect(full).toMatchObject({ status: 409, messageKey: "documents.templates.error.limit" });
    const [first] = await listTenantTemplates(db, a.tenant.id);
    await setTemplateArchived(a.as(a.admin), { templateId: first!.id, archived: true });
    await saveDocumentAsTemplate(a.as(a.admin), { documentId: doc.id, name: "하나 더", description: "" });
    // Bringing the archived one back would exceed the limit again.
    const back = await refusal(
      setTemplateArchived(a.as(a.admin), { templateId: first!.id, archived: false }),
    );
    expect(back.status).toBe(409);
  });
});

describe("setTemplateArchived", () => {
  it("archives and brings back a template (administrators only), audited", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.admin.id);
    const id = await saveDocumentAsTemplate(a.as(a.admin), {
      documentId: doc.id,
      name: "서식",
      description: "",
    });
    const notAdmin = await refusal(setTemplateArchived(a.as(a.owner), { templateId: id, archived: true }));
    expect(notAdmin.status).toBe(403);
    const before = await lastAuditSeq(db, a.tenant.id);
    await setTemplateArchived(a.as(a.admin), { templateId: id, archived: true });
    expect(await listTenantTemplates(db, a.tenant.id)).toEqual([]);
    expect((await listTenantTemplates(db, a.tenant.id, { archived: true }))[0]?.archivedAt).toBeInstanceOf(
      Date,
    );
    await setTemplateArchived(a.as(a.admin), { templateId: id, archived: false });
    expect((await listTenantTemplates(db, a.tenant.id)).map((t) => t.id)).toEqual([id]);
    expect((await auditSince(db, a.tenant.id, before)).map((e) => e.action)).toEqual([
      "template.archive",
      "template.unarchive",
    ]);
  });

  it("does not find a template or a document of another agency", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const doc = await a.document(a.admin.id);
    const id = await saveDocumentAsTemplate(a.as(a.admin), {
      documentId: doc.id,
      name: "서식",
      description: "",
    });
    const before = await lastAuditSeq(db, a.tenant.id);
    expect(
      (await refusal(setTemplateArchived(b.as(b.admin), { templateId: id, archived: true }))).status,
    ).toBe(404);
    expect(
      (
        await refusal(
          saveDocumentAsTemplate(b.as(b.admin), { documentId: doc.id, name: "훔치기", description: "" }),
        )
      ).status,
    ).toBe(404);
    expect(await listTenantTemplates(db, b.tenant.id, { archived: true })).toEqual([]);
    expect((await listTenantTemplates(db, a.tenant.id)).map((t) => t.id)).toEqual([id]);
    expect(await lastAuditSeq(db, a.tenant.id)).toBe(before);
  });
});
