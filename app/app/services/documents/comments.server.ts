import {
  and,
  asc,
  count,
  type Db,
  type DocumentRole,
  departments,
  documentComments,
  documents,
  eq,
  ilike,
  inArray,
  isNull,
  sql,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import {
  type CommentThreadsAnswer,
  type CommentView,
  MAX_COMMENTS_PER_DOCUMENT,
  MENTION_RESULTS_MAX,
  type MentionPerson,
  type ThreadView,
} from "../../components/comments/comment-api.ts";
import type { CommentAnchor } from "../../components/comments/contract.ts";
import { MAX_MENTIONS, mentionedIds } from "../../components/comments/mentions.ts";
import { AppError } from "../../errors.server.ts";
import { atLeast, roleOnDocument } from "./access.server.ts";
import { addNotifications } from "./notifications.server.ts";

// Comments on a document: threads anchored to a range of the body, replies, resolve and reopen,
// editing and (soft) deleting one's own. Readers read them; commenters, editors and owners write.
// Each use case decides with the person's role as it is in its own transaction.

/** Who is commenting: from the session, never from the request body. */
export interface CommentActor {
  db: Db;
  tenantId: string;
  userId: string;
}

function commentError(code: string, messageKey: MessageKey, status = 400, params = {}): AppError {
  return new AppError(`document.comments.${code}`, messageKey, status, params);
}

const documentNotFound = () => commentError("document-not-found", "documents.comments.error.notFound", 404);
const commentNotFound = () => commentError("comment-not-found", "documents.comments.error.notFound", 404);

/** The person's role on a live document (or 404), at least `minimum` (or 403). */
async function requireRole(
  tx: TenantTx,
  ctx: CommentActor,
  documentId: string,
  minimum: DocumentRole,
): Promise<DocumentRole> {
  const [document] = await tx
    .select({ deletedAt: documents.deletedAt })
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)));
  const role = document ? await roleOnDocument(tx, ctx.userId, documentId) : null;
  if (!document || !role) throw documentNotFound();
  if (!atLeast(role, minimum)) throw commentError("forbidden", "documents.comments.error.forbidden", 403);
  // The owner still sees a document in the trash, but nobody discusses it there.
  if (document.deletedAt && minimum !== "reader")
    throw commentError("in-trash", "documents.comments.error.inTrash", 409);
  return role;
}

const toBytes = (base64: string) => new Uint8Array(Buffer.from(base64, "base64"));
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** The document's threads (first comment, then replies), oldest first, with the names they mention. */
export async function listCommentThreads(
  ctx: CommentActor,
  documentId: string,
): Promise<CommentThreadsAnswer> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRole(tx, ctx, documentId, "reader");
    const rows = await tx
      .select({
        id: documentComments.id,
        threadId: documentComments.threadId,
        authorId: documentComments.authorId,
        authorName: users.displayName,
        body: documentComments.body,
        anchorStart: documentComments.anchorStart,
        anchorEnd: documentComments.anchorEnd,
        quote: documentComments.quote,
        resolvedAt: documentComments.resolvedAt,
        resolvedBy: documentComments.resolvedBy,
        createdAt: documentComments.createdAt,
        editedAt: documentComments.editedAt,
        deletedAt: documentComments.deletedAt,
      })
      .from(documentComments)
      .innerJoin(
        users,
        and(eq(users.tenantId, documentComments.tenantId), eq(users.id, documentComments.authorId)),
      )
      .where(and(eq(documentComments.tenantId, ctx.tenantId), eq(documentComments.documentId, documentId)))
      .orderBy(asc(documentComments.createdAt), asc(documentComments.id));

    const view = (row: (typeof rows)[number]): CommentView => ({
      id: row.id,
      authorId: row.authorId,
      authorName: row.authorName,
      body: row.deletedAt ? null : row.body,
      createdAt: row.createdAt.toISOString(),
      editedAt: row.editedAt?.toISOString() ?? null,
      deleted: row.deletedAt !== null,
    });
    const threads = new Map<string, ThreadView & { resolvedBy: string | null }>();
    for (const row of rows) {
      if (row.threadId) continue;
      threads.set(row.id, {
        id: row.id,
        anchor:
          row.anchorStart && row.anchorEnd
            ? { start: toBase64(row.anchorStart), end: toBase64(row.anchorEnd), quote: row.quote ?? "" }
            : null,
        resolvedAt: row.resolvedAt?.toISOString() ?? null,
        resolvedBy: row.resolvedBy,
        resolvedByName: null,
        comments: [view(row)],
      });
    }
    for (const row of rows) if (row.threadId) threads.get(row.threadId)?.comments.push(view(row));

    // A thread whose comments are all deleted has nothing left to say.
    const visible = [...threads.values()].filter((thread) => thread.comments.some((c) => !c.deleted));
    const wanted = new Set<string>();
    for (const thread of visible) {
      if (thread.resolvedBy) wanted.add(thread.resolvedBy);
      for (const comment of thread.comments)
        for (const id of mentionedIds(comment.body ?? "")) wanted.add(id);
    }
    const names = wanted.size
      ? await tx
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(and(eq(users.tenantId, ctx.tenantId), inArray(users.id, [...wanted])))
      : [];
    const people = Object.fromEntries(names.map((row) => [row.id, row.name]));
    return {
      threads: visible.map(({ resolvedBy, ...thread }) => ({
        ...thread,
        resolvedByName: resolvedBy ? (people[resolvedBy] ?? null) : null,
      })),
      people,
    };
  });
}

