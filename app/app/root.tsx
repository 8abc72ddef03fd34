import { createTranslator, DEFAULT_LOCALE, LOCALE_NAMES, LOCALES, type Locale, translate } from "@nuri/i18n";
import {
  data,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
} from "react-router";
import type { Route } from "./+types/root";
import stylesheet from "./app.css?url";
import { ErrorPage } from "./components/error-page.tsx";
import { useLocale } from "./i18n.ts";
import { resolveLocale } from "./locale.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: stylesheet },
];

export async function loader({ request }: Route.LoaderArgs) {
  const { locale, setCookie } = resolveLocale(request);
  return data({ locale }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

// The page depends on the language headers, so a shared cache must not hand one person's
// language to another.
export function headers() {
  return { Vary: "Accept-Language, Cookie" };
}

export function meta({ loaderData, error }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = loaderData?.locale ?? DEFAULT_LOCALE;
  return [{ title: translate(locale, error ? "error.metaTitle" : "app.name") }];
}

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  const t = createTranslator(locale);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("layout.skipToContent")}
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <Link className="brand" to="/">
              {t("app.name")}
            </Link>
            <LanguageSwitcher locale={locale} />
          </div>
        </header>
        <main id="main" className="container site-main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>{t("layout.footer")}</p>
          </div>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/** Links to the current page in each language; the chosen one is remembered in a cookie. */
function LanguageSwitcher({ locale }: { locale: Locale }) {
  const t = createTranslator(locale);
  const { pathname, search } = useLocation();
  return (
    <nav aria-label={t("layout.languageNav")}>
      <ul className="language-list">
        {LOCALES.map((option) => {
          const params = new URLSearchParams(search);
          params.set("lang", option);
          return (
            <li key={option}>
              <Link
                to={{ pathname, search: `?${params}` }}
                lang={option}
                hrefLang={option}
                aria-current={option === locale ? "true" : undefined}
              >
                {LOCALE_NAMES[option]}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // Only the dev server shows the stack; production never tells visitors about its code.
  const detail = import.meta.env.DEV && error instanceof Error ? error.stack : undefined;
  return <ErrorPage status={status} detail={detail} />;
}
