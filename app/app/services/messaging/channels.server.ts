import {
  and,
  asc,
  type ChannelKind,
  channelMembers,
  channels,
  desc,
  eq,
  inArray,
  isNull,
  messages,
  sql,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { requireChannelFor } from "./channel-access.server.ts";
import { appendEvent } from "./events.server.ts";
import { canStartConversations, MESSAGING_LIMITS, type MessagingActor } from "./messaging-actor.server.ts";

// Channels and conversations: opening them, joining and leaving, adding people, and the list of
// them with what is unread in each.

export interface NewChannel {
  kind: "public" | "private";
  name: string;
  topic?: string;
  purpose?: string;
  /** An announcement channel (공지): only its managers (its creator first) post. */
  announcement?: boolean;
  /** People to add at once (of this agency); the creator is always a member, as its manager. */
  memberIds?: readonly string[];
}

function requireStarter(actor: MessagingActor): void {
  if (!canStartConversations(actor.role)) {
    throw new AppError("students-cannot-start", "messaging.error.cannotStart", 403);
  }
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new AppError("channel-name-empty", "messaging.error.nameEmpty");
  if ([...trimmed].length > MESSAGING_LIMITS.channelNameChars) {
    throw new AppError("channel-name-long", "messaging.error.nameLong", 400, {
      max: MESSAGING_LIMITS.channelNameChars,
    });
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    throw new AppError("channel-name-invalid", "messaging.error.nameInvalid");
  return trimmed;
}

function cleanTopic(text: string | undefined): string {
  const trimmed = (text ?? "").trim();
  if ([...trimmed].length > MESSAGING_LIMITS.topicChars) {
    throw new AppError("channel-topic-long", "messaging.error.topicLong", 400, {
      max: MESSAGING_LIMITS.topicChars,
    });
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a topic is one line
  return trimmed.replace(/[\u0000-\u001f\u007f]+/g, " ");
}

/** The active people of the agency among `ids`; an unknown id (or another agency's) is an error. */
async function requireActivePeople(
  tx: TenantTx,
  tenantId: string,
  ids: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (!unique.every(isUuid)) throw new AppError("person-not-found", "messaging.error.personNotFound");
  const found = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, unique), eq(users.status, "active")));
  if (found.length !== unique.length)
    throw new AppError("person-not-found", "messaging.error.personNotFound");
  return unique;
}

/** Opens a public or private channel with its creator as manager; returns its id. */
export async function createChannel(actor: MessagingActor, input: NewChannel): Promise<string> {
  requireStarter(actor);
  const name = cleanName(input.name);
  const topic = cleanTopic(input.topic);
  const purpose = cleanTopic(input.purpose);
  if ((input.memberIds?.length ?? 0) > MESSAGING_LIMITS.addMembers) {
    throw new AppError("too-many-members", "messaging.error.tooManyMembers", 400, {
      max: MESSAGING_LIMITS.addMembers,
    });
  }
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const others = (await requireActivePeople(tx, actor.tenantId, input.memberIds ?? [])).filter(
      (id) => id !== actor.userId,
    );
    const [channel] = await tx
      .insert(channels)
      .values({
        tenantId: actor.tenantId,
        kind: input.kind,
        name,
        topic,
        purpose,
        posting: input.announcement ? "managers" : "everyone",
        createdBy: actor.userId,
      })
      .returning({ id: channels.id });
    if (!channel) throw new Error("insert into channels returned no row");
    await tx
      .insert(channelMembers)
      .values([
        { tenantId: actor.tenantId, channelId: channel.id, userId: actor.userId, role: "manager" },
        ...others.map((userId) => ({ tenantId: actor.tenantId, channelId: channel.id, userId })),
      ]);
    await appendEvent(tx, channel.id, "channel.member", { added: [actor.userId, ...others], removed: [] });
    return channel.id;
  });
}

/**
 * The direct conversation with one person, or the group conversation with several: the same
 * set of people always finds the same conversation. Returns its id.
 */
