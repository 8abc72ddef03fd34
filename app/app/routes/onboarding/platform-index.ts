import { redirect } from "react-router";
import type { Route } from "./+types/platform-index";

// The console's pages live under /platform/… because the operator cookie is sent only to
// Path=/platform: React Router fetches a page's data from `<path>.data`, and `/platform.data`
// is outside that path, so a console page at /platform itself would never see the cookie.
// This redirect reveals nothing, so it needs no guard.
export function loader({ request }: Route.LoaderArgs) {
  return redirect(`/platform/applications${new URL(request.url).search}`);
}
