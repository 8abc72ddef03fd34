import type { approvalsDocumentKo } from "./approvals-document.ko.ts";

export const approvalsDocumentEn: Record<keyof typeof approvalsDocumentKo, string> = {
  "approvals.document.heading": "Official document",
  "approvals.document.view": "View the official document",
  "approvals.document.downloadPdf": "Download as PDF",
  "approvals.document.downloadHtml": "Download as HTML",
  "approvals.document.koreanOnly": "Official documents are written in Korean, as the law requires.",
  "approvals.document.error.notCompleted": "Only a completed, registered document has an official document.",
} as const;
