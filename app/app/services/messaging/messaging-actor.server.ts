import type { Db, UserRole } from "@nuri/db";

/** Who acts in a messaging service: the signed-in person of one tenant (never from form data). */
export interface MessagingActor {
  db: Db;
  tenantId: string;
  userId: string;
  role: UserRole;
}

// The explicit limits of messaging; each is enforced by a service and tested.
export const MESSAGING_LIMITS = {
  /** Characters in one message (the database refuses more, too). */
  messageChars: 4000,
  channelNameChars: 80,
  topicChars: 250,
  /** People in a group conversation, the sender included. */
  groupMembers: 20,
  /** People added to a channel in one request. */
  addMembers: 200,
  /** Messages one person may send in `rateWindowSeconds`, in all channels together. */
  messagesPerWindow: 20,
  rateWindowSeconds: 10,
  /** Live streams one person may hold open in one app instance. */
  streamsPerPerson: 8,
  /** Events replayed to a reconnecting client; past that it is told to reload. */
  replayEvents: 2000,
  /** Messages on one page of a channel. */
  pageSize: 50,
  /** Distinct reactions one person may leave on one message. */
  reactionsPerPerson: 10,
} as const;

/**
 * Whether a person may open channels and conversations of their own. In a school, students
 * message only where a teacher has put them (DESIGN: education mode).
 */
export function canStartConversations(role: UserRole): boolean {
  return role !== "student";
}
