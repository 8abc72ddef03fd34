import { type Locale, type MessageKey, translate } from "@nuri/i18n";
import { useEffect, useRef } from "react";
import { data, Form, Link, useActionData, useNavigation } from "react-router";
import { z } from "zod";
import { auditActor, clientIp } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError, notFound } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import { requireDocument } from "../../services/documents/require-document.server.ts";
import {
  ConfirmationRequired,
  changeLinkSharing,
  changeShare,
  type DocumentActor,
  removeShare,
  shareDocument,
  transferOwnership,
} from "../../services/documents/sharing.server.ts";
import {
  loadSharingPage,
  PEOPLE_QUERY_MAX,
  PEOPLE_SEARCH_LIMIT,
  type ShareEntry,
} from "../../services/documents/sharing-page.server.ts";
import type { ShareRole } from "../../services/documents/sharing-rules.server.ts";
import orgStyles from "../../styles/org.css?url";
import { formValues, translateKey } from "../org/admin-context.server.ts";
import type { Route } from "./+types/share";

// /t/:tenant/documents/:documentId/share — who may see the document and with which role.
// Owners and editors may share (readers and commenters get 403, people without access and
// people of other agencies 404). A share beyond one's own department is confirmed first: the
// action refuses it with 409 and the page asks, then sends it again with confirmBeyondDepartment=1.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches, loaderData }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const title = loaderData?.document.title || translate(locale, "documents.sharing.untitled");
  return [{ title: translate(locale, "documents.sharing.metaTitle", { title }) }];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const access = await requireDocument(request, params, "editor");
  const { db } = await getAppDatabase();
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").replaceAll("\0", "");
  const queryTooLong = query.trim().length > PEOPLE_QUERY_MAX;
  const page = await loadSharingPage(
    db,
    { tenantId: access.tenant.id, userId: access.user.id, role: access.role },
    access.document.id,
    queryTooLong ? null : query,
  );
  if (!page) throw notFound();
  return {
    ...page,
    role: access.role,
    me: access.user.id,
    query: query.slice(0, PEOPLE_QUERY_MAX * 2),
    queryTooLong,
    limits: { queryMax: PEOPLE_QUERY_MAX, searchMax: PEOPLE_SEARCH_LIMIT },
    documentPath: `/t/${access.tenant.slug}/documents/${access.document.id}`,
    documentUrl: `${url.origin}/t/${access.tenant.slug}/documents/${access.document.id}`,
  };
}

type ShareResult =
  | { ok: true; intent: string; notice: string }
  | {
      ok: false;
      intent: string;
      formError?: string;
      fieldErrors: Record<string, string>;
      values: Record<string, string>;
      /** The question to ask before sharing beyond one's department. */
      confirm?: string;
    };

