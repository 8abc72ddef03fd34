import {
  DISCLOSURE_GROUNDS,
  FORM_LIMITS,
  type FormField,
  formatWonWithWords,
  RETENTION_PERIODS,
} from "@nuri/approval";
import { formatFileSize } from "@nuri/i18n";
import { useState } from "react";
import { Form, useNavigation } from "react-router";
import { useLocale, useTranslator } from "../../i18n.ts";
import type { ApprovalAttachment } from "../../services/approvals/approval-attachments.server.ts";
import { ATTACHMENT_ACCEPT, MAX_ATTACHMENT_BYTES } from "../../services/approvals/attachment-limits.ts";
import type { ApprovalView } from "../../services/approvals/get-approval.server.ts";
import type {
  ApprovalDepartmentChoice,
  ApprovalPersonChoice,
} from "../../services/approvals/list-approval-people.server.ts";
import type { SavedLineView } from "../../services/approvals/list-saved-lines.server.ts";
import type { PlainKey } from "../org/org-ui.tsx";
import type { DocumentActionResult } from "./approval-document.server.ts";
import { ApprovalBody } from "./document-body.tsx";
import {
  AttachmentFileLink,
  DISCLOSURE_KEYS,
  errorIdOf,
  FLAG_KEYS,
  fieldInputId,
  GROUND_KEYS,
  LINE_PROBLEM_KEYS,
  parseWon,
  RETENTION_KEYS,
  STEP_KIND_KEYS,
} from "./document-labels.tsx";

// The approval page while a draft is written (기안 · 공동기안): one form for the title, the
// form's fields, the records metadata, the 결재선 and the 참조 · 수신 · 공동기안자. Every button
// of it posts the whole form (so adding a person to the line never loses what was typed) and the
// page comes back with the change made. The body is the live editor below the form; 상신 sits
// under the body and submits the same form.

export interface DraftData {
  q: string;
  people: ApprovalPersonChoice[];
  searchError: string | null;
  departments: ApprovalDepartmentChoice[];
  savedLines: SavedLineView[];
}

type Errors = Record<string, string>;

function useFieldErrors(result: DocumentActionResult | undefined) {
  const errors: Errors = result && !result.ok ? result.fieldErrors : {};
  const describe = (field: string, hintId?: string) => {
    const ids = [hintId, errors[field] ? errorIdOf(field) : undefined].filter(Boolean).join(" ");
    return {
      "aria-invalid": errors[field] ? true : undefined,
      "aria-describedby": ids || undefined,
    } as const;
  };
  return { errors, describe };
}

function FieldError({ errors, field }: { errors: Errors; field: string }) {
  if (!errors[field]) return null;
  return (
    <p id={errorIdOf(field)} className="org-field__error">
      {errors[field]}
    </p>
  );
}

