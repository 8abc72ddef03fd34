import { and, channelMembers, channels, desc, eq, isNull, messages, sql, users, withTenant } from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { searchKeys, textArray } from "../documents/search-documents.server.ts";
import {
  containsPattern,
  parseSearchQuery,
  SEARCH_MAX_TERMS,
  SEARCH_QUERY_MAX_LENGTH,
} from "../documents/search-query.server.ts";
import { conversationTitles } from "./channels.server.ts";
import type { MessagingActor } from "./messaging-actor.server.ts";

// Search in messages, as in documents (the same query syntax and the same Korean-friendly
// one- and two-character grams, 0005 and 0009), over the channels the person belongs to only:
// never a channel they left, a public channel they never joined, or a deleted message.

export const MESSAGE_SEARCH_LIMIT = 50;

export interface MessageHit {
  id: string;
  channelId: string;
  channelTitle: string;
  channelKind: string;
  seq: number;
  threadRootId: string | null;
  authorName: string;
  body: string;
  createdAt: Date;
}

/** The newest messages (at most 50) that contain every term of `query`, in the person's channels. */
export async function searchMessages(actor: MessagingActor, query: string): Promise<MessageHit[]> {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) {
    throw new AppError(`search-${parsed.reason}`, `documents.search.error.${parsed.reason}`, 400, {
      max: SEARCH_QUERY_MAX_LENGTH,
      terms: SEARCH_MAX_TERMS,
    });
  }
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const keys = await searchKeys(tx, parsed.terms);
    const confirm = parsed.terms.map((term) =>
      term.caseless
        ? sql`${messages.body} like ${containsPattern(term.text)}`
        : sql`${messages.body} ilike ${containsPattern(term.text)}`,
    );
    const rows = await tx
      .select({
        id: messages.id,
        channelId: messages.channelId,
        channelKind: channels.kind,
        channelName: channels.name,
        seq: messages.seq,
        threadRootId: messages.threadRootId,
        authorName: users.displayName,
        body: messages.body,
        createdAt: messages.createdAt,
      })
      .from(messages)
      .innerJoin(
        channelMembers,
        and(
          eq(channelMembers.tenantId, messages.tenantId),
          eq(channelMembers.channelId, messages.channelId),
          eq(channelMembers.userId, actor.userId),
        ),
      )
      .innerJoin(channels, and(eq(channels.tenantId, messages.tenantId), eq(channels.id, messages.channelId)))
      .innerJoin(users, and(eq(users.tenantId, messages.tenantId), eq(users.id, messages.authorId)))
      .where(
        and(
          eq(messages.tenantId, actor.tenantId),
          isNull(messages.deletedAt),
          sql`${messages.searchGrams} @> ${textArray(keys.grams)}`,
          ...confirm,
        ),
      )
      .orderBy(desc(messages.createdAt), desc(messages.seq))
      .limit(MESSAGE_SEARCH_LIMIT);
    const titles = await conversationTitles(tx, actor, [
      ...new Set(
        rows.filter((r) => r.channelKind === "direct" || r.channelKind === "group").map((r) => r.channelId),
      ),
    ]);
    return rows.map(({ channelName, ...row }) => ({
      ...row,
      channelTitle: titles.get(row.channelId) ?? channelName,
    }));
  });
}
