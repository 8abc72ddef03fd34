import {
  type FormField,
  formatWonWithWords,
  type LineProblem,
  MAX_AMOUNT,
  type StepKind,
} from "@nuri/approval";
import type { Translator } from "@nuri/i18n";
import { formatDate, formatFileSize, formatNumber, type Locale, type MessageKey } from "@nuri/i18n";
import { useLocale } from "../../i18n.ts";
import type { ApprovalAttachment } from "../../services/approvals/approval-attachments.server.ts";
import type { ApprovalStepView, ApprovalView } from "../../services/approvals/get-approval.server.ts";
import type { PlainKey } from "../org/org-ui.tsx";

// The words of the approval page: kinds, statuses, the 결재란's reading of each step, field
// values as people read them, and where each refusal of the draft form points.

export const STEP_KIND_KEYS: Record<StepKind, PlainKey> = {
  review: "approvals.draft.step.review",
  cooperate: "approvals.draft.step.cooperate",
  approve: "approvals.draft.step.approve",
};

export const DOCUMENT_STATUS_KEYS: Record<ApprovalView["status"], PlainKey> = {
  draft: "approvals.draft.status.draft",
  in_progress: "approvals.draft.status.in_progress",
  rejected: "approvals.draft.status.rejected",
  withdrawn: "approvals.draft.status.withdrawn",
  completed: "approvals.draft.status.completed",
};

export const DISCLOSURE_KEYS: Record<"public" | "partial" | "private", PlainKey> = {
  public: "documents.properties.disclosure.public",
  partial: "documents.properties.disclosure.partial",
  private: "documents.properties.disclosure.private",
};

export const RETENTION_KEYS: Record<NonNullable<ApprovalView["records"]["retention"]>, PlainKey> = {
  "1y": "documents.properties.retention.1y",
  "3y": "documents.properties.retention.3y",
  "5y": "documents.properties.retention.5y",
  "10y": "documents.properties.retention.10y",
  "30y": "documents.properties.retention.30y",
  semi_permanent: "documents.properties.retention.semiPermanent",
  permanent: "documents.properties.retention.permanent",
};

export const GROUND_KEYS: Record<number, PlainKey> = {
  1: "documents.properties.ground.1",
  2: "documents.properties.ground.2",
  3: "documents.properties.ground.3",
  4: "documents.properties.ground.4",
  5: "documents.properties.ground.5",
  6: "documents.properties.ground.6",
  7: "documents.properties.ground.7",
  8: "documents.properties.ground.8",
};

export const LINE_PROBLEM_KEYS: Record<LineProblem["code"], MessageKey> = {
  empty: "approvals.errors.line.empty",
  "must-end-with-approve": "approvals.errors.line.mustEndWithApprove",
  "parallel-only-cooperate": "approvals.errors.line.parallelOnlyCooperate",
  "drafter-in-line": "approvals.errors.line.drafterInLine",
  "duplicate-person": "approvals.errors.line.duplicatePerson",
  "cooperator-cannot-close": "approvals.errors.line.cooperatorCannotClose",
  "groups-not-contiguous": "approvals.errors.line.groupsNotContiguous",
  "too-many-steps": "approvals.errors.lineTooLong",
};

export const FLAG_KEYS: Record<"retired" | "moved" | "missing", PlainKey> = {
  retired: "approvals.savedLines.flag.retired",
  moved: "approvals.savedLines.flag.moved",
  missing: "approvals.savedLines.flag.missing",
};

/** How a step stands, in the words of the 결재란: 대기, 진행 중, 전결, 대결(신재민), 후결 필요 … */
export function stepStatusText(t: Translator, step: ApprovalStepView): string {
  let text: string;
  if (step.status === "approved" && step.signedAs === "delegated")
    text = t("approvals.page.stepStatus.delegated");
  else if (step.status === "approved" && step.signedAs === "proxy") {
    text = t("approvals.page.stepStatus.proxy", { name: step.actedByName ?? "" });
  } else text = t(`approvals.page.stepStatus.${step.status}`);
  if (step.postApproval === "owed") text += ` · ${t("approvals.page.stepStatus.postOwed")}`;
  if (step.postApproval === "done") text += ` · ${t("approvals.page.stepStatus.postDone")}`;
  return text;
}

/** Whether a string of digits (commas allowed) makes a whole number of won the form may hold. */
export function parseWon(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(trimmed)) return null;
  const value = Number(trimmed.replaceAll(",", ""));
  return Number.isSafeInteger(value) && value <= MAX_AMOUNT ? value : null;
}

/** A form value as people read it: 금113,560원(금일십일만삼천오백육십원), 2026. 3. 2., 연가. */
export function fieldValueText(t: Translator, locale: Locale, formField: FormField, value: unknown): string {
  if (value === null || value === undefined || value === "") return t("approvals.page.field.empty");
  switch (formField.type) {
    case "money":
      return typeof value === "number" && value <= MAX_AMOUNT ? formatWonWithWords(value) : String(value);
    case "number":
      return typeof value === "number" ? formatNumber(value, locale) : String(value);
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? formatDate(`${value}T00:00:00+09:00`, locale)
        : String(value);
    case "attachment":
      return Array.isArray(value) && value.length > 0
        ? t("approvals.page.field.attachment", { count: value.length })
        : t("approvals.page.field.empty");
    default:
      return String(value);
  }
}

/** The id of the input a refusal of the draft form names, for the summary's links and aria. */
export function fieldInputId(field: string): string {
  if (field === "title") return "draft-title";
  if (field.startsWith("fields.")) return `draft-field-${field.slice("fields.".length)}`;
  if (field === "disclosure") return "draft-disclosure";
  if (field === "disclosureGrounds") return "draft-grounds";
  if (field === "retention") return "draft-retention";
  if (field === "line") return "draft-line";
  if (/^line\.\d+$/.test(field)) return `draft-step-${field.slice("line.".length)}-kind`;
  if (field === "cc") return "draft-cc";
  if (field === "recipients") return "draft-recipients";
  if (field === "coDrafters") return "draft-co-drafters";
  if (field === "opinion") return "draft-submit-opinion";
  return "draft-form";
}

/** The id of the message a refusal puts beside its input. */
export const errorIdOf = (field: string) => `${fieldInputId(field)}-error`;

/** A file of 붙임: its download link, and its size. */
export function AttachmentFileLink({ file, base }: { file: ApprovalAttachment; base: string }) {
  const locale = useLocale();
  return (
    <>
      <a href={`${base}/attachments/${file.id}`} download>
        {file.filename}
      </a>{" "}
      <span className="approval-hint">({formatFileSize(file.sizeBytes, locale)})</span>
    </>
  );
}
