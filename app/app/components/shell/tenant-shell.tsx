import { formatNumber } from "@nuri/i18n";
import { Form, Link, useLocation } from "react-router";
import { useLocale, useTranslator } from "../../i18n.ts";

export interface ShellProps {
  tenant: { slug: string; name: string };
  person: {
    displayName: string;
    positionName: string | null;
    isAdmin: boolean;
    unreadNotifications: number;
    /** Students never see 전자결재. */
    canUseApprovals: boolean;
    /** The person's 결재대기, shown beside 결재. */
    approvalsWaiting: number;
    /** Messages not read yet, shown beside 메시지. */
    unreadMessages: number;
  };
  children: React.ReactNode;
}

/**
 * The frame of a signed-in tenant page (after KRDS's header): the agency's name, the main
 * menu, and the person's own menu with sign-out. Menus wrap on narrow screens instead of
 * scrolling sideways.
 */
export function TenantShell({ tenant, person, children }: ShellProps) {
  const t = useTranslator();
  const locale = useLocale();
  const { pathname } = useLocation();
  const base = `/t/${tenant.slug}/`;
  const current = (match: boolean) => (match ? ("page" as const) : undefined);
  const atHome = pathname === base || pathname === base.slice(0, -1);
  const items: { to: string; label: string; current: boolean; badge?: { count: number; text: string } }[] = [
    { to: base, label: t("auth.shell.home"), current: atHome },
    {
      to: `${base}documents`,
      label: t("auth.shell.documents"),
      current: pathname === `${base}documents` || pathname.startsWith(`${base}documents/`),
    },
    ...(person.canUseApprovals
      ? [
          {
            to: `${base}approvals`,
            label: t("auth.shell.approvals"),
            current: pathname === `${base}approvals` || pathname.startsWith(`${base}approvals/`),
            badge: {
              count: person.approvalsWaiting,
              text: t("approvals.ui.shell.waiting", { count: formatNumber(person.approvalsWaiting, locale) }),
            },
          },
        ]
      : []),
    {
      to: `${base}messages`,
      label: t("auth.shell.messages"),
      current: pathname === `${base}messages` || pathname.startsWith(`${base}messages/`),
      badge: {
        count: person.unreadMessages,
        text: t("messaging.unreadBadge", { count: formatNumber(person.unreadMessages, locale) }),
      },
    },
    ...(person.isAdmin
      ? [{ to: `${base}admin`, label: t("auth.shell.admin"), current: pathname.startsWith(`${base}admin`) }]
      : []),
  ];
  return (
    <div className="shell">
      <div className="shell-bar">
        <p className="shell-bar__agency">
          <Link to={base}>{tenant.name}</Link>
        </p>
        <nav className="shell-person" aria-label={t("auth.shell.personMenu")}>
          <p className="shell-person__name">
            {person.displayName}
            {person.positionName ? (
              <span className="shell-person__position">{person.positionName}</span>
            ) : null}
          </p>
          <ul className="shell-person__links">
            <li>
              <Link to={`${base}notifications`} aria-current={current(pathname === `${base}notifications`)}>
                {t("notifications.title")}
                {person.unreadNotifications > 0 ? (
                  <>
                    <span className="shell-badge" aria-hidden="true">
                      {formatNumber(person.unreadNotifications, locale)}
                    </span>
                    <span className="visually-hidden">
                      {t("notifications.unreadCount", {
                        count: formatNumber(person.unreadNotifications, locale),
                      })}
                    </span>
                  </>
                ) : null}
              </Link>
            </li>
            <li>
              <Link
                to={`${base}account/sessions`}
                aria-current={current(pathname === `${base}account/sessions`)}
              >
                {t("auth.shell.sessions")}
              </Link>
            </li>
            <li>
              <Link
                to={`${base}account/password`}
                aria-current={current(pathname === `${base}account/password`)}
              >
                {t("auth.shell.password")}
              </Link>
            </li>
            <li>
              <Form method="post" action={`${base}sign-out`} id="sign-out-form">
                <button type="submit" className="shell-person__sign-out">
                  {t("auth.shell.signOut")}
                </button>
              </Form>
            </li>
          </ul>
        </nav>
      </div>
      <nav className="shell-nav" aria-label={t("auth.shell.nav")}>
        <ul className="shell-nav__list">
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={current(item.current)}>
                {item.label}
                {item.badge && item.badge.count > 0 ? (
                  <>
                    <span className="shell-badge" aria-hidden="true">
                      {formatNumber(item.badge.count, locale)}
                    </span>
                    <span className="visually-hidden"> {item.badge.text}</span>
                  </>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="shell-content">{children}</div>
    </div>
  );
}
