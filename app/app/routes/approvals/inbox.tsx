import { formatDate, formatNumber, translate } from "@nuri/i18n";
import { data, Form, Link, redirect } from "react-router";
import { AppError, notFound } from "../../errors.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { ApprovalsFieldError } from "../../services/approvals/approvals-admin-context.server.ts";
import { searchApprovalPeople } from "../../services/approvals/list-approval-people.server.ts";
import { listForms } from "../../services/approvals/list-forms.server.ts";
import {
  INBOX_BOXES,
  INBOX_PAGE_SIZE,
  type InboxBox,
  type InboxFilters,
  type InboxPage,
  listInbox,
  MAX_INBOX_QUERY,
} from "../../services/approvals/list-inbox.server.ts";
import { Pagination } from "../documents/list-ui.tsx";
import { pageParam } from "../documents/spaces-route.server.ts";
import type { Route } from "./+types/inbox";
import { messageOf, personLabel, requireApprovalsContext } from "./approvals-route.server.ts";
import { BOX_LABELS, STATUS_LABELS, STEP_KIND_LABELS, STEP_STATUS_LABELS } from "./approvals-ui.tsx";

// /t/:tenant/approvals (결재대기) and /t/:tenant/approvals/box/:box — one 문서함 as a table, newest
// first, 50 rows a page, narrowed by a GET form: a period, a form, a drafter (found by name) and
// a text in the title or the number. A bad filter is answered in words beside its input (400).

export function meta({ matches, loaderData }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const box = loaderData?.box ?? "waiting";
  return [
    {
      title: `${translate(locale, BOX_LABELS[box])} — ${translate(locale, "approvals.inbox.title")}`,
    },
  ];
}

/** The day a row is listed by: 상신 for the boxes of documents under way, completion, or last change. */
const DATE_COLUMN = {
  waiting: "approvals.ui.inbox.column.submitted",
  upcoming: "approvals.ui.inbox.column.submitted",
  in_progress: "approvals.ui.inbox.column.submitted",
  completed: "approvals.ui.inbox.column.completed",
  rejected: "approvals.ui.inbox.column.updated",
  drafts: "approvals.ui.inbox.column.updated",
  cc: "approvals.ui.inbox.column.submitted",
  received: "approvals.ui.inbox.column.completed",
  circulation: "approvals.ui.inbox.column.completed",
} as const satisfies Record<InboxBox, string>;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireApprovalsContext(request, params, context);
  const url = new URL(request.url);
  const box = params.box ?? "waiting";
  if (!(INBOX_BOXES as readonly string[]).includes(box)) throw notFound();
  // 결재대기 lives at the index, so the menu marks one link for it.
  if (params.box === "waiting") throw redirect(`/t/${tenant.slug}/approvals${url.search}`);

  const query = url.searchParams;
  const text = (name: string) => (query.get(name) ?? "").trim();
  const values = {
    from: text("from"),
    to: text("to"),
    formId: text("formId"),
    drafter: text("drafter"),
    drafterId: text("drafterId"),
    q: text("q"),
  };
  const fieldErrors: Record<string, string> = {};
  const filters: InboxFilters = {
    from: values.from,
    to: values.to,
    formId: values.formId,
    q: values.q,
  };

  // 기안자 is typed as a name; the list filters by a person. One match is taken; several are
  // offered in a select (and a choice already made among them is kept).
  let drafterChoices: { id: string; label: string }[] = [];
  if (values.drafter) {
    try {
      const people = (await searchApprovalPeople(ctx, { query: values.drafter })).filter((person) =>
        person.name.includes(values.drafter),
      );
      if (people.length === 0) {
        fieldErrors.drafter = translate(locale, "approvals.ui.inbox.drafterNotFound");
      } else if (people.length === 1) {
        filters.drafterId = people[0]!.id;
      } else {
        drafterChoices = people.map((person) => ({ id: person.id, label: personLabel(person) }));
        if (people.some((person) => person.id === values.drafterId)) filters.drafterId = values.drafterId;
        else fieldErrors.drafter = translate(locale, "approvals.ui.inbox.drafterMany");
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      fieldErrors.drafter = messageOf(locale, error);
    }
  } else if (values.drafterId) {
    filters.drafterId = values.drafterId;
  }

  const forms = await listForms(ctx);
  let page: InboxPage = {
    box: box as InboxBox,
    rows: [],
    total: 0,
    page: 1,
    pageSize: INBOX_PAGE_SIZE,
    pageCount: 0,
  };
  if (Object.keys(fieldErrors).length === 0) {
    try {
      page = await listInbox(ctx, { box: box as InboxBox, filters, page: pageParam(request) });
    } catch (error) {
      if (!(error instanceof ApprovalsFieldError)) throw error;
      fieldErrors[error.field === "drafterId" ? "drafter" : error.field] = messageOf(locale, error);
    }
  }

  const payload = {
    slug: tenant.slug,
    box: box as InboxBox,
    maxQuery: MAX_INBOX_QUERY,
    values,
    filtered: Object.entries(values).some(([, value]) => value !== ""),
    fieldErrors,
    drafterChoices,
    forms: forms.map((form) => ({ id: form.id, name: form.name })),
    page: {
      total: page.total,
      page: page.page,
      pageCount: page.pageCount,
      rows: page.rows.map((row) => ({
        id: row.id,
        title: row.title,
        formName: row.formName,
        drafterName: row.drafterName,
        drafterDepartment: row.drafterDepartment,
        status: row.status,
        myStep: row.myStep,
        listed: { label: formatDate(row.listedAt, locale), iso: row.listedAt.toISOString() },
        registrationNumber: row.registrationNumber,
        unread: row.unread === true,
      })),
    },
  };
  return Object.keys(fieldErrors).length > 0 ? data(payload, { status: 400 }) : payload;
}

