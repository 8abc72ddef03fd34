import type { ReactNode } from "react";
import { Form, Link, useLocation, useSearchParams } from "react-router";
import { useTranslator } from "../../i18n.ts";
import { ActionNotice, Field, type PlainKey } from "../org/org-ui.tsx";
import type { PresentedRow, SpacesActionResult } from "./spaces-route.server.ts";

// The pieces the spaces pages share: the list of documents with its paging, the folders of a
// space, the form fields and the notice of the last action. Lists are lists (not tables), so a
// row reads as one line on a wide screen and wraps into a card at 360 px.

// The form fields, the notice of the last action and message keys without placeholders are the
// admin pages' own (org-ui.tsx): the same markup and classes serve both.
export { ActionNotice, Field, type PlainKey };

type Role = "reader" | "commenter" | "editor" | "owner";
const ROLE_KEYS: Record<Role, PlainKey> = {
  reader: "documents.spaces.role.reader",
  commenter: "documents.spaces.role.commenter",
  editor: "documents.spaces.role.editor",
  owner: "documents.spaces.role.owner",
};

export function useRoleLabel() {
  const t = useTranslator();
  return (role: Role) => t(ROLE_KEYS[role]);
}

/** A date of a list: relative or short, the exact time on hover and for assistive technology. */
export function ListTime({ date }: { date: { label: string; exact: string; iso: string } }) {
  return (
    <time dateTime={date.iso} title={date.exact}>
      {date.label}
    </time>
  );
}

/** The star toggle of one document: a form, so it works before the page's script has loaded. */
export function StarButton({
  documentId,
  title,
  starred,
}: {
  documentId: string;
  title: string;
  starred: boolean;
}) {
  const t = useTranslator();
  return (
    <Form method="post" className="docs-inline-form" preventScrollReset>
      <input type="hidden" name="intent" value={starred ? "unstar" : "star"} />
      <input type="hidden" name="documentId" value={documentId} />
      <button
        type="submit"
        className={starred ? "docs-star docs-star--on" : "docs-star"}
        aria-pressed={starred}
        aria-label={t("documents.spaces.star", { title: displayTitle(t, title) })}
      >
        <span aria-hidden="true">{starred ? "★" : "☆"}</span>
      </button>
    </Form>
  );
}

/** A document's title, or 제목 없음 for an untitled one. */
export function displayTitle(t: ReturnType<typeof useTranslator>, title: string): string {
  return title.trim() || t("documents.spaces.untitled");
}

/**
 * The documents of one page of a list. `extra` adds a line to a row (the trash's dates);
 * `actions` replaces the row's actions (the trash's restore and delete).
 */
