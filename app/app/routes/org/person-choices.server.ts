import type { Db } from "@nuri/db";
import { rolesFor } from "../../services/org/change-person.server.ts";
import { arrangeDepartments, flattenDepartments } from "../../services/org/list-departments.server.ts";
import { listPersonChoices } from "../../services/org/list-people.server.ts";
import type { PersonChoices } from "./person-form.tsx";

/** The person form's choices: open departments by path, positions, ranks, the tenant's roles. */
export async function loadPersonChoices(
  db: Db,
  tenant: { id: string; kind: "agency" | "school" },
): Promise<PersonChoices> {
  const choices = await listPersonChoices(db, tenant.id);
  const tree = arrangeDepartments(choices.departments);
  return {
    departments: flattenDepartments(tree).map((node) => ({ id: node.id, path: node.path })),
    positions: choices.positions,
    ranks: choices.ranks,
    roles: rolesFor(tenant.kind),
  };
}
