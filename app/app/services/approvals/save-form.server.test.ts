import { BUILTIN_FORMS, FORM_LIMITS } from "@nuri/approval";
import { and, approvalForms, eq, withTenant } from "@nuri/db";
import { buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { refusal } from "../documents/test-helpers.server.ts";
import { auditEntries } from "../org/test-helpers.server.ts";
import { archiveForm } from "./archive-form.server.ts";
import { listFormsAdmin } from "./list-forms-admin.server.ts";
import { MAX_CUSTOM_FORMS, saveForm } from "./save-form.server.ts";
import { actingAs } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function agencyWithAdmin() {
  const tenant = await buildTenant(db);
  const admin = await buildUser(db, tenant.id, { role: "admin", displayName: "관리자" });
  const member = await buildUser(db, tenant.id, { displayName: "권나은" });
  return {
    tenant,
    admin,
    member,
    asAdmin: actingAs(db, tenant.id, admin),
    asMember: actingAs(db, tenant.id, member),
  };
}

const travelFields = [
  { key: "destination", label: "출장지", type: "text", required: true, max: 200 },
  { key: "cost", label: "여비", type: "money", required: false },
  { key: "kind", label: "구분", type: "choice", required: true, options: ["국내", "국외"] },
];

async function formRows(tenantId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.select().from(approvalForms).where(eq(approvalForms.tenantId, tenantId)),
  );
}

