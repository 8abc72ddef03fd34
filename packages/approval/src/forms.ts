import { MAX_AMOUNT } from "./money.ts";

export const FIELD_TYPES = ["text", "number", "date", "money", "choice", "attachment"] as const;
export type FormFieldType = (typeof FIELD_TYPES)[number];

/** A field of a form, as administrators define it (the shape of `ApprovalFormField` in db). */
export type FormField = {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  /** The choices of a `choice` field. */
  options?: string[];
  /** text: most characters; number and money: largest value; attachment: most files. */
  max?: number;
};

/** How a form proposes its line: up the drafter's superiors, `levels` deep. */
export type DefaultLine = { kind: "chain"; levels: number };

export const FORM_LIMITS = {
  fields: 30,
  keyPattern: /^[a-z][a-z0-9_]{0,39}$/,
  labelLength: 60,
  options: 20,
  optionLength: 60,
  textLength: 2000,
  attachments: 10,
} as const;

export type FormDefinitionProblem = {
  code:
    | "not-a-list"
    | "too-many-fields"
    | "not-a-field"
    | "key-invalid"
    | "key-duplicate"
    | "label-invalid"
    | "type-invalid"
    | "required-invalid"
    | "options-invalid"
    | "max-invalid"
    | "amount-field-invalid";
  /** The offending field, when the problem is one field's. */
  index?: number;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// char_length in PostgreSQL counts code points, and so do the limits here.
const length = (text: string): number => Array.from(text).length;

const isWholeIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

function maxRange(type: FormFieldType): [number, number] | null {
  switch (type) {
    case "text":
      return [1, FORM_LIMITS.textLength];
    case "number":
    case "money":
      return [0, MAX_AMOUNT];
    case "attachment":
      return [1, FORM_LIMITS.attachments];
    default:
      return null;
  }
}

/**
 * Parses a form's field list as an administrator submitted it (or as stored), with every
 * problem found; `amountField` must name one of its money fields.
 */
export function validateFormDefinition(
  fields: unknown,
  amountField: string | null,
): { ok: true; fields: FormField[] } | { ok: false; problems: FormDefinitionProblem[] } {
  if (!Array.isArray(fields)) return { ok: false, problems: [{ code: "not-a-list" }] };
  const problems: FormDefinitionProblem[] = [];
  if (fields.length > FORM_LIMITS.fields) problems.push({ code: "too-many-fields" });
  const parsed: FormField[] = [];
  const keys = new Set<string>();

  fields.forEach((raw: unknown, index) => {
    if (!isRecord(raw)) {
      problems.push({ code: "not-a-field", index });
      return;
    }
    const { key, label, type, required, options, max } = raw;
    const before = problems.length;
    if (typeof key !== "string" || !FORM_LIMITS.keyPattern.test(key)) {
      problems.push({ code: "key-invalid", index });
    } else if (keys.has(key)) {
      problems.push({ code: "key-duplicate", index });
    }
    if (typeof key === "string") keys.add(key);
    const trimmedLabel = typeof label === "string" ? label.trim() : "";
    if (length(trimmedLabel) < 1 || length(trimmedLabel) > FORM_LIMITS.labelLength) {
      problems.push({ code: "label-invalid", index });
    }
    const fieldType = (FIELD_TYPES as readonly unknown[]).includes(type) ? (type as FormFieldType) : null;
    if (fieldType === null) problems.push({ code: "type-invalid", index });
    if (typeof required !== "boolean") problems.push({ code: "required-invalid", index });

    let choices: string[] | undefined;
    if (fieldType === "choice") {
      choices = Array.isArray(options) ? options.map((o) => (typeof o === "string" ? o.trim() : "")) : [];
      const fine =
        choices.length >= 1 &&
        choices.length <= FORM_LIMITS.options &&
        choices.every((o) => length(o) >= 1 && length(o) <= FORM_LIMITS.optionLength) &&
        new Set(choices).size === choices.length;
      if (!fine) problems.push({ code: "options-invalid", index });
    } else if (options !== undefined) {
      problems.push({ code: "options-invalid", index });
    }

    if (max !== undefined && fieldType !== null) {
      const range = maxRange(fieldType);
      if (range === null || !isWholeIn(max, range[0], range[1]))
        problems.push({ code: "max-invalid", index });
    }

    if (problems.length === before && fieldType !== null) {
      parsed.push({
        key: key as string,
        label: trimmedLabel,
        type: fieldType,
        required: required as boolean,
        ...(choices ? { options: choices } : {}),
        ...(max !== undefined ? { max: max as number } : {}),
      });
    }
  });

  if (amountField !== null) {
    const target = fields.find((f: unknown) => isRecord(f) && f.key === amountField);
    if (!isRecord(target) || target.type !== "money") problems.push({ code: "amount-field-invalid" });
  }
  return problems.length === 0 ? { ok: true, fields: parsed } : { ok: false, problems };
}

export type FormValue = string | number | string[] | null;

export type FormValueError = {
  key: string;
  code:
    | "required"
    | "invalid" // the wrong kind of value altogether (an object for a text, a string for files)
    | "not-a-number"
    | "not-a-date"
    | "not-an-option"
    | "too-long"
    | "out-of-range"
    | "end-before-start";
};

/**
 * Fields with these keys form a period: the end may not come before the start (휴가, 출장, and
 * any tenant form that uses the same keys).
 */
export const PERIOD_KEYS = { start: "start_date", end: "end_date" } as const;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// Digits, optionally grouped by commas as people type amounts (113,560).
const NUMBER_PATTERN = /^-?(\d+|\d{1,3}(,\d{3})+)$/;

function isRealDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

type Parsed = { ok: true; value: FormValue } | { ok: false; code: FormValueError["code"] };

function parseValue(field: FormField, raw: unknown): Parsed {
  switch (field.type) {
    case "text": {
      if (typeof raw !== "string") return { ok: false, code: "invalid" };
      const text = raw.trim();
      return length(text) > (field.max ?? FORM_LIMITS.textLength)
        ? { ok: false, code: "too-long" }
        : { ok: true, value: text };
    }
    case "number":
    case "money": {
      let n: number;
      if (typeof raw === "number") n = raw;
      else if (typeof raw === "string" && NUMBER_PATTERN.test(raw.trim()))
        n = Number(raw.trim().replaceAll(",", ""));
      else return { ok: false, code: "not-a-number" };
      if (!Number.isInteger(n)) return { ok: false, code: "not-a-number" };
      return n < 0 || n > Math.min(field.max ?? MAX_AMOUNT, MAX_AMOUNT)
        ? { ok: false, code: "out-of-range" }
        : { ok: true, value: n };
    }
    case "date":
      return typeof raw === "string" && isRealDate(raw.trim())
        ? { ok: true, value: raw.trim() }
        : { ok: false, code: "not-a-date" };
    case "choice":
      return typeof raw === "string" && (field.options ?? []).includes(raw.trim())
        ? { ok: true, value: raw.trim() }
        : { ok: false, code: "not-an-option" };
    case "attachment": {
      if (!Array.isArray(raw) || !raw.every((id) => typeof id === "string" && id !== "")) {
        return { ok: false, code: "invalid" };
      }
      const ids = raw as string[];
      if (new Set(ids).size !== ids.length) return { ok: false, code: "invalid" };
      return ids.length > Math.min(field.max ?? FORM_LIMITS.attachments, FORM_LIMITS.attachments)
        ? { ok: false, code: "too-long" }
        : { ok: true, value: ids };
    }
  }
}

const isBlank = (raw: unknown): boolean =>
  raw === undefined ||
  raw === null ||
  (typeof raw === "string" && raw.trim() === "") ||
  (Array.isArray(raw) && raw.length === 0);

/**
 * Checks a document's field values against its form: every field gets a value or null (keys
 * not in the form are dropped), and `amount` is the value of `amountField` (or of the first
 * money field) for the 위임전결 rules.
 */
export function validateFormValues(
  fields: readonly FormField[],
  values: Readonly<Record<string, unknown>>,
  amountField?: string | null,
):
  | { ok: true; values: Record<string, FormValue>; amount: number | null }
  | { ok: false; errors: FormValueError[] } {
  const errors: FormValueError[] = [];
  const out: Record<string, FormValue> = {};
  for (const field of fields) {
    const raw = Object.hasOwn(values, field.key) ? values[field.key] : undefined;
    if (isBlank(raw)) {
      if (field.required) errors.push({ key: field.key, code: "required" });
      out[field.key] = null;
      continue;
    }
    const parsed = parseValue(field, raw);
    if (parsed.ok) out[field.key] = parsed.value;
    else errors.push({ key: field.key, code: parsed.code });
  }

  const start = fields.find((f) => f.key === PERIOD_KEYS.start && f.type === "date");
  const end = fields.find((f) => f.key === PERIOD_KEYS.end && f.type === "date");
  const from = out[PERIOD_KEYS.start];
  const to = out[PERIOD_KEYS.end];
  if (start && end && typeof from === "string" && typeof to === "string" && to < from) {
    errors.push({ key: PERIOD_KEYS.end, code: "end-before-start" });
  }
  if (errors.length > 0) return { ok: false, errors };

  const amountKey = amountField ?? fields.find((f) => f.type === "money")?.key;
  const amount = amountKey === undefined ? null : out[amountKey];
  return { ok: true, values: out, amount: typeof amount === "number" ? amount : null };
}

/** A form every agency starts with. */
export type BuiltinForm = {
  key: string;
  name: string;
  description: string;
  fields: FormField[];
  amountField: string | null;
  defaultLine: DefaultLine;
};

const CHAIN_OF_TWO: DefaultLine = { kind: "chain", levels: 2 };

/** 기안문, 품의서, 지출결의서, 휴가신청서, 출장신청서, in the order they are offered. */
export const BUILTIN_FORMS: readonly BuiltinForm[] = [
  {
    key: "general",
    name: "기안문",
    description: "일반 기안문입니다. 본문에 제목과 내용을 작성합니다.",
    fields: [{ key: "files", label: "붙임", type: "attachment", required: false, max: 10 }],
    amountField: null,
    defaultLine: CHAIN_OF_TWO,
  },
  {
    key: "proposal",
    name: "품의서",
    description: "업무 추진이나 구매 등에 대해 결재권자의 승인을 구합니다.",
    fields: [
      { key: "amount", label: "품의 금액", type: "money", required: false },
      { key: "reason", label: "사유", type: "text", required: true, max: 2000 },
    ],
    amountField: "amount",
    defaultLine: CHAIN_OF_TWO,
  },
  {
    key: "expense",
    name: "지출결의서",
    description: "예산 지출을 결의합니다. 금액은 한글로도 표기됩니다.",
    fields: [
      { key: "amount", label: "지출 금액", type: "money", required: true },
      { key: "budget_item", label: "지출 과목", type: "text", required: true, max: 200 },
      { key: "payee", label: "지급 대상", type: "text", required: true, max: 200 },
      { key: "payment_date", label: "지출 예정일", type: "date", required: false },
      { key: "receipts", label: "증빙서류", type: "attachment", required: false, max: 5 },
    ],
    amountField: "amount",
    defaultLine: CHAIN_OF_TWO,
  },
  {
    key: "leave",
    name: "휴가신청서",
    description: "연가, 병가, 공가, 특별휴가를 신청합니다.",
    fields: [
      {
        key: "leave_type",
        label: "휴가 종류",
        type: "choice",
        required: true,
        options: ["연가", "병가", "공가", "특별휴가"],
      },
      { key: "start_date", label: "시작일", type: "date", required: true },
      { key: "end_date", label: "종료일", type: "date", required: true },
      { key: "reason", label: "사유", type: "text", required: false, max: 500 },
    ],
    amountField: null,
    defaultLine: CHAIN_OF_TWO,
  },
  {
    key: "trip",
    name: "출장신청서",
    description: "출장지, 기간, 목적과 여비를 적어 출장을 신청합니다.",
    fields: [
      { key: "destination", label: "출장지", type: "text", required: true, max: 200 },
      { key: "start_date", label: "시작일", type: "date", required: true },
      { key: "end_date", label: "종료일", type: "date", required: true },
      { key: "purpose", label: "목적", type: "text", required: true, max: 1000 },
      { key: "travel_cost", label: "여비", type: "money", required: false },
    ],
    amountField: "travel_cost",
    defaultLine: CHAIN_OF_TWO,
  },
];