/**
 * Notifies the people `body` newly mentions (not in `before`) who may read the document now;
 * the others are left out silently, so a comment reveals nothing about who has access.
 */
async function notifyMentions(
  tx: TenantTx,
  ctx: CommentActor,
  documentId: string,
  commentId: string,
  body: string,
  before = "",
): Promise<void> {
  const mentioned = mentionedIds(body);
  if (mentioned.length > MAX_MENTIONS) {
    throw commentError("too-many-mentions", "documents.comments.error.tooManyMentions", 400, {
      max: MAX_MENTIONS,
    });
  }
  const already = new Set(mentionedIds(before));
  const fresh = mentioned.filter((id) => id !== ctx.userId && !already.has(id));
  if (fresh.length === 0) return;
  const readers: string[] = [];
  for (const userId of fresh) {
    // roleOnDocument is null for a disabled person, one of another agency (RLS) or a stranger.
    if (await roleOnDocument(tx, userId, documentId)) readers.push(userId);
  }
  await addNotifications(
    tx,
    ctx.tenantId,
    readers.map((userId) => ({
      userId,
      kind: "mention" as const,
      actorId: ctx.userId,
      target: { type: "document" as const, id: documentId },
      details: { commentId },
    })),
  );
}

async function requireRoom(tx: TenantTx, tenantId: string, documentId: string): Promise<void> {
  // Serialises the count with other writers of this document's comments.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('nuri.comments:' || ${tenantId} || ':' || ${documentId}, 0))`,
  );
  const [row] = await tx
    .select({ n: count() })
    .from(documentComments)
    .where(and(eq(documentComments.tenantId, tenantId), eq(documentComments.documentId, documentId)));
  if ((row?.n ?? 0) >= MAX_COMMENTS_PER_DOCUMENT) {
    throw commentError("too-many", "documents.comments.error.tooMany", 409, {
      max: MAX_COMMENTS_PER_DOCUMENT,
    });
  }
}

/** Starts a thread on `anchor` (or on the whole document when null). */
export async function createComment(
  ctx: CommentActor,
  input: { documentId: string; anchor: CommentAnchor | null; body: string },
): Promise<{ id: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRole(tx, ctx, input.documentId, "commenter");
    await requireRoom(tx, ctx.tenantId, input.documentId);
    const [row] = await tx
      .insert(documentComments)
      .values({
        tenantId: ctx.tenantId,
        documentId: input.documentId,
        authorId: ctx.userId,
        body: input.body,
        anchorStart: input.anchor ? toBytes(input.anchor.start) : null,
        anchorEnd: input.anchor ? toBytes(input.anchor.end) : null,
        quote: input.anchor?.quote ?? null,
      })
      .returning({ id: documentComments.id });
    await notifyMentions(tx, ctx, input.documentId, row!.id, input.body);
    return { id: row!.id };
  });
}

async function lockThread(tx: TenantTx, tenantId: string, documentId: string, threadId: string) {
  const [thread] = await tx
    .select()
    .from(documentComments)
    .where(
      and(
        eq(documentComments.tenantId, tenantId),
        eq(documentComments.documentId, documentId),
        eq(documentComments.id, threadId),
        isNull(documentComments.threadId),
      ),
    )
    .for("update");
  if (!thread) throw commentNotFound();
  return thread;
}

