import { describe, expect, it } from "vitest";
import {
  BUILTIN_FORMS,
  type FormDefinitionProblem,
  type FormField,
  type FormValueError,
  validateFormDefinition,
  validateFormValues,
} from "./forms.ts";
import { MAX_AMOUNT } from "./money.ts";

const text = (key: string, extra: Partial<FormField> = {}): Record<string, unknown> => ({
  key,
  label: "사유",
  type: "text",
  required: false,
  ...extra,
});

describe("validating a form definition", () => {
  it("parses a definition, trimming labels and options", () => {
    const result = validateFormDefinition(
      [
        { key: "amount", label: " 금액 ", type: "money", required: true, max: 1_000_000 },
        { key: "kind", label: "종류", type: "choice", required: false, options: [" 가 ", "나"] },
        { key: "files", label: "붙임", type: "attachment", required: false, unknown: "dropped" },
      ],
      "amount",
    );
    expect(result).toEqual({
      ok: true,
      fields: [
        { key: "amount", label: "금액", type: "money", required: true, max: 1_000_000 },
        { key: "kind", label: "종류", type: "choice", required: false, options: ["가", "나"] },
        { key: "files", label: "붙임", type: "attachment", required: false },
      ],
    });
  });

  it.each<[string, unknown, string | null, FormDefinitionProblem[]]>([
    ["something that is not a list", { key: "a" }, null, [{ code: "not-a-list" }]],
    ["31 fields", Array.from({ length: 31 }, (_, i) => text(`f${i}`)), null, [{ code: "too-many-fields" }]],
    ["a field that is not an object", ["text"], null, [{ code: "not-a-field", index: 0 }]],
    ["a key with a capital", [text("Reason")], null, [{ code: "key-invalid", index: 0 }]],
    ["a key starting with a digit", [text("1st")], null, [{ code: "key-invalid", index: 0 }]],
    ["a key of 41 characters", [text(`a${"b".repeat(40)}`)], null, [{ code: "key-invalid", index: 0 }]],
    ["a key twice", [text("a"), text("a")], null, [{ code: "key-duplicate", index: 1 }]],
    ["a blank label", [text("a", { label: "  " })], null, [{ code: "label-invalid", index: 0 }]],
    [
      "a label of 61 characters",
      [text("a", { label: "가".repeat(61) })],
      null,
      [{ code: "label-invalid", index: 0 }],
    ],
    [
      "an unknown type",
      [text("a", { type: "color" as FormField["type"] })],
      null,
      [{ code: "type-invalid", index: 0 }],
    ],
    [
      "required missing",
      [{ key: "a", label: "가", type: "text" }],
      null,
      [{ code: "required-invalid", index: 0 }],
    ],
    [
      "a choice without options",
      [text("a", { type: "choice" })],
      null,
      [{ code: "options-invalid", index: 0 }],
    ],
    [
      "a choice of 21 options",
      [text("a", { type: "choice", options: Array.from({ length: 21 }, (_, i) => `o${i}`) })],
      null,
      [{ code: "options-invalid", index: 0 }],
    ],
    [
      "a choice with a blank option",
      [text("a", { type: "choice", options: ["가", " "] })],
      null,
      [{ code: "options-invalid", index: 0 }],
    ],
    [
      "a choice with an option twice",
      [text("a", { type: "choice", options: ["가", "가"] })],
      null,
      [{ code: "options-invalid", index: 0 }],
    ],
    [
      "options on a text field",
      [text("a", { options: ["가"] })],
      null,
      [{ code: "options-invalid", index: 0 }],
    ],
    ["a text longer than allowed", [text("a", { max: 2001 })], null, [{ code: "max-invalid", index: 0 }]],
    ["a text of at most 0 characters", [text("a", { max: 0 })], null, [{ code: "max-invalid", index: 0 }]],
    [
      "a money ceiling above the limit",
      [text("a", { type: "money", max: MAX_AMOUNT + 1 })],
      null,
      [{ code: "max-invalid", index: 0 }],
    ],
    [
      "11 attachments",
      [text("a", { type: "attachment", max: 11 })],
      null,
      [{ code: "max-invalid", index: 0 }],
    ],
    ["a maximum on a date", [text("a", { type: "date", max: 3 })], null, [{ code: "max-invalid", index: 0 }]],
    ["an amount field that does not exist", [text("a")], "amount", [{ code: "amount-field-invalid" }]],
    [
      "an amount field that is not money",
      [text("amount", { type: "number" })],
      "amount",
      [{ code: "amount-field-invalid" }],
    ],
  ])("refuses %s", (_description, fields, amountField, problems) => {
    expect(validateFormDefinition(fields, amountField)).toEqual({ ok: false, problems });
  });

  it("accepts exactly 30 fields", () => {
    const result = validateFormDefinition(
      Array.from({ length: 30 }, (_, i) => text(`f${i}`)),
      null,
    );
    expect(result.ok).toBe(true);
  });
});

