import type { DocumentRole } from "@nuri/db";
import { atLeast } from "./access.server.ts";

// The sharing rules as pure functions: who may change what, and when a share reaches beyond
// the sharer's department. No database, no clock; the services feed them what they read.

/** The roles a share (or the link) may give; ownership is the document's owner_id, never a share. */
export const SHARE_ROLES = ["reader", "commenter", "editor"] as const;
export type ShareRole = (typeof SHARE_ROLES)[number];

/** At most this many shares per document: a share list people can still read and review. */
export const MAX_SHARES_PER_DOCUMENT = 200;

export type SharingRefusal =
  | "not-sharer"
  | "owner-only"
  | "editor-cannot-lower"
  | "editor-cannot-remove"
  | "public-links-off";

export type SharingDecision = { ok: true } | { ok: false; reason: SharingRefusal };

const allow: SharingDecision = { ok: true };
const refuse = (reason: SharingRefusal): SharingDecision => ({ ok: false, reason });

/** Owners and editors may share; readers and commenters may not. */
export function canShare(role: DocumentRole | null): boolean {
  return atLeast(role, "editor");
}

export type ShareChange =
  | { kind: "add"; role: ShareRole }
  | { kind: "change"; role: ShareRole; existing: { role: ShareRole; createdBy: string } }
  | { kind: "remove"; existing: { role: ShareRole; createdBy: string } }
  | { kind: "link"; access: "off" | "agency" | "public"; publicLinksAllowed: boolean }
  | { kind: "transfer" };

/**
 * Whether `actor` (with `role` on the document) may make `change`. Owners may change anything.
 * Editors may add people, departments or the agency, and raise a share; they may lower or
 * remove only the shares they made themselves (so an editor cannot undo the owner's decisions),
 * and never touch the link or the ownership. Public links need the agency's permission, for
 * everyone.
 */
export function decideSharing(
  actor: { id: string; role: DocumentRole | null },
  change: ShareChange,
): SharingDecision {
  if (!canShare(actor.role)) return refuse("not-sharer");
  const owner = actor.role === "owner";
  switch (change.kind) {
    case "add":
      return allow;
    case "change": {
      if (owner || change.existing.createdBy === actor.id) return allow;
      return atLeast(change.role, change.existing.role) ? allow : refuse("editor-cannot-lower");
    }
    case "remove":
      return owner || change.existing.createdBy === actor.id ? allow : refuse("editor-cannot-remove");
    case "link":
      if (!owner) return refuse("owner-only");
      return change.access === "public" && !change.publicLinksAllowed ? refuse("public-links-off") : allow;
    case "transfer":
      return owner ? allow : refuse("owner-only");
  }
}

export type ShareTarget =
  | { kind: "user"; departmentId: string | null }
  | { kind: "department"; departmentId: string }
  | { kind: "tenant" }
  | { kind: "link" };

/**
 * Whether sharing with `target` reaches beyond the sharer's own department (their department
 * and the ones under it): a person or a department elsewhere, the whole agency, or a link every
 * member may open. A sharer without a department has no "own department": everything is beyond.
 * `parentOf` maps each department of the tenant to its parent.
 */
export function isBeyondOwnDepartment(
  sharerDepartmentId: string | null,
  target: ShareTarget,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  if (target.kind === "tenant" || target.kind === "link") return true;
  if (!sharerDepartmentId || !target.departmentId) return true;
  // Walk up from the target: reaching the sharer's department means it lies inside it. The
  // step limit guards against a cycle the org chart should never have.
  let at: string | null = target.departmentId;
  for (let steps = 0; at && steps < 100; steps++) {
    if (at === sharerDepartmentId) return false;
    at = parentOf.get(at) ?? null;
  }
  return true;
}
