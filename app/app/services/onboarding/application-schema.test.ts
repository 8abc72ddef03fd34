import { describe, expect, it } from "vitest";
import { ApplicationSchema } from "./application-schema.ts";

const valid = {
  name: "누리시청",
  agencyCode: "",
  kind: "agency",
  slug: "nuri-city",
  contactName: "김담당",
  contactEmail: "contact@nuri.go.kr",
  contactPhone: "02-123-4567",
  adminName: "이관리",
  adminLoginId: "lee.admin",
  adminEmail: "admin@nuri.go.kr",
};

function errorsOf(input: Record<string, string>) {
  const result = ApplicationSchema.safeParse(input);
  return result.success
    ? {}
    : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("the application form's rules", () => {
  it("accept a complete application", () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it("refuse an address of seven digits, which would read as a 기관코드 at sign-in", () => {
    expect(errorsOf({ ...valid, slug: "1234567" })).toEqual({ slug: "onboarding.error.slugDigits" });
    expect(errorsOf({ ...valid, slug: "12345678" })).toEqual({});
  });

  it("refuse a NUL character with a message instead of letting the database fail", () => {
    expect(errorsOf({ ...valid, name: "누리\u0000시청" })).toEqual({ name: "form.invalidCharacters" });
  });
});