/** The roles a share may give, in the order the selects offer them (the services check them again). */
const SHARE_ROLES = ["reader", "commenter", "editor"] as const satisfies readonly ShareRole[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idField = z.string().regex(UUID, { error: "documents.sharing.error.invalidChoice" });
const roleField = z.enum(SHARE_ROLES, { error: "documents.sharing.error.invalidChoice" });
const confirmField = z
  .string()
  .optional()
  .transform((value) => value === "1");

const schemas = {
  "share-person": z.object({ granteeId: idField, role: roleField, confirmBeyondDepartment: confirmField }),
  "share-department": z.object({
    departmentId: idField,
    role: roleField,
    confirmBeyondDepartment: confirmField,
  }),
  "share-agency": z.object({ role: roleField, confirmBeyondDepartment: confirmField }),
  change: z.object({ shareId: idField, role: roleField }),
  remove: z.object({ shareId: idField }),
  link: z.object({
    access: z.enum(["off", "agency", "public"], { error: "documents.sharing.error.invalidChoice" }),
    role: roleField,
    confirmBeyondDepartment: confirmField,
  }),
  transfer: z.object({ newOwnerId: idField }),
};
type Intent = keyof typeof schemas;

export async function action({ request, params, context }: Route.ActionArgs) {
  const access = await requireDocument(request, params, "editor");
  const { db } = await getAppDatabase();
  const { locale } = resolveLocale(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const refuse = (errors: Partial<Extract<ShareResult, { ok: false }>>, status: number) =>
    data<ShareResult>(
      { ok: false, intent, fieldErrors: {}, values: formValues(form), ...errors },
      { status },
    );
  if (!Object.hasOwn(schemas, intent)) {
    return refuse({ formError: translate(locale, "documents.sharing.error.form") }, 400);
  }
  const parsed = schemas[intent as Intent].safeParse(formValues(form));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.message.startsWith("documents.")
        ? (issue.message as MessageKey)
        : "documents.sharing.error.invalidChoice";
      fieldErrors[String(issue.path[0] ?? "form")] ??= translateKey(locale, key);
    }
    return refuse({ fieldErrors, formError: translate(locale, "documents.sharing.error.form") }, 400);
  }
  const ctx: DocumentActor = {
    db,
    tenantId: access.tenant.id,
    userId: access.user.id,
    actor: auditActor(access.user),
    ip: clientIp(context),
  };
  const documentId = access.document.id;
  try {
    const notice = await perform(ctx, documentId, intent as Intent, parsed.data, locale);
    return data<ShareResult>({ ok: true, intent, notice });
  } catch (error) {
    if (error instanceof ConfirmationRequired) {
      const grantee = String(error.params.grantee ?? "");
      const confirm =
        grantee === "tenant"
          ? translate(locale, "documents.sharing.confirm.agency", { tenant: access.tenant.name })
          : grantee === "link"
            ? translate(locale, "documents.sharing.confirm.link")
            : translate(locale, "documents.sharing.confirm.beyondDepartment", { grantee });
      return refuse({ confirm }, 409);
    }
    if (error instanceof AppError) {
      return refuse({ formError: translateKey(locale, error.messageKey, error.params) }, error.status);
    }
    throw error;
  }
}

async function perform(
  ctx: DocumentActor,
  documentId: string,
  intent: Intent,
  // biome-ignore lint/suspicious/noExplicitAny: narrowed per intent by the schema that parsed it
  input: any,
  locale: Locale,
): Promise<string> {
  const outcomeNotice = (outcome: "added" | "changed" | "unchanged", added: string) =>
    outcome === "added"
      ? added
      : translate(
          locale,
          outcome === "changed" ? "documents.sharing.notice.changed" : "documents.sharing.notice.unchanged",
        );
  switch (intent) {
    case "share-person": {
      const result = await shareDocument(ctx, {
        documentId,
        grantee: { kind: "user", id: input.granteeId },
        role: input.role,
        confirmBeyondDepartment: input.confirmBeyondDepartment,
      });
      return outcomeNotice(
        result.outcome,
        translate(locale, "documents.sharing.notice.added", { name: result.label }),
      );
    }
    case "share-department": {
      const result = await shareDocument(ctx, {
        documentId,
        grantee: { kind: "department", id: input.departmentId },
        role: input.role,
        confirmBeyondDepartment: input.confirmBeyondDepartment,
      });
      return outcomeNotice(
        result.outcome,
        translate(locale, "documents.sharing.notice.addedDepartment", { name: result.label }),
      );
    }
    case "share-agency": {
      const result = await shareDocument(ctx, {
        documentId,
        grantee: { kind: "tenant" },
        role: input.role,
        confirmBeyondDepartment: input.confirmBeyondDepartment,
      });
      return outcomeNotice(result.outcome, translate(locale, "documents.sharing.notice.addedAgency"));
    }
    case "change": {
      const result = await changeShare(ctx, { documentId, shareId: input.shareId, role: input.role });
      return outcomeNotice(result.outcome, "");
    }
    case "remove":
      await removeShare(ctx, { documentId, shareId: input.shareId });
      return translate(locale, "documents.sharing.notice.removed");
    case "link": {
      const result = await changeLinkSharing(ctx, {
        documentId,
        access: input.access,
        role: input.role,
        confirmBeyondDepartment: input.confirmBeyondDepartment,
      });
      return translate(
        locale,
        result.outcome === "changed" ? "documents.sharing.notice.link" : "documents.sharing.notice.unchanged",
      );
    }
    case "transfer": {
      const result = await transferOwnership(ctx, { documentId, newOwnerId: input.newOwnerId });
      return translate(locale, "documents.sharing.notice.transferred", { name: result.label });
    }
  }
}

