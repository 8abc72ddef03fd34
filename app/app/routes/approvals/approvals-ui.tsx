import type { Disclosure, DocumentStatus, Retention, StepKind, StepStatus } from "@nuri/approval";
import { useTranslator } from "../../i18n.ts";
import type { PlainKey } from "../org/org-ui.tsx";

// The words the 전자결재 pages share: box names, step kinds and states, document states, and the
// records terms (공개구분, 보존기간), each through i18n so the English page reads in English.

export const BOX_LABELS = {
  waiting: "approvals.inbox.box.waiting",
  upcoming: "approvals.inbox.box.upcoming",
  in_progress: "approvals.inbox.box.in_progress",
  completed: "approvals.inbox.box.completed",
  rejected: "approvals.inbox.box.rejected",
  drafts: "approvals.inbox.box.drafts",
  cc: "approvals.inbox.box.cc",
  received: "approvals.inbox.box.received",
  circulation: "approvals.inbox.box.circulation",
} as const satisfies Record<string, PlainKey>;

export const STEP_KIND_LABELS = {
  review: "approvals.draft.step.review",
  cooperate: "approvals.draft.step.cooperate",
  approve: "approvals.draft.step.approve",
} as const satisfies Record<StepKind, PlainKey>;

export const STEP_STATUS_LABELS = {
  waiting: "approvals.draft.stepStatus.waiting",
  pending: "approvals.draft.stepStatus.pending",
  held: "approvals.draft.stepStatus.held",
  approved: "approvals.draft.stepStatus.approved",
  rejected: "approvals.draft.stepStatus.rejected",
  skipped: "approvals.draft.stepStatus.skipped",
} as const satisfies Record<StepStatus, PlainKey>;

export const STATUS_LABELS = {
  draft: "approvals.draft.status.draft",
  in_progress: "approvals.draft.status.in_progress",
  rejected: "approvals.draft.status.rejected",
  withdrawn: "approvals.draft.status.withdrawn",
  completed: "approvals.draft.status.completed",
} as const satisfies Record<DocumentStatus, PlainKey>;

export const DISCLOSURE_LABELS = {
  public: "documents.properties.disclosure.public",
  partial: "documents.properties.disclosure.partial",
  private: "documents.properties.disclosure.private",
} as const satisfies Record<Disclosure, PlainKey>;

export const RETENTION_LABELS = {
  "1y": "documents.properties.retention.1y",
  "3y": "documents.properties.retention.3y",
  "5y": "documents.properties.retention.5y",
  "10y": "documents.properties.retention.10y",
  "30y": "documents.properties.retention.30y",
  semi_permanent: "documents.properties.retention.semiPermanent",
  permanent: "documents.properties.retention.permanent",
} as const satisfies Record<Retention, PlainKey>;

/** "비공개 (5·6호)", "공개". */
export function useDisclosureText() {
  const t = useTranslator();
  return (disclosure: Disclosure | null, grounds: number[]) => {
    if (disclosure === null) return "";
    const words = t(DISCLOSURE_LABELS[disclosure]);
    if (grounds.length === 0) return words;
    return `${words} (${t("approvals.ui.ledger.grounds", { grounds: grounds.join("·") })})`;
  };
}

/** A notice carried by the URL after a redirect (?notice=…), announced to screen readers. */
export function UrlNotice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="org-notice org-notice--ok" role="status">
      {text}
    </p>
  );
}