/** The refusal of the last post: its message, and a link to each input it names. */
export function ErrorSummary({ result }: { result: DocumentActionResult | undefined }) {
  const t = useTranslator();
  if (!result || result.ok) return null;
  const fields = Object.entries(result.fieldErrors);
  if (fields.length === 0) {
    // A refusal of the whole action (이미 처리된 문서입니다 …): its message is the alert.
    return result.formError ? (
      <p className="approval-alert approval-alert--error" role="alert">
        {result.formError}
      </p>
    ) : null;
  }
  return (
    <div
      className="approval-alert approval-alert--error"
      role="alert"
      aria-labelledby="approval-error-summary"
    >
      <h2 id="approval-error-summary" className="approval-alert__title">
        {t("approvals.page.errorSummary")}
      </h2>
      <ul>
        {result.formError ? <li>{result.formError}</li> : null}
        {fields.map(([field, message]) => (
          <li key={field}>
            <a href={`#${fieldInputId(field)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function DraftPage({
  view,
  draft,
  result,
  tenant,
  me,
  bodyHtml,
}: {
  view: ApprovalView;
  draft: DraftData;
  result: DocumentActionResult | undefined;
  tenant: { id: string; slug: string };
  me: { id: string; name: string; colorIndex: number };
  bodyHtml: string;
}) {
  const t = useTranslator();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { errors, describe } = useFieldErrors(result);
  const isDrafter = view.viewer.relations.includes("drafter");
  const base = `/t/${tenant.slug}/approvals/${view.id}`;

  return (
    <>
      <ErrorSummary result={result} />
      <Form
        method="post"
        id="draft-form"
        className="approval-draft"
        encType="multipart/form-data"
        noValidate
        preventScrollReset
      >
        {/* The first button is the form's default: Enter in a field saves. */}
        <div className="approval-toolbar">
          <button type="submit" name="intent" value="save" className="org-button" disabled={busy}>
            {t("approvals.page.save")}
          </button>
          <p className="approval-hint">{t("approvals.page.saveHint")}</p>
        </div>

        <div className="org-field">
          <label htmlFor="draft-title">{t("approvals.page.title")}</label>
          <input
            id="draft-title"
            name="title"
            defaultValue={view.title}
            maxLength={200}
            autoComplete="off"
            {...describe("title")}
          />
          <FieldError errors={errors} field="title" />
        </div>

        <FieldsSection view={view} errors={errors} describe={describe} base={base} busy={busy} />
        <RecordsSection view={view} errors={errors} describe={describe} />
        <LineSection view={view} draft={draft} errors={errors} busy={busy} />
        <PeopleSection draft={draft} isDrafter={isDrafter} busy={busy} />
        <ParticipantsSection view={view} draft={draft} errors={errors} isDrafter={isDrafter} busy={busy} />
      </Form>

      <section className="approval-section" aria-labelledby="draft-body-heading">
        <h2 id="draft-body-heading">{t("approvals.page.body")}</h2>
        <ApprovalBody
          tenant={tenant}
          bodyDocumentId={view.bodyDocumentId}
          ticketUrl={`${base}/ticket`}
          me={me}
          html={bodyHtml}
          mode={view.viewer.bodyPermission === "edit" ? "live-edit" : "live-read"}
        />
      </section>

      <section className="approval-section approval-submit" aria-labelledby="draft-submit-heading">
        <h2 id="draft-submit-heading">{t("approvals.page.submitSection")}</h2>
        {isDrafter ? (
          <>
            <div className="org-field">
              <label htmlFor="draft-submit-opinion">{t("approvals.page.submitOpinion")}</label>
              <OpinionBox
                id="draft-submit-opinion"
                name="submitOpinion"
                form="draft-form"
                describe={describe("opinion")}
              />
              <FieldError errors={errors} field="opinion" />
            </div>
            <p id="draft-submit-hint" className="approval-hint">
              {t("approvals.page.submitHint")}
            </p>
            <div className="org-actions">
              <button
                type="submit"
                form="draft-form"
                name="intent"
                value="submit"
                className="org-button"
                aria-describedby="draft-submit-hint"
                disabled={busy}
              >
                {t("approvals.page.submit")}
              </button>
              <button
                type="submit"
                form="draft-form"
                name="intent"
                value="save"
                className="org-button org-button--secondary"
                disabled={busy}
              >
                {t("approvals.page.save")}
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="approval-hint">{t("approvals.page.submitDrafterOnly")}</p>
            <button
              type="submit"
              form="draft-form"
              name="intent"
              value="save"
              className="org-button org-button--secondary"
              disabled={busy}
            >
              {t("approvals.page.save")}
            </button>
          </>
        )}
      </section>
    </>
  );
}

/** An 의견 box with its length counted as the services count it (characters, not UTF-16 units). */
export function OpinionBox({
  id,
  name,
  form,
  describe,
}: {
  id: string;
  name: string;
  form?: string;
  describe?: { "aria-invalid"?: true; "aria-describedby"?: string };
}) {
  const t = useTranslator();
  const [count, setCount] = useState(0);
  const max = 2000;
  const counterId = `${id}-counter`;
  const describedBy = [describe?.["aria-describedby"], counterId].filter(Boolean).join(" ");
  return (
    <>
      <textarea
        id={id}
        name={name}
        form={form}
        rows={3}
        maxLength={max}
        onChange={(event) => setCount([...event.currentTarget.value].length)}
        aria-invalid={describe?.["aria-invalid"]}
        aria-describedby={describedBy}
      />
      <p id={counterId} className="approval-counter">
        {t("approvals.page.actions.counter", { count, max })}
      </p>
    </>
  );
}

type Describe = ReturnType<typeof useFieldErrors>["describe"];

function FieldsSection({
  view,
  errors,
  describe,
  base,
  busy,
}: {
  view: ApprovalView;
  errors: Errors;
  describe: Describe;
  base: string;
  busy: boolean;
}) {
  const t = useTranslator();
  return (
    <section className="approval-section" aria-labelledby="draft-fields-heading">
      <h2 id="draft-fields-heading">
        {t("approvals.page.fields")} <span className="approval-form-name">({view.form.name})</span>
      </h2>
      {view.form.fields.length === 0 ? (
        <p className="approval-hint">{t("approvals.page.fields.empty")}</p>
      ) : null}
      {view.form.fields.map((formField) =>
        formField.type === "attachment" ? (
          <AttachmentInput
            key={formField.key}
            formField={formField}
            files={view.attachments.filter((file) => file.fieldKey === formField.key)}
            errors={errors}
            describe={describe}
            base={base}
            busy={busy}
          />
        ) : (
          <FormFieldInput
            key={formField.key}
            formField={formField}
            value={view.values[formField.key]}
            errors={errors}
            describe={describe}
          />
        ),
      )}
    </section>
  );
}

function FormFieldInput({
  formField,
  value,
  errors,
  describe,
}: {
  formField: FormField;
  value: unknown;
  errors: Errors;
  describe: Describe;
}) {
  const t = useTranslator();
  const id = fieldInputId(`fields.${formField.key}`);
  const name = `field.${formField.key}`;
  const errorKey = `fields.${formField.key}`;
  const initial = value === null || value === undefined ? "" : String(value);
  const label = (
    <label htmlFor={id}>
      {formField.label}
      {formField.required ? (
        <span className="approval-required"> ({t("approvals.page.field.required")})</span>
      ) : null}
    </label>
  );
  if (formField.type === "money")
    return <MoneyInput {...{ id, name, initial, label, errors, errorKey, describe }} />;
  return (
    <div className="org-field">
      {label}
      {formField.type === "choice" ? (
        <select id={id} name={name} defaultValue={initial} {...describe(errorKey)}>
          <option value="">{t("approvals.page.field.choose")}</option>
          {(formField.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : formField.type === "text" && (formField.max ?? 2000) > 200 ? (
        <textarea
          id={id}
          name={name}
          defaultValue={initial}
          rows={3}
          maxLength={formField.max}
          {...describe(errorKey)}
        />
      ) : (
        <input
          id={id}
          name={name}
          type={formField.type === "date" ? "date" : "text"}
          inputMode={formField.type === "number" ? "numeric" : undefined}
          defaultValue={initial}
          maxLength={formField.type === "text" ? formField.max : undefined}
          autoComplete="off"
          {...describe(errorKey)}
        />
      )}
      <FieldError errors={errors} field={errorKey} />
    </div>
  );
}

/**
 * An attachment field (붙임): the files attached so far, each with its download link and a
 * button that takes it off, and a file input whose files go up with the form — with its own
 * 붙이기 button, or with any other button of the draft form.
 */
function AttachmentInput({
  formField,
  files,
  errors,
  describe,
  base,
  busy,
}: {
  formField: FormField;
  files: ApprovalAttachment[];
  errors: Errors;
  describe: Describe;
  base: string;
  busy: boolean;
}) {
  const t = useTranslator();
  const locale = useLocale();
  const id = fieldInputId(`fields.${formField.key}`);
  const errorKey = `fields.${formField.key}`;
  const max = Math.min(formField.max ?? FORM_LIMITS.attachments, FORM_LIMITS.attachments);
  const hintId = `${id}-hint`;
  return (
    <fieldset className="org-field approval-attachments" id={`field-${formField.key}`}>
      <legend>
        {formField.label}
        {formField.required ? (
          <span className="approval-required"> ({t("approvals.page.field.required")})</span>
        ) : null}
      </legend>
      {files.length === 0 ? (
        <p className="approval-hint">{t("approvals.page.field.attachmentNone")}</p>
      ) : (
        <ul className="approval-attachments__list">
          {files.map((file) => (
            <li key={file.id}>
              <AttachmentFileLink file={file} base={base} />{" "}
              <button
                type="submit"
                name="intent"
                value={`detach:${formField.key}:${file.id}`}
                className="org-button org-button--secondary"
                disabled={busy}
              >
                {t("approvals.page.field.attachmentRemove", { name: file.filename })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.length < max ? (
        <p className="approval-attachments__add">
          <label htmlFor={id}>{t("approvals.page.field.attachmentChoose", { label: formField.label })}</label>
          <input
            // A new list of files (attached, or one taken off) empties the input: what it held
            // has gone up, and must not go up again with the next button.
            key={files.map((file) => file.id).join(",")}
            id={id}
            type="file"
            name={`attach.${formField.key}`}
            multiple={max - files.length > 1}
            accept={ATTACHMENT_ACCEPT}
            {...describe(errorKey, hintId)}
          />{" "}
          <button
            type="submit"
            name="intent"
            value={`attach:${formField.key}`}
            className="org-button org-button--secondary"
            disabled={busy}
          >
            {t("approvals.page.field.attachmentUpload")}
          </button>
        </p>
      ) : null}
      <p id={hintId} className="approval-hint">
        {t("approvals.page.field.attachmentHint", {
          max: formatFileSize(MAX_ATTACHMENT_BYTES, locale),
          count: max,
        })}
      </p>
      <FieldError errors={errors} field={errorKey} />
    </fieldset>
  );
}

/**
 * A group of choices (checkboxes) with a hint under its legend and the refusal of `field`,
 * both read out with the group.
 */
function HintedFieldset({
  id,
  field,
  legend,
  hint,
  errors,
  children,
}: {
  id: string;
  field: string;
  legend: string;
  hint: string;
  errors: Errors;
  children: React.ReactNode;
}) {
  return (
    <fieldset
      id={id}
      className="approval-fieldset"
      aria-describedby={`${id}-hint${errors[field] ? ` ${errorIdOf(field)}` : ""}`}
    >
      <legend>{legend}</legend>
      <p id={`${id}-hint`} className="org-field__hint">
        {hint}
      </p>
      <FieldError errors={errors} field={field} />
      {children}
    </fieldset>
  );
}

/** A money field: digits with commas, and the amount in Korean words under it as it is typed. */
function MoneyInput({
  id,
  name,
  initial,
  label,
  errors,
  errorKey,
  describe,
}: {
  id: string;
  name: string;
  initial: string;
  label: React.ReactNode;
  errors: Errors;
  errorKey: string;
  describe: Describe;
}) {
  const t = useTranslator();
  const start = parseWon(initial);
  const [text, setText] = useState(start === null ? initial : start.toLocaleString("en-US"));
  const amount = parseWon(text);
  const hintId = `${id}-hint`;
  const wordsId = `${id}-words`;
  const described = describe(errorKey, hintId);
  return (
    <div className="org-field">
      {label}
      <p id={hintId} className="org-field__hint">
        {t("approvals.page.field.moneyHint")}
      </p>
      <input
        id={id}
        name={name}
        inputMode="numeric"
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        aria-invalid={described["aria-invalid"]}
        aria-describedby={`${described["aria-describedby"] ?? ""} ${wordsId}`.trim()}
      />
      <p id={wordsId} className="approval-money-words" aria-live="polite">
        {amount === null ? "" : formatWonWithWords(amount)}
      </p>
      <FieldError errors={errors} field={errorKey} />
    </div>
  );
}

function RecordsSection({
  view,
  errors,
  describe,
}: {
  view: ApprovalView;
  errors: Errors;
  describe: Describe;
}) {
  const t = useTranslator();
  const [disclosure, setDisclosure] = useState<string>(view.records.disclosure ?? "");
  return (
    <section className="approval-section" aria-labelledby="draft-records-heading">
      <h2 id="draft-records-heading">{t("approvals.page.records")}</h2>
      <fieldset
        id="draft-disclosure"
        className="approval-fieldset"
        aria-describedby={errors.disclosure ? errorIdOf("disclosure") : undefined}
      >
        <legend>{t("approvals.page.disclosure")}</legend>
        <FieldError errors={errors} field="disclosure" />
        <div className="approval-choices">
          {(["public", "partial", "private"] as const).map((option) => (
            <label key={option} className="approval-choice">
              <input
                type="radio"
                name="disclosure"
                value={option}
                defaultChecked={view.records.disclosure === option}
                onChange={() => setDisclosure(option)}
              />
              {t(DISCLOSURE_KEYS[option])}
            </label>
          ))}
        </div>
      </fieldset>
      {disclosure !== "public" ? (
        <HintedFieldset
          id="draft-grounds"
          field="disclosureGrounds"
          legend={t("approvals.page.grounds")}
          hint={t("approvals.page.groundsHint")}
          errors={errors}
        >
          <ul className="approval-grounds">
            {DISCLOSURE_GROUNDS.map((ground) => (
              <li key={ground}>
                <label className="approval-choice approval-choice--ground">
                  <input
                    type="checkbox"
                    name="disclosureGrounds"
                    value={ground}
                    defaultChecked={view.records.disclosureGrounds.includes(ground)}
                  />
                  <span>
                    <strong>{t("documents.properties.groundNumber", { number: ground })}</strong>{" "}
                    {t(GROUND_KEYS[ground]!)}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </HintedFieldset>
      ) : null}
      <div className="org-field">
        <label htmlFor="draft-retention">{t("approvals.page.retention")}</label>
        <select
          id="draft-retention"
          name="retention"
          defaultValue={view.records.retention ?? ""}
          {...describe("retention")}
        >
          <option value="">{t("approvals.page.retention.choose")}</option>
          {RETENTION_PERIODS.map((option) => (
            <option key={option} value={option}>
              {t(RETENTION_KEYS[option])}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="retention" />
      </div>
    </section>
  );
}

function LineSection({
  view,
  draft,
  errors,
  busy,
}: {
  view: ApprovalView;
  draft: DraftData;
  errors: Errors;
  busy: boolean;
}) {
  const t = useTranslator();
  const line = view.line;
  return (
    <section id="line" className="approval-section" aria-labelledby="draft-line-heading">
      <h2 id="draft-line-heading">{t("approvals.page.line")}</h2>
      {view.lineProblems.length > 0 ? (
        <div className="approval-alert approval-alert--warn" id="draft-line-problems">
          <p>{t("approvals.page.line.problems")}</p>
          <ul>
            {[...new Set(view.lineProblems.map((problem) => problem.code))].map((code) => (
              <li key={code}>{t(LINE_PROBLEM_KEYS[code] as "approvals.errors.line.empty")}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div id="draft-line" tabIndex={-1} aria-describedby={errors.line ? errorIdOf("line") : undefined}>
        <FieldError errors={errors} field="line" />
        {line.length === 0 ? (
          <p>{t("approvals.page.line.empty")}</p>
        ) : (
          <div className="org-table-wrap">
            <table className="org-table approval-line-table">
              <caption className="visually-hidden">{t("approvals.page.line.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("approvals.page.line.order")}</th>
                  <th scope="col">{t("approvals.page.line.kind")}</th>
                  <th scope="col">{t("approvals.page.line.person")}</th>
                  <th scope="col">{t("approvals.page.line.parallel")}</th>
                  <th scope="col">{t("approvals.page.line.manage")}</th>
                </tr>
              </thead>
              <tbody>
                {line.map((step, index) => {
                  const previous = line[index - 1];
                  const errorKey = `line.${index}`;
                  const kindId = `draft-step-${index}-kind`;
                  return (
                    <tr key={`${step.id}-${step.kind}-${step.group}`} data-assignee={step.assigneeId}>
                      <td>{index + 1}</td>
                      <td>
                        <input type="hidden" name="stepAssignee" value={step.assigneeId} />
                        <input
                          type="hidden"
                          name="stepDelegation"
                          value={step.mayCloseByDelegation ? "1" : "0"}
                        />
                        <select
                          id={kindId}
                          name="stepKind"
                          defaultValue={step.kind}
                          aria-label={t("approvals.page.line.kindOf", { order: index + 1 })}
                          aria-invalid={errors[errorKey] ? true : undefined}
                          aria-describedby={errors[errorKey] ? errorIdOf(errorKey) : undefined}
                        >
                          {(["review", "cooperate", "approve"] as const).map((kind) => (
                            <option key={kind} value={kind}>
                              {t(STEP_KIND_KEYS[kind])}
                            </option>
                          ))}
                        </select>
                        {step.mayCloseByDelegation ? (
                          <span
                            className="org-badge org-badge--ok"
                            title={t("approvals.page.line.delegationHint")}
                          >
                            {t("approvals.page.line.delegation")}
                          </span>
                        ) : null}
                      </td>
                      <td>
                        <span className="approval-person">
                          <strong>{step.assigneeName}</strong> {step.assigneePosition}
                          <span className="approval-person__unit"> {step.assigneeDepartment}</span>
                        </span>
                        {step.assigneeActive ? null : (
                          <span className="org-badge org-badge--warn">
                            {t("approvals.draft.assigneeInactive")}
                          </span>
                        )}
                        <FieldError errors={errors} field={errorKey} />
                      </td>
                      <td>
                        {step.kind === "cooperate" && previous?.kind === "cooperate" ? (
                          <input
                            type="checkbox"
                            name="stepParallel"
                            value={step.assigneeId}
                            defaultChecked={previous.group === step.group}
                            aria-label={t("approvals.page.line.parallelOf", { name: step.assigneeName })}
                          />
                        ) : null}
                      </td>
                      <td className="approval-line-table__manage">
                        <button
                          type="submit"
                          name="intent"
                          value={`line-up:${index}`}
                          className="org-button org-button--secondary"
                          disabled={busy || index === 0}
                          aria-label={t("approvals.page.line.upOf", { name: step.assigneeName })}
                        >
                          {t("approvals.page.line.up")}
                        </button>
                        <button
                          type="submit"
                          name="intent"
                          value={`line-down:${index}`}
                          className="org-button org-button--secondary"
                          disabled={busy || index === line.length - 1}
                          aria-label={t("approvals.page.line.downOf", { name: step.assigneeName })}
                        >
                          {t("approvals.page.line.down")}
                        </button>
                        <button
                          type="submit"
                          name="intent"
                          value={`line-remove:${index}`}
                          className="org-button org-button--secondary"
                          disabled={busy}
                          aria-label={t("approvals.page.line.removeOf", { name: step.assigneeName })}
                        >
                          {t("approvals.page.line.remove")}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="approval-line-tools">
        <div>
          <button
            type="submit"
            name="intent"
            value="line-auto"
            className="org-button org-button--secondary"
            aria-describedby="draft-line-auto-hint"
            disabled={busy}
          >
            {t("approvals.page.line.automaticButton")}
          </button>
          <p id="draft-line-auto-hint" className="org-field__hint">
            {t("approvals.page.line.automaticHint")}
          </p>
        </div>
        <SavedLines lines={draft.savedLines} busy={busy} />
      </div>
    </section>
  );
}

function SavedLines({ lines, busy }: { lines: SavedLineView[]; busy: boolean }) {
  const t = useTranslator();
  if (lines.length === 0) return <p className="org-field__hint">{t("approvals.page.line.savedNone")}</p>;
  const flagged = lines.flatMap((line) =>
    line.steps.flatMap((step) =>
      step.flag ? [{ line: line.name, name: step.assigneeName, flag: step.flag }] : [],
    ),
  );
  return (
    <fieldset className="approval-fieldset">
      <legend>{t("approvals.page.line.savedLines")}</legend>
      <div className="approval-inline">
        <label htmlFor="draft-saved-line">{t("approvals.page.line.savedLine")}</label>
        <select
          id="draft-saved-line"
          name="savedLineId"
          aria-describedby={flagged.length > 0 ? "draft-saved-flags" : undefined}
        >
          {lines.map((line) => (
            <option key={line.id} value={line.id}>
              {line.name}
            </option>
          ))}
        </select>
        <button
          type="submit"
          name="intent"
          value="line-saved"
          className="org-button org-button--secondary"
          disabled={busy}
        >
          {t("approvals.page.line.savedApply")}
        </button>
      </div>
      {flagged.length > 0 ? (
        <div id="draft-saved-flags" className="approval-alert approval-alert--warn">
          <p>{t("approvals.savedLines.flagged")}</p>
          <ul>
            {flagged.map((item) => (
              <li key={`${item.line}-${item.name}-${item.flag}`}>
                {t("approvals.page.line.savedFlagged", {
                  line: item.line,
                  name: item.name || "?",
                  problem: t(FLAG_KEYS[item.flag]),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </fieldset>
  );
}

function PeopleSection({ draft, isDrafter, busy }: { draft: DraftData; isDrafter: boolean; busy: boolean }) {
  const t = useTranslator();
  const adds: { verb: string; label: PlainKey }[] = [
    { verb: "line-add:review", label: "approvals.page.people.addReview" },
    { verb: "line-add:cooperate", label: "approvals.page.people.addCooperate" },
    { verb: "line-add:approve", label: "approvals.page.people.addApprove" },
    { verb: "cc-add", label: "approvals.page.people.addCc" },
    ...(isDrafter ? [{ verb: "co-add", label: "approvals.page.people.addCoDrafter" as const }] : []),
  ];
  return (
    <section id="people" className="approval-section" aria-labelledby="draft-people-heading">
      <h2 id="draft-people-heading">{t("approvals.page.people")}</h2>
      <div className="approval-inline">
        <label htmlFor="draft-people-q">{t("approvals.page.people.query")}</label>
        <input
          id="draft-people-q"
          name="q"
          type="search"
          defaultValue={draft.q}
          maxLength={50}
          autoComplete="off"
          aria-describedby={`draft-people-hint${draft.searchError ? " draft-people-error" : ""}`}
          onKeyDown={(event) => {
            // Enter here searches, not saves (the form's default button).
            if (event.key === "Enter") {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit(
                document.getElementById("draft-people-search") as HTMLButtonElement,
              );
            }
          }}
        />
        <button
          id="draft-people-search"
          type="submit"
          name="intent"
          value="search"
          className="org-button org-button--secondary"
          disabled={busy}
        >
          {t("approvals.page.people.search")}
        </button>
      </div>
      <p id="draft-people-hint" className="org-field__hint">
        {t("approvals.page.people.hint")}
      </p>
      {draft.searchError ? (
        <p id="draft-people-error" className="org-field__error" role="alert">
          {draft.searchError}
        </p>
      ) : null}
      {draft.people.length === 0 ? (
        <p>{t("approvals.page.people.none")}</p>
      ) : (
        <div className="org-table-wrap">
          <table className="org-table approval-people-table">
            <caption className="visually-hidden">{t("approvals.page.people.results")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("approvals.page.people.name")}</th>
                <th scope="col">{t("approvals.page.people.position")}</th>
                <th scope="col">{t("approvals.page.people.department")}</th>
                <th scope="col">{t("approvals.page.people.add")}</th>
              </tr>
            </thead>
            <tbody>
              {draft.people.map((person) => (
                <tr key={person.id} data-person={person.id}>
                  <th scope="row">{person.name}</th>
                  <td>{person.positionName}</td>
                  <td>{person.departmentPath || person.departmentName}</td>
                  <td className="approval-people-table__add">
                    {adds.map((add) => (
                      <button
                        key={add.verb}
                        type="submit"
                        name="intent"
                        value={`${add.verb}:${person.id}`}
                        className="org-button org-button--secondary"
                        disabled={busy}
                        aria-label={t("approvals.page.people.addOf", {
                          name: person.name,
                          what: t(add.label),
                        })}
                      >
                        {t(add.label)}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ParticipantsSection({
  view,
  draft,
  errors,
  isDrafter,
  busy,
}: {
  view: ApprovalView;
  draft: DraftData;
  errors: Errors;
  isDrafter: boolean;
  busy: boolean;
}) {
  const t = useTranslator();
  const chosen = new Set(view.recipients.map((unit) => unit.id));
  return (
    <section id="participants" className="approval-section" aria-labelledby="draft-participants-heading">
      <h2 id="draft-participants-heading">{t("approvals.page.participants")}</h2>
      <div className="approval-columns">
        <div id="draft-cc" tabIndex={-1}>
          <h3>{t("approvals.page.cc")}</h3>
          <FieldError errors={errors} field="cc" />
          {view.cc.length === 0 ? (
            <p className="org-field__hint">{t("approvals.page.cc.empty")}</p>
          ) : (
            <ul className="approval-people-list">
              {view.cc.map((person) => (
                <li key={person.id}>
                  <input type="hidden" name="cc" value={person.id} />
                  {person.name} {person.positionName}{" "}
                  <span className="approval-person__unit">{person.departmentName}</span>{" "}
                  <button
                    type="submit"
                    name="intent"
                    value={`cc-remove:${person.id}`}
                    className="org-button org-button--secondary"
                    disabled={busy}
                    aria-label={t("approvals.page.removeOf", { name: person.name })}
                  >
                    {t("approvals.page.line.remove")}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div id="draft-co-drafters" tabIndex={-1}>
          <h3>{t("approvals.page.coDrafters")}</h3>
          <p className="org-field__hint">{t("approvals.page.coDrafters.hint")}</p>
          <FieldError errors={errors} field="coDrafters" />
          {view.coDrafters.length === 0 ? (
            <p className="org-field__hint">{t("approvals.page.coDrafters.empty")}</p>
          ) : (
            <ul className="approval-people-list">
              {view.coDrafters.map((person) => (
                <li key={person.id}>
                  {isDrafter ? <input type="hidden" name="coDrafter" value={person.id} /> : null}
                  {person.name} {person.positionName}{" "}
                  <span className="approval-person__unit">{person.departmentName}</span>{" "}
                  {isDrafter ? (
                    <button
                      type="submit"
                      name="intent"
                      value={`co-remove:${person.id}`}
                      className="org-button org-button--secondary"
                      disabled={busy}
                      aria-label={t("approvals.page.removeOf", { name: person.name })}
                    >
                      {t("approvals.page.line.remove")}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <HintedFieldset
        id="draft-recipients"
        field="recipients"
        legend={t("approvals.page.recipients")}
        hint={t("approvals.page.recipients.hint")}
        errors={errors}
      >
        <ul className="approval-departments">
          {draft.departments.map((unit) => (
            <li key={unit.id} data-depth={Math.min(unit.depth, 6)}>
              <label className="approval-choice">
                <input
                  type="checkbox"
                  name="recipients"
                  value={unit.id}
                  defaultChecked={chosen.has(unit.id)}
                />
                {unit.name}
              </label>
            </li>
          ))}
        </ul>
      </HintedFieldset>
    </section>
  );
}
