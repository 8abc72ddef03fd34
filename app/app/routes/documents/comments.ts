import { type MessageKey, translate } from "@nuri/i18n";
import {
  CommentRequestSchema,
  type CommentThreadsAnswer,
  type CommentWriteAnswer,
} from "../../components/comments/comment-api.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError } from "../../errors.server.ts";
import { resolveLocale } from "../../locale.server.ts";
import {
  type CommentActor,
  createComment,
  deleteComment,
  editComment,
  listCommentThreads,
  replyToComment,
  resolveThread,
} from "../../services/documents/comments.server.ts";
import { requireDocument } from "../../services/documents/require-document.server.ts";
import { translateKey } from "../org/admin-context.server.ts";
import type { Route } from "./+types/comments";

// /t/:tenant/documents/:documentId/comments — the comments panel's JSON resource route.
// GET: the threads (readers and above). POST (JSON, one of CommentRequestSchema): create, reply,
// resolve, reopen, edit and delete one's own (commenters and above; readers get 403). People
// without access and people of other agencies get 404, as from every document route.

const NO_STORE = { "Cache-Control": "no-store" };

async function commentActor(
  request: Request,
  params: Route.LoaderArgs["params"],
  minimum: "reader" | "commenter",
) {
  const access = await requireDocument(request, params, minimum);
  const { db } = await getAppDatabase();
  const ctx: CommentActor = { db, tenantId: access.tenant.id, userId: access.user.id };
  return { ctx, documentId: access.document.id };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, documentId } = await commentActor(request, params, "reader");
  const answer: CommentThreadsAnswer = await listCommentThreads(ctx, documentId);
  return Response.json(answer, { headers: NO_STORE });
}

function refuse(error: string, status: number, field?: string) {
  const answer: CommentWriteAnswer = { ok: false, error, ...(field ? { field } : {}) };
  return Response.json(answer, { status, headers: NO_STORE });
}

export async function action({ request, params }: Route.ActionArgs) {
  if (request.method !== "POST") throw new Response(null, { status: 405, headers: { Allow: "GET, POST" } });
  const { ctx, documentId } = await commentActor(request, params, "commenter");
  const { locale } = resolveLocale(request);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return refuse(translate(locale, "documents.comments.error.badRequest"), 400);
  }
  const parsed = CommentRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key =
      issue && (issue.message.startsWith("documents.") || issue.message.startsWith("form."))
        ? (issue.message as MessageKey)
        : "documents.comments.error.badRequest";
    return refuse(translateKey(locale, key), 400, issue ? String(issue.path.at(0) ?? "") : undefined);
  }
  const input = parsed.data;
  try {
    const result =
      input.intent === "create"
        ? await createComment(ctx, { documentId, anchor: input.anchor, body: input.body })
        : input.intent === "reply"
          ? await replyToComment(ctx, { documentId, threadId: input.threadId, body: input.body })
          : input.intent === "resolve" || input.intent === "reopen"
            ? await resolveThread(ctx, {
                documentId,
                threadId: input.threadId,
                resolved: input.intent === "resolve",
              })
            : input.intent === "edit"
              ? await editComment(ctx, { documentId, commentId: input.commentId, body: input.body })
              : await deleteComment(ctx, { documentId, commentId: input.commentId });
    const answer: CommentWriteAnswer = { ok: true, id: result.id };
    return Response.json(answer, { headers: NO_STORE });
  } catch (error) {
    if (error instanceof AppError)
      return refuse(translateKey(locale, error.messageKey, error.params), error.status);
    throw error;
  }
}
