import type { UserRole } from "@nuri/db";
import { useTranslator } from "../../i18n.ts";
import { Field } from "./org-ui.tsx";

export interface PersonChoices {
  departments: { id: string; path: string }[];
  positions: { id: string; name: string }[];
  ranks: { id: string; name: string }[];
  roles: UserRole[];
}

/** The fields of a person, for adding and for editing; `values` are what to show in them. */
export function PersonFields({
  choices,
  values,
  errors,
}: {
  choices: PersonChoices;
  values: Record<string, string | null | undefined>;
  errors: Record<string, string>;
}) {
  const t = useTranslator();
  const text = (
    name: string,
    label: string,
    options: { required?: boolean; hint?: string; type?: string } = {},
  ) => (
    <Field id={`person-${name}`} label={label} error={errors[name]} hint={options.hint}>
      {(describedBy, invalid) => (
        <input
          id={`person-${name}`}
          name={name}
          type={options.type ?? "text"}
          required={options.required}
          defaultValue={values[name] ?? ""}
          autoComplete="off"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </Field>
  );
  const select = (
    name: string,
    label: string,
    options: { value: string; label: string }[],
    blank?: string,
  ) => (
    <Field id={`person-${name}`} label={label} error={errors[name]}>
      {(describedBy, invalid) => (
        <select
          id={`person-${name}`}
          name={name}
          defaultValue={values[name] ?? ""}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        >
          {blank !== undefined ? <option value="">{blank}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const none = t("org.person.none");
  return (
    <>
      {text("displayName", t("org.person.displayName"), { required: true })}
      {text("loginId", t("org.person.loginId"), { required: true, hint: t("org.person.loginIdHint") })}
      {text("email", `${t("org.person.email")} ${t("org.field.optional")}`, { type: "email" })}
      {select(
        "departmentId",
        t("org.people.department"),
        choices.departments.map((d) => ({ value: d.id, label: d.path })),
        none,
      )}
      {select(
        "positionId",
        t("org.person.position"),
        choices.positions.map((p) => ({ value: p.id, label: p.name })),
        none,
      )}
      {select(
        "rankId",
        t("org.person.rank"),
        choices.ranks.map((r) => ({ value: r.id, label: r.name })),
        none,
      )}
      {select(
        "role",
        t("org.people.role"),
        choices.roles.map((role) => ({ value: role, label: t(`org.role.${role}`) })),
      )}
      {text("employeeNumber", `${t("org.person.employeeNumber")} ${t("org.field.optional")}`)}
    </>
  );
}