export async function openConversation(actor: MessagingActor, otherIds: readonly string[]): Promise<string> {
  requireStarter(actor);
  const everyone = [...new Set([actor.userId, ...otherIds])].sort();
  if (everyone.length < 2) throw new AppError("conversation-alone", "messaging.error.conversationAlone");
  if (everyone.length > MESSAGING_LIMITS.groupMembers) {
    throw new AppError("group-too-large", "messaging.error.groupTooLarge", 400, {
      max: MESSAGING_LIMITS.groupMembers,
    });
  }
  const kind: ChannelKind = everyone.length === 2 ? "direct" : "group";
  const directKey = everyone.join(",");
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    await requireActivePeople(tx, actor.tenantId, everyone);
    const [existing] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(and(eq(channels.tenantId, actor.tenantId), eq(channels.directKey, directKey)));
    if (existing) return existing.id;
    // Two people opening the same conversation at once: the unique index keeps one.
    const [created] = await tx
      .insert(channels)
      .values({ tenantId: actor.tenantId, kind, directKey, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning({ id: channels.id });
    if (!created) {
      const [winner] = await tx
        .select({ id: channels.id })
        .from(channels)
        .where(and(eq(channels.tenantId, actor.tenantId), eq(channels.directKey, directKey)));
      if (!winner) throw new Error("conversation vanished after a conflicting insert");
      return winner.id;
    }
    await tx
      .insert(channelMembers)
      .values(everyone.map((userId) => ({ tenantId: actor.tenantId, channelId: created.id, userId })));
    await appendEvent(tx, created.id, "channel.member", { added: everyone, removed: [] });
    return created.id;
  });
}

/** Joins a public channel; joining one already joined changes nothing. */
export async function joinChannel(actor: MessagingActor, channelId: string): Promise<void> {
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const { channel, member } = await requireChannelFor(tx, actor, channelId, { lock: true });
    if (member) return;
    if (channel.archivedAt) throw new AppError("channel-archived", "messaging.error.archived", 409);
    await tx.insert(channelMembers).values({
      tenantId: actor.tenantId,
      channelId,
      userId: actor.userId,
      joinedSeq: channel.lastSeq,
      lastReadSeq: channel.lastSeq,
    });
    await appendEvent(tx, channelId, "channel.member", { added: [actor.userId], removed: [] });
  });
}

/** Leaves a public or private channel (conversations and department channels are not left). */
export async function leaveChannel(actor: MessagingActor, channelId: string): Promise<void> {
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const { channel, member } = await requireChannelFor(tx, actor, channelId, { lock: true });
    if (!member) return;
    if (channel.kind !== "public" && channel.kind !== "private") {
      throw new AppError("cannot-leave", "messaging.error.cannotLeave", 409);
    }
    if (member.role === "manager") {
      const managers = await tx
        .select({ userId: channelMembers.userId })
        .from(channelMembers)
        .where(
          and(
            eq(channelMembers.tenantId, actor.tenantId),
            eq(channelMembers.channelId, channelId),
            eq(channelMembers.role, "manager"),
          ),
        );
      if (managers.length === 1) throw new AppError("last-manager", "messaging.error.lastManager", 409);
    }
    // The live hub also delivers this event to the people it names as removed.
    await tx
      .delete(channelMembers)
      .where(
        and(
          eq(channelMembers.tenantId, actor.tenantId),
          eq(channelMembers.channelId, channelId),
          eq(channelMembers.userId, actor.userId),
        ),
      );
    await appendEvent(tx, channelId, "channel.member", { added: [], removed: [actor.userId] });
  });
}

/** Adds people to a channel; a manager may, and in a public channel any member may. */
export async function addMembers(
  actor: MessagingActor,
  channelId: string,
  userIds: readonly string[],
): Promise<number> {
  if (userIds.length > MESSAGING_LIMITS.addMembers) {
    throw new AppError("too-many-members", "messaging.error.tooManyMembers", 400, {
      max: MESSAGING_LIMITS.addMembers,
    });
  }
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const { channel, member } = await requireChannelFor(tx, actor, channelId, { lock: true });
    if (!member) throw new AppError("not-a-member", "messaging.error.notMember", 403);
    if (channel.archivedAt) throw new AppError("channel-archived", "messaging.error.archived", 409);
    const mayAdd =
      (channel.kind === "public" || channel.kind === "private") &&
      (member.role === "manager" || channel.kind === "public");
    if (!mayAdd) throw new AppError("cannot-add", "messaging.error.cannotAdd", 403);
    const people = await requireActivePeople(tx, actor.tenantId, userIds);
    const added = await tx
      .insert(channelMembers)
      .values(
        people.map((userId) => ({
          tenantId: actor.tenantId,
          channelId,
          userId,
          joinedSeq: channel.lastSeq,
          lastReadSeq: channel.lastSeq,
        })),
      )
      .onConflictDoNothing()
      .returning({ userId: channelMembers.userId });
    if (added.length > 0) {
      await appendEvent(tx, channelId, "channel.member", {
        added: added.map((row) => row.userId),
        removed: [],
      });
    }
    return added.length;
  });
}

