import { randomUUID } from "node:crypto";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { CloseCode } from "./close-codes.ts";
import { closeCode, collabHarness, refusal, synced, type TestDocument, ticket, until } from "./testing.ts";

// A real collab-server on a real port, the real test database, and y-websocket's own
// WebsocketProvider as the client.

const { app } = connectTestDatabase();
const harness = collabHarness(app);
const { document } = harness;

async function start(): Promise<string> {
  return (await harness.start()).url;
}

function connect(url: string, target: TestDocument, permission: "read" | "comment" | "edit" = "edit") {
  return harness.connect(url, target, permission);
}

describe("the collab-server", () => {
  it("lets two editors of one document converge, and keeps documents apart", async () => {
    const url = await start();
    const target = await document();
    const other = await document(target.tenantId);
    const one = connect(url, target);
    const two = connect(url, target);
    const elsewhere = connect(url, other);
    await Promise.all([synced(one.provider), synced(two.provider), synced(elsewhere.provider)]);
    one.text.insert(0, "안녕하세요 ");
    two.text.insert(0, "누리 ");
    await until(() => one.text.toString() === two.text.toString() && one.text.length === 9, "convergence");
    expect(one.text.toString()).toContain("안녕하세요");
    expect(one.text.toString()).toContain("누리");
    expect(elsewhere.text.toString()).toBe("");
  });

  it("lets a late joiner sync the document so far", async () => {
    const url = await start();
    const target = await document();
    const first = connect(url, target);
    await synced(first.provider);
    first.text.insert(0, "보고서 초안");
    const late = connect(url, target);
    await until(() => late.text.toString() === "보고서 초안", "the late joiner's sync");
  });

  it("sends a reader the updates but closes it when it sends one", async () => {
    const url = await start();
    const target = await document();
    const editor = connect(url, target);
    const reader = connect(url, target, "read");
    await Promise.all([synced(editor.provider), synced(reader.provider)]);
    editor.text.insert(0, "공람");
    await until(() => reader.text.toString() === "공람", "the reader to receive the edit");
    const closed = closeCode(reader.provider);
    reader.provider.shouldConnect = false; // do not reconnect after the refusal
    reader.text.insert(0, "몰래 ");
    expect(await closed).toBe(CloseCode.readOnly);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(editor.text.toString()).toBe("공람");
  });

  it.each([
    [
      "a path that is no room",
      (url: string, t: TestDocument) => `${url}/documents/${t.documentId}?ticket=${ticket(t)}`,
      CloseCode.badRoom,
    ],
    [
      "upper-case ids",
      (url: string, t: TestDocument) =>
        `${url}/${t.tenantId.toUpperCase()}/${t.documentId}?ticket=${ticket(t)}`,
      CloseCode.badRoom,
    ],
    [
      "no ticket",
      (url: string, t: TestDocument) => `${url}/${t.tenantId}/${t.documentId}`,
      CloseCode.badTicket,
    ],
    [
      "a forged ticket",
      (url: string, t: TestDocument) =>
        `${url}/${t.tenantId}/${t.documentId}?ticket=${ticket(t, "edit", randomUUID(), new Uint8Array(32).fill(1))}`,
      CloseCode.badTicket,
    ],
    [
      "another document's ticket",
      (url: string, t: TestDocument) =>
        `${url}/${t.tenantId}/${t.documentId}?ticket=${ticket({ ...t, documentId: randomUUID() })}`,
      CloseCode.foreignRoom,
    ],
    [
      "another tenant's ticket",
      (url: string, t: TestDocument) =>
        `${url}/${t.tenantId}/${t.documentId}?ticket=${ticket({ ...t, tenantId: randomUUID() })}`,
      CloseCode.foreignRoom,
    ],
  ])("refuses %s with its own close code before sending any document byte", async (_case, build, code) => {
    const url = await start();
    const target = await document();
    const writer = connect(url, target);
    await synced(writer.provider);
    writer.text.insert(0, "비공개 내용");
    expect(await refusal(build(url, target))).toEqual({ code, framesBeforeClose: 0 });
  });

  it("closes a connection that sends garbage, and the others go on", async () => {
    const url = await start();
    const target = await document();
    const one = connect(url, target);
    const two = connect(url, target);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    const raw = harness.raw(url, target);
    const code = await new Promise<number>((resolve) => {
      raw.on("open", () => raw.send(Uint8Array.from([0x07, 0xff, 0xff, 0xff, 0xff, 0xff])));
      raw.on("close", (closeCode) => resolve(closeCode));
    });
    expect(code).toBe(CloseCode.protocolError);
    one.text.insert(0, "계속");
    await until(() => two.text.toString() === "계속", "the others to go on");
  });
});

describe("the collab-server's document check", () => {
  it("closes a connection to a document the tenant does not have", async () => {
    const url = await start();
    const target = await document();
    const missing = { ...target, documentId: randomUUID() };
    expect(
      await refusal(`${url}/${missing.tenantId}/${missing.documentId}?ticket=${ticket(missing)}`),
    ).toEqual({
      code: CloseCode.noSuchDocument,
      framesBeforeClose: 0,
    });
  });

  it("does not open another tenant's document, even with a ticket naming it in one's own tenant", async () => {
    const url = await start();
    const theirs = await document();
    const writer = connect(url, theirs);
    await synced(writer.provider);
    writer.text.insert(0, "다른 기관의 문서");
    const mine = await document();
    // A ticket correctly signed for (my tenant, their document id): row-level security finds nothing.
    const crossing = { tenantId: mine.tenantId, documentId: theirs.documentId };
    expect(
      await refusal(`${url}/${crossing.tenantId}/${crossing.documentId}?ticket=${ticket(crossing)}`),
    ).toEqual({
      code: CloseCode.noSuchDocument,
      framesBeforeClose: 0,
    });
  });
});
