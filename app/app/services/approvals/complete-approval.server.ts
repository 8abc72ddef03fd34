import { createHash } from "node:crypto";
import { effectiveDate, formatRegistrationNumber, registrationYear } from "@nuri/approval";
import { type Approval, and, approvals, departments, eq, sql, type TenantTx } from "@nuri/db";
import type { ApprovalBody } from "./approval-body.server.ts";

// Completion (결재 완료): the registration number, the 시행일자 and the frozen body, written in
// the transaction of the action that completes the document (the rules' `assign-number`
// effect), under that action's row lock on the approval.

export interface Registration {
  registrationNumber: string;
  registrationYear: number;
  registrationSerial: number;
  /** 시행일자, YYYY-MM-DD in Asia/Seoul. */
  effectiveDate: string;
  /** The SHA-256 of the frozen body, lowercase hex. */
  bodySha256: string;
}

/**
 * Takes the next serial of the 처리과 for the year (Asia/Seoul) and marks the approval
 * completed with its number, 시행일자 and frozen body, in one statement (the table's check
 * wants a completed document numbered and hashed, and a numbered one completed).
 *
 * Gapless: the serial comes from an upsert on approval_counters whose row lock is held until
 * the transaction ends, so completions of one department take turns, and a completion that
 * rolls back after taking a number takes its increment back with it; the next one gets that
 * number. The counter is taken last, after the body is read and hashed, so that the lock every
 * completion of the department waits for is held as briefly as the transaction allows.
 *
 * The hash covers the frozen HTML, encoded as UTF-8: the HTML is what the official document
 * shows (headings, lists, tables and emphasis that the plain text loses), and it is stored
 * beside the hash, so anyone can recompute it from the row.
 */
export async function completeApproval(
  tx: TenantTx,
  input: { tenantId: string; approval: Approval; body: ApprovalBody; now: Date },
): Promise<Registration> {
  const { tenantId, approval, body, now } = input;
  const sha256 = createHash("sha256").update(body.html, "utf8").digest();
  const [department] = await tx
    .select({ name: departments.name })
    .from(departments)
    .where(and(eq(departments.tenantId, tenantId), eq(departments.id, approval.departmentId)));
  if (!department)
    throw new Error(`approval ${approval.id} names a department ${approval.departmentId} that is gone`);
  const year = registrationYear(now);
  const [counter] = await tx.execute<{ last_serial: number }>(sql`
    insert into approval_counters (tenant_id, department_id, year, last_serial)
      values (${tenantId}, ${approval.departmentId}, ${year}, 1)
    on conflict (tenant_id, department_id, year)
      do update set last_serial = approval_counters.last_serial + 1
    returning last_serial`);
  const serial = Number(counter!.last_serial);
  const registration: Registration = {
    // The 처리과명 as it reads at completion: a department renamed later keeps its old numbers.
    registrationNumber: formatRegistrationNumber(department.name, serial),
    registrationYear: year,
    registrationSerial: serial,
    effectiveDate: effectiveDate(now),
    bodySha256: sha256.toString("hex"),
  };
  await tx
    .update(approvals)
    .set({
      status: "completed",
      completedAt: now,
      updatedAt: now,
      effectiveDate: registration.effectiveDate,
      registrationYear: year,
      registrationSerial: serial,
      registrationNumber: registration.registrationNumber,
      bodyText: body.text,
      bodyHtml: body.html,
      bodySha256: new Uint8Array(sha256),
    })
    .where(and(eq(approvals.tenantId, tenantId), eq(approvals.id, approval.id)));
  return registration;
}
