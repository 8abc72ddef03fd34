import { type Db, eq, recordAudit, type TenantTx, tenants, withTenant } from "@nuri/db";
import { hasControlCharacter } from "../../text.ts";
import { characterCount } from "../documents/spaces-context.server.ts";
import { AGENCY_CONTACT_FIELDS, AGENCY_CONTACT_RULES, type AgencyContacts } from "./agency-contacts.ts";
import { FieldError, type OrgActor } from "./org-context.server.ts";

// The agency's contacts, printed in the 결문 of every official document (기안문): 우편번호,
// 주소, 홈페이지, 전화, 전송 and, when it is not "<기관명>장", the 발신명의. Kept on the tenant's
// row (tenants, migration 0007, whose checks say the same as AGENCY_CONTACT_RULES); changed by
// the tenant administrator only, and audited.

/**
 * Checks contacts as an administrator typed them: each trimmed, within its length, of its
 * shape, with no control characters. Throws a FieldError naming the first wrong field.
 */
export function checkAgencyContacts(input: Readonly<Record<keyof AgencyContacts, unknown>>): AgencyContacts {
  const checked = {} as AgencyContacts;
  for (const field of AGENCY_CONTACT_FIELDS) {
    const rule = AGENCY_CONTACT_RULES[field];
    const raw = input[field];
    const value = typeof raw === "string" ? raw.trim() : null;
    const fine =
      value !== null &&
      (value === "" ||
        (characterCount(value) <= rule.maxLength &&
          !hasControlCharacter(value) &&
          (rule.pattern === undefined || rule.pattern.test(value))));
    if (!fine) throw new FieldError(field, `org.contacts.${field}`, rule.messageKey);
    checked[field] = value;
  }
  return checked;
}

/** The agency's contacts as stored. */
export async function readAgencyContacts(db: Db, tenantId: string): Promise<AgencyContacts> {
  return withTenant(db, tenantId, (tx) => contactsOf(tx, tenantId));
}

/** The contacts of the tenant, in a transaction already open (`lock`: and its row locked). */
export async function contactsOf(tx: TenantTx, tenantId: string, lock = false): Promise<AgencyContacts> {
  const query = tx
    .select({
      postalCode: tenants.postalCode,
      address: tenants.address,
      homepage: tenants.homepage,
      phone: tenants.phone,
      fax: tenants.fax,
      senderTitle: tenants.senderTitle,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new Error(`tenant ${tenantId} has no row`);
  return row;
}

/**
 * Replaces the agency's contacts with `input` (checked in full first) and audits
 * `tenant.contacts.update` with the fields that changed. Answers whether anything changed.
 */
export async function updateAgencyContacts(
  ctx: OrgActor,
  input: Readonly<Record<keyof AgencyContacts, unknown>>,
): Promise<{ changed: string[] }> {
  const next = checkAgencyContacts(input);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const before = await contactsOf(tx, ctx.tenantId, true);
    const changed = AGENCY_CONTACT_FIELDS.filter((field) => before[field] !== next[field]);
    if (changed.length === 0) return { changed };
    await tx
      .update(tenants)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(tenants.id, ctx.tenantId));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "tenant.contacts.update",
      target: { type: "tenant", id: ctx.tenantId },
      ip: ctx.ip,
      details: { changed: changed.join(",") },
    });
    return { changed };
  });
}