describe("validating form values", () => {
  const fields: FormField[] = [
    { key: "title", label: "제목", type: "text", required: true, max: 10 },
    { key: "count", label: "인원", type: "number", required: false, max: 100 },
    { key: "amount", label: "금액", type: "money", required: false },
    { key: "day", label: "날짜", type: "date", required: false },
    { key: "kind", label: "종류", type: "choice", required: false, options: ["연가", "병가"] },
    { key: "files", label: "붙임", type: "attachment", required: false, max: 2 },
  ];

  it("parses values, with null for what is left empty and unknown keys dropped", () => {
    expect(
      validateFormValues(fields, {
        title: " 출장 ",
        count: "12",
        amount: "113,560",
        kind: "연가",
        extra: "x",
      }),
    ).toEqual({
      ok: true,
      values: { title: "출장", count: 12, amount: 113_560, day: null, kind: "연가", files: null },
      amount: 113_560,
    });
  });

  it("takes the amount from the named field", () => {
    const twoMoney: FormField[] = [
      { key: "a", label: "가", type: "money", required: false },
      { key: "b", label: "나", type: "money", required: false },
    ];
    expect(validateFormValues(twoMoney, { a: 1, b: 2 })).toMatchObject({ ok: true, amount: 1 });
    expect(validateFormValues(twoMoney, { a: 1, b: 2 }, "b")).toMatchObject({ ok: true, amount: 2 });
    expect(validateFormValues(twoMoney, { b: 2 })).toMatchObject({ ok: true, amount: null });
  });

  it.each<[string, Record<string, unknown>, FormValueError["code"], string]>([
    ["a missing required text", {}, "required", "title"],
    ["a blank required text", { title: "  " }, "required", "title"],
    ["a text over its maximum", { title: "가".repeat(11) }, "too-long", "title"],
    ["a text that is not a string", { title: 12 }, "invalid", "title"],
    ["a number with a decimal", { title: "t", count: "1.5" }, "not-a-number", "count"],
    ["a number in words", { title: "t", count: "열" }, "not-a-number", "count"],
    ["a number above its maximum", { title: "t", count: 101 }, "out-of-range", "count"],
    ["a negative amount", { title: "t", amount: -1 }, "out-of-range", "amount"],
    ["an amount above the limit", { title: "t", amount: MAX_AMOUNT + 1 }, "out-of-range", "amount"],
    ["badly grouped digits", { title: "t", amount: "1,00" }, "not-a-number", "amount"],
    ["a date that does not exist", { title: "t", day: "2026-02-30" }, "not-a-date", "day"],
    ["a date in another format", { title: "t", day: "2026.3.1" }, "not-a-date", "day"],
    ["a choice not offered", { title: "t", kind: "공가" }, "not-an-option", "kind"],
    ["three files where two are allowed", { title: "t", files: ["a", "b", "c"] }, "too-long", "files"],
    ["files that are not ids", { title: "t", files: "a" }, "invalid", "files"],
    ["the same file twice", { title: "t", files: ["a", "a"] }, "invalid", "files"],
  ])("refuses %s", (_description, values, code, key) => {
    expect(validateFormValues(fields, values)).toEqual({ ok: false, errors: [{ key, code }] });
  });

  it("accepts the largest amount and a leap day", () => {
    expect(validateFormValues(fields, { title: "t", amount: MAX_AMOUNT, day: "2028-02-29" })).toMatchObject({
      ok: true,
      amount: MAX_AMOUNT,
    });
  });

  it("refuses text over 2,000 characters when the field sets no maximum", () => {
    const free: FormField[] = [{ key: "note", label: "비고", type: "text", required: false }];
    expect(validateFormValues(free, { note: "가".repeat(2000) }).ok).toBe(true);
    expect(validateFormValues(free, { note: "가".repeat(2001) })).toEqual({
      ok: false,
      errors: [{ key: "note", code: "too-long" }],
    });
  });

  it("refuses more than 10 attachments whatever the field says", () => {
    const files: FormField[] = [{ key: "files", label: "붙임", type: "attachment", required: false }];
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `file-${i}`);
    expect(validateFormValues(files, { files: ids(10) }).ok).toBe(true);
    expect(validateFormValues(files, { files: ids(11) })).toEqual({
      ok: false,
      errors: [{ key: "files", code: "too-long" }],
    });
  });
});

