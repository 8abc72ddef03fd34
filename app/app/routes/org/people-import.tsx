import { formatDateTime, formatNumber, translate } from "@nuri/i18n";
import { IMPORT_LIMITS, type ImportField } from "@nuri/org";
import { data, Form, Link, useActionData } from "react-router";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { importPeople, previewPeopleImport } from "../../services/org/import-people.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/people-import";
import { oneTimeLinkUrl, requireAdminContext, translateKey } from "./admin-context.server.ts";
import { AdminBreadcrumb } from "./org-ui.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "org.import.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { tenant } = await requireAdminContext(request, params, context);
  return { slug: tenant.slug };
}

// The multipart envelope around the file (boundaries, headers, the other fields).
const ENVELOPE = 64 * 1024;
// The confirmation carries the previewed file back as base64 (4 bytes for every 3), so that the
// person need not choose the file again; the server checks it again from scratch at commit time.
const COMMIT_LIMIT = Math.ceil(IMPORT_LIMITS.maxBytes / 3) * 4 + ENVELOPE;
const UPLOAD_LIMIT = IMPORT_LIMITS.maxBytes + ENVELOPE;

const MIB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

type ImportResult =
  | { step: "problem"; message: string }
  | {
      step: "preview";
      encoding: "utf-8" | "cp949";
      people: {
        line: number;
        departmentPath: string;
        name: string;
        position: string;
        loginId: string;
        email: string;
        employeeNumber: string;
      }[];
      errors: { line: number; field: string; problem: string; value: string }[];
      file: string;
    }
  | {
      step: "done";
      count: number;
      links: { name: string; loginId: string; url: string; expiresAt: string }[];
    };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale, tenant, db } = await requireAdminContext(request, params, context);
  const commit = new URL(request.url).searchParams.has("commit");
  const limit = commit ? COMMIT_LIMIT : UPLOAD_LIMIT;
  const problem = (message: string, status = 400) =>
    data<ImportResult>({ step: "problem", message }, { status });
  const tooLarge = () =>
    problem(translateKey(locale, "org.import.error.too-large", { size: MIB(IMPORT_LIMITS.maxBytes) }), 413);
  // Refuse an oversized body before reading it; a body without a declared length is refused too.
  const length = Number(request.headers.get("Content-Length") ?? Number.NaN);
  if (!Number.isFinite(length) || length > limit) return tooLarge();

  const form = await request.formData();
  let bytes: Uint8Array;
  if (commit) {
    const encoded = form.get("file");
    if (typeof encoded !== "string" || encoded.length === 0)
      return problem(translateKey(locale, "org.import.error.noFile"));
    bytes = new Uint8Array(Buffer.from(encoded, "base64"));
  } else {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0)
      return problem(translateKey(locale, "org.import.error.noFile"));
    if (file.size > IMPORT_LIMITS.maxBytes) return tooLarge();
    bytes = new Uint8Array(await file.arrayBuffer());
  }
  if (bytes.length > IMPORT_LIMITS.maxBytes) return tooLarge();

  const { plan, positionNames } = await previewPeopleImport(db, tenant.id, bytes);
  if (!plan.ok) {
    const fieldLabel = (field: ImportField) => translateKey(locale, `org.import.field.${field}`);
    return problem(
      translateKey(locale, `org.import.error.${plan.fileProblem}`, {
        size: MIB(IMPORT_LIMITS.maxBytes),
        rows: formatNumber(IMPORT_LIMITS.maxRows, locale),
        columns: (plan.missing ?? []).map(fieldLabel).join(", "),
      }),
    );
  }
  if (commit && plan.errors.length === 0) {
    try {
      const imported = await importPeople(ctx, bytes);
      return data<ImportResult>({
        step: "done",
        count: imported.length,
        links: imported.map((person) => ({
          name: person.displayName,
          loginId: person.loginId,
          url: oneTimeLinkUrl(request, tenant.slug, person.token),
          expiresAt: person.expiresAt.toISOString(),
        })),
      });
    } catch (error) {
      if (error instanceof AppError) {
        // a department closed meanwhile has its own message; anything else: the file changed
        const key =
          error.code === "org.import.department-closed"
            ? error.messageKey
            : "org.import.error.invalidAtCommit";
        return problem(translateKey(locale, key), 409);
      }
      throw error;
    }
  }
  return data<ImportResult>({
    step: "preview",
    encoding: plan.encoding,
    people: plan.people.map((person) => ({
      line: person.line,
      departmentPath: person.departmentPath,
      name: person.name,
      position: person.positionId ? (positionNames.get(person.positionId) ?? "") : "",
      loginId: person.loginId,
      email: person.email ?? "",
      employeeNumber: person.employeeNumber ?? "",
    })),
    errors: plan.errors.map((error) => ({
      line: error.line,
      field: translateKey(locale, `org.import.field.${error.field}`),
      problem: translateKey(locale, `org.import.problem.${error.problem}`),
      value: error.value,
    })),
    file: plan.errors.length === 0 ? Buffer.from(bytes).toString("base64") : "",
  });
}

