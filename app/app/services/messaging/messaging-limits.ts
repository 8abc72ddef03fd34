import type { UserRole } from "@nuri/db";

// The explicit limits of messaging, shared by the services (which enforce them, tested) and the
// pages (which tell people about them): no server code here, so both may import it.

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
  /** Files sent with one message, and their bytes together (each file at most 20 MiB). */
  attachmentsPerMessage: 5,
  attachmentBytesPerMessage: 25 * 1024 * 1024,
} as const;

/**
 * Whether a person may open channels and conversations of their own. In a school, students
 * message only where a teacher has put them (DESIGN: education mode).
 */
export function canStartConversations(role: UserRole): boolean {
  return role !== "student";
}

/** The reactions people may leave: a fixed palette, so that nothing else is stored. */
export const REACTIONS = ["👍", "❤️", "😄", "🎉", "👀", "🙏", "✅"] as const;

/** The days an agency may keep messages for, when it does not keep them forever. */
export const RETENTION_LIMITS = { minDays: 1, maxDays: 3650 } as const;
