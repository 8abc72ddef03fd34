import { documents, eq, type User, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { unzipSync } from "fflate";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { auditEntries } from "../org/test-helpers.server.ts";
import { documentImagePath } from "./document-model.ts";
import {
  attachmentDisposition,
  type ExportContext,
  type ExportFormat,
  exportDocument,
  fileStem,
} from "./export.server.ts";
import { el, p } from "./export-fixtures.server.ts";
import { actorOf, seedDocumentWithPeople, storeBody } from "./history-fixtures.server.ts";
import { uploadImage } from "./images.server.ts";
import { makePng } from "./images-fixtures.server.ts";
import { outcome } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const PNG = makePng(4, 4);

function exporter(
  tenant: { id: string; slug: string; name: string },
  user: User,
  locale: "ko" | "en" = "ko",
): ExportContext {
  return {
    ...actorOf(db, tenant.id, user),
    locale,
    tenant: { slug: tenant.slug, name: tenant.name },
    origin: "https://nuri.example.go.kr",
  };
}

/** A document with its records metadata, an uploaded image and another document's image. */
async function seedExportable() {
  const seed = await seedDocumentWithPeople(db);
  const { tenant, document, owner } = seed;
  await withTenant(db, tenant.id, (tx) =>
    tx
      .update(documents)
      .set({ disclosure: "partial", disclosureGrounds: [6, 5], retention: "10y" })
      .where(eq(documents.id, document.id)),
  );
  const image = await uploadImage(actorOf(db, tenant.id, owner), { documentId: document.id, bytes: PNG });
  const other = await seedDocumentWithPeople(db);
  const foreign = await uploadImage(actorOf(db, other.tenant.id, other.owner), {
    documentId: other.document.id,
    bytes: makePng(1, 1),
  });
  await storeBody(db, tenant.id, document.id, [
    p(["디지털정부 추진 계획을 보고합니다."]),
    el("image", { src: documentImagePath(tenant.slug, document.id, image.id), alt: "조직도" }),
    el("image", {
      src: documentImagePath(other.tenant.slug, other.document.id, foreign.id),
      alt: "남의 그림",
    }),
  ]);
  return { ...seed, imageId: image.id };
}

describe("exporting a document", () => {
  it("writes the head from the records metadata and embeds the document's own images only", async () => {
    const { tenant, document, reader } = await seedExportable();
    const file = await exportDocument(exporter(tenant, reader), { documentId: document.id, format: "md" });
    expect(file.filename).toBe("2026년 업무 보고.md");
    expect(file.contentType).toBe("text/markdown; charset=utf-8");
    const markdown = new TextDecoder().decode(file.body);
    expect(markdown).toBe(
      [
        "# 2026년 업무 보고",
        "",
        "| 기관 | 공개구분 | 보존기간 |",
        "| --- | --- | --- |",
        "| 디지털행정부 | 부분공개(5, 6호) | 10년 |",
        "",
        "디지털정부 추진 계획을 보고합니다.",
        "",
        `![조직도](data:image/png;base64,${PNG.toString("base64")})`,
        "",
        "\\[이미지: 남의 그림\\]",
        "",
      ].join("\n"),
    );
  });

  it("exports every format for a reader, each audited with its format", async () => {
    const { tenant, document, reader } = await seedExportable();
    const files: Partial<Record<ExportFormat, Uint8Array>> = {};
    for (const format of ["pdf", "docx", "md", "html"] as const) {
      files[format] = (
        await exportDocument(exporter(tenant, reader), { documentId: document.id, format })
      ).body;
    }
    // read the raw bytes first: PDF.js takes (detaches) the buffer it is given
    expect(Buffer.from(files.pdf!).toString("latin1")).toContain("/Subtype /Image");
    const { text } = await extractText(await getDocumentProxy(files.pdf!), { mergePages: true });
    expect(text.replace(/\s+/g, "")).toContain("디지털정부추진계획을보고합니다.");
    const docx = unzipSync(files.docx!);
    expect(new TextDecoder().decode(docx["word/document.xml"])).toContain(
      "디지털정부 추진 계획을 보고합니다.",
    );
    expect(Object.keys(docx).filter((name) => /^word\/media\/./.test(name))).toHaveLength(1);
    expect(new TextDecoder().decode(files.html)).toContain(
      `src="data:image/png;base64,${PNG.toString("base64")}"`,
    );
    const audits = (await auditEntries(db, tenant.id)).filter((entry) => entry.action === "document.export");
    expect(audits.map((entry) => [entry.actorId, entry.targetId, entry.details.format])).toEqual([
      [reader.id, document.id, "pdf"],
      [reader.id, document.id, "docx"],
      [reader.id, document.id, "md"],
      [reader.id, document.id, "html"],
    ]);
  });

  it("labels the head in the person's language", async () => {
    const { tenant, document, owner } = await seedExportable();
    const file = await exportDocument(exporter(tenant, owner, "en"), {
      documentId: document.id,
      format: "html",
    });
    const html = new TextDecoder().decode(file.body);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<tr><th scope="row">Disclosure</th><td>Partly public (grounds 5, 6)</td></tr>');
    expect(html).toContain('<tr><th scope="row">Retention period</th><td>10 years</td></tr>');
  });

  it("does not find a document for someone without access, and audits nothing", async () => {
    const { tenant, document, outsider } = await seedExportable();
    expect(
      await outcome(exportDocument(exporter(tenant, outsider), { documentId: document.id, format: "md" })),
    ).toBe("404 documents.not-found");
    expect((await auditEntries(db, tenant.id)).filter((entry) => entry.action === "document.export")).toEqual(
      [],
    );
  });

  it("does not find a document of another agency, even with its ids", async () => {
    const mine = await seedExportable();
    const theirs = await seedDocumentWithPeople(db);
    expect(
      await outcome(
        exportDocument(exporter(theirs.tenant, theirs.owner), {
          documentId: mine.document.id,
          format: "pdf",
        }),
      ),
    ).toBe("404 documents.not-found");
    expect(
      await outcome(
        exportDocument(exporter(theirs.tenant, mine.owner), { documentId: mine.document.id, format: "html" }),
      ),
    ).toBe("404 documents.not-found");
  });
});

describe("export file names", () => {
  it("keep Korean titles and drop what file systems refuse", () => {
    expect(fileStem("보고서/2026: 초안?")).toBe("보고서_2026_ 초안_");
    expect(fileStem("  ...  ")).toBe("document");
    expect(fileStem("줄\n바꿈\t탭")).toBe("줄_바꿈_탭");
    expect([...fileStem("가".repeat(300))]).toHaveLength(100);
  });

  it("are sent as RFC 5987 UTF-8 with an ASCII fallback", () => {
    expect(attachmentDisposition("2026년 업무 보고(초안).pdf")).toBe(
      "attachment; filename=\"document.pdf\"; filename*=UTF-8''2026%EB%85%84%20%EC%97%85%EB%AC%B4%20%EB%B3%B4%EA%B3%A0%28%EC%B4%88%EC%95%88%29.pdf",
    );
    expect(attachmentDisposition('report "v2".md')).toBe(
      "attachment; filename=\"report _v2_.md\"; filename*=UTF-8''report%20%22v2%22.md",
    );
  });
});
