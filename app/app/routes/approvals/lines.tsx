import type { StepKind } from "@nuri/approval";
import { translate } from "@nuri/i18n";
import { useEffect, useState } from "react";
import { Form, useActionData } from "react-router";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { deleteSavedLine } from "../../services/approvals/delete-saved-line.server.ts";
import {
  PEOPLE_QUERY_MAX,
  searchApprovalPeople,
} from "../../services/approvals/list-approval-people.server.ts";
import { listSavedLines, type SavedLineView } from "../../services/approvals/list-saved-lines.server.ts";
import { MAX_SAVED_LINE_NAME, saveLine } from "../../services/approvals/save-line.server.ts";
import { translateKey } from "../org/admin-context.server.ts";
import { ActionNotice, Field } from "../org/org-ui.tsx";
import type { Route } from "./+types/lines";
import {
  type ApprovalsActionResult,
  field,
  fields,
  messageOf,
  personLabel,
  requireApprovalsContext,
  runApprovalsAction,
  unknownIntent,
} from "./approvals-route.server.ts";
import { STEP_KIND_LABELS } from "./approvals-ui.tsx";

// /t/:tenant/approvals/lines — 결재선 관리: the person's saved lines, each step with its kind and
// person, parallel 협조 shown together, and a word where the person retired or moved since; and a
// builder for a new line (find people, add them as 검토, 협조 or 결재, order them). The builder
// keeps the line in the page until it is saved; the document page loads saved lines through the
// services.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  return [
    {
      title: `${translate(locale, "approvals.ui.lines.title")} — ${translate(locale, "approvals.inbox.title")}`,
    },
  ];
}

/** A saved line's steps in signing order, one entry a group (a parallel 협조 holds several). */
function groupSteps(line: SavedLineView) {
  const groups = new Map<number, SavedLineView["steps"]>();
  for (const step of line.steps) groups.set(step.group, [...(groups.get(step.group) ?? []), step]);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, steps]) =>
      steps.map((step) => ({
        id: step.assigneeId,
        kind: step.kind,
        name: step.assigneeName,
        where: [step.departmentName, step.positionName].filter(Boolean).join(" · "),
        flag: step.flag,
      })),
    );
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, locale } = await requireApprovalsContext(request, params, context);
  const query = (new URL(request.url).searchParams.get("q") ?? "").trim();
  let searchError: string | null = null;
  let people: { id: string; name: string; label: string }[] = [];
  try {
    people = (await searchApprovalPeople(ctx, { query })).map((person) => ({
      id: person.id,
      name: person.name,
      label: personLabel(person),
    }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    searchError = messageOf(locale, error);
  }
  const lines = (await listSavedLines(ctx)).map((line) => ({
    id: line.id,
    name: line.name,
    groups: groupSteps(line),
    flagged: line.flags.length > 0,
    cc: line.cc.map((person) => person.name),
    recipients: line.recipients.map((unit) => unit.name),
  }));
  return {
    query,
    searchError,
    people,
    lines,
    limits: { query: PEOPLE_QUERY_MAX, name: MAX_SAVED_LINE_NAME },
  };
}

const KINDS: readonly string[] = ["review", "cooperate", "approve"];

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireApprovalsContext(request, params, context);
  const form = await request.formData();
  const intent = field(form, "intent");
  switch (intent) {
    case "save":
      return runApprovalsAction(intent, form, locale, async () => {
        const assignees = fields(form, "stepAssignee");
        const kinds = fields(form, "stepKind");
        const groups = fields(form, "stepGroup");
        const line = await saveLine(ctx, {
          name: field(form, "name"),
          steps: assignees.map((assigneeId, index) => ({
            // The service refuses anything but the three kinds and whole groups, in words.
            kind: (KINDS.includes(kinds[index] ?? "") ? kinds[index] : "") as StepKind,
            group: Number(groups[index]),
            assigneeId,
          })),
        });
        return {
          ok: true,
          intent,
          notice: translateKey(locale, "approvals.ui.lines.saved", { name: line.name }),
        };
      });
    case "delete":
      return runApprovalsAction(intent, form, locale, async () => {
        await deleteSavedLine(ctx, { lineId: field(form, "lineId") });
        return {
          ok: true,
          intent,
          notice: translateKey(locale, "approvals.ui.lines.deleted", { name: field(form, "lineName") }),
        };
      });
    default:
      return unknownIntent(intent, form, locale);
  }
}

