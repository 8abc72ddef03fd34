import type { MessageKey } from "@nuri/i18n";
import { useTranslator } from "../../i18n.ts";

// Small form pieces of the onboarding pages: a label, an optional hint and a field error, all
// tied to the input with aria-describedby, so that a screen reader reads them with the field.

export function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  error?: MessageKey;
  defaultValue?: string;
  type?: "text" | "email" | "tel" | "password";
  autoComplete?: string;
  required?: boolean;
  inputMode?: "numeric" | "tel" | "email" | "text";
  maxLength?: number;
}) {
  const t = useTranslator();
  const id = `field-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={props.error ? "form-field form-field--invalid" : "form-field"}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? (
          <>
            {" "}
            <span className="form-field__required">{t("onboarding.form.required")}</span>
          </>
        ) : null}
      </label>
      {props.hint ? (
        <p id={`${id}-hint`} className="form-field__hint">
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.error ? <FieldError id={`${id}-error`} messageKey={props.error} /> : null}
    </div>
  );
}

export function FieldError({ id, messageKey }: { id: string; messageKey: MessageKey }) {
  const t = useTranslator();
  return (
    <p id={id} className="form-field__error">
      {t(messageKey as "onboarding.error.required")}
    </p>
  );
}

/** The summary at the top of a form that failed: says how many fields need attention. */
export function ErrorSummary({ count }: { count: number }) {
  const t = useTranslator();
  if (count === 0) return null;
  return (
    <div className="form-alert form-alert--error" role="alert">
      {t("onboarding.form.errorSummary", { count })}
    </div>
  );
}
