// The shape of an approval (전자결재) document as the rules see it: plain data, no database,
// no clock. The app loads this from its tables, asks `applyAction` what an action does, and
// writes the answer back in the same transaction (under a row lock on the document).

/** 검토 · 협조 · 결재. A 협조 step never closes a document; the line always ends in 결재. */
export type StepKind = "review" | "cooperate" | "approve";

/**
 * - `waiting`: its group's turn has not come;
 * - `pending`: its group is current and this step has not acted;
 * - `held`: its holder set the document aside (보류); only that holder may act next;
 * - `approved`: signed (by the holder, or by a substitute under 대결);
 * - `rejected`: its holder returned the document (반려);
 * - `skipped`: closed by someone else's 전결, shown as 전결 in the signature block.
 */
export type StepStatus = "waiting" | "pending" | "held" | "approved" | "rejected" | "skipped";

/** How a signed step was signed: by the holder, under delegated authority, or by a substitute. */
export type SignedAs = "self" | "delegated" | "proxy";

/** The 후결 the absent holder owes after a 대결: none, owed, or done. */
export type PostApproval = "none" | "owed" | "done";

export interface ApprovalStep {
  id: string;
  kind: StepKind;
  /**
   * Steps run group by group, in ascending order. Steps that share a group run in parallel
   * (only 협조 may); the next group starts when every step of the current one has approved.
   */
  group: number;
  /** The person who holds the step (결재권자, 검토자, 협조자). */
  assigneeId: string;
  /** The holder may close the whole line here (전결), from the tenant's 위임전결 rules. */
  mayCloseByDelegation: boolean;
  status: StepStatus;
  /** Who signed: the holder, or the substitute under 대결. */
  actedBy: string | null;
  signedAs: SignedAs | null;
  postApproval: PostApproval;
}

/**
 * - `draft`: being written (공동기안 possible), line editable;
 * - `in_progress`: 상신 and moving along the line (a step may be `held`);
 * - `rejected`: 반려 to the drafter; may be redrafted (재기안) into a new draft;
 * - `withdrawn`: 회수 by the drafter; editable again and may be submitted anew;
 * - `completed`: 결재 (or 전결/대결) done; numbered, frozen.
 */
export type DocumentStatus = "draft" | "in_progress" | "rejected" | "withdrawn" | "completed";

export interface ApprovalState {
  status: DocumentStatus;
  drafterId: string;
  steps: ApprovalStep[];
  /** Set once, by the action that completes the document; never changed afterwards. */
  registered: boolean;
}

/** Who acts, and what the app knows about them at this moment. */
export interface Actor {
  personId: string;
  /**
   * The people this actor may sign for under 대결 right now: holders whose 부재 설정 names
   * this actor as substitute and whose dates cover `now`. The app computes it.
   */
  substituteFor: string[];
}

export type Action =
  | { type: "submit" } // 상신
  | { type: "approve"; opinion?: string } // 승인 (or 협조 동의, 검토 통과)
  | { type: "close-by-delegation"; opinion?: string } // 전결
  | { type: "proxy-approve"; forPersonId: string; opinion?: string } // 대결
  | { type: "post-approve"; stepId: string; opinion?: string } // 후결
  | { type: "reject"; to: "drafter" | "previous"; opinion: string } // 반려
  | { type: "hold"; opinion?: string } // 보류
  | { type: "withdraw"; opinion?: string }; // 회수

export type RefusalReason =
  | "not-your-turn" // the actor holds no pending/held step (and may not sign for one)
  | "already-acted" // the step was acted on: "이미 처리된 문서입니다"
  | "wrong-status" // the document is not in a status that allows this action
  | "no-delegation" // 전결 asked on a step without delegated authority
  | "cooperator-cannot-close" // 전결 asked on a 협조 step
  | "not-absent" // 대결 for someone who is not the current holder or not absent
  | "no-post-approval-owed" // 후결 on a step that owes none, or by someone else
  | "opinion-required" // 반려 without a reason
  | "not-drafter" // 회수/상신 by someone other than the drafter
  | "already-moved-on" // 회수 after an approver acted
  | "invalid-line"; // 상신 of a line that breaks the rules (see validateLine)

/** What the app must do besides storing the new state. */
export type Effect =
  | { type: "assign-number" } // exactly once, when the document completes
  | {
      type: "notify";
      personIds: string[];
      reason: "task" | "rejected" | "completed" | "post-approval" | "withdrawn";
    }
  | { type: "freeze-body" }; // at 상신 the body stops being co-edited

export type ActionResult =
  | { ok: true; state: ApprovalState; effects: Effect[]; stepId: string | null }
  | { ok: false; reason: RefusalReason };