export function DocumentList({
  slug,
  rows,
  label,
  empty,
  showStar = true,
  extra,
  actions,
}: {
  slug: string;
  rows: PresentedRow[];
  label: string;
  empty: string;
  showStar?: boolean;
  extra?: (row: PresentedRow) => ReactNode;
  actions?: (row: PresentedRow) => ReactNode;
}) {
  const t = useTranslator();
  const roleLabel = useRoleLabel();
  if (rows.length === 0) return <p className="docs-empty">{empty}</p>;
  return (
    <ul className="docs-list" aria-label={label}>
      {rows.map((row) => (
        <li key={row.id} className="docs-row">
          <div className="docs-row__main">
            {actions ? (
              <span className="docs-row__title">{displayTitle(t, row.title)}</span>
            ) : (
              <Link className="docs-row__title" to={`/t/${slug}/documents/${row.id}`}>
                {displayTitle(t, row.title)}
              </Link>
            )}
            <dl className="docs-row__meta">
              <div>
                <dt>{t("documents.spaces.column.owner")}</dt>
                <dd>{row.ownerName}</dd>
              </div>
              <div>
                <dt>{t("documents.spaces.column.updated")}</dt>
                <dd>
                  <ListTime date={row.updated} />
                </dd>
              </div>
              <div>
                <dt>{t("documents.spaces.column.role")}</dt>
                <dd>{roleLabel(row.role)}</dd>
              </div>
              {extra?.(row)}
            </dl>
          </div>
          <div className="docs-row__actions">
            {actions ? (
              actions(row)
            ) : (
              <>
                {showStar ? <StarButton documentId={row.id} title={row.title} starred={row.starred} /> : null}
                <Link
                  className="docs-row__link"
                  to={`/t/${slug}/documents/${row.id}/properties`}
                  aria-label={t("documents.spaces.propertiesOf", { title: displayTitle(t, row.title) })}
                >
                  {t("documents.spaces.properties")}
                </Link>
              </>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** "이전 · 2 / 5쪽 · 다음", keeping the page's other query parameters. */
export function Pagination({ page, pageCount, total }: { page: number; pageCount: number; total: number }) {
  const t = useTranslator();
  const { pathname, search } = useLocation();
  const to = (n: number) => {
    const query = new URLSearchParams(search);
    query.delete("index");
    if (n === 1) query.delete("page");
    else query.set("page", String(n));
    const rest = query.toString();
    return rest ? `${pathname}?${rest}` : pathname;
  };
  return (
    <nav className="org-paging docs-paging" aria-label={t("documents.spaces.paging")}>
      <p>{t("documents.spaces.pageStatus", { page, pages: pageCount, total })}</p>
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev">
          {t("documents.spaces.previous")}
        </Link>
      ) : null}
      {page < pageCount ? (
        <Link to={to(page + 1)} rel="next">
          {t("documents.spaces.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** The folders directly inside the one shown. */
export function FolderList({ slug, folders }: { slug: string; folders: { id: string; name: string }[] }) {
  const t = useTranslator();
  if (folders.length === 0) return null;
  return (
    <ul className="docs-folders" aria-label={t("documents.spaces.folders")}>
      {folders.map((folder) => (
        <li key={folder.id}>
          <Link to={`/t/${slug}/documents/folders/${folder.id}`}>
            <span aria-hidden="true" className="docs-folders__icon">
              ▸
            </span>{" "}
            {folder.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The form that adds a folder where the page is (the page's action creates it). */
export function NewFolderForm({ result }: { result: SpacesActionResult | undefined }) {
  const t = useTranslator();
  const mine = result && !result.ok && result.intent === "createFolder" ? result : undefined;
  return (
    <details className="org-details docs-new-folder" open={Boolean(mine)}>
      <summary>{t("documents.spaces.folder.new")}</summary>
      <Form method="post" className="org-form">
        <input type="hidden" name="intent" value="createFolder" />
        <Field id="new-folder-name" label={t("documents.spaces.folder.name")} error={mine?.fieldErrors.name}>
          {(describedBy, invalid) => (
            <input
              id="new-folder-name"
              name="name"
              required
              maxLength={100}
              defaultValue={mine?.values.name}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <button type="submit" className="org-button">
          {t("documents.spaces.folder.create")}
        </button>
      </Form>
    </details>
  );
}

/** "새 문서" leading to the new-document page with this place chosen. */
export function NewDocumentLink({ slug, to }: { slug: string; to: string }) {
  const t = useTranslator();
  return (
    <Link className="org-button" to={`/t/${slug}/documents/new?to=${encodeURIComponent(to)}`}>
      {t("documents.spaces.newDocument")}
    </Link>
  );
}

/** "내 문서 / 회의 자료", "디지털정부정책과 / 2026년". */
function destinationLabel(
  t: ReturnType<typeof useTranslator>,
  destination: { departmentName: string | null; folderPath: string | null },
): string {
  const space = destination.departmentName ?? t("documents.spaces.view.mine");
  return destination.folderPath ? `${space} / ${destination.folderPath}` : space;
}

/**
 * The 위치 select of the new-document and properties forms: 내 문서 and the person's department
 * spaces, with their folders.
 */
export function DestinationField({
  id,
  hint,
  error,
  defaultValue,
  destinations,
  unlisted,
}: {
  id: string;
  hint?: string;
  error?: string;
  defaultValue: string;
  destinations: { value: string; departmentName: string | null; folderPath: string | null }[];
  /** How to name `defaultValue` when it is not among `destinations`: shown, not choosable. */
  unlisted?: string;
}) {
  const t = useTranslator();
  return (
    <Field id={id} label={t("documents.spaces.new.destination")} hint={hint} error={error}>
      {(describedBy, invalid) => (
        <select
          id={id}
          name="destination"
          defaultValue={defaultValue}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        >
          {unlisted === undefined || destinations.some((d) => d.value === defaultValue) ? null : (
            <option value={defaultValue} disabled>
              {unlisted}
            </option>
          )}
          {destinations.map((destination) => (
            <option key={destination.value} value={destination.value}>
              {destinationLabel(t, destination)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** After a document went to the trash from its properties page (`?trashed=1`). */
export function TrashedNotice() {
  const t = useTranslator();
  const [search] = useSearchParams();
  if (search.get("trashed") !== "1") return null;
  return (
    <p className="org-notice org-notice--ok" role="status">
      {t("documents.spaces.trashedNotice")}
    </p>
  );
}
