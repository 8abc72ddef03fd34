import { describe, expect, it } from "vitest";
import { DevMailer } from "./mailer.server.ts";

describe("DevMailer", () => {
  it("keeps messages, says it does not deliver, and logs no body (it carries one-time links)", async () => {
    const lines: string[] = [];
    const mailer = new DevMailer((line) => lines.push(line), 2);
    await mailer.send({ to: "a@example.go.kr", subject: "첫째", text: "secret-link-1" });
    await mailer.send({ to: "b@example.go.kr", subject: "둘째", text: "secret-link-2" });
    await mailer.send({ to: "c@example.go.kr", subject: "셋째", text: "secret-link-3" });
    expect(mailer.delivers).toBe(false);
    expect(mailer.sent.map((m) => m.subject)).toEqual(["둘째", "셋째"]);
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).not.toContain("secret-link");
  });
});
