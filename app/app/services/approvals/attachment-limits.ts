// The limits of 붙임 (files attached to an approval's attachment fields), shared by the service
// (approval-attachments.server.ts), the server's body limit (server.ts) and the draft page.

/** The largest file, in bytes (approval_attachments_size says the same). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
/** The longest file name, in characters (approval_attachments_filename says the same). */
export const MAX_ATTACHMENT_NAME = 120;

/**
 * The kinds of file an approval may carry, by extension: the documents of Korean offices
 * (한글, 오피스, PDF), images, text and archives; never anything a browser or a desktop runs.
 * Files are served as downloads with the type given here, whatever the browser sent.
 */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  hwp: "application/x-hwp",
  hwpx: "application/hwp+zip",
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
  txt: "text/plain",
  csv: "text/csv",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  zip: "application/zip",
};

/** The extensions a file input offers (its accept attribute). */
export const ATTACHMENT_ACCEPT = Object.keys(ATTACHMENT_TYPES)
  .map((extension) => `.${extension}`)
  .join(",");
