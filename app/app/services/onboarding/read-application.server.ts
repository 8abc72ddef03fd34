import { type Db, eq, platformOperators, tenantApplications, tenants, withControlPlane } from "@nuri/db";

/** One application with its tenant and the deciding operator's name, or null. */
export async function readApplication(db: Db, applicationId: string) {
  if (!UUID.test(applicationId)) return null;
  const [row] = await withControlPlane(db, (tx) =>
    tx
      .select({
        application: tenantApplications,
        tenant: {
          id: tenants.id,
          name: tenants.name,
          slug: tenants.slug,
          kind: tenants.kind,
          agencyCode: tenants.agencyCode,
          status: tenants.status,
        },
        decidedByName: platformOperators.displayName,
      })
      .from(tenantApplications)
      .innerJoin(tenants, eq(tenants.id, tenantApplications.tenantId))
      .leftJoin(platformOperators, eq(platformOperators.id, tenantApplications.decidedBy))
      .where(eq(tenantApplications.id, applicationId)),
  );
  return row ?? null;
}

export type ApplicationDetails = NonNullable<Awaited<ReturnType<typeof readApplication>>>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