describe("forms administration", () => {
  it("lists the built-in forms of a new agency first, giving them to it on the way", async () => {
    const { asAdmin } = await agencyWithAdmin();
    const forms = await listFormsAdmin(asAdmin);
    expect(forms.map((form) => form.key)).toEqual(BUILTIN_FORMS.map((form) => form.key));
    expect(forms.every((form) => form.builtin && form.archivedAt === null)).toBe(true);
    expect(forms.find((form) => form.key === "expense")).toMatchObject({
      name: "지출결의서",
      amountField: "amount",
      defaultLevels: 2,
    });
  });

  it("creates a form of the agency's own with a custom key, validated fields and a default line", async () => {
    const { tenant, admin, asAdmin } = await agencyWithAdmin();
    const saved = await saveForm(asAdmin, {
      name: " 국외출장 신청서 ",
      description: "국외 출장을 신청합니다.",
      fields: travelFields,
      amountField: "cost",
      defaultLevels: 3,
    });
    expect(saved).toMatchObject({
      name: "국외출장 신청서",
      builtin: false,
      amountField: "cost",
      defaultLevels: 3,
      fields: travelFields,
    });
    expect(saved.key).toMatch(/^custom-[0-9a-f]{12}$/);
    const forms = await listFormsAdmin(asAdmin);
    expect(forms.at(-1)?.id).toBe(saved.id);
    expect(forms.at(-1)!.sortOrder).toBeGreaterThan(forms.at(-2)!.sortOrder);
    const [row] = (await formRows(tenant.id)).filter((form) => form.id === saved.id);
    expect(row).toMatchObject({ createdBy: admin.id, defaultLine: { kind: "chain", levels: 3 } });
    expect((await auditEntries(db, tenant.id)).at(-1)).toMatchObject({
      action: "approval.form.create",
      targetId: saved.id,
      details: { name: "국외출장 신청서", fields: 3, amountField: "cost", defaultLevels: 3 },
    });
  });

  it("changes a custom form's fields, and a built-in form's name, description and line only", async () => {
    const { tenant, asAdmin } = await agencyWithAdmin();
    const custom = await saveForm(asAdmin, { name: "회의록", fields: [], defaultLevels: 1 });
    const changed = await saveForm(asAdmin, {
      formId: custom.id,
      name: "회의 결과 보고",
      fields: travelFields.slice(0, 1),
      defaultLevels: 2,
    });
    expect(changed).toMatchObject({
      id: custom.id,
      key: custom.key,
      name: "회의 결과 보고",
      defaultLevels: 2,
    });
    expect(changed.fields).toHaveLength(1);

    const expense = (await listFormsAdmin(asAdmin)).find((form) => form.key === "expense")!;
    const renamed = await saveForm(asAdmin, {
      formId: expense.id,
      name: "지출결의서(일반)",
      description: "예산 지출 결의",
      defaultLevels: 4,
    });
    expect(renamed).toMatchObject({
      name: "지출결의서(일반)",
      description: "예산 지출 결의",
      defaultLevels: 4,
      fields: expense.fields,
      amountField: "amount",
      builtin: true,
    });
    const fixed = await refusal(
      saveForm(asAdmin, { formId: expense.id, name: "지출결의서", fields: [], defaultLevels: 2 }),
    );
    expect(fixed).toMatchObject({ messageKey: "approvals.admin.error.builtinFieldsFixed", status: 400 });
    const fixedAmount = await refusal(
      saveForm(asAdmin, { formId: expense.id, name: "지출결의서", amountField: null, defaultLevels: 2 }),
    );
    expect(fixedAmount.messageKey).toBe("approvals.admin.error.builtinFieldsFixed");
    expect((await auditEntries(db, tenant.id)).map((entry) => entry.action)).toEqual([
      "approval.form.create",
      "approval.form.update",
      "approval.form.update",
    ]);
  });

  it("refuses bad input with translated field errors and writes nothing", async () => {
    const { tenant, asAdmin } = await agencyWithAdmin();
    await listFormsAdmin(asAdmin);
    const before = await formRows(tenant.id);
    const cases: [Parameters<typeof saveForm>[1], string, string, Record<string, unknown>?][] = [
      [{ name: "  ", fields: [], defaultLevels: 2 }, "name", "approvals.admin.error.nameRequired"],
      [
        { name: "가".repeat(61), fields: [], defaultLevels: 2 },
        "name",
        "approvals.admin.error.nameTooLong",
        { max: 60 },
      ],
      [
        { name: "서식", description: "나".repeat(501), fields: [], defaultLevels: 2 },
        "description",
        "approvals.admin.error.descriptionTooLong",
      ],
      [{ name: "서식", fields: [], defaultLevels: 0 }, "defaultLevels", "approvals.admin.error.levels"],
      [{ name: "서식", fields: [], defaultLevels: 6 }, "defaultLevels", "approvals.admin.error.levels"],
      [{ name: "서식", fields: [], defaultLevels: 2.5 }, "defaultLevels", "approvals.admin.error.levels"],
      [{ name: "서식", fields: "text", defaultLevels: 2 }, "fields", "approvals.admin.error.field.notAList"],
      [
        {
          name: "서식",
          fields: [{ key: "Bad Key", label: "항목", type: "text", required: true }],
          defaultLevels: 2,
        },
        "fields",
        "approvals.admin.error.field.keyInvalid",
        { index: 1 },
      ],
      [
        {
          name: "서식",
          fields: [
            { key: "a", label: "가", type: "text", required: true },
            { key: "b", label: "나", type: "color", required: true },
          ],
          defaultLevels: 2,
        },
        "fields",
        "approvals.admin.error.field.typeInvalid",
        { index: 2 },
      ],
      [
        { name: "서식", fields: travelFields, amountField: "destination", defaultLevels: 2 },
        "amountField",
        "approvals.admin.error.field.amountFieldInvalid",
      ],
      [
        {
          name: "서식",
          fields: Array.from({ length: FORM_LIMITS.fields + 1 }, (_, i) => ({
            key: `f${i}`,
            label: `항목 ${i}`,
            type: "text",
            required: false,
          })),
          defaultLevels: 2,
        },
        "fields",
        "approvals.admin.error.field.tooManyFields",
        { max: FORM_LIMITS.fields },
      ],
      [{ name: "기안문", fields: [], defaultLevels: 2 }, "name", "approvals.admin.error.nameTaken"],
    ];
    for (const [input, field, messageKey, params] of cases) {
      const error = await refusal(saveForm(asAdmin, input));
      expect(error, messageKey).toMatchObject({ field, messageKey, status: 400 });
      if (params) expect(error.params).toMatchObject(params);
    }
    expect(await formRows(tenant.id)).toEqual(before);
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });

  it(`keeps at most ${MAX_CUSTOM_FORMS} forms of the agency's own in use`, async () => {
    const { tenant, asAdmin } = await agencyWithAdmin();
    await withTenant(db, tenant.id, (tx) =>
      tx.insert(approvalForms).values(
        Array.from({ length: MAX_CUSTOM_FORMS }, (_, i) => ({
          tenantId: tenant.id,
          key: `custom-seed${i}`,
          name: `서식 ${i}`,
        })),
      ),
    );
    const full = await refusal(saveForm(asAdmin, { name: "하나 더", fields: [], defaultLevels: 2 }));
    expect(full).toMatchObject({
      messageKey: "approvals.admin.error.tooManyForms",
      params: { max: MAX_CUSTOM_FORMS },
    });
    const seeded = (await listFormsAdmin(asAdmin)).find((form) => form.key === "custom-seed0")!;
    await archiveForm(asAdmin, { formId: seeded.id });
    expect((await saveForm(asAdmin, { name: "하나 더", fields: [], defaultLevels: 2 })).name).toBe("하나 더");
    // Restoring the archived one would pass the limit again.
    const restore = await refusal(archiveForm(asAdmin, { formId: seeded.id, archived: false }));
    expect(restore.messageKey).toBe("approvals.admin.error.tooManyForms");
  });

  it("archives and restores a form, but never 기안문, and an archived form cannot be edited", async () => {
    const { tenant, asAdmin } = await agencyWithAdmin();
    const forms = await listFormsAdmin(asAdmin);
    const leave = forms.find((form) => form.key === "leave")!;
    const archived = await archiveForm(asAdmin, { formId: leave.id, now: new Date("2026-03-02T01:00:00Z") });
    expect(archived.archivedAt).toEqual(new Date("2026-03-02T01:00:00Z"));
    const edit = await refusal(saveForm(asAdmin, { formId: leave.id, name: "휴가", defaultLevels: 2 }));
    expect(edit.messageKey).toBe("approvals.admin.error.archivedForm");
    // A new form may take the name of an archived one; restoring the old one then clashes.
    const twin = await saveForm(asAdmin, { name: "휴가신청서", fields: [], defaultLevels: 1 });
    const clash = await refusal(archiveForm(asAdmin, { formId: leave.id, archived: false }));
    expect(clash.messageKey).toBe("approvals.admin.error.nameTaken");
    await archiveForm(asAdmin, { formId: twin.id });
    expect((await archiveForm(asAdmin, { formId: leave.id, archived: false })).archivedAt).toBeNull();

    const general = forms.find((form) => form.key === "general")!;
    const refused = await refusal(archiveForm(asAdmin, { formId: general.id }));
    expect(refused).toMatchObject({ messageKey: "approvals.admin.error.generalNotArchivable", status: 400 });
    expect((await auditEntries(db, tenant.id)).map((entry) => entry.action)).toEqual([
      "approval.form.archive",
      "approval.form.create",
      "approval.form.archive",
      "approval.form.restore",
    ]);
  });

  it("is for administrators only: a member gets a 403 and changes nothing", async () => {
    const { tenant, asAdmin, asMember } = await agencyWithAdmin();
    const forms = await listFormsAdmin(asAdmin);
    for (const attempt of [
      () => listFormsAdmin(asMember),
      () => saveForm(asMember, { name: "내 서식", fields: [], defaultLevels: 2 }),
      () => saveForm(asMember, { formId: forms[0]!.id, name: "바꾼 이름", defaultLevels: 2 }),
      () => archiveForm(asMember, { formId: forms[1]!.id }),
    ]) {
      expect(await refusal(attempt())).toMatchObject({
        status: 403,
        messageKey: "approvals.admin.error.adminOnly",
      });
    }
    const disabled = await buildUser(db, tenant.id, { role: "admin", status: "disabled" });
    expect((await refusal(listFormsAdmin(actingAs(db, tenant.id, disabled)))).status).toBe(403);
    expect(await listFormsAdmin(asAdmin)).toEqual(forms);
  });

  it("does not find a form of another agency", async () => {
    const mine = await agencyWithAdmin();
    const theirs = await agencyWithAdmin();
    const their = await saveForm(theirs.asAdmin, { name: "그들의 서식", fields: [], defaultLevels: 2 });
    const myForms = await listFormsAdmin(mine.asAdmin);
    expect(myForms.map((form) => form.id)).not.toContain(their.id);
    expect(myForms.some((form) => form.name === "그들의 서식")).toBe(false);
    expect(
      await refusal(
        saveForm(mine.asAdmin, { formId: their.id, name: "가로챔", fields: [], defaultLevels: 2 }),
      ),
    ).toMatchObject({ status: 404 });
    expect(await refusal(archiveForm(mine.asAdmin, { formId: their.id }))).toMatchObject({ status: 404 });
    expect(await refusal(archiveForm(mine.asAdmin, { formId: "not-a-uuid" }))).toMatchObject({ status: 404 });
    const [row] = await withTenant(db, theirs.tenant.id, (tx) =>
      tx
        .select()
        .from(approvalForms)
        .where(and(eq(approvalForms.tenantId, theirs.tenant.id), eq(approvalForms.id, their.id))),
    );
    expect(row).toMatchObject({ name: "그들의 서식", archivedAt: null });
    // An administrator of the other agency is nobody here.
    expect((await refusal(listFormsAdmin(actingAs(db, mine.tenant.id, theirs.admin)))).status).toBe(403);
  });
});
