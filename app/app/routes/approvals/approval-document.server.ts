import type { StepKind } from "@nuri/approval";
import type { Locale, MessageKey } from "@nuri/i18n";
import { data, redirect } from "react-router";
import { AppError, notFound } from "../../errors.server.ts";
import { actOnApproval, type LineAction } from "../../services/approvals/act-on-approval.server.ts";
import { applyAutomaticLine } from "../../services/approvals/apply-automatic-line.server.ts";
import { applySavedLine } from "../../services/approvals/apply-saved-line.server.ts";
import {
  attachFiles,
  type FileToAttach,
  removeAttachment,
} from "../../services/approvals/approval-attachments.server.ts";
import type { ApprovalsActor } from "../../services/approvals/approval-state.server.ts";
import { circulateApproval } from "../../services/approvals/circulate-approval.server.ts";
import { ApprovalFieldError } from "../../services/approvals/draft-shared.server.ts";
import { type ApprovalView, getApprovalView } from "../../services/approvals/get-approval.server.ts";
import { redraftApproval } from "../../services/approvals/redraft-approval.server.ts";
import { submitApproval } from "../../services/approvals/submit-approval.server.ts";
import {
  type DraftChanges,
  type DraftLineStep,
  updateDraft,
} from "../../services/approvals/update-draft.server.ts";
import { isUuid } from "../../services/documents/spaces-context.server.ts";
import { translateKey } from "../org/admin-context.server.ts";
import { requireApprovalsContext } from "./approvals-route.server.ts";

// The approval page's server side: the signed-in person as the approvals services take them,
// the draft form read back into a DraftChanges, the line editor's buttons, and every action of
// the page as one POST that answers with a redirect back (and a notice) or a refusal in words.

/**
 * The signed-in person of the URL's tenant, as the approvals services take them (the frame's
 * guard: students and people of other agencies get a 404).
 */
export const requireApprovalsActor = requireApprovalsContext;

/** An AppError in the person's language (its params filled in). */
export function messageOf(locale: Locale, error: AppError): string {
  return translateKey(locale, error.messageKey, error.params);
}

/** A loader's service call: what is not the person's (an AppError 404) answers a plain 404. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw notFound();
    throw error;
  }
}

/** The notices a redirect back may carry (?notice=…), and their words. */
export const NOTICES = {
  saved: "approvals.draft.saved",
  submitted: "approvals.draft.submitted",
  redrafted: "approvals.draft.redrafted",
  created: "approvals.draft.created",
  line: "approvals.page.line.changed",
  "line-auto": "approvals.page.line.automatic",
  "line-auto-empty": "approvals.page.line.automaticEmpty",
  "line-saved": "approvals.page.line.savedApplied",
  approve: "approvals.actions.done.approve",
  "close-by-delegation": "approvals.actions.done.close-by-delegation",
  completed: "approvals.actions.done.completed",
  "proxy-approve": "approvals.actions.done.proxy-approve",
  "post-approve": "approvals.actions.done.post-approve",
  reject: "approvals.actions.done.reject",
  hold: "approvals.actions.done.hold",
  withdraw: "approvals.actions.done.withdraw",
  circulated: "approvals.page.circulate.done",
  attached: "approvals.page.field.attachmentAdded",
  detached: "approvals.page.field.attachmentRemoved",
} as const satisfies Record<string, MessageKey>;

export type NoticeCode = keyof typeof NOTICES;

export function isNoticeCode(value: string | null): value is NoticeCode {
  return value !== null && Object.hasOwn(NOTICES, value);
}

/** What a refused action answers: the message at the top, and the input it belongs to. */
export type DocumentActionResult = {
  ok: false;
  intent: string;
  formError?: string;
  /** Field (as ApprovalFieldError names them: "title", "fields.amount", "line.2" …) → message. */
  fieldErrors: Record<string, string>;
};

export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

const strings = (form: FormData, name: string) =>
  form.getAll(name).filter((value): value is string => typeof value === "string");

const STEP_KINDS: readonly string[] = ["review", "cooperate", "approve"];

/** A step as the line editor posts it: the group follows from the order and the 병렬 boxes. */
export interface PostedStep {
  kind: StepKind;
  assigneeId: string;
  /** May close the line by 전결 (set by the 위임전결 rules, kept as it was). */
  delegation: boolean;
  /** Runs side by side with the 협조 before it. */
  parallel: boolean;
}

