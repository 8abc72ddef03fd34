import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { issueCollabTicket, MAX_TICKET_SECONDS, verifyCollabTicket } from "./collab-ticket.ts";

const key = new Uint8Array(32).fill(7);
const otherKey = new Uint8Array(32).fill(8);
const claims = {
  tenantId: "11111111-1111-4111-8111-111111111111",
  userId: "22222222-2222-4222-8222-222222222222",
  documentId: "33333333-3333-4333-8333-333333333333",
  permission: "edit" as const,
};
const now = new Date("2026-11-24T01:00:00Z");
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

/** A ticket signed with the right key over a payload of our choosing, as only the app could make. */
function signed(payload: unknown): string {
  const body = `v1.${encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(payload)))}`;
  return `${body}.${encodeBase64urlNoPadding(hmac(SHA256, key, new TextEncoder().encode(body)))}`;
}

describe("collab tickets", () => {
  it("carry tenant, person, document and permission, and expire within 60 seconds", () => {
    const ticket = issueCollabTicket(key, claims, now);
    expect(verifyCollabTicket(key, ticket, later(59))).toEqual({
      ok: true,
      claims: { ...claims, expiresAt: Math.floor(now.getTime() / 1000) + 60 },
    });
    expect(verifyCollabTicket(key, ticket, later(60))).toEqual({ ok: false, reason: "expired" });
  });

  it("cap the lifetime the issuer asks for", () => {
    const ticket = issueCollabTicket(key, claims, now, 3600);
    expect(verifyCollabTicket(key, ticket, later(MAX_TICKET_SECONDS))).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("are refused when signed with another key, or changed after signing", () => {
    expect(verifyCollabTicket(key, issueCollabTicket(otherKey, claims, now), now)).toEqual({
      ok: false,
      reason: "forged",
    });
    const [version, payload, mac] = issueCollabTicket(key, claims, now).split(".");
    const promoted = encodeBase64urlNoPadding(
      new TextEncoder().encode(
        new TextDecoder().decode(Buffer.from(payload!, "base64url")).replace('"edit"', '"read"'),
      ),
    );
    expect(verifyCollabTicket(key, `${version}.${promoted}.${mac}`, now)).toEqual({
      ok: false,
      reason: "forged",
    });
  });

  it.each([
    ["", "empty"],
    ["v1.abc", "two parts"],
    ["v2.abc.def", "unknown version"],
    ["v1.!!!.???", "not base64url"],
    [`v1.${"a".repeat(2000)}.b`, "too long"],
  ])("are refused when malformed: %j (%s)", (ticket) => {
    expect(verifyCollabTicket(key, ticket, now).ok).toBe(false);
  });

  it("are refused when a genuine ticket carries characters outside base64url", () => {
    // Node's base64url decoder skips such characters: the MAC would still match
    const [version, payload, mac] = issueCollabTicket(key, claims, now).split(".");
    for (const ticket of [
      `${version}.${payload}.${mac}=`,
      `${version}.${payload}.!${mac}`,
      `${version}.${payload}+.${mac}`,
    ]) {
      expect(verifyCollabTicket(key, ticket, now)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("are refused when correctly signed but with claims of the wrong shape", () => {
    const exp = Math.floor(now.getTime() / 1000) + 30;
    for (const payload of [
      { not: "an array" },
      [claims.tenantId, claims.userId, claims.documentId, "admin", exp],
      ["digital-gov", claims.userId, claims.documentId, "edit", exp],
      [claims.tenantId, claims.userId, claims.documentId, "edit", "soon"],
      [claims.tenantId, claims.userId, claims.documentId, "edit", exp + 3600],
    ]) {
      expect(verifyCollabTicket(key, signed(payload), now).ok).toBe(false);
    }
    expect(
      verifyCollabTicket(
        key,
        signed([claims.tenantId, claims.userId, claims.documentId, "edit", exp + 3600]),
        now,
      ),
    ).toEqual({
      ok: false,
      reason: "too-long-lived",
    });
  });

  it("refuse a key too short to be a random secret", () => {
    expect(() => issueCollabTicket(new Uint8Array(8), claims, now)).toThrow(/at least 32 bytes/);
  });
});
