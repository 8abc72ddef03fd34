import { randomUUID } from "node:crypto";
import { documentComments, documents, eq, sql, withTenant } from "@nuri/db";
import { buildDepartment, buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  COMMENT_BODY_MAX,
  CommentRequestSchema,
  MAX_COMMENTS_PER_DOCUMENT,
} from "../../components/comments/comment-api.ts";
import { MAX_MENTIONS, mentionToken } from "../../components/comments/mentions.ts";
import {
  type CommentActor,
  createComment,
  deleteComment,
  editComment,
  listCommentThreads,
  replyToComment,
  resolveThread,
  searchMentionPeople,
} from "./comments.server.ts";
import { shareDocument } from "./sharing.server.ts";
import { actingAs, notificationsOf } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

const as = (tenantId: string, userId: string): CommentActor => ({ db, tenantId, userId });

/** A document its owner shared with a reader, a commenter and an editor; a stranger has no access. */
async function discussion() {
  const tenant = await buildTenant(db);
  const division = await buildDepartment(db, tenant.id, { name: "민원과" });
  const person = (name: string) => buildUser(db, tenant.id, { displayName: name, departmentId: division.id });
  const owner = await person("김소유");
  const reader = await person("이읽기");
  const commenter = await person("박댓글");
  const editor = await person("최편집");
  const stranger = await person("정모름");
  const doc = await buildDocument(db, tenant.id, owner.id, { title: "민원 처리 지침" });
  for (const [grantee, role] of [
    [reader, "reader"],
    [commenter, "commenter"],
    [editor, "editor"],
  ] as const) {
    await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "user", id: grantee.id },
      role,
      confirmBeyondDepartment: false,
    });
  }
  return { tenant, owner, reader, commenter, editor, stranger, doc };
}

const anchor = {
  start: Buffer.from([1, 2, 3]).toString("base64"),
  end: Buffer.from([4, 5]).toString("base64"),
  quote: "처리 기한",
};

async function mentionNotices(tenantId: string) {
  return (await notificationsOf(db, tenantId)).filter((row) => row.kind === "mention");
}

