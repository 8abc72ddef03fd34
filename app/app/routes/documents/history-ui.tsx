import { formatDateTime } from "@nuri/i18n";
import { useLocale, useTranslator } from "../../i18n.ts";

// What the history and version pages share: a version as the loader sends it, its label, and
// the people and date behind it.

export interface SerializedVersion {
  id: string;
  kind: "auto" | "named" | "restore";
  name: string | null;
  /** ISO 8601 */
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  contributors: { id: string; name: string }[];
}

/** A version for the loader's data (dates as ISO strings). */
export function serializeVersion(
  version: Omit<SerializedVersion, "createdAt"> & { createdAt: Date },
): SerializedVersion {
  return {
    id: version.id,
    kind: version.kind,
    name: version.name,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy,
    contributors: version.contributors,
  };
}

/** "1차 검토본", or "자동 저장 2026. 11. 24. 14:04" for a version without a name. */
export function useVersionLabel(version: SerializedVersion): string {
  const t = useTranslator();
  const locale = useLocale();
  return (
    version.name ??
    t("documents.history.versionLabel", {
      kind: t(`documents.history.kind.${version.kind}`),
      date: formatDateTime(version.createdAt, locale),
    })
  );
}

/** When it was saved, who made it and who edited it. */
export function VersionDetails({ version }: { version: SerializedVersion }) {
  const t = useTranslator();
  const locale = useLocale();
  const name = (person: { name: string }) => person.name || t("documents.history.unknownPerson");
  return (
    <dl className="history-details">
      <dt>{t("documents.history.createdAt")}</dt>
      <dd>
        <time dateTime={version.createdAt}>{formatDateTime(version.createdAt, locale)}</time>
      </dd>
      <dt>{t("documents.history.createdBy")}</dt>
      <dd>{version.createdBy ? name(version.createdBy) : t("documents.history.automatic")}</dd>
      <dt>{t("documents.history.contributors")}</dt>
      <dd>
        {version.contributors.length > 0
          ? version.contributors.map(name).join(", ")
          : t("documents.history.nobody")}
      </dd>
    </dl>
  );
}
