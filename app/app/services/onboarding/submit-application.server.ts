import { and, type Db, eq, tenantApplications, tenants, withControlPlane } from "@nuri/db";
import type { Application } from "./application-schema.ts";

export type SubmitApplicationResult =
  | { ok: true; tenantId: string; applicationId: string }
  /** The slug or 기관코드 belongs to another tenant; nothing more is said about that tenant. */
  | { ok: false; taken: ("slug" | "agencyCode")[] };

const UNIQUE_FIELDS: Record<string, "slug" | "agencyCode"> = {
  tenants_slug_key: "slug",
  tenants_agency_code_key: "agencyCode",
};

/**
 * 기관 가입 신청: creates a pending tenant and its application in one control-plane
 * transaction. The tenant cannot be reached (requireTenant wants it active) until a platform
 * operator approves it. A slug or 기관코드 already in use, by a tenant in any state, refuses the
 * whole application.
 */
export async function submitApplication(db: Db, input: Application): Promise<SubmitApplicationResult> {
  try {
    return await withControlPlane(db, async (tx) => {
      const taken: ("slug" | "agencyCode")[] = [];
      const [bySlug] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
      if (bySlug) taken.push("slug");
      if (input.agencyCode) {
        const [byCode] = await tx
          .select({ id: tenants.id })
          .from(tenants)
          .where(and(eq(tenants.agencyCode, input.agencyCode)));
        if (byCode) taken.push("agencyCode");
      }
      if (taken.length > 0) return { ok: false as const, taken };

      const [tenant] = await tx
        .insert(tenants)
        .values({
          slug: input.slug,
          name: input.name,
          kind: input.kind,
          agencyCode: input.agencyCode ?? null,
          status: "pending",
        })
        .returning({ id: tenants.id });
      const [application] = await tx
        .insert(tenantApplications)
        .values({
          tenantId: tenant!.id,
          contactName: input.contactName,
          contactEmail: input.contactEmail,
          contactPhone: input.contactPhone,
          adminName: input.adminName,
          adminLoginId: input.adminLoginId,
          adminEmail: input.adminEmail,
        })
        .returning({ id: tenantApplications.id });
      return { ok: true as const, tenantId: tenant!.id, applicationId: application!.id };
    });
  } catch (error) {
    // Two applicants racing for one slug: the unique index decides, the loser hears "in use".
    const field = uniqueViolationField(error);
    if (field) return { ok: false, taken: [field] };
    throw error;
  }
}

function uniqueViolationField(error: unknown): "slug" | "agencyCode" | null {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name } = e as { code?: string; constraint_name?: string };
    if (code === "23505" && constraint_name && UNIQUE_FIELDS[constraint_name])
      return UNIQUE_FIELDS[constraint_name];
  }
  return null;
}