/** The line as the editor shows it: one row a step, in order. */
export function readPostedLine(form: FormData): PostedStep[] {
  const assignees = strings(form, "stepAssignee");
  const kinds = strings(form, "stepKind");
  const delegations = strings(form, "stepDelegation");
  const parallel = new Set(strings(form, "stepParallel"));
  return assignees.map((assigneeId, index) => {
    const kind = (STEP_KINDS.includes(kinds[index] ?? "") ? kinds[index] : "approve") as StepKind;
    return {
      kind,
      assigneeId,
      // a 협조자 never closes a line, whatever the row said before its kind was changed
      delegation: delegations[index] === "1" && kind !== "cooperate",
      parallel: parallel.has(assigneeId),
    };
  });
}

/** The line in the services' terms: groups 1, 2, 3 …, a 협조 marked 병렬 sharing the one before's. */
export function toDraftLine(steps: readonly PostedStep[]): DraftLineStep[] {
  let group = 0;
  return steps.map((step, index) => {
    const previous = steps[index - 1];
    const together = step.parallel && step.kind === "cooperate" && previous?.kind === "cooperate";
    if (!together) group++;
    return {
      kind: step.kind,
      group,
      assigneeId: step.assigneeId,
      mayCloseByDelegation: step.delegation,
    };
  });
}

/** Puts a person on the line: 검토 and 협조 before the first 결재, 결재 at the end. */
export function addStep(steps: readonly PostedStep[], kind: StepKind, assigneeId: string): PostedStep[] {
  const step: PostedStep = { kind, assigneeId, delegation: false, parallel: false };
  if (kind === "approve") return [...steps, step];
  const firstApprove = steps.findIndex((s) => s.kind === "approve");
  const at = firstApprove === -1 ? steps.length : firstApprove;
  return [...steps.slice(0, at), step, ...steps.slice(at)];
}

/** Moves the step at `index` by `by` (−1 up, +1 down); out of range leaves the line as it is. */
export function moveStep(steps: readonly PostedStep[], index: number, by: -1 | 1): PostedStep[] {
  const to = index + by;
  if (index < 0 || index >= steps.length || to < 0 || to >= steps.length) return [...steps];
  const moved = [...steps];
  [moved[index], moved[to]] = [moved[to]!, moved[index]!];
  return moved;
}

/**
 * The line part of a save: left out when the posted line is the stored one, so that a line
 * naming someone who has since retired does not stop the rest of the draft from being saved
 * (상신 names that person, to be replaced).
 */
function lineChange(view: ApprovalView, posted: readonly PostedStep[]): { line?: DraftLineStep[] } {
  const line = toDraftLine(posted);
  const same =
    line.length === view.line.length &&
    line.every((step, index) => {
      const stored = view.line[index]!;
      return (
        step.kind === stored.kind &&
        step.group === stored.group &&
        step.assigneeId === stored.assigneeId &&
        step.mayCloseByDelegation === stored.mayCloseByDelegation
      );
    });
  return same ? {} : { line };
}

/** Everything the draft form posts, as one save. `line` replaces the posted line when given. */
export function readDraftChanges(
  form: FormData,
  view: ApprovalView,
  options: { isDrafter: boolean; line?: PostedStep[]; cc?: string[]; coDrafters?: string[] },
): DraftChanges {
  const fields: Record<string, unknown> = {};
  for (const formField of view.form.fields) {
    // attachments are not written on this page; their values stay as they are
    if (formField.type === "attachment") {
      fields[formField.key] = view.values[formField.key] ?? null;
      continue;
    }
    fields[formField.key] = field(form, `field.${formField.key}`);
  }
  const disclosure = field(form, "disclosure");
  const changes: DraftChanges = {
    title: field(form, "title"),
    fields,
    records: {
      disclosure,
      // grounds are for 부분공개 and 비공개; choosing 공개 needs no unticking
      disclosureGrounds: disclosure === "public" ? [] : strings(form, "disclosureGrounds"),
      retention: field(form, "retention"),
    },
    ...lineChange(view, options.line ?? readPostedLine(form)),
    cc: options.cc ?? strings(form, "cc"),
    recipients: strings(form, "recipients"),
  };
  if (options.isDrafter) changes.coDrafters = options.coDrafters ?? strings(form, "coDrafter");
  return changes;
}

