import { type Database, openDatabase } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { collabHarness, synced, until } from "./testing.ts";

const { app } = connectTestDatabase();
const harness = collabHarness(app);

describe("the collab-server's operations endpoints", () => {
  it("answers /healthz while the process runs and /readyz when the database answers", async () => {
    const { http } = await harness.start();
    const health = await fetch(`${http}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("cache-control")).toBe("no-store");
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${http}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("answers /readyz with 503 and logs why when the database stops answering", async () => {
    // A closed port on this host: the connection is refused at once.
    const unreachable = openDatabase("postgres://nuri_app:wrong@127.0.0.1:1/nuri", { max: 1 });
    let current = app.sql;
    const switchable: Database = {
      db: app.db,
      get sql() {
        return current;
      },
      close: async () => {},
    };
    try {
      const started = await harness.start({ database: switchable });
      current = unreachable.sql;
      const response = await fetch(`${started.http}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "error", database: "unreachable" });
      // /healthz is liveness only: a database outage must not get the process restarted
      expect((await fetch(`${started.http}/healthz`)).status).toBe(200);
      const logged = started.logger.lines.find((line) => line.level === "error");
      expect(logged?.message).toMatch(/database did not answer/);
      expect(String(logged?.fields.error)).toMatch(/ECONNREFUSED/);
    } finally {
      current = app.sql;
      await unreachable.close();
    }
  });

  it("answers 404 for other paths and 405 for other methods", async () => {
    const { http } = await harness.start();
    expect((await fetch(`${http}/`)).status).toBe(404);
    const post = await fetch(`${http}/readyz`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("reports connections, loaded documents, updates, flush latency and errors as Prometheus metrics", async () => {
    const started = await harness.start();
    const target = await harness.document();
    const one = harness.connect(started.url, target);
    await synced(one.provider);
    for (let i = 0; i < 5; i++) one.text.insert(0, `${i}`);
    const metric = async (name: string) => {
      const text = await (await fetch(`${started.http}/metrics`)).text();
      const line = text.split("\n").find((l) => l.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.split(" ")[1]);
    };
    await until(async () => ((await metric("nuri_collab_flush_seconds_count")) ?? 0) > 0, "a flush");
    expect(await metric("nuri_collab_connections")).toBe(1);
    expect(await metric("nuri_collab_documents_loaded")).toBe(1);
    expect(await metric("nuri_collab_updates_total")).toBe(5);
    expect(await metric("nuri_collab_updates_per_second")).toBeCloseTo(0.5, 5);
    expect(await metric("nuri_collab_persistence_errors_total")).toBe(0);
    const response = await fetch(`${started.http}/metrics`);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    one.provider.destroy();
    await until(async () => (await metric("nuri_collab_documents_loaded")) === 0, "the unload");
    expect(await metric("nuri_collab_connections")).toBe(0);
  });

  it("writes structured logs that carry the tenant and the document", async () => {
    const started = await harness.start();
    const target = await harness.document();
    const one = harness.connect(started.url, target);
    await synced(one.provider);
    one.provider.destroy();
    await until(
      () => started.logger.lines.some((line) => line.message === "document unloaded"),
      "the unload log",
    );
    const loaded = started.logger.lines.find((line) => line.message === "document loaded");
    expect(loaded?.fields).toMatchObject({ tenantId: target.tenantId, documentId: target.documentId });
  });
});
