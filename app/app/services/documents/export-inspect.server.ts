import { unzipSync } from "fflate";
import { extractText, getDocumentProxy } from "unpdf";

// Reading exported files back, as a person's PDF reader or word processor would: for the
// service tests and the browser tests (which download the files). Test code only: its
// packages are development dependencies.

/** The PDF's text, all pages joined, as PDF.js extracts it. */
export async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  // PDF.js takes (detaches) the buffer it is given: hand it a copy.
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: true });
  return { text, pages: document.numPages };
}

/** The files of a DOCX (a zip), by name. */
export function docxFiles(docx: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(docx);
}

/** The main part of a DOCX: word/document.xml as text. */
export function docxDocumentXml(docx: Uint8Array): string {
  const part = docxFiles(docx)["word/document.xml"];
  if (!part) throw new Error("not a DOCX: no word/document.xml in the zip");
  return new TextDecoder().decode(part);
}
