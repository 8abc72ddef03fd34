import type { approvalsActionsKo } from "./approvals-actions.ko.ts";

// Messages of the approvals actions area: acting on an approval (approvals.actions.*), why the
// rules refuse an action (approvals.refusal.*), amendments (approvals.amendments.*) and
// circulation (approvals.circulate.*). Same keys as the Korean file.
export const approvalsActionsEn: Record<keyof typeof approvalsActionsKo, string> = {
  "approvals.actions.approve": "Approve",
  "approvals.actions.close-by-delegation": "Approve under delegation",
  "approvals.actions.proxy-approve": "Approve as substitute",
  "approvals.actions.post-approve": "Post-approve",
  "approvals.actions.reject": "Reject",
  "approvals.actions.hold": "Hold",
  "approvals.actions.withdraw": "Withdraw",
  "approvals.actions.done.approve": "Approved.",
  "approvals.actions.done.close-by-delegation":
    "Approved under delegation. The document was registered as {number}.",
  "approvals.actions.done.completed": "The approval is complete. The document was registered as {number}.",
  "approvals.actions.done.proxy-approve": "Approved as substitute.",
  "approvals.actions.done.post-approve": "Post-approved.",
  "approvals.actions.done.reject": "Rejected.",
  "approvals.actions.done.hold": "Put on hold.",
  "approvals.actions.done.withdraw": "Withdrawn.",
  "approvals.actions.opinion": "Opinion",
  "approvals.actions.opinionHint": "Up to {max} characters",
  "approvals.actions.error.notFound": "The approval document could not be found.",
  "approvals.actions.error.opinionTooLong": "Please keep the opinion to {max} characters.",
  "approvals.actions.error.opinionInvalid": "The opinion contains characters that cannot be used.",

  "approvals.refusal.not-your-turn": "It is not your turn to act on this document.",
  "approvals.refusal.already-acted": "This document has already been processed.",
  "approvals.refusal.wrong-status": "This cannot be done while the document is in its current state.",
  "approvals.refusal.no-delegation": "This step carries no delegated authority to close the line.",
  "approvals.refusal.cooperator-cannot-close": "A cooperator cannot close the line.",
  "approvals.refusal.not-absent": "Your absence settings do not let you sign this step as substitute.",
  "approvals.refusal.no-post-approval-owed": "There is nothing for you to post-approve.",
  "approvals.refusal.opinion-required": "Please give a reason for rejecting the document.",
  "approvals.refusal.not-drafter": "Only the drafter can do this.",
  "approvals.refusal.already-moved-on": "An approver has already acted, so the document cannot be withdrawn.",
  "approvals.refusal.invalid-line": "The approval line is not valid.",

  "approvals.amendments.heading": "Amendments during approval",
  "approvals.amendments.empty": "Nobody has amended the document during approval.",
  "approvals.amendments.by": "Amended by {name} ({position})",
  "approvals.amendments.error.notFound": "The approval document could not be found.",

  "approvals.circulate.heading": "Circulation",
  "approvals.circulate.done": "Circulated to {count} people.",
  "approvals.circulate.error.notFound": "The approval document could not be found.",
  "approvals.circulate.error.notCompleted": "Only a completed document can be circulated.",
  "approvals.circulate.error.forbidden":
    "Only the drafter and the people of the approval line can circulate it.",
  "approvals.circulate.error.empty": "Please choose at least one person.",
  "approvals.circulate.error.tooMany": "You can circulate to at most {max} people at a time.",
  "approvals.circulate.error.unknownPerson": "Some of the people chosen are not in the agency.",
};
