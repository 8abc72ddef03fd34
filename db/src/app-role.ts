import type { Sql } from "./client.ts";

/** Thrown at start-up when the app's database role could see past row-level security. */
export class UnsafeAppRoleError extends Error {
  override name = "UnsafeAppRoleError";
}

/**
 * Refuses a connection whose role could bypass row-level security: a superuser, a role with
 * BYPASSRLS, or one that owns (or may become the owner of) a table in the schema — an owner
 * can switch FORCE off. The app and the collab-server call this before serving anyone.
 */
export async function assertAppRoleIsSafe(sql: Sql): Promise<void> {
  const [role] = await sql<{ name: string; superuser: boolean; bypassrls: boolean }[]>`
    select rolname as name, rolsuper as superuser, rolbypassrls as bypassrls
    from pg_roles where rolname = current_user`;
  if (!role) throw new UnsafeAppRoleError("The database role of this connection was not found in pg_roles.");
  const problems: string[] = [];
  if (role.superuser) problems.push("it is a superuser");
  if (role.bypassrls) problems.push("it has BYPASSRLS");
  const owned = await sql<{ relname: string }[]>`
    select c.relname from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
      and pg_has_role(current_user, c.relowner, 'MEMBER')
    order by c.relname limit 5`;
  if (owned.length > 0) {
    problems.push(`it owns or may act as the owner of ${owned.map((r) => r.relname).join(", ")}`);
  }
  if (problems.length > 0) {
    throw new UnsafeAppRoleError(
      `Refusing to start: the database role "${role.name}" can bypass row-level security (${problems.join("; ")}). ` +
        "Connect the app as the application role (nuri_app) and run migrations with the owner's URL.",
    );
  }
}
