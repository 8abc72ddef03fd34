import { formatDate, type Locale, translate } from "@nuri/i18n";
import { Form, useActionData } from "react-router";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { cancelAbsence } from "../../services/approvals/cancel-absence.server.ts";
import { type AbsenceView, listAbsences } from "../../services/approvals/list-absences.server.ts";
import {
  PEOPLE_QUERY_MAX,
  searchApprovalPeople,
} from "../../services/approvals/list-approval-people.server.ts";
import { MAX_ABSENCE_REASON, setAbsence } from "../../services/approvals/set-absence.server.ts";
import { translateKey } from "../org/admin-context.server.ts";
import { ActionNotice, Field } from "../org/org-ui.tsx";
import type { Route } from "./+types/absence";
import {
  field,
  messageOf,
  personLabel,
  requireApprovalsContext,
  runApprovalsAction,
  unknownIntent,
} from "./approvals-route.server.ts";

// /t/:tenant/approvals/absence — 부재 설정: the person's own absences under way or to come (each
// may be cancelled), a form to set one (the 대결자 found by a search that works without script:
// search first, then choose), and the absences of others that name the person as 대결자.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  return [
    {
      title: `${translate(locale, "approvals.absence.title")} — ${translate(locale, "approvals.inbox.title")}`,
    },
  ];
}