const LINE_ACTIONS = new Set([
  "approve",
  "close-by-delegation",
  "proxy-approve",
  "post-approve",
  "reject",
  "hold",
  "withdraw",
]);

/** The action a button of the action panel names ("act:approve", "act:proxy-approve:<id>" …). */
export function parseLineAction(intent: string, form: FormData): LineAction | null {
  const [, type, param = ""] = intent.split(":");
  if (!type || !LINE_ACTIONS.has(type)) return null;
  const opinion = field(form, "opinion");
  switch (type) {
    case "proxy-approve":
      return { type, forPersonId: param, opinion };
    case "post-approve":
      return { type, stepId: param, opinion };
    case "reject":
      return { type, to: field(form, "rejectTo") === "previous" ? "previous" : "drafter", opinion };
    default:
      return { type, opinion } as LineAction;
  }
}

function refused(
  intent: string,
  errors: { fieldErrors?: Record<string, string>; formError?: string },
  status = 400,
) {
  return data<DocumentActionResult>(
    { ok: false, intent, fieldErrors: errors.fieldErrors ?? {}, formError: errors.formError },
    { status },
  );
}

/**
 * Every POST of the approval page. Draft intents save the whole form first (so a button of the
 * line editor never loses what was typed), then do their part; the others act on the approval.
 * Success redirects back with ?notice=…; a refusal answers its message, beside the input it
 * names when it names one.
 */
export async function handleDocumentAction(args: {
  request: Request;
  params: { tenant?: string; approvalId?: string };
  context?: { clientIp?: string | null };
}) {
  const { ctx, locale, tenant } = await requireApprovalsActor(args.request, args.params, args.context);
  const approvalId = args.params.approvalId ?? "";
  const base = `/t/${tenant.slug}/approvals/${approvalId}`;
  const view = await getApprovalView(ctx, approvalId);
  if (!view) throw notFound();
  const form = await args.request.formData();
  const intent = field(form, "intent");
  // A search only brings the results: no notice.
  const back = (notice: NoticeCode | null, extra: Record<string, string> = {}, hash = "") =>
    redirect(`${base}?${new URLSearchParams({ ...(notice ? { notice } : {}), ...extra })}${hash}`);

  try {
    if (intent.startsWith("act:")) {
      const action = parseLineAction(intent, form);
      if (!action) return refused(intent, { formError: translateKey(locale, "approvals.page.error.form") });
      const result = await actOnApproval(ctx, { approvalId, action });
      return back(result.registration && action.type !== "close-by-delegation" ? "completed" : action.type);
    }
    if (intent === "redraft") {
      const id = await redraftApproval(ctx, { approvalId });
      return redirect(`/t/${tenant.slug}/approvals/${id}?notice=redrafted`);
    }
    if (intent === "circulate") {
      const { added } = await circulateApproval(ctx, { approvalId, userIds: strings(form, "circulate") });
      return back("circulated", { count: String(added.length) }, "#circulation");
    }
    if (!view.viewer.mayEdit) {
      return refused(intent, { formError: translateKey(locale, "approvals.errors.notEditable") }, 409);
    }
    return await handleDraftIntent({
      ctx,
      view,
      form,
      intent,
      isDrafter: view.viewer.relations.includes("drafter"),
      back,
      locale,
    });
  } catch (error) {
    if (error instanceof ApprovalFieldError) {
      return refused(intent, { fieldErrors: { [error.field]: messageOf(locale, error) } }, error.status);
    }
    if (error instanceof AppError) {
      if (error.status === 404 && error.code === "approvals.not-found") throw notFound();
      return refused(intent, { formError: messageOf(locale, error) }, error.status);
    }
    throw error;
  }
}

/** The files chosen in the draft form's attachment inputs (attach.<key>), read into memory. */
function chosenFiles(form: FormData, view: ApprovalView): Promise<FileToAttach>[] {
  return view.form.fields
    .filter((formField) => formField.type === "attachment")
    .flatMap((formField) =>
      form
        .getAll(`attach.${formField.key}`)
        // an input left empty sends a part with no name and no bytes
        .filter((value): value is File => value instanceof File && (value.name !== "" || value.size > 0))
        .map(async (file) => ({
          fieldKey: formField.key,
          filename: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
        })),
    );
}

