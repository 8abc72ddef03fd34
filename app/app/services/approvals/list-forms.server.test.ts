import { BUILTIN_FORMS } from "@nuri/approval";
import { and, approvalForms, eq, withTenant } from "@nuri/db";
import { buildTenant } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { actingAs } from "../documents/test-helpers.server.ts";
import { ensureBuiltinForms } from "./ensure-builtin-forms.server.ts";
import { listForms } from "./list-forms.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function formRows(tenantId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.select().from(approvalForms).where(eq(approvalForms.tenantId, tenantId)),
  );
}

describe("ensureBuiltinForms and listForms", () => {
  it("give a new agency the five built-in forms once, however often and concurrently asked", async () => {
    const tenant = await buildTenant(db);
    const ctx = { db, tenantId: tenant.id };
    const [first] = await Promise.all([listForms(ctx), listForms(ctx), listForms(ctx)]);
    await withTenant(db, tenant.id, (tx) => ensureBuiltinForms(tx, tenant.id));
    expect(first.map((form) => form.name)).toEqual([
      "기안문",
      "품의서",
      "지출결의서",
      "휴가신청서",
      "출장신청서",
    ]);
    expect(first.every((form) => form.builtin)).toBe(true);
    const rows = await formRows(tenant.id);
    expect(rows).toHaveLength(BUILTIN_FORMS.length);
    const expense = rows.find((row) => row.key === "expense")!;
    expect(expense.amountField).toBe("amount");
    expect(expense.fields.map((field) => field.key)).toEqual([
      "amount",
      "budget_item",
      "payee",
      "payment_date",
      "receipts",
    ]);
    expect(expense.defaultLine).toEqual({ kind: "chain", levels: 2 });
  });

  it("leave an archived or changed built-in form as the administrator left it, and list the tenant's own", async () => {
    const tenant = await buildTenant(db);
    const ctx = { db, tenantId: tenant.id };
    await listForms(ctx);
    await withTenant(db, tenant.id, async (tx) => {
      await tx
        .update(approvalForms)
        .set({ archivedAt: new Date() })
        .where(and(eq(approvalForms.tenantId, tenant.id), eq(approvalForms.key, "leave")));
      await tx
        .update(approvalForms)
        .set({ name: "일반 기안문" })
        .where(and(eq(approvalForms.tenantId, tenant.id), eq(approvalForms.key, "general")));
      await tx
        .insert(approvalForms)
        .values({ tenantId: tenant.id, key: "custom-training", name: "교육 신청서", sortOrder: 10 });
    });
    const listed = await listForms(ctx);
    expect(listed.map((form) => [form.key, form.name, form.builtin])).toEqual([
      ["general", "일반 기안문", true],
      ["proposal", "품의서", true],
      ["expense", "지출결의서", true],
      ["trip", "출장신청서", true],
      ["custom-training", "교육 신청서", false],
    ]);
    expect(await formRows(tenant.id)).toHaveLength(BUILTIN_FORMS.length + 1);
  });

  it("does not list the forms of another agency", async () => {
    const mine = await buildTenant(db);
    const theirs = await buildTenant(db);
    await withTenant(db, theirs.id, (tx) =>
      tx.insert(approvalForms).values({ tenantId: theirs.id, key: "custom-secret", name: "그 기관 양식" }),
    );
    const listed = await listForms(actingAs(db, mine.id, "00000000-0000-4000-8000-000000000000"));
    expect(listed.map((form) => form.key)).not.toContain("custom-secret");
    const ids = new Set((await formRows(theirs.id)).map((row) => row.id));
    expect(listed.some((form) => ids.has(form.id))).toBe(false);
  });
});
