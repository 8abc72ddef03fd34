import type { Db, UserRole } from "@nuri/db";
import { buildTenant, buildUser } from "@nuri/db/testing";
import { expect } from "vitest";
import { AppError } from "../../errors.server.ts";
import type { MessagingActor } from "./messaging-actor.server.ts";

// Set-up shared by the messaging service tests: an agency with a few people, each with the
// acting context every messaging service takes.

export function actorOf(db: Db, user: { tenantId: string; id: string; role?: UserRole }): MessagingActor {
  return { db, tenantId: user.tenantId, userId: user.id, role: user.role ?? "member" };
}

/** An agency with 김민지, 이서준 and 박하늘 (and a fourth person when `more`), as actors. */
export async function buildMessagingAgency(db: Db, options: { kind?: "agency" | "school" } = {}) {
  const tenant = await buildTenant(db, { kind: options.kind ?? "agency" });
  const people = await Promise.all(
    ["김민지", "이서준", "박하늘", "최유나"].map((displayName) => buildUser(db, tenant.id, { displayName })),
  );
  const [minji, seojun, haneul, yuna] = people.map((user) => actorOf(db, user)) as [
    MessagingActor,
    MessagingActor,
    MessagingActor,
    MessagingActor,
  ];
  return { tenant, people, minji, seojun, haneul, yuna };
}

/** Expects `promise` to fail with the AppError of `code` (and, when given, `status`). */
export async function expectAppError(
  promise: Promise<unknown>,
  code: string,
  status?: number,
): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected AppError ${code}`).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (status !== undefined) expect((error as AppError).status).toBe(status);
}