/** Changes a channel's topic and purpose, or archives it: its managers may. */
export async function updateChannel(
  actor: MessagingActor,
  channelId: string,
  change: { topic?: string; purpose?: string; archived?: boolean },
): Promise<void> {
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const { channel, member } = await requireChannelFor(tx, actor, channelId, { lock: true });
    if (member?.role !== "manager") throw new AppError("not-a-manager", "messaging.error.notManager", 403);
    if (change.archived !== undefined && channel.kind === "department") {
      // A department's channel is archived when the department closes (the org chart decides).
      throw new AppError("department-archive", "messaging.error.departmentArchive", 409);
    }
    const set: Partial<typeof channels.$inferInsert> = {};
    if (change.topic !== undefined) set.topic = cleanTopic(change.topic);
    if (change.purpose !== undefined) set.purpose = cleanTopic(change.purpose);
    if (change.archived !== undefined)
      set.archivedAt = change.archived ? (channel.archivedAt ?? new Date()) : null;
    if (Object.keys(set).length === 0) return;
    await tx
      .update(channels)
      .set(set)
      .where(and(eq(channels.tenantId, actor.tenantId), eq(channels.id, channelId)));
    await appendEvent(tx, channelId, "channel.updated", {
      topic: set.topic ?? channel.topic,
      purpose: set.purpose ?? channel.purpose,
      archived: (set.archivedAt === undefined ? channel.archivedAt : set.archivedAt) !== null,
    });
  });
}

export interface ChannelSummary {
  id: string;
  kind: ChannelKind;
  /** The channel's name; for a conversation, the other people's names. */
  title: string;
  topic: string;
  announcement: boolean;
  archived: boolean;
  lastMessageAt: Date | null;
  /** Messages by others after the person's read position (replies in threads not counted). */
  unread: number;
  /** Of those, how many mention the person (or the whole channel). */
  mentions: number;
}

/** The channels and conversations the person belongs to, most recent first, with unread counts. */
export async function listMyChannels(actor: MessagingActor): Promise<ChannelSummary[]> {
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const rows = await tx
      .select({
        id: channels.id,
        kind: channels.kind,
        name: channels.name,
        topic: channels.topic,
        posting: channels.posting,
        archivedAt: channels.archivedAt,
        lastMessageAt: channels.lastMessageAt,
        unread: sql<number>`(
          select count(*)::int from ${messages} m
          where m.tenant_id = ${channels.tenantId} and m.channel_id = ${channels.id}
            and m.seq > ${channelMembers.lastReadSeq} and m.author_id <> ${actor.userId}
            and m.thread_root_id is null and m.deleted_at is null)`,
        mentions: sql<number>`(
          select count(*)::int from ${messages} m
          where m.tenant_id = ${channels.tenantId} and m.channel_id = ${channels.id}
            and m.seq > ${channelMembers.lastReadSeq} and m.author_id <> ${actor.userId}
            and m.deleted_at is null
            and (m.mentions_channel or ${actor.userId}::uuid = any(m.mentions)))`,
      })
      .from(channelMembers)
      .innerJoin(
        channels,
        and(eq(channels.tenantId, channelMembers.tenantId), eq(channels.id, channelMembers.channelId)),
      )
      .where(and(eq(channelMembers.tenantId, actor.tenantId), eq(channelMembers.userId, actor.userId)))
      .orderBy(sql`${channels.lastMessageAt} desc nulls last`, asc(channels.name));
    const titles = await conversationTitles(
      tx,
      actor,
      rows.filter((row) => row.kind === "direct" || row.kind === "group").map((row) => row.id),
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: titles.get(row.id) ?? row.name,
      topic: row.topic,
      announcement: row.posting === "managers",
      archived: row.archivedAt !== null,
      lastMessageAt: row.lastMessageAt,
      unread: row.unread,
      mentions: row.mentions,
    }));
  });
}

/** A conversation's title: the other people's names in Korean order (가나다), or one's own alone. */
export async function conversationTitles(
  tx: TenantTx,
  actor: { tenantId: string; userId: string },
  channelIds: readonly string[],
): Promise<Map<string, string>> {
  if (channelIds.length === 0) return new Map();
  const rows = await tx
    .select({ channelId: channelMembers.channelId, userId: users.id, name: users.displayName })
    .from(channelMembers)
    .innerJoin(users, and(eq(users.tenantId, channelMembers.tenantId), eq(users.id, channelMembers.userId)))
    .where(
      and(eq(channelMembers.tenantId, actor.tenantId), inArray(channelMembers.channelId, [...channelIds])),
    );
  const names = new Map<string, string[]>();
  for (const row of rows) {
    if (row.userId === actor.userId) continue;
    names.set(row.channelId, [...(names.get(row.channelId) ?? []), row.name]);
  }
  const collator = new Intl.Collator("ko");
  return new Map(
    channelIds.map((id) => [id, (names.get(id) ?? []).sort(collator.compare).join(", ")] as const),
  );
}

