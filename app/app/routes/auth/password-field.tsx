/** A labelled password input with its hint and error tied by aria-describedby. */
export function PasswordField({
  name,
  label,
  autoComplete,
  hint,
  error,
}: {
  name: string;
  label: string;
  autoComplete: "current-password" | "new-password";
  hint?: string;
  error?: string;
}) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="auth-field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="auth-field__hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        maxLength={128}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {error ? (
        <p className="auth-field__error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
