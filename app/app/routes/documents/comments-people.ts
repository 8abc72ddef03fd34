import { MENTION_QUERY_MAX, type MentionPeopleAnswer } from "../../components/comments/comment-api.ts";
import { getAppDatabase } from "../../db.server.ts";
import { searchMentionPeople } from "../../services/documents/comments.server.ts";
import { requireDocument } from "../../services/documents/require-document.server.ts";
import type { Route } from "./+types/comments-people";

// GET /t/:tenant/documents/:documentId/comments/people?q= — the mention picker: active people of
// this agency by name, for those who may comment on the document. It lists people whether or
// not they may read the document, so it reveals nothing about who has access.

export async function loader({ request, params }: Route.LoaderArgs) {
  const access = await requireDocument(request, params, "commenter");
  const query = (new URL(request.url).searchParams.get("q") ?? "").replaceAll("\0", "").trim();
  if (query.length > MENTION_QUERY_MAX) {
    return Response.json({ people: [] } satisfies MentionPeopleAnswer, { status: 400 });
  }
  const { db } = await getAppDatabase();
  const people = await searchMentionPeople(
    { db, tenantId: access.tenant.id, userId: access.user.id },
    { documentId: access.document.id, query },
  );
  return Response.json({ people } satisfies MentionPeopleAnswer, {
    headers: { "Cache-Control": "no-store" },
  });
}
