import { translate } from "@nuri/i18n";
import { Link } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import stylesheet from "../../styles/onboarding.css?url";
import type { Route } from "./+types/apply-received";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "onboarding.received.metaTitle") }];
}

export default function ApplicationReceived() {
  const t = useTranslator();
  return (
    <section className="onboarding" aria-labelledby="received-heading">
      <h1 id="received-heading">{t("onboarding.received.heading")}</h1>
      <p className="onboarding__lead">{t("onboarding.received.body")}</p>
      <h2>{t("onboarding.received.nextHeading")}</h2>
      <ol className="onboarding__steps">
        <li>{t("onboarding.received.step1")}</li>
        <li>{t("onboarding.received.step2")}</li>
        <li>{t("onboarding.received.step3")}</li>
      </ol>
      <p>
        <Link to="/">{t("onboarding.received.home")}</Link>
      </p>
    </section>
  );
}
