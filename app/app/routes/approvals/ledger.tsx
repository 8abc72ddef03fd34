import { formatDate, translate } from "@nuri/i18n";
import { data, Form, Link } from "react-router";
import { AppError, notFound } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { listApprovalDepartments } from "../../services/approvals/list-approval-people.server.ts";
import { type Ledger, listLedger } from "../../services/approvals/list-ledger.server.ts";
import type { Route } from "./+types/ledger";
import { messageOf, requireApprovalsContext } from "./approvals-route.server.ts";
import { RETENTION_LABELS, useDisclosureText } from "./approvals-ui.tsx";

// /t/:tenant/approvals/ledger — the 결재대장 of a department and year: the registered documents
// in the order of their numbers, with the 결재권자 marked 전결 or 대결, and the file to take
// away (ledger.csv). Members read their own department's; administrators choose any.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  return [
    {
      title: `${translate(locale, "approvals.ledger.title")} — ${translate(locale, "approvals.inbox.title")}`,
    },
  ];
}

/** `?year=` as a number: absent is the current year (null), nonsense is refused by the service. */
function yearParam(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  return /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale, isAdmin } = await requireApprovalsContext(request, params, context);
  const query = new URL(request.url).searchParams;
  const departmentId = query.get("departmentId") || null;
  const departments = isAdmin
    ? (await listApprovalDepartments(ctx)).map((unit) => ({ id: unit.id, name: unit.path }))
    : [];
  let ledger: Ledger | null = null;
  let error: string | null = null;
  let status = 200;
  try {
    ledger = await listLedger(ctx, { departmentId, year: yearParam(query.get("year")) });
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    // A department that is not in this agency is not found, like any other id of another agency.
    if (caught.status === 404) throw notFound();
    error = messageOf(locale, caught);
    status = caught.status;
  }
  const payload = {
    slug: tenant.slug,
    isAdmin,
    departments,
    error,
    ledger: ledger && {
      department: ledger.department,
      year: ledger.year,
      years: ledger.years,
      rows: ledger.rows.map((row) => ({
        ...row,
        effectiveDate: formatDate(`${row.effectiveDate}T00:00:00+09:00`, locale),
        effectiveIso: row.effectiveDate,
      })),
    },
  };
  return status === 200 ? payload : data(payload, { status });
}

export default function LedgerPage({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const disclosureText = useDisclosureText();
  const { ledger, slug } = loaderData;
  const base = `/t/${slug}/approvals`;
  const csv = ledger
    ? `${base}/ledger.csv?${new URLSearchParams({ departmentId: ledger.department.id, year: String(ledger.year) })}`
    : null;
  return (
    <div className="org-page">
      <h1>{t("approvals.ledger.title")}</h1>
      {loaderData.error ? (
        <p className="org-notice org-notice--error" role="alert">
          {loaderData.error}
        </p>
      ) : null}
      {!ledger && loaderData.isAdmin ? (
        <Form method="get" className="org-form org-form--inline">
          <div className="org-field">
            <label htmlFor="ledger-department">{t("approvals.ledger.department")}</label>
            <select id="ledger-department" name="departmentId">
              {loaderData.departments.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="org-button org-button--secondary">
            {t("approvals.ui.ledger.show")}
          </button>
        </Form>
      ) : null}
      {ledger ? (
        <>
          <p>
            {t("approvals.ledger.description", { department: ledger.department.name, year: ledger.year })}
          </p>
          <Form
            method="get"
            className="org-form org-form--inline"
            key={`${ledger.department.id}-${ledger.year}`}
          >
            {loaderData.isAdmin ? (
              <div className="org-field">
                <label htmlFor="ledger-department">{t("approvals.ledger.department")}</label>
                <select id="ledger-department" name="departmentId" defaultValue={ledger.department.id}>
                  {loaderData.departments.some((unit) => unit.id === ledger.department.id) ? null : (
                    <option value={ledger.department.id}>{ledger.department.name}</option>
                  )}
                  {loaderData.departments.map((unit) => (
                    <option key={unit.id} value={unit.id}>
                      {unit.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <input type="hidden" name="departmentId" value={ledger.department.id} />
            )}
            <div className="org-field">
              <label htmlFor="ledger-year">{t("approvals.ledger.year")}</label>
              <select id="ledger-year" name="year" defaultValue={String(ledger.year)}>
                {(ledger.years.includes(ledger.year) ? ledger.years : [ledger.year, ...ledger.years]).map(
                  (year) => (
                    <option key={year} value={year}>
                      {t("approvals.ui.ledger.yearOption", { year })}
                    </option>
                  ),
                )}
              </select>
            </div>
            <button type="submit" className="org-button org-button--secondary">
              {t("approvals.ui.ledger.show")}
            </button>
          </Form>
          {csv ? (
            <p>
              {/* A file to download: a plain link, not a client-side navigation. */}
              <a className="org-button" href={csv} download>
                {t("approvals.ledger.export")}
              </a>
            </p>
          ) : null}
          {ledger.rows.length === 0 ? (
            <p className="approvals-empty">{t("approvals.ledger.empty")}</p>
          ) : (
            <div className="org-table-wrap">
              <table className="org-table approvals-table">
                <caption>
                  {t("approvals.ui.ledger.caption", {
                    department: ledger.department.name,
                    year: ledger.year,
                  })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("approvals.ledger.column.number")}</th>
                    <th scope="col">{t("approvals.ledger.column.effectiveDate")}</th>
                    <th scope="col">{t("approvals.ledger.column.title")}</th>
                    <th scope="col">{t("approvals.ledger.column.drafter")}</th>
                    <th scope="col">{t("approvals.ledger.column.finalApprover")}</th>
                    <th scope="col">{t("approvals.ledger.column.form")}</th>
                    <th scope="col">{t("approvals.ledger.column.disclosure")}</th>
                    <th scope="col">{t("approvals.ledger.column.retention")}</th>
                  </tr>
                </thead>
                <tbody>
                  {ledger.rows.map((row) => (
                    <tr key={row.approvalId}>
                      <th scope="row">{row.registrationNumber}</th>
                      <td>
                        <time dateTime={row.effectiveIso}>{row.effectiveDate}</time>
                      </td>
                      <td>
                        <Link to={`${base}/${row.approvalId}`}>{row.title}</Link>
                      </td>
                      <td>{row.drafterName}</td>
                      <td>
                        {row.finalApprover.name}
                        {row.finalApprover.signedAs === "delegated" ? (
                          <span className="approvals-mark">{t("approvals.ui.ledger.delegated")}</span>
                        ) : null}
                        {row.finalApprover.signedAs === "proxy" ? (
                          <span className="approvals-mark">
                            {t("approvals.ui.ledger.proxy", { name: row.finalApprover.forName ?? "" })}
                          </span>
                        ) : null}
                      </td>
                      <td>{row.formName}</td>
                      <td>{disclosureText(row.disclosure, row.disclosureGrounds)}</td>
                      <td>{row.retention ? t(RETENTION_LABELS[row.retention]) : ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}
