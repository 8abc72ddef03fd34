import { translate } from "@nuri/i18n";
import { data } from "react-router";
import { ErrorPage } from "../components/error-page.tsx";
import { localeFromMatches } from "../i18n.ts";
import type { Route } from "./+types/not-found";

// Every address no other route claims. As a route of its own (rather than React Router's
// built-in 404) it lets the root loader run, so the page is in the person's language.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "error.metaTitle") }];
}

export function loader() {
  return data(null, { status: 404 });
}

export default function NotFound() {
  return <ErrorPage status={404} />;
}
