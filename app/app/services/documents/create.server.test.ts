import { BODY, docFromState } from "@nuri/collab";
import { documents, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDocument, type NewDocumentInput } from "./create.server.ts";
import { createFolder } from "./folders.server.ts";
import { listDocuments } from "./spaces.server.ts";
import { DocumentsFieldError } from "./spaces-context.server.ts";
import { saveDocumentAsTemplate, setTemplateArchived } from "./templates.server.ts";
import { BUILT_IN_TEMPLATES, buildTemplateState, builtInTemplateState } from "./templates-builtin.server.ts";
import { auditSince, buildAgency, lastAuditSeq, readDocument, refusal } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

const input = (
  overrides: Partial<NewDocumentInput> & Pick<NewDocumentInput, "destination">,
): NewDocumentInput => ({
  template: { kind: "builtin", key: "blank" },
  title: "",
  fallbackTitle: "제목 없음",
  disclosure: "public",
  disclosureGrounds: [],
  retention: "5y",
  ...overrides,
});

async function countDocuments(tenantId: string) {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx.select({ id: documents.id }).from(documents).where(eq(documents.tenantId, tenantId)),
  );
  return rows.length;
}

/** The body's top-level blocks as [node name, attributes, text]. */
function blocks(state: Uint8Array) {
  const doc = docFromState([state]);
  try {
    return doc
      .getXmlFragment(BODY)
      .toArray()
      .map((node) => {
        const element = node as Y.XmlElement;
        return [element.nodeName, element.getAttributes(), textOf(element)] as const;
      });
  } finally {
    doc.destroy();
  }
}

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]+>/g, "");
  if (node instanceof Y.XmlElement) return node.toArray().map(textOf).join("|");
  return "";
}

describe("the built-in templates", () => {
  it("are Yjs states in Tiptap's node names on the body fragment", () => {
    const meeting = blocks(builtInTemplateState("meeting")!);
    expect(meeting[0]).toEqual(["heading", { level: 1 }, "회의록"]);
    expect(meeting.filter(([name]) => name === "heading").map(([, , text]) => text)).toEqual([
      "회의록",
      "안건",
      "논의 내용",
      "결정 사항",
      "향후 일정",
    ]);
    expect(meeting.slice(1, 4).map(([name, , text]) => [name, text])).toEqual([
      ["paragraph", "일시: "],
      ["paragraph", "장소: "],
      ["paragraph", "참석자: "],
    ]);
    const report = blocks(builtInTemplateState("report")!).filter(([name]) => name === "heading");
    expect(report.map(([, , text]) => text)).toEqual([
      "제목",
      "개요",
      "현황",
      "문제점",
      "개선 방안",
      "향후 계획",
      "붙임",
    ]);

    const plan = blocks(builtInTemplateState("plan")!);
    expect(plan.filter(([name]) => name === "heading").map(([, , text]) => text)).toEqual([
      "계획서",
      "추진 배경",
      "목적",
      "추진 내용",
      "추진 일정",
      "소요 예산",
      "기대 효과",
    ]);
    const table = plan.find(([name]) => name === "table");
    // header row + 3 rows, 4 cells each, every cell a paragraph (Tiptap's tableCell holds blocks)
    expect(table?.[2]).toBe("구분|추진 내용|기간|담당||||||||||||");
  });

  it("has a blank one without a state, and every template's names translated", () => {
    expect(builtInTemplateState("blank")).toBeNull();
    expect(BUILT_IN_TEMPLATES.map((t) => t.key)).toEqual(["blank", "meeting", "report", "plan"]);
    expect(blocks(buildTemplateState([{ kind: "table", header: ["가", "나"], rows: 1 }]))[0]?.[0]).toBe(
      "table",
    );
  });
});

