import type { MessageKey, ParamsArgument } from "@nuri/i18n";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useTranslator } from "../../i18n.ts";
import type { ActionResult } from "./admin-context.server.ts";

/** A message without placeholders. */
export type PlainKey = { [K in MessageKey]: ParamsArgument<K> extends [] ? K : never }[MessageKey];

/** "기관 관리 › [사용자 관리 ›] <this page>" at the top of every admin section. */
export function AdminBreadcrumb({
  current,
  viaPeople = false,
}: {
  current: PlainKey | { text: string };
  viaPeople?: boolean;
}) {
  const t = useTranslator();
  const { tenant } = useParams();
  return (
    <nav aria-label={t("org.nav.breadcrumb")} className="org-breadcrumb">
      <ol>
        <li>
          <Link to={`/t/${tenant}/admin`}>{t("org.admin.title")}</Link>
        </li>
        {viaPeople ? (
          <li>
            <Link to={`/t/${tenant}/admin/people`}>{t("org.people.title")}</Link>
          </li>
        ) : null}
        <li aria-current="page">{typeof current === "string" ? t(current) : current.text}</li>
      </ol>
    </nav>
  );
}

/** The outcome of the last action, announced to screen readers. */
export function ActionNotice({ result, intent }: { result: ActionResult | undefined; intent?: string }) {
  if (!result || (intent && result.intent !== intent)) return null;
  if (result.ok) {
    return (
      <p className="org-notice org-notice--ok" role="status">
        {result.notice}
      </p>
    );
  }
  if (!result.formError) return null;
  return (
    <p className="org-notice org-notice--error" role="alert">
      {result.formError}
    </p>
  );
}

/** A labelled input with its hint and error tied to it by aria-describedby. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="org-field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="org-field__hint">
          {hint}
        </p>
      ) : null}
      {children(ids || undefined, Boolean(error))}
      {error ? (
        <p id={`${id}-error`} className="org-field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A one-time link shown once, in a read-only field that is easy to select and copy. */
export function OneTimeLink({
  id,
  label,
  url,
  note,
}: {
  id: string;
  label: string;
  url: string;
  note: string;
}) {
  return (
    <div className="org-link" role="status">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="org-link__url" readOnly value={url} aria-describedby={`${id}-note`} />
      <p id={`${id}-note`} className="org-field__hint">
        {note}
      </p>
    </div>
  );
}

/** A person's status badges: active or disabled, set-up pending, locked. */
export function PersonStatus({
  person,
}: {
  person: { status: "active" | "disabled"; setupPending: boolean; locked: boolean };
}) {
  const t = useTranslator();
  return (
    <span className="org-badges">
      <span className={person.status === "active" ? "org-badge org-badge--ok" : "org-badge org-badge--muted"}>
        {t(person.status === "active" ? "org.status.active" : "org.status.disabled")}
      </span>
      {person.setupPending ? (
        <span className="org-badge org-badge--warn">{t("org.status.setupPending")}</span>
      ) : null}
      {person.locked ? <span className="org-badge org-badge--warn">{t("org.status.locked")}</span> : null}
    </span>
  );
}
