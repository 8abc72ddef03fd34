import { BODY } from "@nuri/collab";
import { createNamedVersion, readStoredDocument, restoreVersion } from "@nuri/collab/store";
import {
  type Database,
  type Db,
  documents,
  documentUpdates,
  documentVersions,
  eq,
  sql,
  withTenant,
} from "@nuri/db";
import { buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { collabHarness, synced, type TestDocument, until } from "./testing.ts";

// Persistence against the real PostgreSQL, through the app role: batches, shutdown flush,
// compaction, load from snapshot plus tail, unload, projection, versions and restore.

const { app } = connectTestDatabase();
const harness = collabHarness(app);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tailRows(target: TestDocument): Promise<Uint8Array[]> {
  const rows = await withTenant(app.db, target.tenantId, (tx) =>
    tx
      .select({ data: documentUpdates.data })
      .from(documentUpdates)
      .where(eq(documentUpdates.documentId, target.documentId)),
  );
  return rows.map((row) => row.data);
}

async function documentRow(target: TestDocument) {
  const [row] = await withTenant(app.db, target.tenantId, (tx) =>
    tx.select().from(documents).where(eq(documents.id, target.documentId)),
  );
  return row!;
}

async function storedText(target: TestDocument, name = "body"): Promise<string> {
  const doc = await readStoredDocument(app.db, target.tenantId, target.documentId);
  try {
    return doc?.getText(name).toString() ?? "";
  } finally {
    doc?.destroy();
  }
}

async function versions(target: TestDocument) {
  return withTenant(app.db, target.tenantId, (tx) =>
    tx.select().from(documentVersions).where(eq(documentVersions.documentId, target.documentId)),
  );
}

/** Writes paragraphs into the body the way Tiptap's Collaboration extension stores them. */
function writeParagraphs(doc: Y.Doc, texts: string[]) {
  doc.transact(() => {
    const body = doc.getXmlFragment(BODY);
    body.delete(0, body.length);
    body.insert(
      0,
      texts.map((text) => {
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(text)]);
        return paragraph;
      }),
    );
  });
}

function bodyText(doc: Y.Doc): string {
  return doc
    .getXmlFragment(BODY)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().join("") : ""))
    .join("\n");
}

