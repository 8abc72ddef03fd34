import { randomBytes } from "node:crypto";
import { hashPassword, MAX_PASSWORD_LENGTH } from "@nuri/auth";
import { eq, operatorSessions, platformOperators, withControlPlane, withTenant } from "@nuri/db";
import { buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.server.ts";
import { revokeOperatorSession, validateOperatorSession } from "./operator-sessions.server.ts";
import { loginIdForLog, readOperatorSignInForm, signInOperator } from "./sign-in-operator.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const PASSWORD = "operator-test-pw-2026";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function buildOperator() {
  const [operator] = await withControlPlane(db, (tx) =>
    tx
      .insert(platformOperators)
      .values({ loginId: `op-${randomBytes(4).toString("hex")}`, displayName: "시험 운영자", passwordHash })
      .returning(),
  );
  return operator!;
}

describe("signInOperator", () => {
  it("signs in with the right password and opens a session the console accepts", async () => {
    const operator = await buildOperator();
    const result = await signInOperator(db, { loginId: operator.loginId.toUpperCase(), password: PASSWORD });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const signedIn = await validateOperatorSession(db, result.token);
    expect(signedIn?.operator).toMatchObject({ id: operator.id, displayName: "시험 운영자" });

    expect(await revokeOperatorSession(db, signedIn!.session.id)).toBe(true);
    expect(await validateOperatorSession(db, result.token)).toBeNull();
  });

  it("refuses a wrong password or an unknown login id alike", async () => {
    const operator = await buildOperator();
    expect(await signInOperator(db, { loginId: operator.loginId, password: "wrong-password" })).toEqual({
      ok: false,
    });
    expect(await signInOperator(db, { loginId: "no-such-operator", password: PASSWORD })).toEqual({
      ok: false,
    });
  });

  it("locks the account for 15 minutes after five wrong passwords, even against the right one", async () => {
    const operator = await buildOperator();
    const now = new Date("2026-11-24T09:00:00Z");
    for (let i = 0; i < 5; i++) {
      await signInOperator(db, { loginId: operator.loginId, password: "wrong-password", now });
    }
    const [locked] = await withControlPlane(db, (tx) =>
      tx.select().from(platformOperators).where(eq(platformOperators.id, operator.id)),
    );
    expect(locked!.lockedUntil).toEqual(new Date("2026-11-24T09:15:00Z"));
    expect(await signInOperator(db, { loginId: operator.loginId, password: PASSWORD, now })).toEqual({
      ok: false,
    });
    const later = new Date("2026-11-24T09:16:00Z");
    expect((await signInOperator(db, { loginId: operator.loginId, password: PASSWORD, now: later })).ok).toBe(
      true,
    );
  });
});

describe("operator sign-in input", () => {
  it("refuses a password longer than MAX_PASSWORD_LENGTH, even the right one, without counting it", async () => {
    const long = "p".repeat(MAX_PASSWORD_LENGTH + 1);
    const [operator] = await withControlPlane(db, async (tx) =>
      tx
        .insert(platformOperators)
        .values({
          loginId: `op-${randomBytes(4).toString("hex")}`,
          displayName: "긴 비밀번호",
          passwordHash: await hashPassword(long),
        })
        .returning(),
    );
    expect(await signInOperator(db, { loginId: operator!.loginId, password: long })).toEqual({ ok: false });
    expect(await signInOperator(db, { loginId: "no-such-operator", password: long })).toEqual({ ok: false });
    const [after] = await withControlPlane(db, (tx) =>
      tx.select().from(platformOperators).where(eq(platformOperators.id, operator!.id)),
    );
    expect(after!.failedSignIns).toBe(0);
  });

  it("treats a file in place of a field as invalid input, never as text", () => {
    const form = new FormData();
    form.set("loginId", new File(["operator"], "id.txt"));
    form.set("password", PASSWORD);
    expect(readOperatorSignInForm(form)).toEqual({ ok: false });
    const other = new FormData();
    other.set("loginId", "operator");
    other.set("password", new File(["x"], "pw.txt"));
    expect(readOperatorSignInForm(other)).toEqual({ ok: false });
    const good = new FormData();
    good.set("loginId", "operator");
    good.set("password", PASSWORD);
    expect(readOperatorSignInForm(good)).toEqual({ ok: true, loginId: "operator", password: PASSWORD });
    expect(readOperatorSignInForm(new FormData())).toEqual({ ok: true, loginId: "", password: "" });
  });

  it("logs only a well-formed login id", () => {
    expect(loginIdForLog(" Operator ")).toBe("operator");
    expect(loginIdForLog("op.erator-1")).toBe("op.erator-1");
    for (const raw of [
      "a",
      "x\nforged log line",
      "운영자",
      "-op",
      `o${"p".repeat(70)}`,
      "[object File]",
      "",
    ]) {
      expect(loginIdForLog(raw)).toBe("-");
    }
  });
});

describe("validateOperatorSession", () => {
  it("ends a session idle for 30 minutes", async () => {
    const operator = await buildOperator();
    const result = await signInOperator(db, { loginId: operator.loginId, password: PASSWORD });
    if (!result.ok) throw new Error("sign-in should succeed");
    const [session] = await withControlPlane(db, (tx) =>
      tx.select().from(operatorSessions).where(eq(operatorSessions.operatorId, operator.id)),
    );
    const later = new Date(session!.lastSeenAt.getTime() + 31 * 60_000);
    expect(await validateOperatorSession(db, result.token, later)).toBeNull();
    expect(await validateOperatorSession(db, result.token)).toBeNull();
  });

  it("does not let a tenant person act as an operator", async () => {
    const tenant = await buildTenant(db);
    const person = await buildUser(db, tenant.id, { role: "admin", passwordHash });
    // A tenant session's token is not an operator session…
    const token = await withTenant(db, tenant.id, (tx) =>
      createSession(tx, { tenantId: tenant.id, userId: person.id, ip: null, userAgent: null }),
    );
    expect(await validateOperatorSession(db, token)).toBeNull();
    // …and a tenant person's login id and password do not sign in at /platform.
    expect(await signInOperator(db, { loginId: person.loginId, password: PASSWORD })).toEqual({ ok: false });
  });
});
