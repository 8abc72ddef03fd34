import { createHash } from "node:crypto";
import { documentImages, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { translate } from "@nuri/i18n";
import { describe, expect, it } from "vitest";
import { auditEntries } from "../org/test-helpers.server.ts";
import { actorOf, seedDocumentWithPeople } from "./history-fixtures.server.ts";
import { readImage, uploadImage } from "./images.server.ts";
import { GIF_1x1, JPEG_4x3, makePng, WEBP_4x3 } from "./images-fixtures.server.ts";
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from "./images-sniff.server.ts";
import { outcome } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const PNG = makePng(3, 2);

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("uploading images into a document", () => {
  it("stores an editor's image with its sniffed type and SHA-256, audited", async () => {
    const { tenant, document, editor } = await seedDocumentWithPeople(db);
    const uploaded = await uploadImage(actorOf(db, tenant.id, editor), {
      documentId: document.id,
      bytes: PNG,
    });
    expect(uploaded).toMatchObject({ contentType: "image/png", sizeBytes: PNG.length });
    const [row] = await withTenant(db, tenant.id, (tx) =>
      tx.select().from(documentImages).where(eq(documentImages.id, uploaded.id)),
    );
    expect(row).toMatchObject({ documentId: document.id, contentType: "image/png", createdBy: editor.id });
    expect(Buffer.from(row!.data)).toEqual(PNG);
    expect(Buffer.from(row!.sha256).toString("hex")).toBe(sha256(PNG));
    const [audit] = (await auditEntries(db, tenant.id)).filter(
      (entry) => entry.action === "document.image.upload",
    );
    expect(audit).toMatchObject({
      actorId: editor.id,
      targetType: "document",
      targetId: document.id,
      details: {
        imageId: uploaded.id,
        contentType: "image/png",
        sizeBytes: PNG.length,
        sha256: sha256(PNG),
        reused: false,
      },
    });
  });

  it("stores every allowed type, and the same image twice only once", async () => {
    const { tenant, document, owner } = await seedDocumentWithPeople(db);
    const ctx = actorOf(db, tenant.id, owner);
    const types = [];
    for (const bytes of [PNG, JPEG_4x3, GIF_1x1, WEBP_4x3]) {
      types.push((await uploadImage(ctx, { documentId: document.id, bytes })).contentType);
    }
    expect(types).toEqual(["image/png", "image/jpeg", "image/gif", "image/webp"]);
    const first = await uploadImage(ctx, { documentId: document.id, bytes: PNG });
    const again = await uploadImage(ctx, { documentId: document.id, bytes: PNG });
    expect(again.id).toBe(first.id);
  });

  it("keeps only the image of a polyglot: what follows its end is not stored", async () => {
    const { tenant, document, owner } = await seedDocumentWithPeople(db);
    const polyglot = Buffer.concat([PNG, Buffer.from("<html><script>alert(1)</script></html>")]);
    const uploaded = await uploadImage(actorOf(db, tenant.id, owner), {
      documentId: document.id,
      bytes: polyglot,
    });
    const image = await readImage(actorOf(db, tenant.id, owner), {
      documentId: document.id,
      imageId: uploaded.id,
    });
    expect(Buffer.from(image!.data)).toEqual(PNG);
    expect(image!.sha256).toBe(sha256(PNG));
  });

  it("refuses SVG, other types, damaged and oversized files with their reasons", async () => {
    const { tenant, document, owner } = await seedDocumentWithPeople(db);
    const upload = (bytes: Uint8Array) =>
      outcome(uploadImage(actorOf(db, tenant.id, owner), { documentId: document.id, bytes }));
    expect(await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      "415 documents.image.type",
    );
    expect(await upload(Buffer.from("%PDF-1.7"))).toBe("415 documents.image.type");
    expect(await upload(PNG.subarray(0, 40))).toBe("400 documents.image.damaged");
    expect(await upload(new Uint8Array(0))).toBe("400 documents.image.empty");
    expect(await upload(new Uint8Array(MAX_IMAGE_BYTES + 1))).toBe("413 documents.image.too-large");
    const stored = await withTenant(db, tenant.id, (tx) =>
      tx
        .select({ id: documentImages.id })
        .from(documentImages)
        .where(eq(documentImages.documentId, document.id)),
    );
    expect(stored).toEqual([]);
  });

  it("is for editors and owners: a reader gets 403, someone without access 404", async () => {
    const { tenant, document, reader, outsider } = await seedDocumentWithPeople(db);
    expect(
      await outcome(uploadImage(actorOf(db, tenant.id, reader), { documentId: document.id, bytes: PNG })),
    ).toBe("403 documents.forbidden");
    expect(
      await outcome(uploadImage(actorOf(db, tenant.id, outsider), { documentId: document.id, bytes: PNG })),
    ).toBe("404 documents.not-found");
  });

  it("does not find a document of another agency", async () => {
    const mine = await seedDocumentWithPeople(db);
    const theirs = await seedDocumentWithPeople(db);
    expect(
      await outcome(
        uploadImage(actorOf(db, theirs.tenant.id, theirs.owner), {
          documentId: mine.document.id,
          bytes: PNG,
        }),
      ),
    ).toBe("404 documents.not-found");
  });
});

describe("reading a document's image", () => {
  it("serves it to anyone who may read the document, and to no one else", async () => {
    const { tenant, document, owner, reader, outsider } = await seedDocumentWithPeople(db);
    const { id } = await uploadImage(actorOf(db, tenant.id, owner), {
      documentId: document.id,
      bytes: JPEG_4x3,
    });
    const read = (person: { id: string; displayName: string }) =>
      readImage(actorOf(db, tenant.id, person), { documentId: document.id, imageId: id });
    expect(await read(reader)).toMatchObject({ contentType: "image/jpeg", sha256: sha256(JPEG_4x3) });
    expect(await read(outsider)).toBeNull();
  });

  it("does not find an image through another document, nor across agencies", async () => {
    const mine = await seedDocumentWithPeople(db);
    const other = await seedDocumentWithPeople(db);
    const theirs = await seedDocumentWithPeople(db);
    const { id } = await uploadImage(actorOf(db, mine.tenant.id, mine.owner), {
      documentId: mine.document.id,
      bytes: PNG,
    });
    // the other document's owner (a reader of nothing here) asks through their own document
    expect(
      await readImage(actorOf(db, other.tenant.id, other.owner), {
        documentId: other.document.id,
        imageId: id,
      }),
    ).toBeNull();
    expect(
      await readImage(actorOf(db, theirs.tenant.id, theirs.owner), {
        documentId: mine.document.id,
        imageId: id,
      }),
    ).toBeNull();
    expect(
      await readImage(actorOf(db, theirs.tenant.id, mine.owner), {
        documentId: mine.document.id,
        imageId: id,
      }),
    ).toBeNull();
  });
});

describe("the limits' messages", () => {
  it("name the limits the sniffer applies, in Korean and English", () => {
    for (const locale of ["ko", "en"] as const) {
      expect(translate(locale, "documents.image.error.tooLarge")).toContain(
        `${MAX_IMAGE_BYTES / 1024 / 1024}MB`,
      );
      expect(translate(locale, "documents.image.error.dimensions")).toContain(
        MAX_IMAGE_SIDE.toLocaleString("en-US"),
      );
    }
    expect(translate("ko", "documents.image.error.dimensions")).toContain(
      `${(MAX_IMAGE_PIXELS / 10_000).toLocaleString("en-US")}만`,
    );
    expect(translate("en", "documents.image.error.dimensions")).toContain(
      `${MAX_IMAGE_PIXELS / 1_000_000} million`,
    );
  });
});