describe("collab-server persistence", () => {
  it("appends its peers' updates in batches: twenty quick edits are one row", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const client = harness.connect(url, target);
    await synced(client.provider);
    for (let i = 0; i < 20; i++) client.text.insert(client.text.length, `${i % 10}`);
    await until(async () => (await tailRows(target)).length > 0, "the first append");
    await sleep(200);
    const rows = await tailRows(target);
    expect(rows).toHaveLength(1);
    expect(await storedText(target)).toBe("01234567890123456789");
  });

  it("appends the batches of every document of a tenant in one transaction, each tenant in its own", async () => {
    const { url } = await harness.start({ persistence: { flushDelayMs: 300 } });
    const first = await harness.document();
    const second = await harness.document(first.tenantId);
    const elsewhere = await harness.document();
    const clients = [first, second, elsewhere].map((target) => harness.connect(url, target));
    await Promise.all(clients.map((client) => synced(client.provider)));
    for (const [i, client] of clients.entries()) client.text.insert(0, `문서 ${i}`);
    for (const target of [first, second, elsewhere]) {
      await until(async () => (await tailRows(target)).length > 0, "every document's append");
    }
    const transactionOf = async (target: TestDocument) => {
      const rows = await withTenant(app.db, target.tenantId, (tx) =>
        tx.execute<{ xid: string }>(
          sql`select xmin::text as xid from document_updates where document_id = ${target.documentId}`,
        ),
      );
      return [...rows].map((row) => row.xid);
    };
    const [a, b, c] = await Promise.all([first, second, elsewhere].map(transactionOf));
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
    expect(c).toHaveLength(1);
    expect(c).not.toEqual(a);
  });

  it("keeps appending a tenant's other documents when one of them cannot be written", async () => {
    const { url } = await harness.start({ persistence: { flushDelayMs: 100, retryDelayMs: 20 } });
    const doomed = await harness.document();
    const healthy = await harness.document(doomed.tenantId);
    const clients = [doomed, healthy].map((target) => harness.connect(url, target));
    await Promise.all(clients.map((client) => synced(client.provider)));
    // The row goes away under the loaded document: its appends now fail (foreign key).
    await withTenant(app.db, doomed.tenantId, (tx) =>
      tx.delete(documents).where(eq(documents.id, doomed.documentId)),
    );
    clients[0]!.text.insert(0, "사라진 문서");
    clients[1]!.text.insert(0, "남은 문서");
    await until(async () => (await storedText(healthy)) === "남은 문서", "the healthy document's append");
    expect(await tailRows(doomed)).toHaveLength(0);
  });

  it("writes what is still pending when the server shuts down", async () => {
    const started = await harness.start({ persistence: { flushDelayMs: 60_000 } });
    const target = await harness.document();
    const client = harness.connect(started.url, target);
    await synced(client.provider);
    client.text.insert(0, "종료 직전의 편집");
    await until(
      async () => started.server.metrics.updates.get().then((m) => m.values[0]?.value === 1),
      "the update",
    );
    expect(await tailRows(target)).toHaveLength(0);
    await harness.stop(started);
    expect(await storedText(target)).toBe("종료 직전의 편집");
  });

  it("compacts the tail into the snapshot, and a new server loads snapshot plus tail", async () => {
    const first = await harness.start({ persistence: { flushDelayMs: 5, compactRows: 3 } });
    const target = await harness.document();
    const client = harness.connect(first.url, target);
    await synced(client.provider);
    for (let i = 0; i < 8; i++) {
      client.text.insert(client.text.length, `${i}`);
      await sleep(30);
    }
    await until(async () => (await storedText(target)) === "01234567", "all eight edits stored");
    const row = await documentRow(target);
    expect(row.state).not.toBeNull();
    expect(row.compactedAt).not.toBeNull();
    expect((await tailRows(target)).length).toBeLessThan(8);
    client.provider.destroy();
    await harness.stop(first);

    const second = await harness.start();
    const late = harness.connect(second.url, target);
    await until(() => late.text.toString() === "01234567", "the load from snapshot plus tail");
  });

  it("unloads a document when its last peer leaves, after writing its updates", async () => {
    const started = await harness.start({ persistence: { flushDelayMs: 60_000 } });
    const target = await harness.document();
    const client = harness.connect(started.url, target);
    await synced(client.provider);
    client.text.insert(0, "떠나기 전에");
    await until(
      () => started.server.metrics.documents.get().then((m) => m.values[0]?.value === 1),
      "the load",
    );
    await sleep(50);
    client.provider.destroy();
    await until(
      () => started.server.metrics.documents.get().then((m) => m.values[0]?.value === 0),
      "the unload",
    );
    expect(await storedText(target)).toBe("떠나기 전에");
  });

  it("lets a peer that arrives while the document unloads see every edit", async () => {
    const { url } = await harness.start({ persistence: { flushDelayMs: 60_000 } });
    const target = await harness.document();
    for (let round = 0; round < 5; round++) {
      const client = harness.connect(url, target);
      await synced(client.provider);
      client.text.insert(client.text.length, `${round}`);
      await sleep(20);
      client.provider.destroy(); // the unload starts; the next round connects at once
    }
    const last = harness.connect(url, target);
    await until(() => last.text.toString() === "01234", "every round's edit");
  });

  it("keeps a failed append and retries it until the database answers again", async () => {
    let failing = false;
    const unavailable = () => Promise.reject(new Error("database unavailable (test)"));
    const flaky: Database = {
      // the batcher's one-statement writes go through the raw client, the rest through drizzle
      sql: new Proxy(app.sql, {
        apply(target, thisArgument, args) {
          return failing ? unavailable() : Reflect.apply(target, thisArgument, args);
        },
      }),
      db: new Proxy(app.db, {
        get(target, property, receiver) {
          if (property === "transaction" && failing) {
            return async () => {
              throw new Error("database unavailable (test)");
            };
          }
          return Reflect.get(target, property, receiver);
        },
      }) as Db,
      close: async () => {},
    };
    const started = await harness.start({
      database: flaky,
      persistence: { flushDelayMs: 5, retryDelayMs: 20 },
    });
    const target = await harness.document();
    const client = harness.connect(started.url, target);
    await synced(client.provider);
    failing = true;
    client.text.insert(0, "재시도");
    await until(
      () => started.server.metrics.persistenceErrors.get().then((m) => (m.values[0]?.value ?? 0) >= 2),
      "failed appends",
    );
    expect(started.logger.lines.some((line) => line.message.includes("retrying"))).toBe(true);
    failing = false;
    await until(async () => (await storedText(target)) === "재시도", "the retried append");
  });

  it("writes a debounced text and HTML projection of the body to the document's row", async () => {
    const { url } = await harness.start({ persistence: { projectionDelayMs: 50, projectionMaxWaitMs: 200 } });
    const target = await harness.document();
    const client = harness.connect(url, target);
    await synced(client.provider);
    writeParagraphs(client.doc, ["주간 업무 보고", "<계획> & 실적"]);
    await until(async () => (await documentRow(target)).contentText !== "", "the projection");
    const row = await documentRow(target);
    expect(row.contentText).toBe("주간 업무 보고\n<계획> & 실적");
    expect(row.contentHtml).toBe("<p>주간 업무 보고</p><p>&lt;계획&gt; &amp; 실적</p>");
    expect(row.projectedAt).not.toBeNull();
  });

  it("keeps automatic versions during activity and when the last peer leaves, naming contributors", async () => {
    const { url } = await harness.start({ persistence: { flushDelayMs: 5, autoVersionMs: 150 } });
    const target = await harness.document();
    const one = harness.connect(url, target);
    const two = harness.connect(url, target);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    one.text.insert(0, "가");
    await sleep(200);
    two.text.insert(1, "나");
    await until(async () => (await versions(target)).length >= 1, "an automatic version during activity");
    const [during] = await versions(target);
    expect(during!.kind).toBe("auto");
    expect(new Set(during!.contributors)).toEqual(new Set([one.userId, two.userId]));
    one.text.insert(2, "다");
    one.provider.destroy();
    two.provider.destroy();
    await until(async () => (await versions(target)).length === 2, "the version at the last leave");
    const all = await versions(target);
    const last = all.find((version) => version.id !== during!.id)!;
    expect(last.contributors).toEqual([one.userId]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, last.state);
    expect(doc.getText("body").toString()).toBe("가나다");
  });

  it("restores a named version as a new change that reaches the people editing", async () => {
    const { url } = await harness.start({ persistence: { flushDelayMs: 5 } });
    const target = await harness.document();
    const owner = await buildUser(app.db, target.tenantId);
    const one = harness.connect(url, target);
    const two = harness.connect(url, target);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    writeParagraphs(one.doc, ["1차 검토본"]);
    await until(async () => (await tailRows(target)).length > 0, "the append");
    const versionId = await createNamedVersion(app.db, {
      tenantId: target.tenantId,
      documentId: target.documentId,
      name: " 1차 검토본 ",
      userId: owner.id,
    });
    expect(versionId).not.toBeNull();
    writeParagraphs(one.doc, ["고쳐 쓴 내용", "추가 문단"]);
    await until(() => bodyText(two.doc) === "고쳐 쓴 내용\n추가 문단", "the later edit");
    await sleep(50); // the later edit is appended before the restore reads the stored state
    const restored = await restoreVersion(app.db, {
      tenantId: target.tenantId,
      documentId: target.documentId,
      versionId: versionId!,
      userId: owner.id,
    });
    expect(restored).not.toBeNull();
    await until(
      () => bodyText(one.doc) === "1차 검토본" && bodyText(two.doc) === "1차 검토본",
      "the restore live",
    );
    const kinds = (await versions(target)).map((version) => version.kind).sort();
    expect(kinds).toEqual(["named", "restore"]);
  });

  it("finds nothing to restore across tenants", async () => {
    const target = await harness.document();
    const other = await harness.document();
    const owner = await buildUser(app.db, target.tenantId);
    const versionId = await createNamedVersion(app.db, {
      tenantId: target.tenantId,
      documentId: target.documentId,
      name: "원본",
      userId: owner.id,
    });
    // Another tenant names this tenant's document and version: row-level security shows neither.
    expect(
      await restoreVersion(app.db, {
        tenantId: other.tenantId,
        documentId: target.documentId,
        versionId: versionId!,
        userId: other.userId,
      }),
    ).toBeNull();
    expect(await versions(target)).toHaveLength(1);
  });
});