const ROLE_KEYS = {
  reader: "documents.sharing.role.reader",
  commenter: "documents.sharing.role.commenter",
  editor: "documents.sharing.role.editor",
  owner: "documents.sharing.role.owner",
} as const;

export default function SharePage({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const page = loaderData;
  const title = page.document.title || t("documents.sharing.untitled");
  const owner = page.role === "owner";
  const failure = result && !result.ok ? result : undefined;
  const errorsFor = (intent: string) => (failure?.intent === intent ? failure.fieldErrors : {});

  return (
    <div className="org-page share-page">
      <nav aria-label={t("org.nav.breadcrumb")} className="org-breadcrumb">
        <ol>
          <li>
            <Link to={page.documentPath}>{title}</Link>
          </li>
          <li aria-current="page">{t("documents.sharing.title")}</li>
        </ol>
      </nav>
      <h1>{t("documents.sharing.title")}</h1>
      <p>{t("documents.sharing.lead", { title })}</p>
      <p className="org-field__hint">{t("documents.sharing.roleHelp")}</p>

      {result?.ok ? (
        <p className="org-notice org-notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      {failure?.formError ? (
        <p className="org-notice org-notice--error" role="alert">
          {failure.formError}
        </p>
      ) : null}
      {failure?.confirm ? (
        <ConfirmBeyond message={failure.confirm} values={failure.values} busy={busy} />
      ) : null}

      <AccessList page={page} />

      <section aria-labelledby="people-heading" className="org-panel">
        <h2 id="people-heading">{t("documents.sharing.people.heading")}</h2>
        <Form method="get" role="search" className="org-form org-form--inline">
          <div className="org-field">
            <label htmlFor="share-q">{t("documents.sharing.people.search")}</label>
            <p id="share-q-hint" className="org-field__hint">
              {t("documents.sharing.people.searchHint")}
            </p>
            <input
              id="share-q"
              name="q"
              type="search"
              defaultValue={page.query}
              maxLength={page.limits.queryMax}
              aria-describedby={page.queryTooLong ? "share-q-hint share-q-error" : "share-q-hint"}
              aria-invalid={page.queryTooLong || undefined}
            />
            {page.queryTooLong ? (
              <p id="share-q-error" className="org-field__error">
                {t("documents.sharing.people.queryTooLong", { max: page.limits.queryMax })}
              </p>
            ) : null}
          </div>
          <button type="submit" className="org-button org-button--secondary">
            {t("documents.sharing.people.searchSubmit")}
          </button>
        </Form>
        {page.search ? (
          <PeopleResults
            search={page.search}
            max={page.limits.searchMax}
            errors={errorsFor("share-person")}
          />
        ) : null}
      </section>

      <section aria-labelledby="department-heading" className="org-panel">
        <h2 id="department-heading">{t("documents.sharing.department.heading")}</h2>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="share-department" />
          <div className="org-field">
            <label htmlFor="share-department">{t("documents.sharing.department.label")}</label>
            <p id="share-department-hint" className="org-field__hint">
              {t("documents.sharing.department.hint")}
            </p>
            <select
              id="share-department"
              name="departmentId"
              required
              defaultValue=""
              aria-describedby={
                errorsFor("share-department").departmentId
                  ? "share-department-hint share-department-error"
                  : "share-department-hint"
              }
            >
              <option value="" disabled>
                {t("documents.sharing.department.choose")}
              </option>
              {page.departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.path}
                </option>
              ))}
            </select>
            {errorsFor("share-department").departmentId ? (
              <p id="share-department-error" className="org-field__error">
                {errorsFor("share-department").departmentId}
              </p>
            ) : null}
          </div>
          <RoleSelect id="share-department-role" label={t("documents.sharing.role.label")} />
          <button type="submit" className="org-button" disabled={busy}>
            {t("documents.sharing.department.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="agency-heading" className="org-panel">
        <h2 id="agency-heading">{t("documents.sharing.agency.heading")}</h2>
        <p className="org-field__hint">{t("documents.sharing.agency.hint", { tenant: page.tenantName })}</p>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="share-agency" />
          <RoleSelect id="share-agency-role" label={t("documents.sharing.role.label")} />
          <button type="submit" className="org-button" disabled={busy}>
            {t("documents.sharing.agency.submit")}
          </button>
        </Form>
      </section>

      <LinkSharing page={page} owner={owner} busy={busy} />

      {owner ? <TransferOwnership shares={page.shares} busy={busy} /> : null}
    </div>
  );
}

