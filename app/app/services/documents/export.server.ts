import { docFromState } from "@nuri/collab";
import { readStoredState } from "@nuri/collab/store";
import { and, documentImages, documents, eq, inArray, recordAudit, withTenant } from "@nuri/db";
import { createTranslator, type Locale } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import {
  type EmbeddedImage,
  type ExportSource,
  imagesOf,
  ownImageId,
  readDocumentModel,
} from "./document-model.ts";
import { renderDocx } from "./export-docx.server.ts";
import { renderHtml } from "./export-html.server.ts";
import { renderMarkdown } from "./export-markdown.server.ts";
import { renderPdf } from "./export-pdf.server.ts";
import { type DocumentActor, requireRoleIn } from "./history-access.server.ts";
import { sniffImage } from "./images-sniff.server.ts";

// Exports a document's current state (the stored snapshot and tail, as the collab-server
// keeps it) as PDF, DOCX, Markdown or HTML, from one document model. Anyone who may read the
// document may export it; every export is audited (document.export, with its format). The
// document's own images are read here, through row-level security, and embedded: the file
// needs no access to Nuri to show them.

export const EXPORT_FORMATS = {
  pdf: { contentType: "application/pdf", extension: "pdf" },
  docx: {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
  },
  md: { contentType: "text/markdown; charset=utf-8", extension: "md" },
  html: { contentType: "text/html; charset=utf-8", extension: "html" },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function isExportFormat(value: string): value is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, value);
}

export interface ExportContext extends DocumentActor {
  locale: Locale;
  tenant: { slug: string; name: string };
  /** The app's public origin, for absolute links in the file. */
  origin: string;
}

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: Uint8Array;
}

const KEYS = {
  notFound: "documents.image.error.notFound",
  forbidden: "documents.history.error.forbidden",
} as const;

/** Reads, renders and audits one export; a 404 AppError without access to the document. */
export async function exportDocument(
  ctx: ExportContext,
  input: { documentId: string; format: ExportFormat },
): Promise<ExportedFile> {
  const source = await readExportSource(ctx, input.documentId);
  const body = await render(source, input.format);
  await withTenant(ctx.db, ctx.tenantId, (tx) =>
    recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.export",
      target: { type: "document", id: input.documentId },
      ip: ctx.ip,
      details: { format: input.format, sizeBytes: body.length },
    }),
  );
  const { contentType, extension } = EXPORT_FORMATS[input.format];
  return { filename: `${fileStem(source.title)}.${extension}`, contentType, body };
}

function render(source: ExportSource, format: ExportFormat): Promise<Uint8Array> {
  switch (format) {
    case "pdf":
      return renderPdf(source);
    case "docx":
      return renderDocx(source);
    case "md":
      return Promise.resolve(new TextEncoder().encode(renderMarkdown(source)));
    case "html":
      return Promise.resolve(new TextEncoder().encode(renderHtml(source)));
  }
}

/** The document's head and body and its own images, as every exporter takes them. */
export async function readExportSource(ctx: ExportContext, documentId: string): Promise<ExportSource> {
  const t = createTranslator(ctx.locale);
  const read = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRoleIn(tx, ctx, documentId, "reader", KEYS);
    const [document] = await tx
      .select({
        title: documents.title,
        disclosure: documents.disclosure,
        disclosureGrounds: documents.disclosureGrounds,
        retention: documents.retention,
      })
      .from(documents)
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)));
    const stored = await readStoredState(tx, documentId);
    if (!document || !stored) throw new AppError("documents.not-found", KEYS.notFound, 404);
    const doc = docFromState(stored.parts);
    let blocks: ReturnType<typeof readDocumentModel>;
    try {
      blocks = readDocumentModel(doc);
    } finally {
      doc.destroy();
    }
    // Only images uploaded into this document; another document's would need its own access.
    const wanted = new Map<string, string>();
    for (const image of imagesOf(blocks)) {
      const id = ownImageId(image.src, ctx.tenant.slug, documentId);
      if (id) wanted.set(id, image.src);
    }
    const rows =
      wanted.size === 0
        ? []
        : await tx
            .select({ id: documentImages.id, data: documentImages.data })
            .from(documentImages)
            .where(
              and(
                eq(documentImages.tenantId, ctx.tenantId),
                eq(documentImages.documentId, documentId),
                inArray(documentImages.id, [...wanted.keys()]),
              ),
            );
    return { document, blocks, wanted, rows };
  });
  const images = new Map<string, EmbeddedImage>();
  for (const row of read.rows) {
    const sniffed = sniffImage(row.data);
    if (sniffed.ok) {
      images.set(read.wanted.get(row.id)!, {
        contentType: sniffed.contentType,
        data: row.data,
        width: sniffed.width,
        height: sniffed.height,
      });
    }
  }
  const { document } = read;
  const disclosure = t(`documents.export.disclosure.${document.disclosure}` as const);
  return {
    title: document.title.trim() || t("documents.export.untitled"),
    lang: ctx.locale,
    metadata: [
      { label: t("documents.export.agency"), value: ctx.tenant.name },
      {
        label: t("documents.export.disclosure"),
        value:
          document.disclosureGrounds.length > 0
            ? t("documents.export.disclosure.withGrounds", {
                class: disclosure,
                grounds: [...document.disclosureGrounds].sort((a, b) => a - b).join(", "),
              })
            : disclosure,
      },
      {
        label: t("documents.export.retention"),
        value: t(`documents.export.retention.${document.retention}` as const),
      },
    ],
    blocks: read.blocks,
    images,
    origin: ctx.origin,
    labels: {
      image: t("documents.export.image", { alt: "{alt}" }),
      metadata: t("documents.export.metadata"),
    },
  };
}

/**
 * A file name from the title: characters that no file system takes (and control characters)
 * become `_`, at most 100 characters; Korean stays Korean (sent with RFC 5987).
 */
export function fileStem(title: string): string {
  const cleaned = [...title.replace(/[\\/:*?"<>|\p{Cc}]/gu, "_").replace(/\s+/g, " ")]
    .slice(0, 100)
    .join("")
    .trim()
    .replace(/^\.+|\.+$/g, "");
  return cleaned || "document";
}

/**
 * A stored file as a download (approvals' 붙임, messages' files): served with the type its name
 * was accepted under, never sniffed, cached by no one, and in a sandbox should a browser open
 * it anyway.
 */
export function fileDownloadResponse(file: {
  data: Uint8Array;
  contentType: string;
  filename: string;
  sha256: string;
}): Response {
  return new Response(file.data as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.data.length),
      "Content-Disposition": attachmentDisposition(file.filename),
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
      ETag: `"${file.sha256}"`,
    },
  });
}

/**
 * An attachment's Content-Disposition (or an inline one, for a page to view): an ASCII
 * `filename` for old clients and the real name as `filename*` in UTF-8 (RFC 6266 and 5987).
 */
export function attachmentDisposition(
  filename: string,
  type: "attachment" | "inline" = "attachment",
): string {
  const dot = filename.lastIndexOf(".");
  const extension = dot >= 0 ? filename.slice(dot) : "";
  const ascii = /^[\x20-\x7e]+$/.test(filename) ? filename.replace(/["\\]/g, "_") : `document${extension}`;
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
