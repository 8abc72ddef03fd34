import { formatDate, formatDateTime, type MessageKey } from "@nuri/i18n";
import { Form, Link, useNavigation } from "react-router";
import { useLocale, useTranslator } from "../../i18n.ts";
import type { ApprovalStepView, ApprovalView } from "../../services/approvals/get-approval.server.ts";
import type { AmendmentEntry } from "../../services/approvals/list-amendments.server.ts";
import type { ApprovalPersonChoice } from "../../services/approvals/list-approval-people.server.ts";
import type { DocumentActionResult } from "./approval-document.server.ts";
import { ApprovalBody } from "./document-body.tsx";
import { ErrorSummary, OpinionBox } from "./document-draft.tsx";
import {
  AttachmentFileLink,
  DISCLOSURE_KEYS,
  DOCUMENT_STATUS_KEYS,
  fieldValueText,
  RETENTION_KEYS,
  STEP_KIND_KEYS,
  stepStatusText,
} from "./document-labels.tsx";

// The approval page once a draft has been submitted (상신), and for anyone who only reads a
// draft: who drafted what, the form's values, the 결재란 with how each step stands, the body
// (live while it may still be amended, frozen once completed), the amendments made along the
// line, the history with its 의견, the buttons the viewer may press, and after completion the
// official document and 공람.

export interface CirculationData {
  cq: string;
  people: ApprovalPersonChoice[];
  searchError: string | null;
}

export function SubmittedPage({
  view,
  amendments,
  circulation,
  result,
  tenant,
  me,
  bodyHtml,
}: {
  view: ApprovalView;
  amendments: AmendmentEntry[];
  circulation: CirculationData | null;
  result: DocumentActionResult | undefined;
  tenant: { id: string; slug: string };
  me: { id: string; name: string; colorIndex: number };
  bodyHtml: string;
}) {
  const t = useTranslator();
  const base = `/t/${tenant.slug}/approvals/${view.id}`;
  const mode =
    view.status === "completed"
      ? "frozen"
      : view.viewer.bodyPermission === "edit"
        ? "live-edit"
        : "live-read";
  return (
    <>
      <ErrorSummary result={result} />
      <DocumentFacts view={view} />
      {view.status === "completed" ? <OfficialLinks base={base} /> : null}
      <ActionPanel view={view} meId={me.id} result={result} />
      <ValuesSection view={view} base={base} />
      <SignatureTable view={view} />
      <section className="approval-section" aria-labelledby="view-body-heading">
        <h2 id="view-body-heading">{t("approvals.page.body")}</h2>
        {mode === "live-edit" ? <p className="approval-hint">{t("approvals.page.body.amendable")}</p> : null}
        <ApprovalBody
          tenant={tenant}
          bodyDocumentId={view.bodyDocumentId}
          ticketUrl={`${base}/ticket`}
          me={me}
          html={bodyHtml}
          mode={mode}
        />
      </section>
      {view.status !== "draft" ? <AmendmentsSection amendments={amendments} /> : null}
      <ParticipantsView view={view} />
      {view.status === "completed" ? <CirculationSection view={view} circulation={circulation} /> : null}
      <HistorySection view={view} />
    </>
  );
}

