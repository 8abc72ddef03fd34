import { approvalsActionsEn } from "./messages/approvals-actions.en.ts";
import { approvalsAdminEn } from "./messages/approvals-admin.en.ts";
import { approvalsDocumentEn } from "./messages/approvals-document.en.ts";
import { approvalsDraftEn } from "./messages/approvals-draft.en.ts";
import { approvalsPageEn } from "./messages/approvals-page.en.ts";
import { approvalsUiEn } from "./messages/approvals-ui.en.ts";
import { authEn } from "./messages/auth.en.ts";
import { documentsEditorEn } from "./messages/documents-editor.en.ts";
import { documentsHistoryEn } from "./messages/documents-history.en.ts";
import { documentsSearchEn } from "./messages/documents-search.en.ts";
import { documentsSharingEn } from "./messages/documents-sharing.en.ts";
import { documentsSpacesEn } from "./messages/documents-spaces.en.ts";
import { messagingEn } from "./messages/messaging.en.ts";
import { onboardingEn } from "./messages/onboarding.en.ts";
import { orgEn } from "./messages/org.en.ts";
import type { MessageKey } from "./messages.ko.ts";

// Typed against the Korean keys: a missing or an extra key is a compile error.
export const en: Record<MessageKey, string> = {
  "app.name": "Nuri",
  "app.description":
    "Nuri brings collaborative documents, electronic approvals and messaging together for public agencies and schools.",

  "layout.skipToContent": "Skip to main content",
  "layout.languageNav": "Language",
  "layout.footer": "Nuri — a shared workplace for the public sector",

  "home.metaTitle": "Nuri — a shared workplace for the public sector",
  "home.features.heading": "What you can do with Nuri",
  "home.features.documents": "Write the same document together, at the same time.",
  "home.features.approvals": "Route documents for electronic approval along an approval line.",
  "home.features.messaging": "Keep in touch through department channels and conversations.",

  "status.heading": "Service status",
  "status.database": "Database",
  "status.database.ok": "Responding",
  "status.database.unreachable": "Not responding",
  "status.agencies": "Active agencies",
  "status.schools": "Active schools",
  "status.count": "{count}",
  "status.checkedAt": "Checked at",
  "status.unavailable": "The service status cannot be checked right now. Please try again shortly.",

  "form.invalidCharacters": "This contains characters that cannot be used.",

  "error.metaTitle": "Error — Nuri",
  "error.heading": "Something went wrong",
  "error.body": "Your request could not be completed. Please try again shortly.",
  "error.notFound.heading": "Page not found",
  "error.notFound.body": "Please check that the address is correct.",
  "error.status": "Error code {status}",
  "error.backHome": "Go to the home page",
  ...authEn,
  ...orgEn,
  ...documentsEditorEn,
  ...documentsSharingEn,
  ...documentsSpacesEn,
  ...documentsSearchEn,
  ...documentsHistoryEn,
  ...onboardingEn,
  ...approvalsActionsEn,
  ...approvalsAdminEn,
  ...approvalsDocumentEn,
  ...approvalsDraftEn,
  ...approvalsUiEn,
  ...approvalsPageEn,
  ...messagingEn,
};
