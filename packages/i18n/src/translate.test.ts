import { describe, expect, it } from "vitest";
import { en } from "./messages.en.ts";
import { ko, type MessageKey } from "./messages.ko.ts";
import { createTranslator, translate } from "./translate.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translate", () => {
  it("returns the Korean and the English text of a key", () => {
    expect(translate("ko", "layout.skipToContent")).toBe("본문 바로가기");
    expect(translate("en", "layout.skipToContent")).toBe("Skip to main content");
  });

  it("fills in {name} placeholders", () => {
    expect(translate("ko", "status.count", { count: 2 })).toBe("2곳");
    expect(translate("en", "error.status", { status: 404 })).toBe("Error code 404");
  });

  it("leaves a placeholder visible when its value is missing at run time", () => {
    // Only reachable by casting past the types, e.g. with params built from untyped data.
    const params = {} as { count: number };
    expect(translate("ko", "status.count", params)).toBe("{count}곳");
  });

  it("checks keys and placeholders at compile time", () => {
    // @ts-expect-error an unknown key does not compile
    translate("ko", "no.such.key");
    // @ts-expect-error a message with placeholders needs its params
    translate("ko", "status.count");
    // @ts-expect-error a placeholder of another name does not compile
    translate("ko", "status.count", { total: 1 });
  });

  it("binds a locale with createTranslator", () => {
    const t = createTranslator("en");
    expect(t("app.name")).toBe("Nuri");
    expect(t("status.count", { count: "1,234" })).toBe("1,234");
  });
});

describe("the message catalogs", () => {
  const keys = Object.keys(ko) as MessageKey[];

  it("have the same keys in Korean and English", () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
  });

  it("use the same placeholders in both languages", () => {
    const mismatched = keys.filter((key) => placeholders(en[key]).join() !== placeholders(ko[key]).join());
    expect(mismatched).toEqual([]);
  });

  it("have no empty or untrimmed text", () => {
    const bad = keys.filter((key) => [ko[key], en[key]].some((text) => text === "" || text.trim() !== text));
    expect(bad).toEqual([]);
  });
});