describe("who may comment", () => {
  it("lets commenters, editors and owners start threads; readers read them but may not write (403)", async () => {
    const { tenant, owner, reader, commenter, editor, doc } = await discussion();
    for (const writer of [commenter, editor, owner]) {
      await createComment(as(tenant.id, writer.id), {
        documentId: doc.id,
        anchor,
        body: `${writer.displayName}의 의견`,
      });
    }
    await expect(
      createComment(as(tenant.id, reader.id), { documentId: doc.id, anchor, body: "읽기만 가능" }),
    ).rejects.toMatchObject({ messageKey: "documents.comments.error.forbidden", status: 403 });
    const { threads } = await listCommentThreads(as(tenant.id, reader.id), doc.id);
    expect(threads.map((thread) => thread.comments[0]?.body)).toEqual([
      "박댓글의 의견",
      "최편집의 의견",
      "김소유의 의견",
    ]);
    expect(threads[0]?.anchor).toEqual(anchor);
  });

  it("answers 404 to a person without access, for reading and writing alike", async () => {
    const { tenant, commenter, stranger, doc } = await discussion();
    const { id } = await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor: null,
      body: "의견",
    });
    await expect(listCommentThreads(as(tenant.id, stranger.id), doc.id)).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      replyToComment(as(tenant.id, stranger.id), { documentId: doc.id, threadId: id, body: "몰래" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("does not find a document of another agency, nor its comments", async () => {
    const { tenant, commenter, doc } = await discussion();
    const { id } = await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor: null,
      body: "의견",
    });
    const other = await buildTenant(db);
    const foreigner = await buildUser(db, other.id);
    const ctx = as(other.id, foreigner.id);
    await expect(listCommentThreads(ctx, doc.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      createComment(ctx, { documentId: doc.id, anchor: null, body: "침입" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      resolveThread(ctx, { documentId: doc.id, threadId: id, resolved: true }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(deleteComment(ctx, { documentId: doc.id, commentId: id })).rejects.toMatchObject({
      status: 404,
    });
    // Even with a real member's id under the other tenant: the tenant comes from the session.
    await expect(
      editComment(as(other.id, commenter.id), { documentId: doc.id, commentId: id, body: "바꿈" }),
    ).rejects.toMatchObject({ status: 404 });
    const { threads } = await listCommentThreads(as(tenant.id, commenter.id), doc.id);
    expect(threads).toMatchObject([{ resolvedAt: null, comments: [{ body: "의견", deleted: false }] }]);
  });

  it("refuses comments on a document in the trash", async () => {
    const { tenant, owner, doc } = await discussion();
    await withTenant(db, tenant.id, (tx) =>
      tx
        .update(documents)
        .set({ deletedAt: new Date(), deletedBy: owner.id })
        .where(eq(documents.id, doc.id)),
    );
    await expect(
      createComment(as(tenant.id, owner.id), { documentId: doc.id, anchor: null, body: "휴지통" }),
    ).rejects.toMatchObject({ messageKey: "documents.comments.error.inTrash" });
  });
});

describe("threads", () => {
  it("replies in order, resolves and reopens; a reply to a resolved thread opens it again", async () => {
    const { tenant, commenter, editor, doc } = await discussion();
    const { id: threadId } = await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor,
      body: "기한이 너무 짧습니다.",
    });
    await replyToComment(as(tenant.id, editor.id), {
      documentId: doc.id,
      threadId,
      body: "7일로 늘리겠습니다.",
    });
    await resolveThread(as(tenant.id, commenter.id), { documentId: doc.id, threadId, resolved: true });
    let [thread] = (await listCommentThreads(as(tenant.id, editor.id), doc.id)).threads;
    expect(thread).toMatchObject({
      resolvedByName: "박댓글",
      comments: [{ body: "기한이 너무 짧습니다." }, { body: "7일로 늘리겠습니다." }],
    });
    expect(thread?.resolvedAt).not.toBeNull();
    await resolveThread(as(tenant.id, editor.id), { documentId: doc.id, threadId, resolved: false });
    [thread] = (await listCommentThreads(as(tenant.id, editor.id), doc.id)).threads;
    expect(thread?.resolvedAt).toBeNull();
    await resolveThread(as(tenant.id, editor.id), { documentId: doc.id, threadId, resolved: true });
    await replyToComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      threadId,
      body: "다시 봐 주세요.",
    });
    [thread] = (await listCommentThreads(as(tenant.id, editor.id), doc.id)).threads;
    expect(thread).toMatchObject({ resolvedAt: null, resolvedByName: null });
    expect(thread?.comments).toHaveLength(3);
  });

  it("replies only to threads of the same document, never to a reply", async () => {
    const { tenant, owner, commenter, doc } = await discussion();
    const second = await buildDocument(db, tenant.id, owner.id);
    const { id: threadId } = await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor: null,
      body: "첫 의견",
    });
    const { id: replyId } = await replyToComment(as(tenant.id, owner.id), {
      documentId: doc.id,
      threadId,
      body: "답",
    });
    await expect(
      replyToComment(as(tenant.id, owner.id), { documentId: doc.id, threadId: replyId, body: "답의 답" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      replyToComment(as(tenant.id, owner.id), { documentId: second.id, threadId, body: "다른 문서" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("edits and deletes only one's own comments; a deleted one shows as deleted, without its text", async () => {
    const { tenant, commenter, editor, owner, doc } = await discussion();
    const { id: threadId } = await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor: null,
      body: "초안",
    });
    const { id: replyId } = await replyToComment(as(tenant.id, editor.id), {
      documentId: doc.id,
      threadId,
      body: "편집자 답",
    });
    await expect(
      editComment(as(tenant.id, owner.id), {
        documentId: doc.id,
        commentId: threadId,
        body: "소유자가 고침",
      }),
    ).rejects.toMatchObject({ messageKey: "documents.comments.error.notAuthor", status: 403 });
    await expect(
      deleteComment(as(tenant.id, commenter.id), { documentId: doc.id, commentId: replyId }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await editComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      commentId: threadId,
      body: "고친 의견",
    });
    await deleteComment(as(tenant.id, editor.id), { documentId: doc.id, commentId: replyId });
    await expect(
      editComment(as(tenant.id, editor.id), { documentId: doc.id, commentId: replyId, body: "되살리기" }),
    ).rejects.toMatchObject({ status: 404 });
    const [thread] = (await listCommentThreads(as(tenant.id, owner.id), doc.id)).threads;
    expect(thread?.comments).toMatchObject([
      { body: "고친 의견", deleted: false },
      { body: null, deleted: true, authorName: "최편집" },
    ]);
    expect(thread?.comments[0]?.editedAt).not.toBeNull();
  });

  it("drops a thread whose every comment was deleted", async () => {
    const { tenant, commenter, doc } = await discussion();
    const { id } = await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor: null,
      body: "지울 의견",
    });
    await deleteComment(as(tenant.id, commenter.id), { documentId: doc.id, commentId: id });
    expect((await listCommentThreads(as(tenant.id, commenter.id), doc.id)).threads).toEqual([]);
  });

  it("loses the right to edit with the role: a commenter made reader may no longer change their comment", async () => {
    const { tenant, owner, commenter, doc } = await discussion();
    const { id } = await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor: null,
      body: "의견",
    });
    await shareDocument(actingAs(db, tenant.id, owner.id), {
      documentId: doc.id,
      grantee: { kind: "user", id: commenter.id },
      role: "reader",
      confirmBeyondDepartment: false,
    });
    await expect(
      editComment(as(tenant.id, commenter.id), { documentId: doc.id, commentId: id, body: "고침" }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe("mentions", () => {
  it("notifies the mentioned people who may read the document, and nobody else, revealing nothing", async () => {
    const { tenant, owner, reader, commenter, stranger, doc } = await discussion();
    const disabled = await buildUser(db, tenant.id, { displayName: "휴직자", status: "disabled" });
    const other = await buildTenant(db);
    const foreigner = await buildUser(db, other.id, { displayName: "타기관" });
    const body = [reader, stranger, disabled, foreigner, commenter, owner]
      .map((person) => mentionToken({ id: person.id, name: person.displayName }))
      .concat(mentionToken({ id: randomUUID(), name: "없는사람" }))
      .join(" 님, ");
    const { id } = await createComment(as(tenant.id, commenter.id), { documentId: doc.id, anchor, body });
    const notified = await mentionNotices(tenant.id);
    // The commenter mentioned themselves: not notified. The stranger has no access: not notified.
    expect(notified.map((row) => row.userId).sort()).toEqual([reader.id, owner.id].sort());
    expect(notified[0]).toMatchObject({
      kind: "mention",
      actorId: commenter.id,
      targetType: "document",
      targetId: doc.id,
      details: { commentId: id },
    });
    expect(await mentionNotices(other.id)).toEqual([]);
    // The list shows current names for the people of this agency only.
    const { people } = await listCommentThreads(as(tenant.id, reader.id), doc.id);
    expect(people[reader.id]).toBe("이읽기");
    expect(people[foreigner.id]).toBeUndefined();
  });

  it("notifies on edit only the people newly mentioned", async () => {
    const { tenant, reader, editor, commenter, doc } = await discussion();
    const ctx = as(tenant.id, commenter.id);
    const first = mentionToken({ id: reader.id, name: "이읽기" });
    const { id } = await createComment(ctx, { documentId: doc.id, anchor: null, body: `${first} 확인 부탁` });
    await editComment(ctx, {
      documentId: doc.id,
      commentId: id,
      body: `${first} ${mentionToken({ id: editor.id, name: "최편집" })} 확인 부탁`,
    });
    expect((await mentionNotices(tenant.id)).map((row) => row.userId)).toEqual([reader.id, editor.id]);
  });

  it("notifies mentions in replies too", async () => {
    const { tenant, owner, editor, commenter, doc } = await discussion();
    const { id: threadId } = await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor: null,
      body: "질문",
    });
    const { id } = await replyToComment(as(tenant.id, editor.id), {
      documentId: doc.id,
      threadId,
      body: `${mentionToken({ id: owner.id, name: "김소유" })} 결정해 주세요`,
    });
    expect(await mentionNotices(tenant.id)).toMatchObject([{ userId: owner.id, details: { commentId: id } }]);
  });

  it(`refuses more than ${MAX_MENTIONS} people in one comment, writing nothing`, async () => {
    const { tenant, commenter, doc } = await discussion();
    const body = Array.from({ length: MAX_MENTIONS + 1 }, () =>
      mentionToken({ id: randomUUID(), name: "누구" }),
    ).join(" ");
    await expect(
      createComment(as(tenant.id, commenter.id), { documentId: doc.id, anchor: null, body }),
    ).rejects.toMatchObject({
      messageKey: "documents.comments.error.tooManyMentions",
      params: { max: MAX_MENTIONS },
    });
    expect((await listCommentThreads(as(tenant.id, commenter.id), doc.id)).threads).toEqual([]);
  });

  it("finds people of this agency to mention, and none of another", async () => {
    const { tenant, commenter, reader, doc } = await discussion();
    const other = await buildTenant(db);
    await buildUser(db, other.id, { displayName: "이읽기" });
    const found = await searchMentionPeople(as(tenant.id, commenter.id), {
      documentId: doc.id,
      query: "이읽",
    });
    expect(found).toEqual([{ id: reader.id, name: "이읽기", departmentName: "민원과" }]);
    await expect(
      searchMentionPeople(as(tenant.id, reader.id), { documentId: doc.id, query: "이" }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe("limits", () => {
  it(`refuses comment number ${MAX_COMMENTS_PER_DOCUMENT + 1} of one document`, async () => {
    const { tenant, commenter, doc } = await discussion();
    await withTenant(db, tenant.id, (tx) =>
      tx.execute(sql`insert into document_comments (tenant_id, document_id, author_id, body)
        select ${tenant.id}, ${doc.id}, ${commenter.id}, '의견 ' || n from generate_series(1, ${MAX_COMMENTS_PER_DOCUMENT}) n`),
    );
    await expect(
      createComment(as(tenant.id, commenter.id), { documentId: doc.id, anchor: null, body: "하나 더" }),
    ).rejects.toMatchObject({ code: "document.comments.too-many", status: 409 });
    const [row] = await withTenant(db, tenant.id, (tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(documentComments)
        .where(eq(documentComments.documentId, doc.id)),
    );
    expect(row?.n).toBe(MAX_COMMENTS_PER_DOCUMENT);
  });

  it.each([
    ["an empty body", { intent: "create", anchor: null, body: "" }, "documents.comments.error.bodyRequired"],
    [
      "a blank body",
      { intent: "create", anchor: null, body: "  \n " },
      "documents.comments.error.bodyRequired",
    ],
    [
      "a body one past the limit",
      { intent: "create", anchor: null, body: "가".repeat(COMMENT_BODY_MAX + 1) },
      "documents.comments.error.bodyTooLong",
    ],
    [
      "a NUL in the body",
      { intent: "reply", threadId: randomUUID(), body: "a\0b" },
      "form.invalidCharacters",
    ],
    [
      "an anchor that is not base64",
      { intent: "create", anchor: { ...anchor, start: "not base64!" }, body: "x" },
      "documents.comments.error.badAnchor",
    ],
    [
      "an anchor position too long",
      { intent: "create", anchor: { ...anchor, end: "AAAA".repeat(300) }, body: "x" },
      "documents.comments.error.badAnchor",
    ],
    [
      "a quote too long",
      { intent: "create", anchor: { ...anchor, quote: "가".repeat(501) }, body: "x" },
      "documents.comments.error.quoteTooLong",
    ],
    [
      "a thread id that is not a uuid",
      { intent: "resolve", threadId: "1 or 1=1" },
      "documents.comments.error.notFound",
    ],
    ["an unknown intent", { intent: "purge" }, "documents.comments.error.badRequest"],
  ] as const)("refuses %s with a message", (_case, request, messageKey) => {
    const parsed = CommentRequestSchema.safeParse(request);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(messageKey);
  });

  it("accepts a body of exactly the limit", async () => {
    const { tenant, commenter, doc } = await discussion();
    const request = CommentRequestSchema.parse({
      intent: "create",
      anchor,
      body: "가".repeat(COMMENT_BODY_MAX),
    });
    if (request.intent !== "create") throw new Error("parsed into another intent");
    await createComment(as(tenant.id, commenter.id), {
      documentId: doc.id,
      anchor: request.anchor,
      body: request.body,
    });
    const { threads } = await listCommentThreads(as(tenant.id, commenter.id), doc.id);
    expect(threads[0]?.comments[0]?.body).toHaveLength(COMMENT_BODY_MAX);
  });
});
