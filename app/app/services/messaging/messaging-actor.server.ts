import type { Db, UserRole } from "@nuri/db";

export { canStartConversations, MESSAGING_LIMITS } from "./messaging-limits.ts";

/** Who acts in a messaging service: the signed-in person of one tenant (never from form data). */
export interface MessagingActor {
  db: Db;
  tenantId: string;
  userId: string;
  role: UserRole;
}