/** 서식, 제목, 기안자, 처리과, 상신일, 상태, and once registered 문서번호 and 시행일자. */
export function DocumentFacts({ view }: { view: ApprovalView }) {
  const t = useTranslator();
  const locale = useLocale();
  return (
    <dl className="approval-facts">
      <div>
        <dt>{t("approvals.page.form")}</dt>
        <dd>{view.form.name}</dd>
      </div>
      <div>
        <dt>{t("approvals.page.status")}</dt>
        <dd>
          <span className="approval-status" data-status={view.status}>
            {t(DOCUMENT_STATUS_KEYS[view.status])}
          </span>
        </dd>
      </div>
      <div>
        <dt>{t("approvals.page.drafter")}</dt>
        <dd>
          {view.drafter.name} {view.drafter.positionName}
        </dd>
      </div>
      <div>
        <dt>{t("approvals.page.department")}</dt>
        <dd>{view.department.name}</dd>
      </div>
      <div>
        <dt>{view.submittedAt ? t("approvals.page.submittedAt") : t("approvals.page.createdAt")}</dt>
        <dd>
          <time dateTime={new Date(view.submittedAt ?? view.createdAt).toISOString()}>
            {formatDateTime(view.submittedAt ?? view.createdAt, locale)}
          </time>
        </dd>
      </div>
      {view.registrationNumber ? (
        <div>
          <dt>{t("approvals.page.number")}</dt>
          <dd className="approval-number">{view.registrationNumber}</dd>
        </div>
      ) : null}
      {view.effectiveDate ? (
        <div>
          <dt>{t("approvals.page.effectiveDate")}</dt>
          <dd>{formatDate(`${view.effectiveDate}T00:00:00+09:00`, locale)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function OfficialLinks({ base }: { base: string }) {
  const t = useTranslator();
  return (
    <section className="approval-section approval-official" aria-labelledby="view-official-heading">
      <h2 id="view-official-heading">{t("approvals.page.official")}</h2>
      <p className="approval-hint">{t("approvals.document.koreanOnly")}</p>
      <ul className="approval-official__links">
        <li>
          {/* a page to read and print, outside the app */}
          <a href={`${base}/official.html`}>{t("approvals.page.official.html")}</a>
        </li>
        <li>
          <a href={`${base}/official.html?download`} download>
            {t("approvals.page.official.htmlDownload")}
          </a>
        </li>
        <li>
          <a href={`${base}/official.pdf`} download>
            {t("approvals.page.official.pdf")}
          </a>
        </li>
      </ul>
    </section>
  );
}

/** A button of the action panel: it posts its intent ("act:approve" …) with the 의견. */
function ActButton({
  intent,
  look,
  busy,
  children,
}: {
  intent: string;
  look?: "danger" | "secondary";
  busy: boolean;
  children: React.ReactNode;
}) {
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      className={look ? `org-button org-button--${look}` : "org-button"}
      disabled={busy}
    >
      {children}
    </button>
  );
}

/** The files of an attachment field, each a download link with its size. */
function AttachmentLinks({ view, fieldKey, base }: { view: ApprovalView; fieldKey: string; base: string }) {
  const t = useTranslator();
  const files = view.attachments.filter((file) => file.fieldKey === fieldKey);
  if (files.length === 0) return <>{t("approvals.page.field.empty")}</>;
  return (
    <ul className="approval-attachments__list">
      {files.map((file) => (
        <li key={file.id}>
          <AttachmentFileLink file={file} base={base} />
        </li>
      ))}
    </ul>
  );
}

function ValuesSection({ view, base }: { view: ApprovalView; base: string }) {
  const t = useTranslator();
  const locale = useLocale();
  const { disclosure, disclosureGrounds, retention } = view.records;
  return (
    <section className="approval-section" aria-labelledby="view-values-heading">
      <h2 id="view-values-heading">{t("approvals.page.values")}</h2>
      <dl className="approval-values">
        {view.form.fields.map((formField) => (
          <div key={formField.key}>
            <dt>{formField.label}</dt>
            <dd>
              {formField.type === "attachment" ? (
                <AttachmentLinks view={view} fieldKey={formField.key} base={base} />
              ) : (
                fieldValueText(t, locale, formField, view.values[formField.key])
              )}
            </dd>
          </div>
        ))}
        <div>
          <dt>{t("approvals.page.disclosure")}</dt>
          <dd>
            {disclosure ? t(DISCLOSURE_KEYS[disclosure]) : t("approvals.page.field.empty")}
            {disclosure && disclosure !== "public" && disclosureGrounds.length > 0
              ? ` (${disclosureGrounds.map((ground) => t("documents.properties.groundNumber", { number: ground })).join(", ")})`
              : null}
          </dd>
        </div>
        <div>
          <dt>{t("approvals.page.retention")}</dt>
          <dd>{retention ? t(RETENTION_KEYS[retention]) : t("approvals.page.field.empty")}</dd>
        </div>
        <div>
          <dt>{t("approvals.page.recipients")}</dt>
          <dd>
            {view.recipients.length === 0
              ? t("approvals.page.recipients.none")
              : view.recipients.map((unit) => unit.name).join(", ")}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** The 결재란: the drafter first, then every step with its 구분, 직위, 이름, status and time. */
export function SignatureTable({ view }: { view: ApprovalView }) {
  const t = useTranslator();
  const locale = useLocale();
  const at = (date: Date | null) =>
    date ? <time dateTime={new Date(date).toISOString()}>{formatDateTime(date, locale)}</time> : null;
  return (
    <section className="approval-section" aria-labelledby="view-signatures-heading">
      <h2 id="view-signatures-heading">{t("approvals.page.signatures")}</h2>
      <div className="org-table-wrap">
        <table className="org-table approval-signatures">
          <caption className="visually-hidden">{t("approvals.page.signatures.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("approvals.page.signatures.role")}</th>
              <th scope="col">{t("approvals.page.signatures.position")}</th>
              <th scope="col">{t("approvals.page.signatures.name")}</th>
              <th scope="col">{t("approvals.page.signatures.department")}</th>
              <th scope="col">{t("approvals.page.signatures.status")}</th>
              <th scope="col">{t("approvals.page.signatures.at")}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-step="drafter">
              <td>{t("approvals.page.signatures.drafter")}</td>
              <td>{view.drafter.positionName}</td>
              <th scope="row">{view.drafter.name}</th>
              <td>{view.department.name}</td>
              <td>
                {view.submittedAt ? t("approvals.page.stepStatus.submitted") : t(DOCUMENT_STATUS_KEYS.draft)}
              </td>
              <td>{at(view.submittedAt)}</td>
            </tr>
            {view.line.map((step) => (
              <tr key={step.id} data-step={step.ordinal} data-current={step.current || undefined}>
                <td>{t(STEP_KIND_KEYS[step.kind])}</td>
                <td>{step.assigneePosition}</td>
                <th scope="row">{step.assigneeName}</th>
                <td>{step.assigneeDepartment}</td>
                <td className="approval-signatures__status" data-status={step.status}>
                  {stepStatusText(t, step)}
                </td>
                <td>
                  {at(step.actedAt)}
                  {step.postApprovedAt ? <> · {at(step.postApprovedAt)}</> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function approveLabel(step: ApprovalStepView | undefined): MessageKey {
  if (step?.kind === "review") return "approvals.page.actions.approveReview";
  if (step?.kind === "cooperate") return "approvals.page.actions.approveCooperate";
  return "approvals.page.actions.approve";
}

/** The buttons the viewer may press now, with one 의견 box for all of them. */
function ActionPanel({
  view,
  meId,
  result,
}: {
  view: ApprovalView;
  meId: string;
  result: DocumentActionResult | undefined;
}) {
  const t = useTranslator();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const actions = new Set(view.viewer.actions);
  const mine = view.line.find((step) => step.current && step.assigneeId === meId);
  const proxies = actions.has("proxy-approve")
    ? view.line.filter(
        (step, index, line) =>
          step.current &&
          step.assigneeId !== meId &&
          view.viewer.substituteFor.includes(step.assigneeId) &&
          line.findIndex((other) => other.assigneeId === step.assigneeId) === index,
      )
    : [];
  const owed = actions.has("post-approve")
    ? view.line.filter((step) => step.assigneeId === meId && step.postApproval === "owed")
    : [];
  const lineActions = ["approve", "close-by-delegation", "reject", "hold", "withdraw"].filter((a) =>
    actions.has(a as never),
  );
  if (lineActions.length === 0 && proxies.length === 0 && owed.length === 0 && !view.viewer.mayRedraft)
    return null;
  const opinionError = result && !result.ok ? result.formError : undefined;

  return (
    <section className="approval-section approval-actions" aria-labelledby="view-actions-heading">
      <h2 id="view-actions-heading">{t("approvals.page.actions")}</h2>
      {lineActions.length > 0 || proxies.length > 0 || owed.length > 0 ? (
        <Form method="post" className="approval-actions__form" preventScrollReset>
          <p id="view-actions-lead" className="approval-hint">
            {t("approvals.page.actions.lead")}
          </p>
          <div className="org-field">
            <label htmlFor="view-opinion">{t("approvals.page.actions.opinion")}</label>
            <OpinionBox
              id="view-opinion"
              name="opinion"
              describe={{
                "aria-invalid": opinionError ? true : undefined,
                "aria-describedby": "view-actions-lead",
              }}
            />
          </div>
          {actions.has("reject") ? (
            <fieldset className="approval-fieldset">
              <legend>{t("approvals.page.actions.rejectTo")}</legend>
              <div className="approval-choices">
                <label className="approval-choice">
                  <input type="radio" name="rejectTo" value="drafter" defaultChecked />
                  {t("approvals.page.actions.rejectToDrafter")}
                </label>
                <label className="approval-choice">
                  <input type="radio" name="rejectTo" value="previous" />
                  {t("approvals.page.actions.rejectToPrevious")}
                </label>
              </div>
            </fieldset>
          ) : null}
          <div className="org-actions">
            {actions.has("approve") ? (
              <ActButton intent="act:approve" busy={busy}>
                {t(approveLabel(mine) as "approvals.page.actions.approve")}
              </ActButton>
            ) : null}
            {actions.has("close-by-delegation") ? (
              <ActButton intent="act:close-by-delegation" busy={busy}>
                {t("approvals.actions.close-by-delegation")}
              </ActButton>
            ) : null}
            {proxies.map((step) => (
              <ActButton key={step.id} intent={`act:proxy-approve:${step.assigneeId}`} busy={busy}>
                {t("approvals.page.actions.proxyFor", {
                  name: `${step.assigneeName} ${step.assigneePosition}`.trim(),
                })}
              </ActButton>
            ))}
            {owed.map((step) => (
              <ActButton key={step.id} intent={`act:post-approve:${step.id}`} busy={busy}>
                {t("approvals.page.actions.postApprove")}
              </ActButton>
            ))}
            {actions.has("reject") ? (
              <ActButton intent="act:reject" look="danger" busy={busy}>
                {t("approvals.actions.reject")}
              </ActButton>
            ) : null}
            {actions.has("hold") ? (
              <ActButton intent="act:hold" look="secondary" busy={busy}>
                {t("approvals.actions.hold")}
              </ActButton>
            ) : null}
            {actions.has("withdraw") ? (
              <ActButton intent="act:withdraw" look="secondary" busy={busy}>
                {t("approvals.actions.withdraw")}
              </ActButton>
            ) : null}
          </div>
        </Form>
      ) : null}
      {view.viewer.mayRedraft ? (
        <Form method="post" className="approval-actions__form">
          <p id="view-redraft-hint" className="approval-hint">
            {t("approvals.page.actions.redraftHint")}
          </p>
          <button
            type="submit"
            name="intent"
            value="redraft"
            className="org-button"
            aria-describedby="view-redraft-hint"
            disabled={busy}
          >
            {t("approvals.page.actions.redraft")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function AmendmentsSection({ amendments }: { amendments: AmendmentEntry[] }) {
  const t = useTranslator();
  const locale = useLocale();
  return (
    <section className="approval-section" aria-labelledby="view-amendments-heading">
      <h2 id="view-amendments-heading">{t("approvals.page.amendments")}</h2>
      {amendments.length === 0 ? (
        <p>{t("approvals.amendments.empty")}</p>
      ) : (
        <ol className="approval-amendments">
          {amendments.map((amendment) => (
            <li key={amendment.id}>
              <p>
                <strong>
                  {t("approvals.amendments.by", {
                    name: amendment.author.name,
                    position: amendment.author.position,
                  })}
                </strong>{" "}
                {amendment.step
                  ? `· ${t("approvals.page.amendments.at", { step: t(STEP_KIND_KEYS[amendment.step.kind]) })} `
                  : null}
                ·{" "}
                <time dateTime={new Date(amendment.createdAt).toISOString()}>
                  {formatDateTime(amendment.createdAt, locale)}
                </time>
              </p>
              {amendment.diff === null ? (
                <p>{t("approvals.page.amendments.tooLarge")}</p>
              ) : (
                <>
                  <p className="approval-hint">
                    {t("approvals.page.amendments.summary", {
                      added: amendment.diff.added,
                      removed: amendment.diff.removed,
                    })}
                  </p>
                  <div className="approval-diff">
                    {amendment.diff.parts.map((part, index) =>
                      part.kind === "same" ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
                        <span key={index}>{part.text}</span>
                      ) : part.kind === "added" ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
                        <ins key={index}>
                          <span className="visually-hidden">{t("documents.history.compare.insStart")}</span>
                          {part.text}
                          <span className="visually-hidden">{t("documents.history.compare.insEnd")}</span>
                        </ins>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
                        <del key={index}>
                          <span className="visually-hidden">{t("documents.history.compare.delStart")}</span>
                          {part.text}
                          <span className="visually-hidden">{t("documents.history.compare.delEnd")}</span>
                        </del>
                      ),
                    )}
                  </div>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ParticipantsView({ view }: { view: ApprovalView }) {
  const t = useTranslator();
  const locale = useLocale();
  if (view.cc.length === 0 && view.coDrafters.length === 0) return null;
  return (
    <section className="approval-section" aria-labelledby="view-participants-heading">
      <h2 id="view-participants-heading">{t("approvals.page.participants")}</h2>
      {view.cc.length > 0 ? (
        <>
          <h3>{t("approvals.page.cc")}</h3>
          <ul className="approval-people-list">
            {view.cc.map((person) => (
              <li key={person.id}>
                {person.name} {person.positionName}{" "}
                <span className="approval-person__unit">{person.departmentName}</span>{" "}
                <span className="approval-hint">
                  {person.readAt
                    ? t("approvals.page.readAt", { date: formatDateTime(person.readAt, locale) })
                    : t("approvals.page.notRead")}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.coDrafters.length > 0 ? (
        <>
          <h3>{t("approvals.page.coDrafters")}</h3>
          <ul className="approval-people-list">
            {view.coDrafters.map((person) => (
              <li key={person.id}>
                {person.name} {person.positionName}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function CirculationSection({
  view,
  circulation,
}: {
  view: ApprovalView;
  circulation: CirculationData | null;
}) {
  const t = useTranslator();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const already = new Set(view.circulation.map((person) => person.id));
  return (
    <section id="circulation" className="approval-section" aria-labelledby="view-circulation-heading">
      <h2 id="view-circulation-heading">{t("approvals.page.circulate.heading")}</h2>
      {view.circulation.length === 0 ? (
        <p>{t("approvals.page.circulate.empty")}</p>
      ) : (
        <ul className="approval-people-list">
          {view.circulation.map((person) => (
            <li key={person.id}>
              {person.name} {person.positionName}{" "}
              <span className="approval-person__unit">{person.departmentName}</span>{" "}
              <span className="approval-hint">
                {person.readAt
                  ? t("approvals.page.readAt", { date: formatDateTime(person.readAt, locale) })
                  : t("approvals.page.notRead")}
              </span>
            </li>
          ))}
        </ul>
      )}
      {circulation ? (
        <>
          <Form method="get" className="approval-inline" preventScrollReset>
            <label htmlFor="view-circulate-q">{t("approvals.page.circulate.search")}</label>
            <input
              id="view-circulate-q"
              name="cq"
              type="search"
              defaultValue={circulation.cq}
              maxLength={50}
              autoComplete="off"
            />
            <button type="submit" className="org-button org-button--secondary">
              {t("approvals.page.people.search")}
            </button>
          </Form>
          {circulation.searchError ? (
            <p className="org-field__error" role="alert">
              {circulation.searchError}
            </p>
          ) : null}
          <Form method="post" preventScrollReset>
            <fieldset className="approval-fieldset">
              <legend>{t("approvals.page.circulate.choose")}</legend>
              {circulation.people.length === 0 ? (
                <p>{t("approvals.page.people.none")}</p>
              ) : (
                <ul className="approval-people-list">
                  {circulation.people.map((person) => (
                    <li key={person.id}>
                      <label className="approval-choice">
                        <input
                          type="checkbox"
                          name="circulate"
                          value={person.id}
                          disabled={already.has(person.id)}
                          defaultChecked={already.has(person.id)}
                        />
                        {person.name} {person.positionName}{" "}
                        <span className="approval-person__unit">
                          {person.departmentPath || person.departmentName}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
            <button type="submit" name="intent" value="circulate" className="org-button" disabled={busy}>
              {t("approvals.page.circulate.submit")}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

const EVENT_KEYS: Record<string, MessageKey> = {
  draft: "approvals.page.event.draft",
  submit: "approvals.page.event.submit",
  "close-by-delegation": "approvals.page.event.close-by-delegation",
  "proxy-approve": "approvals.page.event.proxy-approve",
  "post-approve": "approvals.page.event.post-approve",
  reject: "approvals.page.event.reject",
  hold: "approvals.page.event.hold",
  withdraw: "approvals.page.event.withdraw",
  redraft: "approvals.page.event.redraft",
  circulate: "approvals.page.event.circulate",
  read: "approvals.page.event.read",
};

export function HistorySection({ view }: { view: ApprovalView }) {
  const t = useTranslator();
  const locale = useLocale();
  const steps = new Map(view.line.map((step) => [step.id, step]));
  const label = (action: string, stepId: string | null): MessageKey => {
    if (action === "approve") {
      const kind = stepId ? steps.get(stepId)?.kind : undefined;
      return kind === "review"
        ? "approvals.page.event.review"
        : kind === "cooperate"
          ? "approvals.page.event.cooperate"
          : "approvals.page.event.approve";
    }
    return EVENT_KEYS[action] ?? "approvals.page.event.other";
  };
  return (
    <section className="approval-section" aria-labelledby="view-history-heading">
      <h2 id="view-history-heading">{t("approvals.page.history")}</h2>
      {view.events.length === 0 ? (
        <p>{t("approvals.page.history.empty")}</p>
      ) : (
        <ol className="approval-history">
          {view.events.map((event) => (
            <li key={event.id} data-action={event.action}>
              <p>
                <strong>{t(label(event.action, event.stepId) as "approvals.page.event.other")}</strong> ·{" "}
                {event.actorName}
                {event.onBehalfOfName
                  ? ` (${t("approvals.page.history.onBehalfOf", { name: event.onBehalfOfName })})`
                  : null}{" "}
                ·{" "}
                <time dateTime={new Date(event.createdAt).toISOString()}>
                  {formatDateTime(event.createdAt, locale)}
                </time>
              </p>
              {event.opinion ? <blockquote className="approval-opinion">{event.opinion}</blockquote> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function RedraftLinks({ view, base }: { view: ApprovalView; base: string }) {
  const t = useTranslator();
  return (
    <>
      {view.redraftOf ? (
        <p className="approval-hint">
          {t("approvals.page.redraftOf")}{" "}
          <Link to={`${base}/${view.redraftOf}`}>{t("approvals.page.redraftOfLink")}</Link>
        </p>
      ) : null}
      {view.redraftedAs ? (
        <p className="approval-hint">
          {t("approvals.page.redraftedAs")}{" "}
          <Link to={`${base}/${view.redraftedAs}`}>{t("approvals.page.redraftedAsLink")}</Link>
        </p>
      ) : null}
    </>
  );
}
