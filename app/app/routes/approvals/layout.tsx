import { formatNumber } from "@nuri/i18n";
import { NavLink, Outlet } from "react-router";
import { useLocale, useTranslator } from "../../i18n.ts";
import { countInboxes, INBOX_BOXES, type InboxBox } from "../../services/approvals/list-inbox.server.ts";
import approvalsStyles from "../../styles/approvals.css?url";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/layout";
import { requireApprovalsContext } from "./approvals-route.server.ts";
import { BOX_LABELS } from "./approvals-ui.tsx";

// The frame of the 전자결재 pages: the side menu (기안하기, the nine 문서함 with their counts,
// then 결재대장, 부재 설정, 결재선 관리) beside the page. The counts come from countInboxes, the
// same condition the lists use, so a box's count always equals its list. On a narrow screen the
// menu wraps above the page.

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: orgStyles },
  { rel: "stylesheet", href: approvalsStyles },
];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant } = await requireApprovalsContext(request, params, context);
  // The boxes travel with the counts: the list of them is the service's, kept on the server.
  return { slug: tenant.slug, boxes: [...INBOX_BOXES], counts: await countInboxes(ctx) };
}

export default function ApprovalsLayout({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const base = `/t/${loaderData.slug}/approvals`;
  const className = ({ isActive }: { isActive: boolean }) =>
    isActive ? "approvals-nav__link is-current" : "approvals-nav__link";
  const boxPath = (box: InboxBox) => (box === "waiting" ? base : `${base}/box/${box}`);
  return (
    <div className="approvals-layout">
      <nav className="approvals-nav" aria-label={t("approvals.ui.nav")}>
        <p className="approvals-nav__title">{t("approvals.inbox.title")}</p>
        <p className="approvals-nav__new">
          <NavLink className="org-button" to={`${base}/new`}>
            {t("approvals.ui.new")}
          </NavLink>
        </p>
        <ul className="approvals-nav__list" aria-label={t("approvals.inbox.boxes")}>
          {loaderData.boxes.map((box: InboxBox) => {
            const count = loaderData.counts[box];
            return (
              <li key={box}>
                <NavLink className={className} to={boxPath(box)} end>
                  <span>{t(BOX_LABELS[box])}</span>
                  <span
                    className={count > 0 ? "approvals-count" : "approvals-count approvals-count--zero"}
                    aria-hidden="true"
                    data-box-count={box}
                  >
                    {formatNumber(count, locale)}
                  </span>
                  <span className="visually-hidden">
                    {" "}
                    {t("approvals.ui.count", { count: formatNumber(count, locale) })}
                  </span>
                </NavLink>
              </li>
            );
          })}
        </ul>
        <ul
          className="approvals-nav__list approvals-nav__list--settings"
          aria-label={t("approvals.ui.settings")}
        >
          <li>
            <NavLink className={className} to={`${base}/ledger`}>
              {t("approvals.ledger.title")}
            </NavLink>
          </li>
          <li>
            <NavLink className={className} to={`${base}/absence`}>
              {t("approvals.absence.title")}
            </NavLink>
          </li>
          <li>
            <NavLink className={className} to={`${base}/lines`}>
              {t("approvals.ui.lines.title")}
            </NavLink>
          </li>
        </ul>
      </nav>
      <div className="approvals-main">
        <Outlet />
      </div>
    </div>
  );
}
