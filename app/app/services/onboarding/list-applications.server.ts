import { type Db, desc, eq, sql, tenantApplications, tenants, withControlPlane } from "@nuri/db";

export type ApplicationStatus = "pending" | "approved" | "rejected";

export interface ApplicationSummary {
  id: string;
  tenantName: string;
  tenantSlug: string;
  kind: "agency" | "school";
  status: ApplicationStatus;
  contactName: string;
  createdAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
}

/** The applications for the operators' console: pending first, then newest first; optionally one status. */
export async function listApplications(
  db: Db,
  filter: { status?: ApplicationStatus } = {},
): Promise<ApplicationSummary[]> {
  return withControlPlane(db, (tx) =>
    tx
      .select({
        id: tenantApplications.id,
        tenantName: tenants.name,
        tenantSlug: tenants.slug,
        kind: tenants.kind,
        status: tenantApplications.status,
        contactName: tenantApplications.contactName,
        createdAt: tenantApplications.createdAt,
        decidedAt: tenantApplications.decidedAt,
        decisionReason: tenantApplications.decisionReason,
      })
      .from(tenantApplications)
      .innerJoin(tenants, eq(tenants.id, tenantApplications.tenantId))
      .where(filter.status ? eq(tenantApplications.status, filter.status) : undefined)
      .orderBy(
        sql`case when ${tenantApplications.status} = 'pending' then 0 else 1 end`,
        desc(tenantApplications.createdAt),
      )
      .limit(500),
  );
}
