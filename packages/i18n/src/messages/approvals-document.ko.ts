// Messages around the official document (공문서: the completed 기안문 as HTML and PDF). The
// document itself is Korean by law and has no messages here; these are the app's words about
// it. Keys start with "approvals.document."; the English file must match.
export const approvalsDocumentKo = {
  "approvals.document.heading": "공문서",
  "approvals.document.view": "공문서 보기",
  "approvals.document.downloadPdf": "PDF로 내려받기",
  "approvals.document.downloadHtml": "HTML로 내려받기",
  "approvals.document.koreanOnly": "공문서는 법령에 따라 한국어로 작성됩니다.",
  "approvals.document.error.notCompleted": "결재가 끝나 등록된 문서만 공문서로 볼 수 있습니다.",
} as const;
