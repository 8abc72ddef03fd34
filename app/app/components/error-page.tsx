import { Link } from "react-router";
import { useTranslator } from "../i18n.ts";

/** The page shown for an error response: what happened, in the person's language, and a way on. */
export function ErrorPage({ status, detail }: { status: number; detail?: string }) {
  const t = useTranslator();
  const notFound = status === 404;
  return (
    <section className="error-page" aria-labelledby="error-heading">
      <h1 id="error-heading">{t(notFound ? "error.notFound.heading" : "error.heading")}</h1>
      <p>{t(notFound ? "error.notFound.body" : "error.body")}</p>
      <p className="error-page__code">{t("error.status", { status })}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
      {detail ? <pre className="error-page__stack">{detail}</pre> : null}
    </section>
  );
}
