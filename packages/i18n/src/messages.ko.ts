// The source of truth for message keys: every other language must translate exactly these.
// Placeholders are written {name}; translate() fills them in.

import { approvalsActionsKo } from "./messages/approvals-actions.ko.ts";
import { approvalsAdminKo } from "./messages/approvals-admin.ko.ts";
import { approvalsDocumentKo } from "./messages/approvals-document.ko.ts";
import { approvalsDraftKo } from "./messages/approvals-draft.ko.ts";
import { approvalsPageKo } from "./messages/approvals-page.ko.ts";
import { approvalsUiKo } from "./messages/approvals-ui.ko.ts";
import { authKo } from "./messages/auth.ko.ts";
import { documentsEditorKo } from "./messages/documents-editor.ko.ts";
import { documentsHistoryKo } from "./messages/documents-history.ko.ts";
import { documentsSearchKo } from "./messages/documents-search.ko.ts";
import { documentsSharingKo } from "./messages/documents-sharing.ko.ts";
import { documentsSpacesKo } from "./messages/documents-spaces.ko.ts";
import { messagingKo } from "./messages/messaging.ko.ts";
import { onboardingKo } from "./messages/onboarding.ko.ts";
import { orgKo } from "./messages/org.ko.ts";

// Each feature area keeps its messages in messages/<area>.ko.ts (and .en.ts), so that work on
// one area does not collide with work on another in this file.
const common = {
  "app.name": "누리",
  "app.description": "문서 공동 편집, 전자결재, 메신저를 한곳에서 쓰는 공공기관·학교 전용 업무공간입니다.",

  "layout.skipToContent": "본문 바로가기",
  "layout.languageNav": "언어 선택",
  "layout.footer": "누리 — 공공기관 협업 업무공간",

  "home.metaTitle": "누리 — 공공기관 협업 업무공간",
  "home.features.heading": "누리에서 할 수 있는 일",
  "home.features.documents": "여러 사람이 같은 문서를 동시에 작성합니다.",
  "home.features.approvals": "결재선을 지정해 전자결재를 올리고 처리합니다.",
  "home.features.messaging": "부서 채널과 대화로 소식을 주고받습니다.",

  "status.heading": "서비스 상태",
  "status.database": "데이터베이스",
  "status.database.ok": "정상 응답",
  "status.database.unreachable": "응답 없음",
  "status.agencies": "운영 중인 기관",
  "status.schools": "운영 중인 학교",
  "status.count": "{count}곳",
  "status.checkedAt": "확인 시각",
  "status.unavailable": "지금은 서비스 상태를 확인할 수 없습니다. 잠시 후 다시 확인해 주세요.",

  "form.invalidCharacters": "사용할 수 없는 문자가 들어 있습니다.",

  "error.metaTitle": "오류 — 누리",
  "error.heading": "문제가 발생했습니다",
  "error.body": "요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.",
  "error.notFound.heading": "페이지를 찾을 수 없습니다",
  "error.notFound.body": "주소가 바르게 입력되었는지 확인해 주세요.",
  "error.status": "오류 코드 {status}",
  "error.backHome": "첫 화면으로 가기",
} as const;

export const ko = {
  ...common,
  ...authKo,
  ...orgKo,
  ...documentsSpacesKo,
  ...documentsEditorKo,
  ...documentsSharingKo,
  ...documentsHistoryKo,
  ...documentsSearchKo,
  ...onboardingKo,
  ...approvalsActionsKo,
  ...approvalsAdminKo,
  ...approvalsDocumentKo,
  ...approvalsDraftKo,
  ...approvalsUiKo,
  ...approvalsPageKo,
  ...messagingKo,
} as const;

/** A message id; every language has exactly these. */
export type MessageKey = keyof typeof ko;
