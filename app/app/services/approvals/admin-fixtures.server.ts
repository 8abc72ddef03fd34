import { and, approvalParticipants, approvalSteps, approvals, type Db, eq, withTenant } from "@nuri/db";

// Seeds for the inbox and 결재대장 tests: an approval built by buildSubmittedApproval, moved
// straight to the state a test needs (completed with its number, rejected, back to draft …),
// written to the tables the way the action services leave them.

type ApprovalChange = Partial<typeof approvals.$inferInsert>;
type StepChange = Partial<typeof approvalSteps.$inferInsert>;
type Participant = {
  role: "co_drafter" | "cc" | "recipient" | "circulation";
  userId?: string;
  departmentId?: string;
  readAt?: Date;
};

/** Changes an approval row, its steps (by 1-based ordinal) and adds participants, in one transaction. */
export async function shapeApproval(
  db: Db,
  tenantId: string,
  approvalId: string,
  change: { approval?: ApprovalChange; steps?: Record<number, StepChange>; participants?: Participant[] },
): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    if (change.approval) {
      await tx
        .update(approvals)
        .set(change.approval)
        .where(and(eq(approvals.tenantId, tenantId), eq(approvals.id, approvalId)));
    }
    for (const [ordinal, stepChange] of Object.entries(change.steps ?? {})) {
      await tx
        .update(approvalSteps)
        .set(stepChange)
        .where(
          and(
            eq(approvalSteps.tenantId, tenantId),
            eq(approvalSteps.approvalId, approvalId),
            eq(approvalSteps.ordinal, Number(ordinal)),
          ),
        );
    }
    if (change.participants?.length) {
      await tx.insert(approvalParticipants).values(
        change.participants.map((participant) => ({
          tenantId,
          approvalId,
          role: participant.role,
          userId: participant.userId ?? null,
          departmentId: participant.departmentId ?? null,
          readAt: participant.readAt ?? null,
        })),
      );
    }
  });
}

/** The columns of a completed approval: its number, year, 시행일자, and a frozen body's hash. */
export function completedColumns(options: {
  departmentName: string;
  serial: number;
  completedAt: Date;
  year?: number;
  effectiveDate?: string;
}): ApprovalChange {
  return {
    status: "completed",
    registrationYear: options.year ?? 2026,
    registrationSerial: options.serial,
    registrationNumber: `${options.departmentName}-${options.serial}`,
    completedAt: options.completedAt,
    updatedAt: options.completedAt,
    effectiveDate: options.effectiveDate ?? null,
    bodySha256: new Uint8Array(32),
  };
}

/** An approval taken back to an unsent draft (never submitted). */
export const draftColumns = (updatedAt: Date): ApprovalChange => ({
  status: "draft",
  submittedAt: null,
  updatedAt,
});
