import { and, type Db, eq, positions, type Tenant, type User, withTenant } from "@nuri/db";
import { countWaitingInbox } from "../approvals/list-inbox.server.ts";
import { countUnread } from "../documents/notifications.server.ts";
import { countUnreadMessages } from "../messaging/channels.server.ts";

export interface ShellPerson {
  displayName: string;
  positionName: string | null;
  isAdmin: boolean;
  /** Notifications not read yet: the count beside 알림. */
  unreadNotifications: number;
  /** Whether the person uses 전자결재 at all: students never do. */
  canUseApprovals: boolean;
  /** Approvals in the person's 결재대기: the count beside 결재 (0 for students). */
  approvalsWaiting: number;
  /** Messages not read yet in all the person's channels: the count beside 메시지. */
  unreadMessages: number;
}

/**
 * What the tenant's page frame shows of the signed-in person: name, 직위, whether they
 * administer, how many notifications they have not read, and how many approvals wait for them.
 */
export async function loadShellPerson(db: Db, tenant: Tenant, user: User): Promise<ShellPerson> {
  let positionName: string | null = null;
  if (user.positionId) {
    const positionId = user.positionId;
    const [position] = await withTenant(db, tenant.id, (tx) =>
      tx
        .select({ name: positions.name })
        .from(positions)
        .where(and(eq(positions.tenantId, tenant.id), eq(positions.id, positionId))),
    );
    positionName = position?.name ?? null;
  }
  const canUseApprovals = user.role !== "student";
  return {
    displayName: user.displayName,
    positionName,
    isAdmin: user.role === "admin",
    unreadNotifications: await countUnread(db, tenant.id, user.id),
    canUseApprovals,
    // The same count as the 결재대기 box of the side menu (one statement), so the two never differ.
    approvalsWaiting: canUseApprovals ? await countWaiting(db, tenant, user) : 0,
    unreadMessages: await countUnreadMessages({ db, tenantId: tenant.id, userId: user.id, role: user.role }),
  };
}

async function countWaiting(db: Db, tenant: Tenant, user: User): Promise<number> {
  return countWaitingInbox({
    db,
    tenantId: tenant.id,
    userId: user.id,
    actor: { kind: "user", id: user.id, label: user.displayName },
    ip: null,
  });
}