async function handleDraftIntent(input: {
  ctx: ApprovalsActor;
  view: ApprovalView;
  form: FormData;
  intent: string;
  isDrafter: boolean;
  locale: Locale;
  back: (notice: NoticeCode | null, extra?: Record<string, string>, hash?: string) => Response;
}) {
  const { ctx, view, form, intent, isDrafter, locale, back } = input;
  const approvalId = view.id;
  // Every draft intent saves the form, then attaches the files chosen in it (attach.<key>).
  const files = chosenFiles(form, view);
  const save = async (options: Parameters<typeof readDraftChanges>[2] = { isDrafter }) => {
    await updateDraft(ctx, { approvalId, ...readDraftChanges(form, view, options) });
    return attachFiles(ctx, { approvalId, files: await Promise.all(files) });
  };
  const [verb, a = "", b = ""] = intent.split(":");
  const posted = readPostedLine(form);
  const cc = strings(form, "cc");
  const coDrafters = strings(form, "coDrafter");

  switch (verb) {
    case "save": {
      const attached = await save();
      return attached.length > 0 ? back("attached", { count: String(attached.length) }) : back("saved");
    }
    case "attach": {
      const attached = await save();
      if (attached.length === 0) {
        return refused(intent, {
          fieldErrors: { [`fields.${a}`]: translateKey(locale, "approvals.errors.attachment.noFile") },
        });
      }
      return back("attached", { count: String(attached.length) }, `#field-${a}`);
    }
    case "detach": {
      await save();
      await removeAttachment(ctx, { approvalId, attachmentId: b });
      return back("detached", {}, `#field-${a}`);
    }
    case "submit":
      await save();
      await submitApproval(ctx, { approvalId, opinion: field(form, "submitOpinion") });
      return back("submitted");
    case "search": {
      await save();
      return back(null, { q: field(form, "q").slice(0, 100) }, "#people");
    }
    case "line-add": {
      if (!STEP_KINDS.includes(a) || !isUuid(b)) break;
      if (posted.some((step) => step.assigneeId === b)) {
        return refused(intent, {
          fieldErrors: { line: translateKey(locale, "approvals.page.line.alreadyIn") },
        });
      }
      await save({ isDrafter, line: addStep(posted, a as StepKind, b) });
      return back("line", {}, "#line");
    }
    case "line-remove":
    case "line-up":
    case "line-down": {
      const index = Number.parseInt(a, 10);
      if (!Number.isInteger(index) || index < 0 || index >= posted.length) break;
      const line =
        verb === "line-remove"
          ? posted.filter((_, i) => i !== index)
          : moveStep(posted, index, verb === "line-up" ? -1 : 1);
      await save({ isDrafter, line });
      return back("line", {}, "#line");
    }
    case "line-auto": {
      await save();
      const { steps } = await applyAutomaticLine(ctx, { approvalId });
      return back(steps === 0 ? "line-auto-empty" : "line-auto", {}, "#line");
    }
    case "line-saved": {
      await save();
      const applied = await applySavedLine(ctx, { approvalId, lineId: field(form, "savedLineId") });
      const flagged = applied.flags.map((flag) => `${flag.name}:${flag.problem}`).join(",");
      return back("line-saved", { name: applied.name, ...(flagged ? { flags: flagged } : {}) }, "#line");
    }
    case "cc-add":
    case "cc-remove": {
      if (!isUuid(a)) break;
      const next = verb === "cc-add" ? [...new Set([...cc, a])] : cc.filter((id) => id !== a);
      await save({ isDrafter, cc: next });
      return back("saved", {}, "#participants");
    }
    case "co-add":
    case "co-remove": {
      if (!isUuid(a) || !isDrafter) break;
      const next = verb === "co-add" ? [...new Set([...coDrafters, a])] : coDrafters.filter((id) => id !== a);
      await save({ isDrafter, coDrafters: next });
      return back("saved", {}, "#participants");
    }
  }
  return refused(intent, { formError: translateKey(locale, "approvals.page.error.form") });
}
