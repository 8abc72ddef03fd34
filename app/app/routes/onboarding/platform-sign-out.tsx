import { redirect } from "react-router";
import { getAppDatabase } from "../../db.server.ts";
import { clearOperatorCookie } from "../../platform/cookie.server.ts";
import { getOperator } from "../../platform/guards.server.ts";
import { revokeOperatorSession } from "../../services/platform/operator-sessions.server.ts";
import type { Route } from "./+types/platform-sign-out";

// POST only: a sign-out link that a GET could trigger would let any page sign an operator out.
export async function action({ request }: Route.ActionArgs) {
  const signedIn = await getOperator(request);
  if (signedIn) {
    const { db } = await getAppDatabase();
    await revokeOperatorSession(db, signedIn.session.id);
  }
  return redirect("/platform/sign-in", { headers: { "Set-Cookie": clearOperatorCookie() } });
}

export function loader() {
  return redirect("/platform/applications");
}
