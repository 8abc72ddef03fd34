import { describe, expect, it } from "vitest";
import {
  checkPassword,
  checkSession,
  DEFAULT_LOCKOUT_POLICY,
  DEFAULT_PASSWORD_POLICY,
  DEFAULT_SESSION_POLICY,
  generateSessionToken,
  hashPassword,
  isLocked,
  parseSessionToken,
  RateLimiter,
  registerFailure,
  verifyPassword,
  verifySecret,
} from "./index.ts";

describe("session tokens", () => {
  it("are <id>.<secret> with 160 random bits in each part, and only the secret's hash is kept", () => {
    const { token, id, secretHash } = generateSessionToken();
    const parsed = parseSessionToken(token);
    expect(parsed?.id).toBe(id);
    expect(id).toMatch(/^[a-z2-7]{32}$/); // 32 base32 characters = 160 bits
    expect(secretHash).toHaveLength(32);
    expect(verifySecret(parsed!.secret, secretHash)).toBe(true);
    expect(token).not.toContain(Buffer.from(secretHash).toString("hex"));
  });

  it("never repeat", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => generateSessionToken().id));
    expect(ids.size).toBe(1000);
  });

  it.each([
    ["", "empty"],
    ["abc", "no dot"],
    [`${"a".repeat(32)}.${"b".repeat(31)}`, "short secret"],
    [`${"a".repeat(32)}.${"b".repeat(32)}.${"c".repeat(32)}`, "three parts"],
    [`${"A".repeat(32)}.${"b".repeat(32)}`, "upper case"],
    [`${"a".repeat(32)}.${"1".repeat(32)}`, "not base32"],
  ])("refuses %j (%s)", (token) => {
    expect(parseSessionToken(token)).toBeNull();
  });

  it("refuses a wrong secret", () => {
    const one = generateSessionToken();
    const other = parseSessionToken(generateSessionToken().token)!;
    expect(verifySecret(other.secret, one.secretHash)).toBe(false);
  });
});

describe("session lifetimes", () => {
  const created = new Date("2026-11-24T09:00:00+09:00");
  const at = (minutes: number) => new Date(created.getTime() + minutes * 60_000);

  it.each([
    [{ lastSeen: 0, now: 29 }, { valid: true }],
    [
      { lastSeen: 0, now: 30 },
      { valid: false, reason: "idle" },
    ],
    [{ lastSeen: 700, now: 719 }, { valid: true }],
    [
      { lastSeen: 700, now: 720 },
      { valid: false, reason: "absolute" },
    ],
  ])("%j → %j (30 minutes idle, 12 hours absolute)", ({ lastSeen, now }, expected) => {
    const check = checkSession(
      { createdAt: created, lastSeenAt: at(lastSeen), revokedAt: null },
      DEFAULT_SESSION_POLICY,
      at(now),
    );
    expect(check).toMatchObject(expected);
  });

  it("records use at most once a minute, and never past the absolute end", () => {
    const fresh = checkSession(
      { createdAt: created, lastSeenAt: at(5), revokedAt: null },
      DEFAULT_SESSION_POLICY,
      at(5.5),
    );
    expect(fresh).toMatchObject({ valid: true, touch: false });
    const later = checkSession(
      { createdAt: created, lastSeenAt: at(700), revokedAt: null },
      DEFAULT_SESSION_POLICY,
      at(705),
    );
    expect(later).toMatchObject({ valid: true, touch: true, idleExpiresAt: at(720) });
  });

  it("refuses a revoked session at once", () => {
    expect(
      checkSession(
        { createdAt: created, lastSeenAt: created, revokedAt: created },
        DEFAULT_SESSION_POLICY,
        at(1),
      ),
    ).toEqual({
      valid: false,
      reason: "revoked",
    });
  });
});

describe("the password rule (10+ with 2 classes, or 8+ with 3)", () => {
  it.each([
    ["abcdefghij", false], // 10, one class
    ["abcdefghi1", true], // 10, two classes
    ["abcdefg1", false], // 8, two classes
    ["abcdefG1", true], // 8, three classes
    ["abcdeG1", false], // 7, three classes
    ["누리누리누리누리1a", true], // Hangul counts as a class of its own, by characters
    ["가나다라마바사아자차", false], // 10 characters, one class
  ])("%s → %s", (password, ok) => {
    expect(checkPassword(password, DEFAULT_PASSWORD_POLICY).ok).toBe(ok);
  });

  it("follows a tenant's stricter length", () => {
    expect(checkPassword("abcdefghi1", { minLength: 12 })).toMatchObject({
      ok: false,
      problem: "too-weak",
      minLength: 12,
      minLengthWithThree: 10,
    });
    expect(checkPassword("abcdefghI1", { minLength: 12 }).ok).toBe(true);
  });

  it("refuses a password holding the login id, and one too long to hash cheaply", () => {
    expect(checkPassword("Kwon.naeun2026", DEFAULT_PASSWORD_POLICY, "kwon.naeun")).toMatchObject({
      problem: "contains-login-id",
    });
    expect(checkPassword(`${"a".repeat(128)}1`, DEFAULT_PASSWORD_POLICY)).toMatchObject({
      problem: "too-long",
    });
  });
});

describe("password hashing", () => {
  it("uses argon2id with 19 MiB, t=2, p=1, and verifies only the right password", async () => {
    const stored = await hashPassword("누리-비밀번호-2026");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, "누리-비밀번호-2026")).toBe(true);
    expect(await verifyPassword(stored, "누리-비밀번호-2025")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});

describe("lockout", () => {
  const now = new Date("2026-11-24T10:00:00+09:00");
  it("locks after the fifth consecutive failure, for 15 minutes, and a failure while locked does not extend it", () => {
    let state = { failedAttempts: 0, lockedUntil: null as Date | null };
    for (let i = 1; i <= 4; i++) {
      const next = registerFailure(state, DEFAULT_LOCKOUT_POLICY, now);
      expect(next.locked).toBe(false);
      state = next;
    }
    const locked = registerFailure(state, DEFAULT_LOCKOUT_POLICY, now);
    expect(locked).toMatchObject({ locked: true, lockedUntil: new Date(now.getTime() + 15 * 60_000) });
    const again = registerFailure(locked, DEFAULT_LOCKOUT_POLICY, new Date(now.getTime() + 60_000));
    expect(again.lockedUntil).toEqual(locked.lockedUntil);
    expect(isLocked(locked, new Date(now.getTime() + 15 * 60_000))).toBe(false);
  });
});

describe("the rate limiter", () => {
  it("allows `limit` hits per window per key, then says when to retry", () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000 });
    expect([0, 1, 2].map((t) => limiter.hit("10.0.0.1", t).allowed)).toEqual([true, true, true]);
    expect(limiter.hit("10.0.0.1", 3)).toEqual({ allowed: false, retryAfterMs: 59_997 });
    expect(limiter.hit("10.0.0.2", 3).allowed).toBe(true);
    expect(limiter.hit("10.0.0.1", 60_001).allowed).toBe(true);
  });
});
