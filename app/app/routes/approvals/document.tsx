import { translate } from "@nuri/i18n";
import { Link, useActionData } from "react-router";
import { colorIndexFor } from "../../components/editor/colors.ts";
import editorStyles from "../../components/editor/editor.css?url";
import { AppError, notFound } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { getApprovalView } from "../../services/approvals/get-approval.server.ts";
import { getApprovalBodyHtml } from "../../services/approvals/get-approval-body-html.server.ts";
import { listAmendments } from "../../services/approvals/list-amendments.server.ts";
import {
  type ApprovalPersonChoice,
  listApprovalDepartments,
  searchApprovalPeople,
} from "../../services/approvals/list-approval-people.server.ts";
import { listSavedLines } from "../../services/approvals/list-saved-lines.server.ts";
import { recordApprovalRead } from "../../services/approvals/record-approval-read.server.ts";
import approvalStyles from "../../styles/approval-document.css?url";
import orgStyles from "../../styles/org.css?url";
import { translateKey } from "../org/admin-context.server.ts";
import type { Route } from "./+types/document";
import {
  type DocumentActionResult,
  handleDocumentAction,
  isNoticeCode,
  NOTICES,
  orNotFound,
  requireApprovalsActor,
} from "./approval-document.server.ts";
import { DraftPage } from "./document-draft.tsx";
import { FLAG_KEYS } from "./document-labels.tsx";
import { DocumentFacts, HistorySection, RedraftLinks, SubmittedPage } from "./document-view.tsx";

// The approval page, /t/:tenant/approvals/:approvalId: one page whose parts follow the
// document's status and what the viewer is to it. While a draft, its drafter and co-drafters
// write it (fields, records metadata, 결재선, 참조 · 수신 · 공동기안자, the live body) and the
// drafter submits it; afterwards everyone related reads it and the step holders act on it.
// Opening it records a 참조 or 공람 reader's reading. People with no relation to the document,
// and everyone of another agency, get a 404.

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: orgStyles },
  { rel: "stylesheet", href: editorStyles },
  { rel: "stylesheet", href: approvalStyles },
];

export function meta({ loaderData, matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const title = loaderData?.view.title || translate(locale, "approvals.page.untitled");
  return [{ title: translate(locale, "approvals.page.metaTitle", { title }) }];
}

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

async function searchPeople(
  ctx: Parameters<typeof searchApprovalPeople>[0],
  query: string,
  locale: Parameters<typeof translateKey>[0],
): Promise<{ people: ApprovalPersonChoice[]; searchError: string | null }> {
  try {
    return { people: await searchApprovalPeople(ctx, { query }), searchError: null };
  } catch (error) {
    if (error instanceof AppError && error.status === 400) {
      return { people: [], searchError: translateKey(locale, error.messageKey, error.params) };
    }
    throw error;
  }
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, locale, tenant, user } = await requireApprovalsActor(request, params, context);
  const approvalId = params.approvalId;
  // Recorded before the page is read, so that a 참조 reader sees their own reading.
  await orNotFound(recordApprovalRead(ctx, { approvalId }));
  const view = await getApprovalView(ctx, approvalId);
  if (!view) throw notFound();
  const bodyHtml = (await getApprovalBodyHtml(ctx, { approvalId })) ?? "";
  const search = new URL(request.url).searchParams;

  let draft = null;
  if (view.viewer.mayEdit) {
    const q = (search.get("q") ?? "").slice(0, 100);
    const [found, departments, savedLines] = await Promise.all([
      searchPeople(ctx, q, locale),
      listApprovalDepartments(ctx),
      listSavedLines(ctx),
    ]);
    draft = { q, ...found, departments, savedLines };
  }
  const amendments = view.status === "draft" ? [] : await orNotFound(listAmendments(ctx, { approvalId }));
  const relations = view.viewer.relations;
  const mayCirculate =
    view.status === "completed" &&
    (relations.includes("drafter") || relations.includes("step") || relations.includes("substitute"));
  let circulation = null;
  if (mayCirculate) {
    const cq = (search.get("cq") ?? "").slice(0, 100);
    circulation = { cq, ...(await searchPeople(ctx, cq, locale)) };
  }

  const code = search.get("notice");
  let notice: string | null = null;
  if (isNoticeCode(code)) {
    notice = translateKey(locale, NOTICES[code], {
      number: view.registrationNumber ?? "",
      count: Number(search.get("count") ?? 0),
      name: search.get("name") ?? "",
    });
  }
  // After a saved line is applied: the people of it to look at before 상신 (name:problem,…).
  const flags = (search.get("flags") ?? "")
    .split(",")
    .map((item) => item.split(":"))
    .flatMap(([name, problem]) =>
      name && (problem === "retired" || problem === "moved" || problem === "missing")
        ? [{ name: name.slice(0, 50), problem }]
        : [],
    )
    .slice(0, 30);

  return {
    tenant: { id: tenant.id, slug: tenant.slug },
    me: { id: user.id, name: user.displayName, colorIndex: colorIndexFor(user.id) },
    view,
    bodyHtml,
    draft,
    amendments,
    circulation,
    notice,
    flags,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return handleDocumentAction({ request, params, context });
}

export default function ApprovalDocumentPage({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>() as DocumentActionResult | undefined;
  const { view, tenant, me, draft, bodyHtml, notice, flags } = loaderData;
  const base = `/t/${tenant.slug}/approvals`;
  const heading = view.title || t("approvals.page.untitled");

  return (
    <article className="approval-page" aria-labelledby="approval-heading">
      <header className="approval-header">
        <p className="approval-eyebrow">
          {draft ? `${t("approvals.page.draftHeading")} · ` : ""}
          {view.form.name}
        </p>
        <h1 id="approval-heading" className="approval-title">
          {heading}
        </h1>
        <RedraftLinks view={view} base={base} />
      </header>
      {notice ? (
        <div className="approval-alert approval-alert--ok" role="status">
          <p>{notice}</p>
          {flags.length > 0 ? (
            <>
              <p>{t("approvals.savedLines.flagged")}</p>
              <ul>
                {flags.map((flag) => (
                  <li key={`${flag.name}-${flag.problem}`}>
                    {t("approvals.page.line.flaggedAfterApply", {
                      name: flag.name,
                      problem: t(FLAG_KEYS[flag.problem as "retired"]),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {draft ? (
        <>
          <DocumentFacts view={view} />
          <DraftPage view={view} draft={draft} result={result} tenant={tenant} me={me} bodyHtml={bodyHtml} />
          {view.events.length > 1 ? <HistorySection view={view} /> : null}
        </>
      ) : (
        <SubmittedPage
          view={view}
          amendments={loaderData.amendments}
          circulation={loaderData.circulation}
          result={result}
          tenant={tenant}
          me={me}
          bodyHtml={bodyHtml}
        />
      )}
      <p className="approval-back">
        <Link to={base}>{t("approvals.page.backToInbox")}</Link>
      </p>
    </article>
  );
}