/** Public channels of the agency the person has not joined, for 채널 찾기. */
export async function listJoinableChannels(
  actor: MessagingActor,
): Promise<{ id: string; name: string; topic: string; members: number }[]> {
  // Students find no channels: they are put in theirs by teachers.
  if (actor.role === "student") return [];
  return withTenant(actor.db, actor.tenantId, (tx) =>
    tx
      .select({
        id: channels.id,
        name: channels.name,
        topic: channels.topic,
        members: sql<number>`(select count(*)::int from ${channelMembers} cm
          where cm.tenant_id = ${channels.tenantId} and cm.channel_id = ${channels.id})`,
      })
      .from(channels)
      .where(
        and(
          eq(channels.tenantId, actor.tenantId),
          eq(channels.kind, "public"),
          isNull(channels.archivedAt),
          sql`not exists (select 1 from ${channelMembers} cm where cm.tenant_id = ${channels.tenantId}
            and cm.channel_id = ${channels.id} and cm.user_id = ${actor.userId})`,
        ),
      )
      .orderBy(asc(channels.name), desc(channels.createdAt)),
  );
}

/** The members of a channel the person may see, by name in Korean order, managers first. */
export async function listMembers(
  actor: MessagingActor,
  channelId: string,
): Promise<{ userId: string; name: string; role: "member" | "manager" }[]> {
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    await requireChannelFor(tx, actor, channelId);
    const rows = await tx
      .select({ userId: users.id, name: users.displayName, role: channelMembers.role })
      .from(channelMembers)
      .innerJoin(users, and(eq(users.tenantId, channelMembers.tenantId), eq(users.id, channelMembers.userId)))
      .where(and(eq(channelMembers.tenantId, actor.tenantId), eq(channelMembers.channelId, channelId)));
    const collator = new Intl.Collator("ko");
    return rows.sort((a, b) =>
      a.role === b.role ? collator.compare(a.name, b.name) : a.role === "manager" ? -1 : 1,
    );
  });
}

/** The active people of the agency other than the person, by name: whom they may message or add. */
export async function listPeople(actor: MessagingActor): Promise<{ id: string; name: string }[]> {
  const rows = await withTenant(actor.db, actor.tenantId, (tx) =>
    tx
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.status, "active"))),
  );
  const collator = new Intl.Collator("ko");
  return rows.filter((row) => row.id !== actor.userId).sort((a, b) => collator.compare(a.name, b.name));
}

/** Messages the person has not read in all their channels together (the menu's badge). */
export async function countUnreadMessages(actor: MessagingActor): Promise<number> {
  const [row] = await withTenant(actor.db, actor.tenantId, (tx) =>
    tx
      .select({
        n: sql<number>`count(*)::int`,
      })
      .from(channelMembers)
      .innerJoin(
        messages,
        and(
          eq(messages.tenantId, channelMembers.tenantId),
          eq(messages.channelId, channelMembers.channelId),
          sql`${messages.seq} > ${channelMembers.lastReadSeq}`,
        ),
      )
      .where(
        and(
          eq(channelMembers.tenantId, actor.tenantId),
          eq(channelMembers.userId, actor.userId),
          sql`${messages.authorId} <> ${actor.userId}`,
          isNull(messages.threadRootId),
          isNull(messages.deletedAt),
        ),
      ),
  );
  return row?.n ?? 0;
}

/**
 * Makes a member a manager of the channel, or a manager a member again: its managers may, and a
 * channel always keeps one. Conversations have no managers.
 */
export async function setMemberRole(
  actor: MessagingActor,
  channelId: string,
  userId: string,
  role: "member" | "manager",
): Promise<void> {
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const { channel, member } = await requireChannelFor(tx, actor, channelId, { lock: true });
    if (member?.role !== "manager") throw new AppError("not-a-manager", "messaging.error.notManager", 403);
    if (channel.kind === "direct" || channel.kind === "group") {
      throw new AppError("cannot-manage", "messaging.error.cannotManage", 409);
    }
    const members = await tx
      .select({ userId: channelMembers.userId, role: channelMembers.role })
      .from(channelMembers)
      .where(and(eq(channelMembers.tenantId, actor.tenantId), eq(channelMembers.channelId, channelId)));
    const target = members.find((m) => m.userId === userId);
    if (!target) throw new AppError("person-not-found", "messaging.error.personNotFound", 404);
    if (target.role === role) return;
    if (role === "member" && members.filter((m) => m.role === "manager").length === 1) {
      throw new AppError("last-manager", "messaging.error.lastManager", 409);
    }
    await tx
      .update(channelMembers)
      .set({ role })
      .where(
        and(
          eq(channelMembers.tenantId, actor.tenantId),
          eq(channelMembers.channelId, channelId),
          eq(channelMembers.userId, userId),
        ),
      );
    await appendEvent(tx, channelId, "channel.member", { added: [], removed: [], role: { userId, role } });
  });
}
