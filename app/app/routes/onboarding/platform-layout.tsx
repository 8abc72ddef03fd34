import { Form, Outlet } from "react-router";
import { useTranslator } from "../../i18n.ts";
import { requireOperator } from "../../platform/guards.server.ts";
import stylesheet from "../../styles/onboarding.css?url";
import type { Route } from "./+types/platform-layout";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request }: Route.LoaderArgs) {
  const { operator } = await requireOperator(request);
  return { operatorName: operator.displayName };
}

/** The operators' console: who is signed in, and sign-out. Every child guards itself too. */
export default function PlatformLayout({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  return (
    <>
      <nav className="console-bar" aria-label={t("onboarding.platform.nav")}>
        <span className="console-bar__title">{t("onboarding.platform.consoleName")}</span>
        <span className="console-bar__who">
          {t("onboarding.platform.signedInAs", { name: loaderData.operatorName })}
        </span>
        <Form method="post" action="/platform/sign-out">
          <button type="submit" className="button button--secondary button--small">
            {t("onboarding.platform.signOut")}
          </button>
        </Form>
      </nav>
      <Outlet />
    </>
  );
}
