import { BUILTIN_FORMS } from "@nuri/approval";
import { and, eq, inArray } from "drizzle-orm";
import { approvalForms } from "./schema/index.ts";
import type { TenantTx } from "./tenant.ts";

/**
 * Gives the tenant the built-in forms (기안문, 품의서, 지출결의서, 휴가신청서, 출장신청서) it
 * lacks, in the caller's transaction. Cheap when they are all there (one indexed read), so the
 * "new draft" picker and createApproval call it every time. A form the administrator archived
 * or changed is left as it is: only a missing key is inserted.
 */
export async function ensureBuiltinForms(tx: TenantTx, tenantId: string): Promise<void> {
  const keys = BUILTIN_FORMS.map((form) => form.key);
  const present = await tx
    .select({ key: approvalForms.key })
    .from(approvalForms)
    .where(and(eq(approvalForms.tenantId, tenantId), inArray(approvalForms.key, keys)));
  const have = new Set(present.map((row) => row.key));
  const missing = BUILTIN_FORMS.map((form, index) => ({ form, index })).filter(
    ({ form }) => !have.has(form.key),
  );
  if (missing.length === 0) return;
  await tx
    .insert(approvalForms)
    .values(
      missing.map(({ form, index }) => ({
        tenantId,
        key: form.key,
        name: form.name,
        description: form.description,
        fields: form.fields,
        amountField: form.amountField,
        defaultLine: form.defaultLine,
        builtin: true,
        sortOrder: index,
      })),
    )
    // Two first requests of a new tenant at once: the second finds the rows of the first.
    .onConflictDoNothing({ target: [approvalForms.tenantId, approvalForms.key] });
}
