import { randomUUID } from "node:crypto";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { Redis } from "ioredis";
import { beforeAll, describe, expect, it, type TestContext } from "vitest";
import { collabHarness, synced, until } from "./testing.ts";

// Scale-out: two collab-server instances on one Redis serve the same document, and clients
// connected to either converge. Without a Redis to talk to, each test reports itself skipped
// with the reason; it never passes without having run.

const { app } = connectTestDatabase();
const harness = collabHarness(app);
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
let unavailable: string | null = null;

beforeAll(async () => {
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    unavailable = `no Redis answers at ${redisUrl} (${error instanceof Error ? error.message : error}); set REDIS_URL`;
  } finally {
    probe.disconnect();
  }
});

function needRedis(context: TestContext): void {
  if (unavailable) context.skip(unavailable);
}

describe("two collab-server instances through Redis", () => {
  it("let clients on each converge, both ways, with presence", async (context) => {
    needRedis(context);
    // A long batch delay: what crosses between the instances cannot have come through PostgreSQL.
    const persistence = { flushDelayMs: 60_000 };
    const [a, b] = await Promise.all([
      harness.start({ redisUrl, persistence }),
      harness.start({ redisUrl, persistence }),
    ]);
    const target = await harness.document();
    const onA = harness.connect(a.url, target);
    const onB = harness.connect(b.url, target);
    await Promise.all([synced(onA.provider), synced(onB.provider)]);
    onA.text.insert(0, "가");
    await until(() => onB.text.toString() === "가", "A's edit to reach B");
    onB.text.insert(1, "나");
    await until(() => onA.text.toString() === "가나", "B's edit to reach A");

    onA.provider.awareness.setLocalStateField("user", { name: "김누리" });
    await until(
      () => [...onB.provider.awareness.getStates().values()].some((state) => state.user?.name === "김누리"),
      "A's presence at B",
    );
    const idA = onA.doc.clientID;
    onA.provider.destroy();
    await until(() => !onB.provider.awareness.getStates().has(idA), "A's presence to leave B");
    expect((await a.server.metrics.refusals.get()).values).toHaveLength(0);
  });

  it("give a client joining the second instance the first one's edits not yet written", async (context) => {
    needRedis(context);
    const persistence = { flushDelayMs: 60_000 };
    const [a, b] = await Promise.all([
      harness.start({ redisUrl, persistence }),
      harness.start({ redisUrl, persistence }),
    ]);
    const target = await harness.document();
    const onA = harness.connect(a.url, target);
    await synced(onA.provider);
    onA.text.insert(0, "아직 저장 전");
    // B loads the document from PostgreSQL (empty) and asks A for what it lacks.
    const onB = harness.connect(b.url, target);
    await until(() => onB.text.toString() === "아직 저장 전", "B's client to receive A's unsaved edit");
  });

  it("keep documents apart: another document's channel carries nothing across", async (context) => {
    needRedis(context);
    const [a, b] = await Promise.all([harness.start({ redisUrl }), harness.start({ redisUrl })]);
    const target = await harness.document();
    const other = await harness.document(target.tenantId);
    const onA = harness.connect(a.url, target);
    const elsewhere = harness.connect(b.url, other);
    const onB = harness.connect(b.url, target, "edit", randomUUID());
    await Promise.all([synced(onA.provider), synced(elsewhere.provider), synced(onB.provider)]);
    onA.text.insert(0, "문서 하나");
    await until(() => onB.text.toString() === "문서 하나", "the same document on B");
    expect(elsewhere.text.toString()).toBe("");
  });

  it("reports Redis in /readyz", async (context) => {
    needRedis(context);
    const started = await harness.start({ redisUrl });
    const response = await fetch(`${started.http}/readyz`);
    expect(await response.json()).toEqual({ status: "ok", database: "ok", redis: "ok" });
  });
});