export default function PeopleImport({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const base = `/t/${loaderData.slug}/admin/people`;
  return (
    <div className="org-page">
      <AdminBreadcrumb current="org.import.title" viaPeople />
      <h1>{t("org.import.title")}</h1>
      <p>{t("org.import.lead")}</p>
      <p>
        <a href={`${base}/import/template.csv`} download>
          {t("org.import.template")}
        </a>
      </p>

      {result?.step === "problem" ? (
        <p className="org-notice org-notice--error" role="alert">
          {result.message}
        </p>
      ) : null}

      {result?.step === "done" ? (
        <section aria-labelledby="done-heading" className="org-panel">
          <div role="status">
            <h2 id="done-heading">{t("org.import.done", { count: result.count })}</h2>
          </div>
          <h3>{t("org.import.linksTitle")}</h3>
          <p className="org-field__hint">{t("org.import.linksHint")}</p>
          <div className="org-table-wrap">
            <table className="org-table">
              <thead>
                <tr>
                  <th scope="col">{t("org.person.displayName")}</th>
                  <th scope="col">{t("org.person.loginId")}</th>
                  <th scope="col">{t("org.import.link")}</th>
                </tr>
              </thead>
              <tbody>
                {result.links.map((link) => (
                  <tr key={link.loginId}>
                    <th scope="row">{link.name}</th>
                    <td>{link.loginId}</td>
                    <td>
                      <input
                        className="org-link__url"
                        readOnly
                        value={link.url}
                        aria-label={`${t("org.import.link")}: ${link.loginId}`}
                        title={formatDateTime(link.expiresAt, locale)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            <Link to={base}>{t("org.person.backToList")}</Link>
          </p>
        </section>
      ) : null}

      {result?.step === "preview" ? <Preview result={result} /> : null}

      <Form method="post" encType="multipart/form-data" className="org-form org-panel">
        <div className="org-field">
          <label htmlFor="import-file">{t("org.import.file")}</label>
          <p id="import-file-hint" className="org-field__hint">
            {t("org.import.fileHint", {
              size: MIB(IMPORT_LIMITS.maxBytes),
              rows: formatNumber(IMPORT_LIMITS.maxRows, locale),
            })}
          </p>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby="import-file-hint"
          />
        </div>
        <button type="submit" className="org-button">
          {t("org.import.preview")}
        </button>
      </Form>
    </div>
  );
}

function Preview({ result }: { result: Extract<ImportResult, { step: "preview" }> }) {
  const t = useTranslator();
  return (
    <section aria-labelledby="preview-heading" className="org-panel">
      <h2 id="preview-heading">{t("org.import.previewTitle")}</h2>
      <p>
        {t("org.import.encoding", { encoding: result.encoding === "utf-8" ? "UTF-8" : "CP949 (EUC-KR)" })}
      </p>
      <p>{t("org.import.toCreate", { count: result.people.length })}</p>
      {result.errors.length > 0 ? (
        <div className="org-import-errors">
          <h3 id="errors-heading">{t("org.import.errorsTitle", { count: result.errors.length })}</h3>
          <p role="alert">{t("org.import.errorsBlock")}</p>
          <div className="org-table-wrap">
            <table className="org-table" aria-labelledby="errors-heading">
              <thead>
                <tr>
                  <th scope="col">{t("org.import.line")}</th>
                  <th scope="col">{t("org.import.field")}</th>
                  <th scope="col">{t("org.import.problem")}</th>
                  <th scope="col">{t("org.import.value")}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((error) => (
                  <tr key={`${error.line}-${error.field}-${error.problem}`}>
                    <td>{error.line}</td>
                    <td>{error.field}</td>
                    <td>{error.problem}</td>
                    <td>{error.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      {result.people.length > 0 ? (
        <div className="org-table-wrap">
          <table className="org-table">
            <caption>{t("org.import.toCreate", { count: result.people.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("org.import.line")}</th>
                <th scope="col">{t("org.import.field.departmentPath")}</th>
                <th scope="col">{t("org.import.field.name")}</th>
                <th scope="col">{t("org.import.field.position")}</th>
                <th scope="col">{t("org.import.field.loginId")}</th>
                <th scope="col">{t("org.import.field.email")}</th>
                <th scope="col">{t("org.import.field.employeeNumber")}</th>
              </tr>
            </thead>
            <tbody>
              {result.people.map((person) => (
                <tr key={person.line}>
                  <td>{person.line}</td>
                  <td>{person.departmentPath}</td>
                  <td>{person.name}</td>
                  <td>{person.position}</td>
                  <td>{person.loginId}</td>
                  <td>{person.email}</td>
                  <td>{person.employeeNumber}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.errors.length === 0 && result.file ? (
        <Form method="post" action="?commit" encType="multipart/form-data" className="org-form">
          <input type="hidden" name="file" value={result.file} />
          <button type="submit" className="org-button">
            {t("org.import.commit", { count: result.people.length })}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
