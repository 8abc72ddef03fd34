import { and, type Db, eq, positions, type Tenant, type User, withTenant } from "@nuri/db";
import { countUnread } from "../documents/notifications.server.ts";

export interface ShellPerson {
  displayName: string;
  positionName: string | null;
  isAdmin: boolean;
  /** Notifications not read yet: the count beside 알림. */
  unreadNotifications: number;
}

/**
 * What the tenant's page frame shows of the signed-in person: name, 직위, whether they
 * administer, and how many notifications they have not read.
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
  return {
    displayName: user.displayName,
    positionName,
    isAdmin: user.role === "admin",
    unreadNotifications: await countUnread(db, tenant.id, user.id),
  };
}