describe("createDocument", () => {
  it("creates a 회의록 from its template: state, projection, defaults, visit and audit", async () => {
    const a = await buildAgency(db);
    const before = await lastAuditSeq(db, a.tenant.id);
    const id = await createDocument(
      a.as(a.owner),
      input({
        template: { kind: "builtin", key: "meeting" },
        fallbackTitle: "회의록",
        destination: { space: { kind: "personal", ownerId: a.owner.id }, folderId: null },
      }),
    );
    const row = await readDocument(db, a.tenant.id, id);
    expect(row).toMatchObject({
      title: "회의록",
      ownerId: a.owner.id,
      departmentId: null,
      folderId: null,
      disclosure: "public",
      disclosureGrounds: [],
      retention: "5y",
    });
    expect(row!.state).toEqual(builtInTemplateState("meeting"));
    expect(row!.contentText.split("\n")).toEqual([
      "회의록",
      "일시: ",
      "장소: ",
      "참석자: ",
      "안건",
      "논의 내용",
      "결정 사항",
      "향후 일정",
    ]);
    expect(row!.contentHtml).toContain("<h1>회의록</h1><p><strong>일시: </strong></p>");
    expect(row!.projectedAt).toBeInstanceOf(Date);
    // It counts as just opened, so it is in 최근 문서 at once.
    expect((await listDocuments(db, a.as(a.owner), { view: "recent" })).rows.map((r) => r.id)).toEqual([id]);
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((entry) => [entry.action, entry.targetId])).toEqual([["document.create", id]]);
    expect(audit[0]!.details).toMatchObject({
      template: "builtin:meeting",
      disclosure: "public",
      retention: "5y",
    });
  });

  it("creates a 계획서 with its table in the projection, in a department space's folder", async () => {
    const a = await buildAgency(db);
    const space = { kind: "department", departmentId: a.division.id } as const;
    const folder = await createFolder(a.as(a.owner), { space, parentId: null, name: "계획" });
    const id = await createDocument(
      a.as(a.colleague),
      input({
        template: { kind: "builtin", key: "plan" },
        title: "  2027년 디지털 전환 계획  ",
        disclosure: "partial",
        disclosureGrounds: ["5", 5, "1"],
        retention: "10y",
        destination: { space, folderId: folder.id },
      }),
    );
    const row = await readDocument(db, a.tenant.id, id);
    expect(row).toMatchObject({
      title: "2027년 디지털 전환 계획",
      departmentId: a.division.id,
      folderId: folder.id,
      disclosure: "partial",
      disclosureGrounds: [1, 5],
      retention: "10y",
    });
    expect(row!.contentHtml).toContain("<table><tr><th><p>구분</p></th>");
  });

  it("creates from one of the agency's templates, but not an archived one", async () => {
    const a = await buildAgency(db);
    const source = await a.document(a.admin.id, { state: builtInTemplateState("report") });
    const templateId = await saveDocumentAsTemplate(a.as(a.admin), {
      documentId: source.id,
      name: "주간 업무 보고",
      description: "",
    });
    const destination = { space: { kind: "personal", ownerId: a.owner.id }, folderId: null } as const;
    const id = await createDocument(
      a.as(a.owner),
      input({ template: { kind: "tenant", id: templateId }, destination }),
    );
    const row = await readDocument(db, a.tenant.id, id);
    expect(row!.title).toBe("주간 업무 보고");
    expect(row!.contentText.startsWith("제목\n개요")).toBe(true);

    await setTemplateArchived(a.as(a.admin), { templateId, archived: true });
    const archived = await refusal(
      createDocument(a.as(a.owner), input({ template: { kind: "tenant", id: templateId }, destination })),
    );
    expect(archived.status).toBe(404);
  });

  it.each([
    [
      "비공개 without a ground",
      { disclosure: "private", disclosureGrounds: [] },
      "documents.properties.error.groundRequired",
    ],
    [
      "부분공개 without a ground",
      { disclosure: "partial", disclosureGrounds: [] },
      "documents.properties.error.groundRequired",
    ],
    [
      "a ground beyond 8호",
      { disclosure: "private", disclosureGrounds: ["9"] },
      "documents.properties.error.groundUnknown",
    ],
    [
      "a ground that is no number",
      { disclosure: "private", disclosureGrounds: ["5호"] },
      "documents.properties.error.groundUnknown",
    ],
    [
      "공개 with a ground",
      { disclosure: "public", disclosureGrounds: [5] },
      "documents.properties.error.groundForPublic",
    ],
    [
      "an unknown 공개구분",
      { disclosure: "secret", disclosureGrounds: [] },
      "documents.properties.error.disclosure",
    ],
    ["an unknown 보존기간", { retention: "forever" }, "documents.properties.error.retention"],
    ["a title of 201 characters", { title: "가".repeat(201) }, "documents.properties.error.titleTooLong"],
  ] as const)("refuses %s and writes nothing", async (_case, overrides, messageKey) => {
    const a = await buildAgency(db);
    const before = await lastAuditSeq(db, a.tenant.id);
    const error = await refusal(
      createDocument(
        a.as(a.owner),
        input({
          ...overrides,
          destination: { space: { kind: "personal", ownerId: a.owner.id }, folderId: null },
        }),
      ),
    );
    expect(error).toBeInstanceOf(DocumentsFieldError);
    expect(error.messageKey).toBe(messageKey);
    expect(await countDocuments(a.tenant.id)).toBe(0);
    expect(await lastAuditSeq(db, a.tenant.id)).toBe(before);
  });

  it("accepts a title of exactly 200 characters", async () => {
    const a = await buildAgency(db);
    const id = await createDocument(
      a.as(a.owner),
      input({
        title: "가".repeat(200),
        destination: { space: { kind: "personal", ownerId: a.owner.id }, folderId: null },
      }),
    );
    expect((await readDocument(db, a.tenant.id, id))!.title).toHaveLength(200);
  });

  it("refuses a place that is not the person's: another's space, a department not theirs, another agency's", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const othersFolder = await createFolder(a.as(a.colleague), {
      space: { kind: "personal", ownerId: a.colleague.id },
      parentId: null,
      name: "남의 폴더",
    });
    const foreignFolder = await createFolder(b.as(b.owner), {
      space: { kind: "department", departmentId: b.division.id },
      parentId: null,
      name: "다른 기관",
    });
    const places = [
      { space: { kind: "personal", ownerId: a.colleague.id }, folderId: null },
      { space: { kind: "personal", ownerId: a.owner.id }, folderId: othersFolder.id },
      { space: { kind: "department", departmentId: a.support.id }, folderId: null },
      { space: { kind: "department", departmentId: b.division.id }, folderId: null },
      { space: { kind: "department", departmentId: a.division.id }, folderId: foreignFolder.id },
    ] as const;
    for (const destination of places) {
      expect((await refusal(createDocument(a.as(a.owner), input({ destination })))).status).toBe(404);
    }
    expect(await countDocuments(a.tenant.id)).toBe(0);
    expect(await countDocuments(b.tenant.id)).toBe(0);
  });

  it("does not find a template of another agency", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const source = await b.document(b.admin.id);
    const foreignTemplate = await saveDocumentAsTemplate(b.as(b.admin), {
      documentId: source.id,
      name: "남의 서식",
      description: "",
    });
    const error = await refusal(
      createDocument(
        a.as(a.owner),
        input({
          template: { kind: "tenant", id: foreignTemplate },
          destination: { space: { kind: "personal", ownerId: a.owner.id }, folderId: null },
        }),
      ),
    );
    expect(error.status).toBe(404);
    expect(await countDocuments(a.tenant.id)).toBe(0);
  });
});
