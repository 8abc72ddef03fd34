import { MAX_OPINION_LENGTH, type RefusalReason } from "@nuri/approval";
import { AppError } from "../../errors.server.ts";

// The refusals every approvals action answers with: one stable code per reason of the rules
// (`approvals.<reason>`), its message in the person's language, and the HTTP status a route
// answers with.

const REFUSAL_STATUS: Record<RefusalReason, number> = {
  "not-your-turn": 403,
  "already-acted": 409,
  "wrong-status": 409,
  "no-delegation": 403,
  "cooperator-cannot-close": 403,
  "not-absent": 403,
  "no-post-approval-owed": 403,
  "opinion-required": 400,
  "not-drafter": 403,
  "already-moved-on": 409,
  "invalid-line": 400,
};

/** The AppError for a refusal of the rules: code `approvals.<reason>`, e.g. `approvals.already-acted`. */
export function refusalError(reason: RefusalReason): AppError {
  return new AppError(`approvals.${reason}`, `approvals.refusal.${reason}`, REFUSAL_STATUS[reason]);
}

/**
 * The approval does not exist in this tenant, belongs to another agency, or is nothing to the
 * person: all answer alike, so that nothing is learnt from the refusal.
 */
export function approvalNotFound(): AppError {
  return new AppError("approvals.not-found", "approvals.actions.error.notFound", 404);
}

/**
 * An 의견 as stored: trimmed, null when blank. Refuses more than MAX_OPINION_LENGTH characters
 * (counted as PostgreSQL's char_length counts them) and text PostgreSQL cannot hold (NUL, lone
 * surrogates), before anything is written.
 */
export function checkOpinion(raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  const opinion = raw.trim();
  if (opinion === "") return null;
  if ([...opinion].length > MAX_OPINION_LENGTH) {
    throw new AppError("approvals.opinion.too-long", "approvals.actions.error.opinionTooLong", 400, {
      max: MAX_OPINION_LENGTH,
    });
  }
  if (
    opinion.includes("\u0000") ||
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(opinion)
  ) {
    throw new AppError("approvals.opinion.invalid", "approvals.actions.error.opinionInvalid", 400);
  }
  return opinion;
}