/** Replies to a thread; replying to a resolved thread opens it again. */
export async function replyToComment(
  ctx: CommentActor,
  input: { documentId: string; threadId: string; body: string },
): Promise<{ id: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRole(tx, ctx, input.documentId, "commenter");
    const thread = await lockThread(tx, ctx.tenantId, input.documentId, input.threadId);
    await requireRoom(tx, ctx.tenantId, input.documentId);
    const [row] = await tx
      .insert(documentComments)
      .values({
        tenantId: ctx.tenantId,
        documentId: input.documentId,
        threadId: thread.id,
        authorId: ctx.userId,
        body: input.body,
      })
      .returning({ id: documentComments.id });
    if (thread.resolvedAt) {
      await tx
        .update(documentComments)
        .set({ resolvedAt: null, resolvedBy: null })
        .where(and(eq(documentComments.tenantId, ctx.tenantId), eq(documentComments.id, thread.id)));
    }
    await notifyMentions(tx, ctx, input.documentId, row!.id, input.body);
    return { id: row!.id };
  });
}

/** Resolves a thread (or reopens it); commenters and above may do either. */
export async function resolveThread(
  ctx: CommentActor,
  input: { documentId: string; threadId: string; resolved: boolean },
  now = new Date(),
): Promise<{ id: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRole(tx, ctx, input.documentId, "commenter");
    const thread = await lockThread(tx, ctx.tenantId, input.documentId, input.threadId);
    if (Boolean(thread.resolvedAt) !== input.resolved) {
      await tx
        .update(documentComments)
        .set(
          input.resolved
            ? { resolvedAt: now, resolvedBy: ctx.userId }
            : { resolvedAt: null, resolvedBy: null },
        )
        .where(and(eq(documentComments.tenantId, ctx.tenantId), eq(documentComments.id, thread.id)));
    }
    return { id: thread.id };
  });
}

async function lockOwnComment(tx: TenantTx, ctx: CommentActor, documentId: string, commentId: string) {
  const [comment] = await tx
    .select()
    .from(documentComments)
    .where(
      and(
        eq(documentComments.tenantId, ctx.tenantId),
        eq(documentComments.documentId, documentId),
        eq(documentComments.id, commentId),
        isNull(documentComments.deletedAt),
      ),
    )
    .for("update");
  if (!comment) throw commentNotFound();
  if (comment.authorId !== ctx.userId)
    throw commentError("not-author", "documents.comments.error.notAuthor", 403);
  return comment;
}

/** Edits one's own comment; people it newly mentions are notified. */
export async function editComment(
  ctx: CommentActor,
  input: { documentId: string; commentId: string; body: string },
  now = new Date(),
): Promise<{ id: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRole(tx, ctx, input.documentId, "commenter");
    const comment = await lockOwnComment(tx, ctx, input.documentId, input.commentId);
    if (comment.body === input.body) return { id: comment.id };
    await tx
      .update(documentComments)
      .set({ body: input.body, editedAt: now })
      .where(and(eq(documentComments.tenantId, ctx.tenantId), eq(documentComments.id, comment.id)));
    await notifyMentions(tx, ctx, input.documentId, comment.id, input.body, comment.body);
    return { id: comment.id };
  });
}

/** Deletes one's own comment: it stays in its thread as "deleted", without its text. */
export async function deleteComment(
  ctx: CommentActor,
  input: { documentId: string; commentId: string },
  now = new Date(),
): Promise<{ id: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRole(tx, ctx, input.documentId, "commenter");
    const comment = await lockOwnComment(tx, ctx, input.documentId, input.commentId);
    await tx
      .update(documentComments)
      .set({ deletedAt: now })
      .where(and(eq(documentComments.tenantId, ctx.tenantId), eq(documentComments.id, comment.id)));
    return { id: comment.id };
  });
}

/**
 * People of the agency to mention, by name: active people only, whether or not they may read
 * the document (the picker must not reveal who has access; only readers are notified).
 */
export async function searchMentionPeople(
  ctx: CommentActor,
  input: { documentId: string; query: string },
): Promise<MentionPerson[]> {
  const query = input.query.trim();
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRole(tx, ctx, input.documentId, "commenter");
    if (!query) return [];
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return tx
      .select({ id: users.id, name: users.displayName, departmentName: departments.name })
      .from(users)
      .leftJoin(
        departments,
        and(eq(departments.tenantId, users.tenantId), eq(departments.id, users.departmentId)),
      )
      .where(
        and(eq(users.tenantId, ctx.tenantId), eq(users.status, "active"), ilike(users.displayName, pattern)),
      )
      .orderBy(asc(users.displayName), asc(users.loginId))
      .limit(MENTION_RESULTS_MAX);
  });
}