export default function Lines({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { lines } = loaderData;
  const flagWord = {
    retired: t("approvals.ui.lines.flag.retired"),
    moved: t("approvals.ui.lines.flag.moved"),
    missing: t("approvals.ui.lines.flag.missing"),
  };
  return (
    <div className="org-page">
      <h1>{t("approvals.ui.lines.title")}</h1>
      <p>{t("approvals.ui.lines.lead")}</p>
      <ActionNotice result={result} />

      <section aria-labelledby="lines-saved-heading" className="org-panel approvals-stack">
        <h2 id="lines-saved-heading">{t("approvals.savedLines.title")}</h2>
        {lines.length === 0 ? (
          <p>{t("approvals.ui.lines.empty")}</p>
        ) : (
          <ul className="approvals-lines" aria-labelledby="lines-saved-heading">
            {lines.map((line) => (
              <li key={line.id} className="approvals-line">
                <h3 id={`line-${line.id}`} className="approvals-line__name">
                  {line.name}
                </h3>
                {line.flagged ? (
                  <p className="approvals-warning">{t("approvals.savedLines.flagged")}</p>
                ) : null}
                <ol className="approvals-line__steps" aria-label={t("approvals.ui.lines.steps")}>
                  {line.groups.map((group, index) => (
                    <li key={group.map((step) => step.id).join("-")}>
                      <span className="approvals-line__step">
                        {t("approvals.ui.lines.stepNumber", { number: index + 1 })}
                        {group.length > 1 ? ` · ${t("approvals.ui.lines.parallel")}` : null}
                      </span>
                      <ul className="approvals-line__people">
                        {group.map((step) => (
                          <li key={step.id}>
                            <strong>{t(STEP_KIND_LABELS[step.kind])}</strong> {step.name}
                            {step.where ? (
                              <span className="approvals-sub-inline"> ({step.where})</span>
                            ) : null}
                            {step.flag ? (
                              <>
                                {" "}
                                <span className="org-badge org-badge--warn">{flagWord[step.flag]}</span>
                              </>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ol>
                {line.cc.length > 0 ? (
                  <p>
                    {t("approvals.ui.lines.cc")}: {line.cc.join(", ")}
                  </p>
                ) : null}
                {line.recipients.length > 0 ? (
                  <p>
                    {t("approvals.ui.lines.recipients")}: {line.recipients.join(", ")}
                  </p>
                ) : null}
                <Form method="post" className="org-inline-form">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="lineId" value={line.id} />
                  <input type="hidden" name="lineName" value={line.name} />
                  <button
                    type="submit"
                    className="org-button org-button--danger"
                    aria-label={t("approvals.ui.lines.deleteOf", { name: line.name })}
                  >
                    {t("approvals.savedLines.delete")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="lines-new-heading" className="org-panel approvals-stack">
        <h2 id="lines-new-heading">{t("approvals.ui.lines.new")}</h2>
        <p>{t("approvals.ui.lines.newLead")}</p>
        {/* Saving a line remounts the builder empty: the count of lines changes. */}
        <LineBuilder
          key={`builder-${lines.length}`}
          query={loaderData.query}
          searchError={loaderData.searchError}
          people={loaderData.people}
          limits={loaderData.limits}
          result={result}
        />
      </section>
    </div>
  );
}

interface BuilderStep {
  id: string;
  name: string;
  label: string;
  kind: StepKind;
  /** Runs side by side with the 협조 before it. */
  parallel: boolean;
}

/** Groups 1, 2, 3 … in order; a 협조 marked parallel shares the group of the 협조 before it. */
function withGroups(steps: BuilderStep[]) {
  let group = 0;
  return steps.map((step, index) => {
    const previous = steps[index - 1];
    const together = step.parallel && step.kind === "cooperate" && previous?.kind === "cooperate";
    if (!together) group++;
    return { ...step, group, canBeParallel: step.kind === "cooperate" && previous?.kind === "cooperate" };
  });
}

function LineBuilder({
  query,
  searchError,
  people,
  limits,
  result,
}: {
  limits: { query: number; name: number };
  query: string;
  searchError: string | null;
  people: { id: string; name: string; label: string }[];
  result: ApprovalsActionResult | undefined;
}) {
  const t = useTranslator();
  // The buttons of the builder act in the page: they wait until its script runs.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [steps, setSteps] = useState<BuilderStep[]>([]);
  const [addKind, setAddKind] = useState<StepKind>("review");
  const [announcement, setAnnouncement] = useState("");
  const errors = result && !result.ok && result.intent === "save" ? result : undefined;
  const grouped = withGroups(steps);

  const add = (person: { id: string; name: string; label: string }) => {
    if (steps.some((step) => step.id === person.id)) {
      setAnnouncement(t("approvals.ui.lines.already", { name: person.name }));
      return;
    }
    setSteps([...steps, { ...person, kind: addKind, parallel: false }]);
    setAnnouncement(t("approvals.ui.lines.added", { name: person.name, kind: t(STEP_KIND_LABELS[addKind]) }));
  };
  const change = (index: number, patch: Partial<BuilderStep>) =>
    setSteps(steps.map((step, i) => (i === index ? { ...step, ...patch } : step)));
  const move = (index: number, by: -1 | 1) => {
    const to = index + by;
    if (to < 0 || to >= steps.length) return;
    const moved = [...steps];
    [moved[index], moved[to]] = [moved[to]!, moved[index]!];
    setSteps(moved);
  };

  return (
    <div className="approvals-stack">
      <noscript>
        <p className="approvals-warning">{t("approvals.ui.lines.needsScript")}</p>
      </noscript>
      <Form
        method="get"
        className="org-form org-form--inline"
        role="search"
        aria-label={t("approvals.ui.lines.searchLabel")}
        preventScrollReset
      >
        <Field
          id="lines-search"
          label={t("approvals.ui.lines.searchLabel")}
          hint={t("approvals.ui.lines.searchHint")}
          error={searchError ?? undefined}
        >
          {(describedBy, invalid) => (
            <input
              id="lines-search"
              name="q"
              type="search"
              maxLength={limits.query}
              defaultValue={query}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <button type="submit" className="org-button org-button--secondary">
          {t("approvals.ui.lines.search")}
        </button>
      </Form>

      <div className="approvals-people">
        <h3 id="lines-found-heading" className="org-subheading">
          {t("approvals.ui.lines.found")}
        </h3>
        <div className="org-field">
          <label htmlFor="lines-add-kind">{t("approvals.ui.lines.addAs")}</label>
          <select
            id="lines-add-kind"
            value={addKind}
            onChange={(event) => setAddKind(event.target.value as StepKind)}
          >
            {(["review", "cooperate", "approve"] as const).map((kind) => (
              <option key={kind} value={kind}>
                {t(STEP_KIND_LABELS[kind])}
              </option>
            ))}
          </select>
        </div>
        {people.length === 0 ? (
          <p>{t("approvals.ui.lines.noPeople")}</p>
        ) : (
          <ul className="approvals-people__list" aria-labelledby="lines-found-heading">
            {people.map((person) => (
              <li key={person.id}>
                <span>{person.label}</span>
                <button
                  type="button"
                  className="org-button org-button--secondary"
                  disabled={!hydrated}
                  aria-label={t("approvals.ui.lines.addPerson", { name: person.name })}
                  onClick={() => add(person)}
                >
                  {t("approvals.ui.lines.add")}
                </button>
              </li>
            ))}
          </ul>
        )}
        <p role="status" className="approvals-announce">
          {announcement}
        </p>
      </div>

      <Form method="post" className="org-form">
        <input type="hidden" name="intent" value="save" />
        <Field id="line-name" label={t("approvals.savedLines.name")} error={errors?.fieldErrors.name}>
          {(describedBy, invalid) => (
            <input
              id="line-name"
              name="name"
              required
              maxLength={limits.name}
              defaultValue={errors?.values.name}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <fieldset
          className="approvals-choices"
          aria-describedby={errors?.fieldErrors.steps ? "line-steps-error" : undefined}
        >
          <legend>{t("approvals.ui.lines.steps")}</legend>
          {grouped.length === 0 ? (
            <p>{t("approvals.ui.lines.noSteps")}</p>
          ) : (
            <ol className="approvals-builder">
              {grouped.map((step, index) => (
                <li key={step.id} className="approvals-builder__step">
                  <input type="hidden" name="stepAssignee" value={step.id} />
                  <input type="hidden" name="stepGroup" value={step.group} />
                  <span className="approvals-builder__person">{step.label}</span>
                  <label className="visually-hidden" htmlFor={`step-kind-${step.id}`}>
                    {t("approvals.ui.lines.kindOf", { name: step.name })}
                  </label>
                  <select
                    id={`step-kind-${step.id}`}
                    name="stepKind"
                    value={step.kind}
                    onChange={(event) => change(index, { kind: event.target.value as StepKind })}
                  >
                    {(["review", "cooperate", "approve"] as const).map((kind) => (
                      <option key={kind} value={kind}>
                        {t(STEP_KIND_LABELS[kind])}
                      </option>
                    ))}
                  </select>
                  {step.canBeParallel ? (
                    <span>
                      <input
                        type="checkbox"
                        id={`step-parallel-${step.id}`}
                        checked={step.parallel}
                        onChange={(event) => change(index, { parallel: event.target.checked })}
                      />{" "}
                      <label htmlFor={`step-parallel-${step.id}`}>{t("approvals.ui.lines.parallel")}</label>
                    </span>
                  ) : null}
                  <span className="org-tree__actions">
                    <button
                      type="button"
                      className="org-icon-button"
                      disabled={index === 0}
                      aria-label={t("approvals.ui.lines.upOf", { name: step.name })}
                      onClick={() => move(index, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="org-icon-button"
                      disabled={index === grouped.length - 1}
                      aria-label={t("approvals.ui.lines.downOf", { name: step.name })}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="org-icon-button"
                      aria-label={t("approvals.ui.lines.removeOf", { name: step.name })}
                      onClick={() => setSteps(steps.filter((_, i) => i !== index))}
                    >
                      ×
                    </button>
                  </span>
                </li>
              ))}
            </ol>
          )}
          {errors?.fieldErrors.steps ? (
            <p id="line-steps-error" className="org-field__error">
              {errors.fieldErrors.steps}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="org-button" disabled={!hydrated}>
          {t("approvals.savedLines.save")}
        </button>
      </Form>
    </div>
  );
}