type PageData = Route.ComponentProps["loaderData"];

function RoleSelect({
  id,
  label,
  name = "role",
  defaultValue = "reader",
}: {
  id: string;
  label: string;
  name?: string;
  defaultValue?: ShareRole;
}) {
  const t = useTranslator();
  return (
    <div className="org-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue}>
        {SHARE_ROLES.map((role) => (
          <option key={role} value={role}>
            {t(ROLE_KEYS[role])}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The question asked before a share reaches beyond one's department; sends the same form again. */
function ConfirmBeyond({
  message,
  values,
  busy,
}: {
  message: string;
  values: Record<string, string>;
  busy: boolean;
}) {
  const t = useTranslator();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section aria-labelledby="confirm-heading" className="org-panel share-confirm">
      <h2 id="confirm-heading" ref={heading} tabIndex={-1}>
        {t("documents.sharing.confirm.heading")}
      </h2>
      <p role="alert">{message}</p>
      <Form method="post" className="org-form org-form--inline">
        {Object.entries(values)
          .filter(([name]) => name !== "confirmBeyondDepartment")
          .map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        <input type="hidden" name="confirmBeyondDepartment" value="1" />
        <button type="submit" className="org-button" disabled={busy}>
          {t("documents.sharing.confirm.submit")}
        </button>
        <Link to="." className="org-button org-button--secondary">
          {t("documents.sharing.confirm.cancel")}
        </Link>
      </Form>
    </section>
  );
}

function AccessList({ page }: { page: PageData }) {
  const t = useTranslator();
  const link =
    page.document.linkAccess === "off"
      ? null
      : page.document.linkAccess === "agency"
        ? t("documents.sharing.access.linkAgency", { tenant: page.tenantName })
        : t("documents.sharing.access.linkPublic");
  return (
    <section aria-labelledby="access-heading">
      <h2 id="access-heading">{t("documents.sharing.access.heading")}</h2>
      <div className="org-table-wrap">
        <table className="org-table">
          <thead>
            <tr>
              <th scope="col">{t("documents.sharing.access.who")}</th>
              <th scope="col">{t("documents.sharing.access.role")}</th>
              <th scope="col">{t("documents.sharing.access.actions")}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                {t("documents.sharing.access.owner", { name: page.document.owner.name })}
                {page.document.owner.departmentPath ? (
                  <span className="org-field__hint"> {page.document.owner.departmentPath}</span>
                ) : null}
              </th>
              <td>{t("documents.sharing.role.owner")}</td>
              <td>{t("documents.sharing.access.fixed")}</td>
            </tr>
            {page.document.space ? (
              <tr>
                <th scope="row">
                  {t("documents.sharing.access.space", { department: page.document.space.path })}
                </th>
                <td>{t("documents.sharing.role.editor")}</td>
                <td>{t("documents.sharing.access.spaceNote")}</td>
              </tr>
            ) : null}
            {link ? (
              <tr>
                <th scope="row">{link}</th>
                <td>{t(ROLE_KEYS[page.document.linkRole])}</td>
                <td>{t("documents.sharing.access.linkNote")}</td>
              </tr>
            ) : null}
            {page.shares.map((share) => (
              <ShareRow key={share.id} share={share} tenantName={page.tenantName} />
            ))}
          </tbody>
        </table>
      </div>
      {page.shares.length === 0 ? <p>{t("documents.sharing.access.none")}</p> : null}
    </section>
  );
}

function ShareRow({ share, tenantName }: { share: ShareEntry; tenantName: string }) {
  const t = useTranslator();
  const name =
    share.granteeKind === "tenant"
      ? t("documents.sharing.access.agency", { tenant: tenantName })
      : share.granteeKind === "department"
        ? t("documents.sharing.access.department", { department: share.name })
        : share.name;
  return (
    <tr>
      <th scope="row">
        {name}
        {share.detail ? <span className="org-field__hint"> {share.detail}</span> : null}
        {share.inactive ? (
          <span className="org-badge org-badge--muted"> {t("documents.sharing.access.inactive")}</span>
        ) : null}
      </th>
      <td>
        {share.canChange ? (
          <Form method="post" className="org-inline-form">
            <input type="hidden" name="intent" value="change" />
            <input type="hidden" name="shareId" value={share.id} />
            <label htmlFor={`role-${share.id}`} className="visually-hidden">
              {t("documents.sharing.access.roleOf", { name })}
            </label>
            <select id={`role-${share.id}`} name="role" defaultValue={share.role}>
              {SHARE_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(ROLE_KEYS[role])}
                </option>
              ))}
            </select>{" "}
            <button
              type="submit"
              className="org-button org-button--secondary"
              aria-label={t("documents.sharing.access.changeOf", { name })}
            >
              {t("documents.sharing.access.change")}
            </button>
          </Form>
        ) : (
          t(ROLE_KEYS[share.role])
        )}
      </td>
      <td>
        {share.canRemove ? (
          <Form method="post" className="org-inline-form">
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="shareId" value={share.id} />
            <button
              type="submit"
              className="org-button org-button--danger"
              aria-label={t("documents.sharing.access.removeOf", { name })}
            >
              {t("documents.sharing.access.remove")}
            </button>
          </Form>
        ) : (
          t("documents.sharing.access.fixed")
        )}
      </td>
    </tr>
  );
}

function PeopleResults({
  search,
  max,
  errors,
}: {
  search: NonNullable<PageData["search"]>;
  max: number;
  errors: Record<string, string>;
}) {
  const t = useTranslator();
  if (search.results.length === 0) {
    return <p role="status">{t("documents.sharing.people.none", { query: search.query })}</p>;
  }
  return (
    <>
      {errors.granteeId || errors.role ? (
        <p className="org-notice org-notice--error" role="alert">
          {errors.granteeId ?? errors.role}
        </p>
      ) : null}
      <div className="org-table-wrap">
        <table className="org-table">
          <caption>{t("documents.sharing.people.results", { query: search.query })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("documents.sharing.people.name")}</th>
              <th scope="col">{t("documents.sharing.people.department")}</th>
              <th scope="col">{t("documents.sharing.people.position")}</th>
              <th scope="col">{t("documents.sharing.role.label")}</th>
            </tr>
          </thead>
          <tbody>
            {search.results.map((person) => (
              <tr key={person.id}>
                <th scope="row">{person.name}</th>
                <td>{person.departmentPath ?? ""}</td>
                <td>{person.positionName ?? ""}</td>
                <td>
                  <Form method="post" className="org-inline-form">
                    <input type="hidden" name="intent" value="share-person" />
                    <input type="hidden" name="granteeId" value={person.id} />
                    <label htmlFor={`person-role-${person.id}`} className="visually-hidden">
                      {t("documents.sharing.people.roleFor", { name: person.name })}
                    </label>
                    <select id={`person-role-${person.id}`} name="role" defaultValue="reader">
                      {SHARE_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {t(ROLE_KEYS[role])}
                        </option>
                      ))}
                    </select>{" "}
                    <button
                      type="submit"
                      className="org-button"
                      aria-label={t("documents.sharing.people.shareWith", { name: person.name })}
                    >
                      {t("documents.sharing.people.share")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {search.more ? (
        <p className="org-field__hint">{t("documents.sharing.people.more", { count: max })}</p>
      ) : null}
    </>
  );
}

function LinkSharing({ page, owner, busy }: { page: PageData; owner: boolean; busy: boolean }) {
  const t = useTranslator();
  const choices = [
    { value: "off", label: t("documents.sharing.link.off") },
    { value: "agency", label: t("documents.sharing.link.agency", { tenant: page.tenantName }) },
    // Offered only where the agency allows it (the action refuses it otherwise), or to show a
    // public link that was made before the policy changed.
    ...(page.allowPublicLinks || page.document.linkAccess === "public"
      ? [{ value: "public", label: t("documents.sharing.link.public") }]
      : []),
  ] as const;
  return (
    <section aria-labelledby="link-heading" className="org-panel">
      <h2 id="link-heading">{t("documents.sharing.link.heading")}</h2>
      <div className="org-link">
        <label htmlFor="share-url">{t("documents.sharing.link.url")}</label>
        <input
          id="share-url"
          className="org-link__url"
          readOnly
          value={page.documentUrl}
          aria-describedby="share-url-hint"
        />
        <p id="share-url-hint" className="org-field__hint">
          {t("documents.sharing.link.urlHint")}
        </p>
      </div>
      {owner ? (
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="link" />
          <fieldset>
            <legend>{t("documents.sharing.link.access")}</legend>
            {choices.map((choice) => (
              <div key={choice.value}>
                <input
                  type="radio"
                  id={`link-${choice.value}`}
                  name="access"
                  value={choice.value}
                  defaultChecked={page.document.linkAccess === choice.value}
                />{" "}
                <label htmlFor={`link-${choice.value}`}>{choice.label}</label>
              </div>
            ))}
            {page.allowPublicLinks ? null : (
              <p className="org-field__hint">{t("documents.sharing.link.publicNotAllowed")}</p>
            )}
          </fieldset>
          <RoleSelect
            id="link-role"
            label={t("documents.sharing.link.role")}
            defaultValue={page.document.linkRole}
          />
          <button type="submit" className="org-button" disabled={busy}>
            {t("documents.sharing.link.submit")}
          </button>
        </Form>
      ) : (
        <p>{t("documents.sharing.link.ownerOnly")}</p>
      )}
    </section>
  );
}

function TransferOwnership({ shares, busy }: { shares: ShareEntry[]; busy: boolean }) {
  const t = useTranslator();
  const people = shares.filter((share) => share.granteeKind === "user" && !share.inactive);
  return (
    <section aria-labelledby="transfer-heading" className="org-panel">
      <h2 id="transfer-heading">{t("documents.sharing.transfer.heading")}</h2>
      <p className="org-field__hint">{t("documents.sharing.transfer.hint")}</p>
      {people.length === 0 ? (
        <p>{t("documents.sharing.transfer.none")}</p>
      ) : (
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="transfer" />
          <div className="org-field">
            <label htmlFor="transfer-owner">{t("documents.sharing.transfer.label")}</label>
            <select id="transfer-owner" name="newOwnerId" required defaultValue="">
              <option value="" disabled>
                {t("documents.sharing.transfer.choose")}
              </option>
              {people.map((share) => (
                <option key={share.id} value={share.granteeId ?? ""}>
                  {share.detail ? `${share.name} (${share.detail})` : share.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="org-button org-button--danger" disabled={busy}>
            {t("documents.sharing.transfer.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
