import {
  and,
  type Db,
  departments,
  eq,
  inArray,
  isNull,
  positions,
  recordAudit,
  syncDepartmentChannels,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { type Directory, type ImportPlan, planPeopleImport } from "@nuri/org";
import { AppError } from "../../errors.server.ts";
import { createOneTimeLink } from "../auth/one-time-links.server.ts";
import type { IssuedLink } from "./change-person.server.ts";
import { arrangeDepartments, flattenDepartments, loadDepartments } from "./list-departments.server.ts";
import { mapUniqueViolations, type OrgActor } from "./org-context.server.ts";

/** What planPeopleImport checks against: the tenant's open departments, positions and people. */
export async function loadImportDirectory(tx: TenantTx, tenantId: string): Promise<Directory> {
  const open = (await loadDepartments(tx, tenantId)).filter((row) => row.closedAt === null);
  const departmentsByPath = new Map(
    flattenDepartments(arrangeDepartments(open)).map((node) => [node.path, node.id]),
  );
  const positionRows = await tx
    .select({ id: positions.id, name: positions.name })
    .from(positions)
    .where(eq(positions.tenantId, tenantId));
  const people = await tx
    .select({ loginId: users.loginId, email: users.email, employeeNumber: users.employeeNumber })
    .from(users)
    .where(eq(users.tenantId, tenantId));
  return {
    departmentsByPath,
    positionsByName: new Map(positionRows.map((row) => [row.name, row.id])),
    loginIds: new Set(people.map((p) => p.loginId)),
    emails: new Set(people.flatMap((p) => (p.email ? [p.email] : []))),
    employeeNumbers: new Set(people.flatMap((p) => (p.employeeNumber ? [p.employeeNumber] : []))),
  };
}

/** The dry run: what importing `bytes` would do, changing nothing; positions' names by id for display. */
export async function previewPeopleImport(
  db: Db,
  tenantId: string,
  bytes: Uint8Array,
): Promise<{ plan: ImportPlan; positionNames: Map<string, string> }> {
  return withTenant(db, tenantId, async (tx) => {
    const directory = await loadImportDirectory(tx, tenantId);
    const positionNames = new Map([...directory.positionsByName].map(([name, id]) => [id, name]));
    return { plan: planPeopleImport(bytes, directory), positionNames };
  });
}

export interface ImportedPerson extends IssuedLink {
  displayName: string;
  loginId: string;
}

/**
 * Imports the file's people in one transaction, each with a set-up link, after checking it
 * again against the directory as it is now: nobody is imported while any row is invalid.
 */
export async function importPeople(
  ctx: OrgActor & { tenantKind: "agency" | "school" },
  bytes: Uint8Array,
): Promise<ImportedPerson[]> {
  return mapUniqueViolations(
    () =>
      withTenant(ctx.db, ctx.tenantId, async (tx) => {
        const plan = planPeopleImport(bytes, await loadImportDirectory(tx, ctx.tenantId));
        if (!plan.ok || plan.errors.length > 0 || plan.people.length === 0) {
          throw new AppError("org.import.invalid", "org.import.error.invalidAtCommit", 409);
        }
        // Shared locks on the departments the file uses: a close running now is waited for, and
        // one that went through since the directory was read refuses the whole import.
        const used = [...new Set(plan.people.map((person) => person.departmentId))];
        if (used.length > 0) {
          const open = await tx
            .select({ id: departments.id })
            .from(departments)
            .where(
              and(
                eq(departments.tenantId, ctx.tenantId),
                inArray(departments.id, used),
                isNull(departments.closedAt),
              ),
            )
            .orderBy(departments.id)
            .for("share");
          if (open.length !== used.length) {
            throw new AppError("org.import.department-closed", "org.import.error.departmentClosed", 409);
          }
        }
        const role = ctx.tenantKind === "school" ? "teacher" : "member";
        const imported: ImportedPerson[] = [];
        for (const person of plan.people) {
          const [row] = await tx
            .insert(users)
            .values({
              tenantId: ctx.tenantId,
              loginId: person.loginId,
              displayName: person.name,
              email: person.email,
              employeeNumber: person.employeeNumber,
              departmentId: person.departmentId,
              positionId: person.positionId,
              role,
            })
            .returning({ id: users.id });
          const link = await createOneTimeLink(tx, {
            tenantId: ctx.tenantId,
            userId: row!.id,
            purpose: "setup",
          });
          imported.push({ userId: row!.id, displayName: person.name, loginId: person.loginId, ...link });
        }
        await recordAudit(tx, ctx.tenantId, {
          actor: ctx.actor,
          action: "org.people.import",
          target: null,
          ip: ctx.ip,
          details: { count: imported.length, encoding: plan.encoding },
        });
        // 메시지: the department channels follow the org chart.
        await syncDepartmentChannels(tx);
        return imported;
      }),
    {
      users_login_id_key: { field: "file", messageKey: "org.import.error.invalidAtCommit" },
      users_email_key: { field: "file", messageKey: "org.import.error.invalidAtCommit" },
      users_employee_number_key: { field: "file", messageKey: "org.import.error.invalidAtCommit" },
    },
  );
}
