import { z } from "zod";
import type { CommentAnchor } from "./contract.ts";

// The comments resource routes' requests and answers, shared by the panel and the routes.
// POST /t/:tenant/documents/:documentId/comments takes one of CommentRequestSchema (JSON);
// GET answers CommentThreadsAnswer; GET …/comments/people?q= answers MentionPeopleAnswer.

/** A comment's body: 1–4000 characters (the column's check), mentions included. */
export const COMMENT_BODY_MAX = 4000;
/** The quoted text of an anchor: the editor's selection, cut to this length. */
export const COMMENT_QUOTE_MAX = 500;
/** An anchor's relative positions (base64 of Y.encodeRelativePosition) are small; this is generous. */
export const ANCHOR_POSITION_MAX = 1024;
/** At most this many comments (threads and replies, deleted ones too) per document. */
export const MAX_COMMENTS_PER_DOCUMENT = 500;
/** The mention picker's longest query and most results. */
export const MENTION_QUERY_MAX = 50;
export const MENTION_RESULTS_MAX = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const id = z.string().regex(UUID, { error: "documents.comments.error.notFound" });

export const CommentBodySchema = z
  .string({ error: "documents.comments.error.bodyRequired" })
  .refine((value) => value.trim().length > 0, { error: "documents.comments.error.bodyRequired" })
  .refine((value) => value.length <= COMMENT_BODY_MAX, { error: "documents.comments.error.bodyTooLong" })
  // PostgreSQL refuses NUL in text: a 400 with a message, not a 500
  .refine((value) => !value.includes("\0"), { error: "form.invalidCharacters" });

const position = z
  .string()
  .min(1, { error: "documents.comments.error.badAnchor" })
  .max(ANCHOR_POSITION_MAX, { error: "documents.comments.error.badAnchor" })
  .regex(BASE64, { error: "documents.comments.error.badAnchor" });

export const CommentAnchorSchema = z.object({
  start: position,
  end: position,
  quote: z
    .string({ error: "documents.comments.error.badAnchor" })
    .max(COMMENT_QUOTE_MAX, { error: "documents.comments.error.quoteTooLong" })
    .refine((value) => !value.includes("\0"), { error: "form.invalidCharacters" }),
}) satisfies z.ZodType<CommentAnchor>;

export const CommentRequestSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("create"),
      anchor: CommentAnchorSchema.nullable(),
      body: CommentBodySchema,
    }),
    z.object({ intent: z.literal("reply"), threadId: id, body: CommentBodySchema }),
    z.object({ intent: z.literal("resolve"), threadId: id }),
    z.object({ intent: z.literal("reopen"), threadId: id }),
    z.object({ intent: z.literal("edit"), commentId: id, body: CommentBodySchema }),
    z.object({ intent: z.literal("delete"), commentId: id }),
  ],
  { error: "documents.comments.error.badRequest" },
);
export type CommentRequest = z.infer<typeof CommentRequestSchema>;

export interface CommentView {
  id: string;
  authorId: string;
  authorName: string;
  /** Null once deleted: the page says so, and the text is not sent. */
  body: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface ThreadView {
  id: string;
  anchor: CommentAnchor | null;
  resolvedAt: string | null;
  resolvedByName: string | null;
  /** The first comment, then the replies in order. */
  comments: CommentView[];
}

export interface CommentThreadsAnswer {
  threads: ThreadView[];
  /** The current names of the people the bodies mention. */
  people: Record<string, string>;
}

export type CommentWriteAnswer = { ok: true; id: string } | { ok: false; error: string; field?: string };

export interface MentionPerson {
  id: string;
  name: string;
  departmentName: string | null;
}

export interface MentionPeopleAnswer {
  people: MentionPerson[];
}
