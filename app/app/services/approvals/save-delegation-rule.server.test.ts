import { MAX_AMOUNT } from "@nuri/approval";
import { approvalDelegationRules, eq, positions, withTenant } from "@nuri/db";
import { buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { refusal } from "../documents/test-helpers.server.ts";
import { auditEntries } from "../org/test-helpers.server.ts";
import { archiveForm } from "./archive-form.server.ts";
import { deleteDelegationRule } from "./delete-delegation-rule.server.ts";
import { listDelegationRules } from "./list-delegation-rules.server.ts";
import { MAX_DELEGATION_RULES, saveDelegationRule } from "./save-delegation-rule.server.ts";
import { actingAs, buildApprovalAgency } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function agency() {
  const built = await buildApprovalAgency(db);
  const admin = await buildUser(db, built.tenant.id, { role: "admin", displayName: "관리자" });
  return { ...built, admin, asAdmin: actingAs(db, built.tenant.id, admin) };
}

async function ruleRows(tenantId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.select().from(approvalDelegationRules).where(eq(approvalDelegationRules.tenantId, tenantId)),
  );
}

describe("위임전결 rules administration", () => {
  it("adds rules by form and amount in order, with form and position names, and changes one", async () => {
    const a = await agency();
    const expense = a.forms.get("expense")!;
    const upToMillion = await saveDelegationRule(a.asAdmin, {
      formId: expense,
      maxAmount: 1_000_000,
      closerPositionId: a.positions.chief.id,
    });
    const above = await saveDelegationRule(a.asAdmin, {
      formId: expense,
      maxAmount: null,
      closerPositionId: a.positions.director.id,
    });
    const everyForm = await saveDelegationRule(a.asAdmin, {
      formId: null,
      maxAmount: null,
      closerPositionId: a.positions.director.id,
    });
    expect(await listDelegationRules(a.asAdmin)).toEqual([
      {
        id: upToMillion.id,
        formId: expense,
        formName: "지출결의서",
        formArchived: false,
        maxAmount: 1_000_000,
        closerPositionId: a.positions.chief.id,
        closerPositionName: "과장",
        sortOrder: 0,
      },
      expect.objectContaining({ id: above.id, maxAmount: null, closerPositionName: "국장", sortOrder: 1 }),
      expect.objectContaining({ id: everyForm.id, formId: null, formName: null, sortOrder: 2 }),
    ]);

    const changed = await saveDelegationRule(a.asAdmin, {
      ruleId: upToMillion.id,
      formId: expense,
      maxAmount: 500_000,
      closerPositionId: a.positions.chief.id,
    });
    expect(changed).toMatchObject({ id: upToMillion.id, maxAmount: 500_000, sortOrder: 0 });
    // Saving a rule unchanged is not a duplicate of itself.
    await saveDelegationRule(a.asAdmin, {
      ruleId: upToMillion.id,
      formId: expense,
      maxAmount: 500_000,
      closerPositionId: a.positions.chief.id,
    });
    const entries = await auditEntries(db, a.tenant.id);
    expect(entries.map((entry) => entry.action)).toEqual([
      "approval.delegation_rule.create",
      "approval.delegation_rule.create",
      "approval.delegation_rule.create",
      "approval.delegation_rule.update",
      "approval.delegation_rule.update",
    ]);
    expect(entries[3]).toMatchObject({
      targetId: upToMillion.id,
      details: { maxAmount: 500_000, fromMaxAmount: 1_000_000, formId: expense },
    });

    await deleteDelegationRule(a.asAdmin, { ruleId: above.id });
    expect((await listDelegationRules(a.asAdmin)).map((rule) => rule.id)).toEqual([
      upToMillion.id,
      everyForm.id,
    ]);
    expect((await auditEntries(db, a.tenant.id)).at(-1)).toMatchObject({
      action: "approval.delegation_rule.delete",
      targetId: above.id,
      details: { formId: expense, maxAmount: null, closerPositionId: a.positions.director.id },
    });
    expect((await refusal(deleteDelegationRule(a.asAdmin, { ruleId: above.id }))).status).toBe(404);
  });

  it("shows a rule whose form was archived afterwards as such", async () => {
    const a = await agency();
    const trip = a.forms.get("trip")!;
    await saveDelegationRule(a.asAdmin, {
      formId: trip,
      maxAmount: 300_000,
      closerPositionId: a.positions.chief.id,
    });
    await archiveForm(a.asAdmin, { formId: trip });
    expect(await listDelegationRules(a.asAdmin)).toMatchObject([{ formId: trip, formArchived: true }]);
  });

  it("refuses bad rules with translated field errors and writes nothing", async () => {
    const a = await agency();
    const expense = a.forms.get("expense")!;
    const general = a.forms.get("general")!;
    const leave = a.forms.get("leave")!;
    await saveDelegationRule(a.asAdmin, {
      formId: expense,
      maxAmount: 1_000_000,
      closerPositionId: a.positions.chief.id,
    });
    await archiveForm(a.asAdmin, { formId: leave });
    const rowsBefore = await ruleRows(a.tenant.id);
    const auditBefore = (await auditEntries(db, a.tenant.id)).length;
    const chief = a.positions.chief.id;
    const cases: [Parameters<typeof saveDelegationRule>[1], string, string][] = [
      [
        { formId: expense, maxAmount: -1, closerPositionId: chief },
        "maxAmount",
        "approvals.admin.delegation.error.amountInvalid",
      ],
      [
        { formId: expense, maxAmount: 1.5, closerPositionId: chief },
        "maxAmount",
        "approvals.admin.delegation.error.amountInvalid",
      ],
      [
        { formId: expense, maxAmount: MAX_AMOUNT + 1, closerPositionId: chief },
        "maxAmount",
        "approvals.admin.delegation.error.amountInvalid",
      ],
      [
        { formId: general, maxAmount: 1000, closerPositionId: chief },
        "maxAmount",
        "approvals.admin.delegation.error.formHasNoAmount",
      ],
      [
        { formId: leave, maxAmount: null, closerPositionId: chief },
        "formId",
        "approvals.admin.delegation.error.formNotFound",
      ],
      [
        { formId: "nope", maxAmount: null, closerPositionId: chief },
        "formId",
        "approvals.admin.delegation.error.formNotFound",
      ],
      [
        { formId: null, maxAmount: null, closerPositionId: "" },
        "closerPositionId",
        "approvals.admin.delegation.error.positionRequired",
      ],
      [
        { formId: null, maxAmount: null, closerPositionId: a.forms.get("trip")! },
        "closerPositionId",
        "approvals.admin.delegation.error.positionNotFound",
      ],
      [
        { formId: expense, maxAmount: 1_000_000, closerPositionId: a.positions.director.id },
        "maxAmount",
        "approvals.admin.delegation.error.duplicate",
      ],
    ];
    for (const [input, field, messageKey] of cases) {
      expect(await refusal(saveDelegationRule(a.asAdmin, input)), messageKey).toMatchObject({
        field,
        messageKey,
        status: 400,
      });
    }
    expect(
      await refusal(
        saveDelegationRule(a.asAdmin, {
          ruleId: "0d7a3c3e-5d1b-4a4f-9a59-3f0c5c0d9e11",
          formId: null,
          maxAmount: null,
          closerPositionId: chief,
        }),
      ),
    ).toMatchObject({ status: 404, messageKey: "approvals.admin.delegation.error.notFound" });
    expect(await ruleRows(a.tenant.id)).toEqual(rowsBefore);
    expect(await auditEntries(db, a.tenant.id)).toHaveLength(auditBefore);
  });

  it(`keeps at most ${MAX_DELEGATION_RULES} rules`, async () => {
    const a = await agency();
    await withTenant(db, a.tenant.id, (tx) =>
      tx.insert(approvalDelegationRules).values(
        Array.from({ length: MAX_DELEGATION_RULES }, (_, i) => ({
          tenantId: a.tenant.id,
          formId: null,
          maxAmount: (i + 1) * 1000,
          closerPositionId: a.positions.chief.id,
          sortOrder: i,
        })),
      ),
    );
    const full = await refusal(
      saveDelegationRule(a.asAdmin, {
        formId: null,
        maxAmount: null,
        closerPositionId: a.positions.director.id,
      }),
    );
    expect(full).toMatchObject({
      messageKey: "approvals.admin.delegation.error.tooMany",
      params: { max: MAX_DELEGATION_RULES },
    });
    // Changing one of them is still allowed.
    const [first] = await listDelegationRules(a.asAdmin);
    await saveDelegationRule(a.asAdmin, {
      ruleId: first!.id,
      formId: null,
      maxAmount: null,
      closerPositionId: a.positions.director.id,
    });
    expect(await ruleRows(a.tenant.id)).toHaveLength(MAX_DELEGATION_RULES);
  });

  it("is for administrators only: a member gets a 403 and changes nothing", async () => {
    const a = await agency();
    const rule = await saveDelegationRule(a.asAdmin, {
      formId: null,
      maxAmount: null,
      closerPositionId: a.positions.director.id,
    });
    const member = a.as(a.chief);
    for (const attempt of [
      () => listDelegationRules(member),
      () =>
        saveDelegationRule(member, { formId: null, maxAmount: 5, closerPositionId: a.positions.chief.id }),
      () =>
        saveDelegationRule(member, {
          ruleId: rule.id,
          formId: null,
          maxAmount: null,
          closerPositionId: a.positions.chief.id,
        }),
      () => deleteDelegationRule(member, { ruleId: rule.id }),
    ]) {
      expect(await refusal(attempt())).toMatchObject({
        status: 403,
        messageKey: "approvals.admin.error.adminOnly",
      });
    }
    expect(await listDelegationRules(a.asAdmin)).toEqual([rule]);
  });

  it("does not find the rules, forms or positions of another agency", async () => {
    const mine = await agency();
    const theirs = await agency();
    const their = await saveDelegationRule(theirs.asAdmin, {
      formId: theirs.forms.get("expense")!,
      maxAmount: 1_000_000,
      closerPositionId: theirs.positions.chief.id,
    });
    expect(await listDelegationRules(mine.asAdmin)).toEqual([]);
    const myPosition = mine.positions.chief.id;
    expect(
      await refusal(
        saveDelegationRule(mine.asAdmin, {
          ruleId: their.id,
          formId: null,
          maxAmount: null,
          closerPositionId: myPosition,
        }),
      ),
    ).toMatchObject({ status: 404 });
    expect(
      await refusal(
        saveDelegationRule(mine.asAdmin, {
          formId: theirs.forms.get("expense")!,
          maxAmount: null,
          closerPositionId: myPosition,
        }),
      ),
    ).toMatchObject({ field: "formId", messageKey: "approvals.admin.delegation.error.formNotFound" });
    expect(
      await refusal(
        saveDelegationRule(mine.asAdmin, {
          formId: null,
          maxAmount: null,
          closerPositionId: theirs.positions.chief.id,
        }),
      ),
    ).toMatchObject({
      field: "closerPositionId",
      messageKey: "approvals.admin.delegation.error.positionNotFound",
    });
    expect(await refusal(deleteDelegationRule(mine.asAdmin, { ruleId: their.id }))).toMatchObject({
      status: 404,
    });
    expect(await listDelegationRules(theirs.asAdmin)).toEqual([their]);
    // Their position still exists and is theirs.
    const [position] = await withTenant(db, theirs.tenant.id, (tx) =>
      tx.select().from(positions).where(eq(positions.id, theirs.positions.chief.id)),
    );
    expect(position?.name).toBe("과장");
  });
});
