import { useTranslator } from "../../i18n.ts";
import type { PlainKey } from "./list-ui.tsx";

// The records metadata fields of the new-document and properties forms: 공개구분 with its grounds
// (정보공개법 제9조 제1항 1–8호) and 보존기간. Without a script every ground stays visible;
// the action ignores grounds for 공개, so switching to 공개 needs no unticking.

export const DISCLOSURE_OPTIONS = ["public", "partial", "private"] as const;
export const RETENTION_OPTIONS = ["1y", "3y", "5y", "10y", "30y", "semi_permanent", "permanent"] as const;
export const GROUND_OPTIONS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

export type DisclosureOption = (typeof DISCLOSURE_OPTIONS)[number];
export type RetentionOption = (typeof RETENTION_OPTIONS)[number];

export const DISCLOSURE_KEYS: Record<DisclosureOption, PlainKey> = {
  public: "documents.properties.disclosure.public",
  partial: "documents.properties.disclosure.partial",
  private: "documents.properties.disclosure.private",
};

export const RETENTION_KEYS: Record<RetentionOption, PlainKey> = {
  "1y": "documents.properties.retention.1y",
  "3y": "documents.properties.retention.3y",
  "5y": "documents.properties.retention.5y",
  "10y": "documents.properties.retention.10y",
  "30y": "documents.properties.retention.30y",
  semi_permanent: "documents.properties.retention.semiPermanent",
  permanent: "documents.properties.retention.permanent",
};

export const GROUND_KEYS: Record<(typeof GROUND_OPTIONS)[number], PlainKey> = {
  1: "documents.properties.ground.1",
  2: "documents.properties.ground.2",
  3: "documents.properties.ground.3",
  4: "documents.properties.ground.4",
  5: "documents.properties.ground.5",
  6: "documents.properties.ground.6",
  7: "documents.properties.ground.7",
  8: "documents.properties.ground.8",
};

/** "5호" / "Item 5". */
export function GroundNumber({ ground }: { ground: number }) {
  const t = useTranslator();
  return <>{t("documents.properties.groundNumber", { number: ground })}</>;
}

/** The 공개구분, grounds and 보존기간 inputs, with their errors. */
export function RecordsFields({
  idPrefix,
  values,
  errors,
}: {
  idPrefix: string;
  values: { disclosure: string; disclosureGrounds: number[]; retention: string };
  errors: Record<string, string | undefined>;
}) {
  const t = useTranslator();
  const groundsError = errors.disclosureGrounds;
  return (
    <>
      <fieldset className="docs-fieldset">
        <legend>{t("documents.properties.disclosure")}</legend>
        {errors.disclosure ? (
          <p id={`${idPrefix}-disclosure-error`} className="org-field__error">
            {errors.disclosure}
          </p>
        ) : null}
        <div className="docs-choices">
          {DISCLOSURE_OPTIONS.map((option) => (
            <label key={option} className="docs-choice">
              <input
                type="radio"
                name="disclosure"
                value={option}
                defaultChecked={values.disclosure === option}
                aria-describedby={errors.disclosure ? `${idPrefix}-disclosure-error` : undefined}
              />
              {t(DISCLOSURE_KEYS[option])}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset
        className="docs-fieldset"
        aria-describedby={`${idPrefix}-grounds-hint${groundsError ? ` ${idPrefix}-grounds-error` : ""}`}
      >
        <legend>{t("documents.properties.grounds")}</legend>
        <p id={`${idPrefix}-grounds-hint`} className="org-field__hint">
          {t("documents.properties.groundsHint")}
        </p>
        {groundsError ? (
          <p id={`${idPrefix}-grounds-error`} className="org-field__error" role="alert">
            {groundsError}
          </p>
        ) : null}
        <ul className="docs-grounds">
          {GROUND_OPTIONS.map((ground) => (
            <li key={ground}>
              <label className="docs-choice docs-choice--ground">
                <input
                  type="checkbox"
                  name="disclosureGrounds"
                  value={ground}
                  defaultChecked={values.disclosureGrounds.includes(ground)}
                />
                <span>
                  <strong>
                    <GroundNumber ground={ground} />
                  </strong>{" "}
                  {t(GROUND_KEYS[ground])}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="org-field">
        <label htmlFor={`${idPrefix}-retention`}>{t("documents.properties.retention")}</label>
        <select
          id={`${idPrefix}-retention`}
          name="retention"
          defaultValue={values.retention}
          aria-describedby={errors.retention ? `${idPrefix}-retention-error` : undefined}
          aria-invalid={errors.retention ? true : undefined}
        >
          {RETENTION_OPTIONS.map((option) => (
            <option key={option} value={option}>
              {t(RETENTION_KEYS[option])}
            </option>
          ))}
        </select>
        {errors.retention ? (
          <p id={`${idPrefix}-retention-error`} className="org-field__error">
            {errors.retention}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** The records values a form posted back after a refusal (strings), or null. */
export function postedRecords(
  values: Record<string, string> | undefined,
  grounds: string[] | undefined,
): { disclosure: string; disclosureGrounds: number[]; retention: string } | null {
  if (!values) return null;
  return {
    disclosure: values.disclosure ?? "",
    disclosureGrounds: (grounds ?? []).map(Number).filter((n) => Number.isInteger(n)),
    retention: values.retention ?? "",
  };
}
