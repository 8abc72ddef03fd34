import { eq, tenants, withControlPlane } from "@nuri/db";
import { buildTenant } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { checkAgencyContacts, readAgencyContacts, updateAgencyContacts } from "./agency-contacts.server.ts";
import { FieldError } from "./org-context.server.ts";
import { actingAs, auditEntries } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

const FILLED = {
  postalCode: "30128",
  address: "세종특별자치시 도움6로 42 정부세종청사 16동",
  homepage: "https://www.digital.go.kr",
  phone: "044-205-1234",
  fax: "02-2100-3000",
  senderTitle: "",
};

function refusedField(input: Partial<typeof FILLED>): string {
  try {
    checkAgencyContacts({ ...FILLED, ...input });
    return "ok";
  } catch (error) {
    if (error instanceof FieldError) return `${error.field} ${error.messageKey}`;
    throw error;
  }
}

describe("checkAgencyContacts", () => {
  it("takes empty or well-formed values, trimmed", () => {
    expect(checkAgencyContacts({ ...FILLED, address: "  세종특별자치시 도움6로 42  " }).address).toBe(
      "세종특별자치시 도움6로 42",
    );
    const empty = { postalCode: "", address: "", homepage: "", phone: "", fax: "", senderTitle: "" };
    expect(checkAgencyContacts(empty)).toEqual(empty);
  });

  it("names the field of each wrong value, in words", () => {
    expect(refusedField({ postalCode: "3012" })).toBe("postalCode org.contacts.error.postalCode");
    expect(refusedField({ postalCode: "301-28" })).toBe("postalCode org.contacts.error.postalCode");
    expect(refusedField({ address: "가".repeat(201) })).toBe("address org.contacts.error.address");
    expect(refusedField({ address: "가".repeat(200) })).toBe("ok");
    expect(refusedField({ address: "세종\n도움6로" })).toBe("address org.contacts.error.address");
    expect(refusedField({ homepage: "www.digital.go.kr" })).toBe("homepage org.contacts.error.homepage");
    expect(refusedField({ homepage: "javascript:alert(1)" })).toBe("homepage org.contacts.error.homepage");
    expect(refusedField({ phone: "0442051234" })).toBe("phone org.contacts.error.phone");
    expect(refusedField({ fax: "044-205-12345" })).toBe("fax org.contacts.error.fax");
    expect(refusedField({ senderTitle: "가".repeat(61) })).toBe("senderTitle org.contacts.error.senderTitle");
    expect(refusedField({ phone: 44 as unknown as string })).toBe("phone org.contacts.error.phone");
  });
});

describe("updateAgencyContacts", () => {
  it("stores the contacts of the administrator's own agency only, audited, and nothing on a refusal", async () => {
    const mine = await buildTenant(db);
    const theirs = await buildTenant(db);
    const admin = actingAs(db, mine.id);
    expect(await updateAgencyContacts(admin, FILLED)).toEqual({
      changed: ["postalCode", "address", "homepage", "phone", "fax"],
    });
    expect(await readAgencyContacts(db, mine.id)).toEqual(FILLED);
    // the other agency's row is untouched
    expect((await readAgencyContacts(db, theirs.id)).address).toBe("");
    const entries = await auditEntries(db, mine.id);
    expect(entries.at(-1)).toMatchObject({ action: "tenant.contacts.update", targetId: mine.id });
    expect(entries.at(-1)!.details).toEqual({ changed: "postalCode,address,homepage,phone,fax" });

    // the same again changes nothing and audits nothing
    expect(await updateAgencyContacts(admin, FILLED)).toEqual({ changed: [] });
    expect((await auditEntries(db, mine.id)).length).toBe(entries.length);

    // one wrong field: nothing at all is written
    await expect(updateAgencyContacts(admin, { ...FILLED, address: "새 주소", phone: "12" })).rejects.toThrow(
      FieldError,
    );
    expect((await readAgencyContacts(db, mine.id)).address).toBe(FILLED.address);

    // the database keeps to the same rules, whoever writes
    await expect(
      withControlPlane(db, (tx) =>
        tx.update(tenants).set({ postalCode: "1234" }).where(eq(tenants.id, mine.id)),
      ),
    ).rejects.toThrow();
  });
});
