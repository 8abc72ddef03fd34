import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** A session token as handed to the browser, and the parts the database keeps. */
export interface SessionToken {
  /** `<id>.<secret>`: goes into the cookie, never into the database. */
  token: string;
  /** Looked up by; stored in clear. */
  id: string;
  /** SHA-256 of the secret; stored. */
  secretHash: Uint8Array;
}

// 20 random bytes = 160 bits per part (the design asks for at least 120), 32 base32 characters.
const PART_BYTES = 20;
const PART = /^[a-z2-7]{32}$/;

function randomPart(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(PART_BYTES)));
}

/** Creates a new session token: a random id and a random secret of 160 bits each. */
export function generateSessionToken(): SessionToken {
  const id = randomPart();
  const secret = randomPart();
  return { token: `${id}.${secret}`, id, secretHash: hashSecret(secret) };
}

/** Splits a cookie value into id and secret, or null when it is not of our form. */
export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const [id, secret, ...rest] = token.split(".");
  if (rest.length > 0 || !id || !secret || !PART.test(id) || !PART.test(secret)) return null;
  return { id, secret };
}

/** SHA-256 of a token secret (or any one-time secret: set-up links use the same scheme). */
export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Compares a presented secret with the stored hash in constant time. */
export function verifySecret(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && constantTimeEqual(presented, storedHash);
}

/** A random one-time secret (set-up and reset links): 160 bits, URL-safe. */
export function generateSecret(): string {
  return randomPart();
}