describe("the built-in forms", () => {
  const form = (key: string) => BUILTIN_FORMS.find((f) => f.key === key)!;

  it("are the five forms every agency starts with, each a valid definition", () => {
    expect(BUILTIN_FORMS.map((f) => [f.key, f.name])).toEqual([
      ["general", "기안문"],
      ["proposal", "품의서"],
      ["expense", "지출결의서"],
      ["leave", "휴가신청서"],
      ["trip", "출장신청서"],
    ]);
    for (const f of BUILTIN_FORMS) {
      expect(validateFormDefinition(f.fields, f.amountField)).toEqual({ ok: true, fields: f.fields });
      expect(f.defaultLine).toEqual({ kind: "chain", levels: 2 });
    }
  });

  it("requires the amount of a 지출결의서 and reports it for 위임전결", () => {
    const expense = form("expense");
    expect(
      validateFormValues(expense.fields, { budget_item: "사무용품", payee: "㈜누리" }, expense.amountField),
    ).toEqual({
      ok: false,
      errors: [{ key: "amount", code: "required" }],
    });
    expect(
      validateFormValues(
        expense.fields,
        { amount: "113,560", budget_item: "사무용품", payee: "㈜누리", payment_date: "2026-03-02" },
        expense.amountField,
      ),
    ).toMatchObject({ ok: true, amount: 113_560 });
  });

  it("reports 여비 as the amount of a 출장신청서", () => {
    const trip = form("trip");
    const values = { destination: "세종", start_date: "2026-03-02", end_date: "2026-03-03", purpose: "회의" };
    expect(
      validateFormValues(trip.fields, { ...values, travel_cost: 80_000 }, trip.amountField),
    ).toMatchObject({
      ok: true,
      amount: 80_000,
    });
    expect(validateFormValues(trip.fields, values, trip.amountField)).toMatchObject({
      ok: true,
      amount: null,
    });
  });

  it.each(["leave", "trip"])("refuses a %s that ends before it starts, on the end date", (key) => {
    const f = form(key);
    const values = {
      leave_type: "연가",
      destination: "세종",
      purpose: "회의",
      start_date: "2026-03-03",
      end_date: "2026-03-02",
    };
    expect(validateFormValues(f.fields, values, f.amountField)).toEqual({
      ok: false,
      errors: [{ key: "end_date", code: "end-before-start" }],
    });
    expect(validateFormValues(f.fields, { ...values, end_date: "2026-03-03" }, f.amountField).ok).toBe(true);
  });

  it("offers the four kinds of 휴가", () => {
    expect(form("leave").fields.find((f) => f.key === "leave_type")?.options).toEqual([
      "연가",
      "병가",
      "공가",
      "특별휴가",
    ]);
  });
});
