import {
  type Db,
  departments,
  eq,
  positions,
  ranks,
  recordAudit,
  tenantApplications,
  tenants,
  users,
} from "@nuri/db";
import { createTranslator } from "@nuri/i18n";
import type { Mailer } from "../../mail/mailer.server.ts";
import { createOneTimeLink } from "../auth/one-time-links.server.ts";
import {
  type DecidingOperator,
  decidePendingApplication,
  operatorActor,
} from "./decide-application.server.ts";
import { defaultStructure } from "./default-structure.ts";

export interface ApprovedApplication {
  tenantId: string;
  slug: string;
  adminUserId: string;
  adminEmail: string;
  /** `/t/<slug>/set-password/<token>`: the first administrator's one-time set-up page. */
  setupPath: string;
  expiresAt: Date;
  /** Whether the set-up mail actually left the server (see Mailer.delivers). */
  mailDelivered: boolean;
}

/**
 * Approves a pending application, in one transaction: the tenant becomes active with its
 * default departments, 직위 and 직급; the first administrator is created (no password yet)
 * with a one-time set-up link; the tenant's own audit log records the approval and the new
 * administrator. The set-up link is mailed after the commit, to the application's admin e-mail.
 */
export async function approveApplication(
  db: Db,
  input: {
    applicationId: string;
    operator: DecidingOperator;
    ip: string | null;
    origin: string;
    mailer: Mailer;
  },
): Promise<ApprovedApplication> {
  const approved = await decidePendingApplication(db, input.applicationId, async (tx, application) => {
    const tenantId = application.tenantId;
    const now = new Date();
    const [tenant] = await tx
      .update(tenants)
      .set({ status: "active", updatedAt: now })
      .where(eq(tenants.id, tenantId))
      .returning();
    await tx
      .update(tenantApplications)
      .set({ status: "approved", decidedAt: now, decidedBy: input.operator.id })
      .where(eq(tenantApplications.id, application.id));

    const structure = defaultStructure(tenant!.kind, tenant!.name);
    const departmentIds: string[] = [];
    for (const [order, department] of structure.departments.entries()) {
      const [row] = await tx
        .insert(departments)
        .values({
          tenantId,
          name: department.name,
          parentId: department.parent === null ? null : departmentIds[department.parent],
          sortOrder: order,
        })
        .returning({ id: departments.id });
      departmentIds.push(row!.id);
    }
    if (structure.positions.length > 0) {
      await tx
        .insert(positions)
        .values(structure.positions.map((name, sortOrder) => ({ tenantId, name, sortOrder })));
    }
    if (structure.ranks.length > 0) {
      await tx
        .insert(ranks)
        .values(structure.ranks.map((name, sortOrder) => ({ tenantId, name, sortOrder })));
    }
    const [admin] = await tx
      .insert(users)
      .values({
        tenantId,
        loginId: application.adminLoginId,
        email: application.adminEmail,
        displayName: application.adminName,
        departmentId: departmentIds[0],
        role: "admin",
      })
      .returning({ id: users.id });
    const link = await createOneTimeLink(tx, { tenantId, userId: admin!.id, purpose: "setup", now });

    const actor = operatorActor(input.operator);
    await recordAudit(tx, tenantId, {
      actor,
      action: "onboarding.approved",
      target: { type: "tenant", id: tenantId },
      ip: input.ip,
      details: { applicationId: application.id, slug: tenant!.slug },
    });
    await recordAudit(tx, tenantId, {
      actor,
      action: "org.user.create",
      target: { type: "user", id: admin!.id },
      ip: input.ip,
      details: { loginId: application.adminLoginId, role: "admin" },
    });
    return {
      tenantId,
      slug: tenant!.slug,
      tenantName: tenant!.name,
      adminUserId: admin!.id,
      adminName: application.adminName,
      adminEmail: application.adminEmail,
      setupPath: `/t/${tenant!.slug}/set-password/${link.token}`,
      expiresAt: link.expiresAt,
    };
  });

  // Korean: the administrator's language is not known yet, and Korean is the default.
  const t = createTranslator("ko");
  let mailDelivered = false;
  try {
    await input.mailer.send({
      to: approved.adminEmail,
      subject: t("onboarding.mail.setupSubject", { tenant: approved.tenantName }),
      text: t("onboarding.mail.setupBody", {
        name: approved.adminName,
        tenant: approved.tenantName,
        url: new URL(approved.setupPath, input.origin).toString(),
      }),
    });
    mailDelivered = input.mailer.delivers;
  } catch (error) {
    // The approval stands; the operator still sees the link and can hand it over.
    console.error(`set-up mail for tenant ${approved.tenantId} user ${approved.adminUserId} failed`, error);
  }
  return {
    tenantId: approved.tenantId,
    slug: approved.slug,
    adminUserId: approved.adminUserId,
    adminEmail: approved.adminEmail,
    setupPath: approved.setupPath,
    expiresAt: approved.expiresAt,
    mailDelivered,
  };
}
