import { describe, expect, it } from "vitest";
import { SignedOutError, STOP_MESSAGES, stopKindOf, TicketRefusedError } from "./stop-reasons.ts";

describe("why the live connection stopped", () => {
  it.each([
    [4410, "accessRevoked"],
    [4405, "readOnly"],
    [4429, "rateLimited"],
    [4430, "documentFull"],
    [4413, "documentTooLarge"],
    [4431, "personLimit"],
    [4432, "tenantLimit"],
    [4404, "noSuchDocument"],
    [4401, "failed"],
    [4400, "failed"],
    [4406, "failed"],
  ] as const)("reads close code %d as %s", (code, kind) => {
    expect(stopKindOf({ code, reason: "" })).toBe(kind);
  });

  it("reads a refused ticket as lost access, a sign-in redirect as signed out, anything else as failed", () => {
    expect(stopKindOf({ error: new TicketRefusedError(404) })).toBe("accessRevoked");
    expect(stopKindOf({ error: new TicketRefusedError(500) })).toBe("failed");
    expect(stopKindOf({ error: new SignedOutError() })).toBe("signedOut");
    expect(stopKindOf({ error: new TypeError("Failed to fetch") })).toBe("failed");
  });

  it("says the access-removed message in Korean as the product asks", async () => {
    const { translate } = await import("@nuri/i18n");
    expect(translate("ko", STOP_MESSAGES.accessRevoked)).toBe("이 문서에 대한 권한이 없어졌습니다.");
  });
});