export default function Inbox({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const { slug, box, page, fieldErrors, values } = loaderData;
  const boxName = t(BOX_LABELS[box]);
  const hasErrors = Object.keys(fieldErrors).length > 0;
  const showStep = ["waiting", "upcoming", "in_progress", "completed", "rejected"].includes(box);
  return (
    <div className="org-page">
      <h1>{boxName}</h1>
      <InboxFilterForm
        box={box}
        slug={slug}
        values={values}
        fieldErrors={fieldErrors}
        forms={loaderData.forms}
        drafterChoices={loaderData.drafterChoices}
        maxQuery={loaderData.maxQuery}
      />
      {hasErrors ? (
        <p className="org-notice org-notice--error" role="alert">
          {t("approvals.ui.inbox.filterError")}
        </p>
      ) : (
        <p className="approvals-total" role="status">
          {t("approvals.ui.inbox.total", { count: formatNumber(page.total, locale) })}
        </p>
      )}
      {page.rows.length === 0 ? (
        hasErrors ? null : (
          <p className="approvals-empty">
            {t(loaderData.filtered ? "approvals.ui.inbox.emptyFiltered" : "approvals.inbox.empty")}
          </p>
        )
      ) : (
        <div className="org-table-wrap">
          <table className="org-table approvals-table">
            <caption>{boxName}</caption>
            <thead>
              <tr>
                <th scope="col">{t("approvals.inbox.column.title")}</th>
                <th scope="col">{t("approvals.inbox.column.form")}</th>
                <th scope="col">{t("approvals.inbox.column.drafter")}</th>
                <th scope="col">{t("approvals.inbox.column.status")}</th>
                {showStep ? <th scope="col">{t("approvals.ui.inbox.column.myStep")}</th> : null}
                <th scope="col">{t(DATE_COLUMN[box])}</th>
                <th scope="col">{t("approvals.inbox.column.number")}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.id} className={row.unread ? "approvals-row--unread" : undefined}>
                  <th scope="row">
                    <Link to={`/t/${slug}/approvals/${row.id}`}>
                      {row.title.trim() || t("approvals.draft.untitled")}
                    </Link>
                    {row.unread ? (
                      <>
                        {" "}
                        <span className="org-badge org-badge--warn">{t("approvals.inbox.unread")}</span>
                      </>
                    ) : null}
                  </th>
                  <td>{row.formName}</td>
                  <td>
                    {row.drafterName}
                    <span className="approvals-sub">{row.drafterDepartment}</span>
                  </td>
                  <td>{t(STATUS_LABELS[row.status])}</td>
                  {showStep ? (
                    <td>
                      {row.myStep ? (
                        <>
                          {t(STEP_KIND_LABELS[row.myStep.kind])} ({t(STEP_STATUS_LABELS[row.myStep.status])})
                          {row.myStep.postApproval === "owed" ? (
                            <span className="approvals-sub">{t("approvals.ui.inbox.postApproval")}</span>
                          ) : null}
                          {row.myStep.onBehalfOf ? (
                            <span className="approvals-sub">
                              {t("approvals.ui.inbox.onBehalfOf", { name: row.myStep.onBehalfOf.name })}
                            </span>
                          ) : null}
                        </>
                      ) : null}
                    </td>
                  ) : null}
                  <td>
                    <time dateTime={row.listed.iso}>{row.listed.label}</time>
                  </td>
                  <td>{row.registrationNumber ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.pageCount > 1 ? (
        <Pagination page={page.page} pageCount={page.pageCount} total={page.total} />
      ) : null}
    </div>
  );
}

function InboxFilterForm({
  box,
  slug,
  values,
  fieldErrors,
  forms,
  drafterChoices,
  maxQuery,
}: {
  box: InboxBox;
  slug: string;
  values: Record<"from" | "to" | "formId" | "drafter" | "drafterId" | "q", string>;
  fieldErrors: Record<string, string>;
  forms: { id: string; name: string }[];
  drafterChoices: { id: string; label: string }[];
  maxQuery: number;
}) {
  const t = useTranslator();
  const action = box === "waiting" ? `/t/${slug}/approvals` : `/t/${slug}/approvals/box/${box}`;
  const describe = (name: string, hint?: boolean) =>
    [hint ? `filter-${name}-hint` : null, fieldErrors[name] ? `filter-${name}-error` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  const error = (name: string) =>
    fieldErrors[name] ? (
      <p id={`filter-${name}-error`} className="org-field__error">
        {fieldErrors[name]}
      </p>
    ) : null;
  // Keyed by the query, so that the inputs show the URL's values after every search.
  const key = JSON.stringify(values);
  return (
    <Form
      method="get"
      action={action}
      className="approvals-filters"
      role="search"
      aria-label={t("approvals.ui.inbox.filters")}
      key={key}
    >
      <div className="org-field">
        <label htmlFor="filter-from">{t("approvals.inbox.filter.from")}</label>
        <input
          id="filter-from"
          name="from"
          type="date"
          defaultValue={values.from}
          aria-invalid={fieldErrors.from ? true : undefined}
          aria-describedby={describe("from")}
        />
        {error("from")}
      </div>
      <div className="org-field">
        <label htmlFor="filter-to">{t("approvals.inbox.filter.to")}</label>
        <input
          id="filter-to"
          name="to"
          type="date"
          defaultValue={values.to}
          aria-invalid={fieldErrors.to ? true : undefined}
          aria-describedby={describe("to")}
        />
        {error("to")}
      </div>
      <div className="org-field">
        <label htmlFor="filter-form">{t("approvals.inbox.filter.form")}</label>
        <select
          id="filter-form"
          name="formId"
          defaultValue={values.formId}
          aria-invalid={fieldErrors.formId ? true : undefined}
          aria-describedby={describe("formId")}
        >
          <option value="">{t("approvals.ui.inbox.allForms")}</option>
          {forms.map((form) => (
            <option key={form.id} value={form.id}>
              {form.name}
            </option>
          ))}
        </select>
        {error("formId")}
      </div>
      <div className="org-field">
        <label htmlFor="filter-drafter">{t("approvals.inbox.filter.drafter")}</label>
        <p id="filter-drafter-hint" className="org-field__hint">
          {t("approvals.ui.inbox.drafterHint")}
        </p>
        <input
          id="filter-drafter"
          name="drafter"
          type="search"
          maxLength={50}
          defaultValue={values.drafter}
          aria-invalid={fieldErrors.drafter ? true : undefined}
          aria-describedby={describe("drafter", true)}
        />
        {error("drafter")}
      </div>
      {drafterChoices.length > 1 ? (
        <div className="org-field">
          <label htmlFor="filter-drafter-id">{t("approvals.ui.inbox.drafterChoose")}</label>
          <select id="filter-drafter-id" name="drafterId" defaultValue={values.drafterId}>
            {drafterChoices.map((person) => (
              <option key={person.id} value={person.id}>
                {person.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="org-field">
        <label htmlFor="filter-q">{t("approvals.inbox.filter.q")}</label>
        <input
          id="filter-q"
          name="q"
          type="search"
          maxLength={maxQuery}
          defaultValue={values.q}
          aria-invalid={fieldErrors.q ? true : undefined}
          aria-describedby={describe("q")}
        />
        {error("q")}
      </div>
      <div className="approvals-filters__buttons">
        <button type="submit" className="org-button">
          {t("approvals.inbox.filter.apply")}
        </button>
        <Link className="org-button org-button--secondary" to={action}>
          {t("approvals.ui.inbox.reset")}
        </Link>
      </div>
    </Form>
  );
}