/** "2026. 3. 2. ~ 2026. 3. 6." from the service's Seoul days. */
function period(locale: Locale, absence: AbsenceView): string {
  const day = (value: string) => formatDate(`${value}T00:00:00+09:00`, locale);
  return translate(locale, "approvals.ui.absence.period", {
    from: day(absence.startsOn),
    to: day(absence.endsOn),
  });
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, locale } = await requireApprovalsContext(request, params, context);
  const query = (new URL(request.url).searchParams.get("q") ?? "").trim();
  let searchError: string | null = null;
  let people: { id: string; label: string }[] = [];
  try {
    people = (await searchApprovalPeople(ctx, { query })).map((person) => ({
      id: person.id,
      label: personLabel(person),
    }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    searchError = messageOf(locale, error);
  }
  const { mine, covering } = await listAbsences(ctx);
  const present = (absence: AbsenceView) => ({
    id: absence.id,
    userName: absence.userName,
    substituteName: absence.substituteName,
    period: period(locale, absence),
    reason: absence.reason,
    current: absence.current,
  });
  return {
    query,
    searchError,
    people,
    mine: mine.map(present),
    covering: covering.map(present),
    limits: { query: PEOPLE_QUERY_MAX, reason: MAX_ABSENCE_REASON },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireApprovalsContext(request, params, context);
  const form = await request.formData();
  const intent = field(form, "intent");
  switch (intent) {
    case "set":
      return runApprovalsAction(intent, form, locale, async () => {
        const absence = await setAbsence(ctx, {
          substituteId: field(form, "substituteId"),
          startsOn: field(form, "startsOn"),
          endsOn: field(form, "endsOn"),
          reason: field(form, "reason"),
        });
        return {
          ok: true,
          intent,
          notice: translateKey(locale, "approvals.ui.absence.saved", { name: absence.substituteName }),
        };
      });
    case "cancel":
      return runApprovalsAction(intent, form, locale, async () => {
        await cancelAbsence(ctx, { absenceId: field(form, "absenceId") });
        return { ok: true, intent, notice: translateKey(locale, "approvals.ui.absence.cancelled") };
      });
    default:
      return unknownIntent(intent, form, locale);
  }
}

export default function Absence({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { mine, covering, people } = loaderData;
  const setErrors = result && !result.ok && result.intent === "set" ? result : undefined;
  const statusOf = (current: boolean) =>
    t(current ? "approvals.absence.current" : "approvals.absence.upcoming");
  return (
    <div className="org-page">
      <h1>{t("approvals.absence.title")}</h1>
      <p>{t("approvals.absence.description")}</p>
      <ActionNotice result={result} />

      <section aria-labelledby="absence-mine-heading" className="org-panel">
        <h2 id="absence-mine-heading">{t("approvals.absence.mine")}</h2>
        {mine.length === 0 ? (
          <p>{t("approvals.ui.absence.emptyMine")}</p>
        ) : (
          <div className="org-table-wrap">
            <table className="org-table">
              <caption className="visually-hidden">{t("approvals.absence.mine")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("approvals.absence.period")}</th>
                  <th scope="col">{t("approvals.absence.substitute")}</th>
                  <th scope="col">{t("approvals.absence.reason")}</th>
                  <th scope="col">{t("approvals.ui.absence.status")}</th>
                  <th scope="col">{t("approvals.absence.cancel")}</th>
                </tr>
              </thead>
              <tbody>
                {mine.map((absence) => (
                  <tr key={absence.id}>
                    <th scope="row">{absence.period}</th>
                    <td>{absence.substituteName}</td>
                    <td>{absence.reason || t("approvals.ui.absence.noReason")}</td>
                    <td>{statusOf(absence.current)}</td>
                    <td>
                      <Form method="post" className="org-inline-form">
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="absenceId" value={absence.id} />
                        <button
                          type="submit"
                          className="org-button org-button--danger"
                          aria-label={t("approvals.ui.absence.cancelOf", { period: absence.period })}
                        >
                          {t("approvals.absence.cancel")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="absence-new-heading" className="org-panel approvals-stack">
        <h2 id="absence-new-heading">{t("approvals.ui.absence.new")}</h2>
        <Form
          method="get"
          className="org-form org-form--inline"
          role="search"
          aria-label={t("approvals.ui.absence.searchLabel")}
        >
          <Field
            id="absence-search"
            label={t("approvals.ui.absence.searchLabel")}
            hint={t("approvals.ui.absence.searchHint")}
            error={loaderData.searchError ?? undefined}
          >
            {(describedBy, invalid) => (
              <input
                id="absence-search"
                name="q"
                type="search"
                maxLength={loaderData.limits.query}
                defaultValue={loaderData.query}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <button type="submit" className="org-button org-button--secondary">
            {t("approvals.ui.absence.search")}
          </button>
        </Form>

        <Form method="post" className="org-form" key={`set-${mine.length}`}>
          <input type="hidden" name="intent" value="set" />
          <fieldset
            className="approvals-choices"
            aria-describedby={setErrors?.fieldErrors.substituteId ? "absence-substitute-error" : undefined}
          >
            <legend>{t("approvals.ui.absence.choose")}</legend>
            {people.length === 0 ? (
              <p>{t("approvals.ui.absence.noPeople")}</p>
            ) : (
              <ul className="approvals-choices__list">
                {people.map((person) => (
                  <li key={person.id}>
                    <input
                      type="radio"
                      id={`substitute-${person.id}`}
                      name="substituteId"
                      value={person.id}
                      defaultChecked={setErrors?.values.substituteId === person.id}
                    />{" "}
                    <label htmlFor={`substitute-${person.id}`}>{person.label}</label>
                  </li>
                ))}
              </ul>
            )}
            {setErrors?.fieldErrors.substituteId ? (
              <p id="absence-substitute-error" className="org-field__error">
                {setErrors.fieldErrors.substituteId}
              </p>
            ) : null}
          </fieldset>
          <Field
            id="absence-starts"
            label={t("approvals.absence.startsOn")}
            error={setErrors?.fieldErrors.startsOn}
          >
            {(describedBy, invalid) => (
              <input
                id="absence-starts"
                name="startsOn"
                type="date"
                required
                defaultValue={setErrors?.values.startsOn}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <Field
            id="absence-ends"
            label={t("approvals.absence.endsOn")}
            error={setErrors?.fieldErrors.endsOn}
          >
            {(describedBy, invalid) => (
              <input
                id="absence-ends"
                name="endsOn"
                type="date"
                required
                defaultValue={setErrors?.values.endsOn}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <Field
            id="absence-reason"
            label={t("approvals.absence.reason")}
            error={setErrors?.fieldErrors.reason}
          >
            {(describedBy, invalid) => (
              <input
                id="absence-reason"
                name="reason"
                maxLength={loaderData.limits.reason}
                defaultValue={setErrors?.values.reason}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <button type="submit" className="org-button">
            {t("approvals.ui.absence.save")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="absence-covering-heading" className="org-panel">
        <h2 id="absence-covering-heading">{t("approvals.absence.covering")}</h2>
        {covering.length === 0 ? (
          <p>{t("approvals.ui.absence.emptyCovering")}</p>
        ) : (
          <div className="org-table-wrap">
            <table className="org-table">
              <caption className="visually-hidden">{t("approvals.absence.covering")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("approvals.ui.absence.absent")}</th>
                  <th scope="col">{t("approvals.absence.period")}</th>
                  <th scope="col">{t("approvals.absence.reason")}</th>
                  <th scope="col">{t("approvals.ui.absence.status")}</th>
                </tr>
              </thead>
              <tbody>
                {covering.map((absence) => (
                  <tr key={absence.id}>
                    <th scope="row">{absence.userName}</th>
                    <td>{absence.period}</td>
                    <td>{absence.reason || t("approvals.ui.absence.noReason")}</td>
                    <td>{statusOf(absence.current)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
