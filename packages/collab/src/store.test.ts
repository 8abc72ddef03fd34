import { randomUUID } from "node:crypto";
import {
  documents,
  documentUpdates,
  documentVersions,
  eq,
  type TenantTx,
  withControlPlane,
  withTenant,
} from "@nuri/db";
import { buildDocument, buildTenant, buildUser, holdTransaction, waitUntilBlockedBy } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BODY } from "./body.ts";
import { COLLAB_CHANNEL, type CollabNotice, parseCollabNotice } from "./notice.ts";
import { projectDocument } from "./projection.ts";
import { docFromState } from "./state.ts";
import {
  appendUpdate,
  compactStoredState,
  createNamedVersion,
  listVersions,
  MAX_VERSION_NAME,
  previewVersion,
  readCollabDocument,
  readStoredDocument,
  readStoredState,
  readUpdate,
  restoreVersion,
  saveVersion,
  writeCollabBatch,
  writeProjection,
} from "./store.ts";

// The document store against the real test PostgreSQL, as the application role (row-level
// security applies): every call runs inside withTenant(), as the collab-server and the app do.

const { app, superuser } = connectTestDatabase();

/** The PostgreSQL error behind drizzle's wrapper, or undefined when the query succeeded. */
async function pgError(promise: Promise<unknown>): Promise<{ code?: string; message: string } | undefined> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { cause?: unknown } | undefined;
  return (error?.cause ?? error) as { code?: string; message: string } | undefined;
}

const RLS_VIOLATION = "42501";
const FK_VIOLATION = "23503";

/** An editor's Y.Doc that hands out each edit's update, as a client sends them. */
class Editor {
  readonly doc = new Y.Doc();
  #updates: Uint8Array[] = [];

  constructor() {
    this.doc.on("update", (update: Uint8Array) => this.#updates.push(update));
  }

  /** Appends a paragraph; returns the update that did it. */
  paragraph(text: string): Uint8Array {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(text)]);
    const body = this.doc.getXmlFragment(BODY);
    body.insert(body.length, [paragraph]);
    return this.take();
  }

  take(): Uint8Array {
    const update = Y.mergeUpdates(this.#updates);
    this.#updates = [];
    return update;
  }
}

function textOf(parts: readonly Uint8Array[]): string {
  const doc = docFromState(parts);
  try {
    return projectDocument(doc).text;
  } finally {
    doc.destroy();
  }
}

async function agency() {
  const tenant = await buildTenant(app.db);
  const user = await buildUser(app.db, tenant.id);
  const document = await buildDocument(app.db, tenant.id, user.id);
  return { tenantId: tenant.id, userId: user.id, documentId: document.id };
}

type Agency = Awaited<ReturnType<typeof agency>>;

const inTenant = <T>(target: { tenantId: string }, fn: (tx: TenantTx) => Promise<T>) =>
  withTenant(app.db, target.tenantId, fn);

async function append(target: Agency, update: Uint8Array): Promise<number> {
  return inTenant(target, (tx) => appendUpdate(tx, target.tenantId, target.documentId, update));
}

async function stored(target: Agency) {
  return inTenant(target, (tx) => readStoredState(tx, target.documentId));
}

async function tailSeqs(target: Agency): Promise<number[]> {
  const rows = await inTenant(target, (tx) =>
    tx
      .select({ seq: documentUpdates.seq })
      .from(documentUpdates)
      .where(eq(documentUpdates.documentId, target.documentId))
      .orderBy(documentUpdates.seq),
  );
  return rows.map((row) => row.seq);
}

async function documentRow(target: Agency) {
  const [row] = await inTenant(target, (tx) =>
    tx.select().from(documents).where(eq(documents.id, target.documentId)),
  );
  return row!;
}

/** Everything the database holds for a document, seen by its own tenant. */
async function everything(target: Agency) {
  return inTenant(target, async (tx) => ({
    document: (await tx.select().from(documents).where(eq(documents.id, target.documentId)))[0],
    updates: await tx.select().from(documentUpdates).where(eq(documentUpdates.documentId, target.documentId)),
    versions: await tx
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, target.documentId)),
  }));
}

describe("readStoredState and appendUpdate", () => {
  it("finds nothing for a document that does not exist", async () => {
    const target = await agency();
    expect(await inTenant(target, (tx) => readStoredState(tx, randomUUID()))).toBeNull();
  });

  it("reads an empty document as no parts", async () => {
    const target = await agency();
    expect(await stored(target)).toEqual({ parts: [], tailRows: 0, tailBytes: 0 });
  });

  it("reads back every appended update, in order, to the same text", async () => {
    const target = await agency();
    const editor = new Editor();
    const updates = [
      editor.paragraph("기안문 초안"),
      editor.paragraph("검토 의견 <반영>"),
      editor.paragraph("결재"),
    ];
    const seqs: number[] = [];
    for (const update of updates) seqs.push(await append(target, update));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);

    const state = await stored(target);
    expect(state!.tailRows).toBe(3);
    expect(state!.tailBytes).toBe(updates.reduce((sum, update) => sum + update.byteLength, 0));
    expect(state!.parts.map((part) => [...part])).toEqual(updates.map((update) => [...update]));
    expect(textOf(state!.parts)).toBe("기안문 초안\n검토 의견 <반영>\n결재");

    expect([...(await inTenant(target, (tx) => readUpdate(tx, target.documentId, seqs[1]!)))!]).toEqual([
      ...updates[1]!,
    ]);
    expect(await inTenant(target, (tx) => readUpdate(tx, target.documentId, seqs[2]! + 1000))).toBeNull();
  });

  it("refuses an empty update", async () => {
    const target = await agency();
    expect((await pgError(append(target, new Uint8Array())))?.code).toBe("23514");
  });
});

describe("writeCollabBatch (the collab-server's one statement per tenant and tick)", () => {
  const projection = (text: string) => ({ text, html: `<p>${text}</p>` });

  it("appends every document's updates and writes the projections that fell due", async () => {
    const first = await agency();
    const second = {
      ...first,
      documentId: (await buildDocument(app.db, first.tenantId, first.userId)).id,
    };
    const one = new Editor();
    const two = new Editor();
    await writeCollabBatch(app.sql, first.tenantId, {
      updates: [
        { documentId: first.documentId, data: one.paragraph("첫 문서") },
        { documentId: second.documentId, data: two.paragraph("둘째 문서") },
      ],
      projections: [{ documentId: first.documentId, projection: projection("첫 문서") }],
    });
    expect(textOf((await stored(first))!.parts)).toBe("첫 문서");
    expect(textOf((await stored(second))!.parts)).toBe("둘째 문서");
    const projected = await documentRow(first);
    expect([projected.contentText, projected.contentHtml]).toEqual(["첫 문서", "<p>첫 문서</p>"]);
    expect(projected.projectedAt).not.toBeNull();
    expect((await documentRow(second)).projectedAt).toBeNull();

    // a tick with only a projection, and one with only updates
    await writeCollabBatch(app.sql, first.tenantId, {
      updates: [],
      projections: [{ documentId: second.documentId, projection: projection("둘째 문서") }],
    });
    expect((await documentRow(second)).contentText).toBe("둘째 문서");
    await writeCollabBatch(app.sql, first.tenantId, {
      updates: [{ documentId: second.documentId, data: two.paragraph("추가") }],
      projections: [],
    });
    expect((await stored(second))!.tailRows).toBe(2);
  });

  it("writes nothing of a batch that names another agency's document", async () => {
    const mine = await agency();
    const theirs = await agency();
    const editor = new Editor();
    const error = await pgError(
      writeCollabBatch(app.sql, mine.tenantId, {
        updates: [
          { documentId: mine.documentId, data: editor.paragraph("우리 기관") },
          { documentId: theirs.documentId, data: editor.paragraph("다른 기관") },
        ],
        projections: [],
      }),
    );
    expect(error?.code).toBe(FK_VIOLATION);
    // the whole statement failed: not even the own document's row was kept
    expect(await tailSeqs(mine)).toEqual([]);
    expect(await tailSeqs(theirs)).toEqual([]);

    // a projection for another agency's document finds no row under row-level security
    await writeCollabBatch(app.sql, mine.tenantId, {
      updates: [],
      projections: [{ documentId: theirs.documentId, projection: projection("덮어쓰기") }],
    });
    const untouched = await documentRow(theirs);
    expect([untouched.contentText, untouched.projectedAt]).toEqual(["", null]);
  });

  it("refuses inside another tenant's transaction, and leaves the transaction's tenant as it was", async () => {
    const mine = await agency();
    const theirs = await agency();
    const editor = new Editor();
    const batch = {
      updates: [{ documentId: theirs.documentId, data: editor.paragraph("건너가기") }],
      projections: [],
    };
    const refused = await pgError(
      app.sql.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${mine.tenantId}, true)`;
        await writeCollabBatch(tx, theirs.tenantId, batch);
      }),
    );
    expect(refused?.code).toBe(RLS_VIOLATION);
    expect(await tailSeqs(theirs)).toEqual([]);

    const settings = await app.sql.begin(async (tx) => {
      const seen: string[] = [];
      const setting = async () =>
        (await tx<{ tenant: string }[]>`select current_setting('app.tenant_id', true) as tenant`)[0]!
          .tenant ?? "";
      seen.push(await setting());
      await writeCollabBatch(tx, theirs.tenantId, batch); // no tenant yet: allowed
      seen.push(await setting());
      await tx`select set_config('app.tenant_id', ${theirs.tenantId}, true)`;
      await writeCollabBatch(tx, theirs.tenantId, {
        updates: [{ documentId: theirs.documentId, data: editor.paragraph("같은 기관") }],
        projections: [],
      });
      seen.push(await setting());
      return seen;
    });
    expect(settings).toEqual(["", "", theirs.tenantId]);
    expect(await tailSeqs(theirs)).toHaveLength(2);
  });

  it("refuses arrays that do not pair up", async () => {
    const target = await agency();
    const error = await pgError(
      app.sql`select collab_write_batch(${target.tenantId}::uuid, ${app.sql.array([target.documentId], 2950)}::uuid[],
        '{}'::bytea[], '{}'::uuid[], '{}'::text[], '{}'::text[])`,
    );
    expect(error?.code).toBe("22023");
    expect(await tailSeqs(target)).toEqual([]);
  });
});

describe("readCollabDocument (the collab-server's load, one statement)", () => {
  it("reads the snapshot and the tail as readStoredState does, and when the latest version was kept", async () => {
    const target = await agency();
    const editor = new Editor();
    expect(await readCollabDocument(app.sql, target.tenantId, target.documentId)).toEqual({
      parts: [],
      tailRows: 0,
      tailBytes: 0,
      lastVersionAt: 0,
    });
    await append(target, editor.paragraph("하나"));
    await inTenant(target, (tx) => compactStoredState(tx, target.documentId));
    await append(target, editor.paragraph("둘"));
    await append(target, editor.paragraph("셋"));
    const versionId = await inTenant(target, (tx) =>
      saveVersion(tx, {
        tenantId: target.tenantId,
        documentId: target.documentId,
        kind: "auto",
        state: editor.take(),
      }),
    );
    const loaded = await readCollabDocument(app.sql, target.tenantId, target.documentId);
    const { lastVersionAt, ...state } = loaded!;
    expect(state).toEqual(await stored(target));
    expect(state.parts).toHaveLength(3);
    expect(textOf(state.parts)).toBe("하나\n둘\n셋");
    const [version] = await inTenant(target, (tx) =>
      tx.select().from(documentVersions).where(eq(documentVersions.id, versionId)),
    );
    expect(lastVersionAt).toBe(version!.createdAt.getTime());
  });

  it("finds nothing of another agency's document, and refuses inside another tenant's transaction", async () => {
    const mine = await agency();
    const theirs = await agency();
    await append(theirs, new Editor().paragraph("비공개"));
    expect(await readCollabDocument(app.sql, mine.tenantId, theirs.documentId)).toBeNull();
    expect(await readCollabDocument(app.sql, mine.tenantId, randomUUID())).toBeNull();
    const refused = await pgError(
      app.sql.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${mine.tenantId}, true)`;
        return readCollabDocument(tx, theirs.tenantId, theirs.documentId);
      }),
    );
    expect(refused?.code).toBe(RLS_VIOLATION);
  });
});

describe("compactStoredState", () => {
  it("merges the tail into the snapshot and deletes the rows it merged", async () => {
    const target = await agency();
    const editor = new Editor();
    await append(target, editor.paragraph("하나"));
    await append(target, editor.paragraph("둘"));
    const seqs = await tailSeqs(target);

    expect(await inTenant(target, (tx) => compactStoredState(tx, target.documentId))).toBe(2);
    const row = await documentRow(target);
    expect(row.state).not.toBeNull();
    expect(row.compactedAt).not.toBeNull();
    expect(await tailSeqs(target)).toEqual([]);
    expect(await stored(target)).toEqual({ parts: [row.state], tailRows: 0, tailBytes: 0 });
    expect(textOf([row.state!])).toBe("하나\n둘");
    // the merged rows are gone for readUpdate too: the snapshot holds them
    expect(await inTenant(target, (tx) => readUpdate(tx, target.documentId, seqs[0]!))).toBeNull();

    // nothing to merge: nothing changes
    expect(await inTenant(target, (tx) => compactStoredState(tx, target.documentId))).toBe(0);
    expect((await documentRow(target)).state).toEqual(row.state);

    // a later tail is merged into the existing snapshot
    await append(target, editor.paragraph("셋"));
    expect(await inTenant(target, (tx) => compactStoredState(tx, target.documentId))).toBe(1);
    const state = await stored(target);
    expect(state!.parts).toHaveLength(1);
    expect(textOf(state!.parts)).toBe("하나\n둘\n셋");
  });

  it("does nothing for a document that does not exist", async () => {
    const target = await agency();
    expect(await inTenant(target, (tx) => compactStoredState(tx, randomUUID()))).toBe(0);
  });

  it("keeps a row appended while a compaction holds the document (the append waits, then stays in the tail)", async () => {
    const target = await agency();
    const editor = new Editor();
    await append(target, editor.paragraph("하나"));
    await append(target, editor.paragraph("둘"));

    let merged = -1;
    const compaction = holdTransaction(app.db, target.tenantId, async (tx) => {
      merged = await compactStoredState(tx, target.documentId);
    });
    const pid = await compaction.pid;
    let appended: number | undefined;
    const late = append(target, editor.paragraph("셋")).then((seq) => {
      appended = seq;
      return seq;
    });
    await waitUntilBlockedBy(superuser.sql, pid, () => appended !== undefined);
    compaction.release();
    await compaction.done;
    const seq = await late;

    expect(merged).toBe(2);
    expect(await tailSeqs(target)).toEqual([seq]);
    const state = await stored(target);
    expect(state!.tailRows).toBe(1);
    expect(textOf(state!.parts)).toBe("하나\n둘\n셋");
  });

  it("waits for an append in flight and merges it once committed, losing nothing", async () => {
    const target = await agency();
    const editor = new Editor();
    await append(target, editor.paragraph("하나"));
    const inFlight = editor.paragraph("둘");
    let seq = 0;
    const appending = holdTransaction(app.db, target.tenantId, async (tx) => {
      seq = await appendUpdate(tx, target.tenantId, target.documentId, inFlight);
    });
    const pid = await appending.pid;
    let merged: number | undefined;
    const compaction = inTenant(target, (tx) => compactStoredState(tx, target.documentId)).then((count) => {
      merged = count;
    });
    await waitUntilBlockedBy(superuser.sql, pid, () => merged !== undefined);
    appending.release();
    await appending.done;
    await compaction;

    // Whether the compaction waited for the append (and merged it) or not (and left it in the
    // tail), every row it did not merge is still there, and the text is whole.
    const tail = await tailSeqs(target);
    expect(merged! + tail.length).toBe(2);
    if (tail.length > 0) expect(tail).toEqual([seq]);
    expect(textOf((await stored(target))!.parts)).toBe("하나\n둘");
  });

  it("lets two compactions take turns: the second merges only what the first left", async () => {
    const target = await agency();
    const editor = new Editor();
    for (const text of ["하나", "둘", "셋"]) await append(target, editor.paragraph(text));
    const counts = await Promise.all([
      inTenant(target, (tx) => compactStoredState(tx, target.documentId)),
      inTenant(target, (tx) => compactStoredState(tx, target.documentId)),
    ]);
    expect(counts.sort()).toEqual([0, 3]);
    expect(textOf((await stored(target))!.parts)).toBe("하나\n둘\n셋");
  });
});

describe("readStoredState during a compaction", () => {
  it("reads the snapshot and the tail as of one moment, so a compaction committing between them loses nothing", async () => {
    const target = await agency();
    const editor = new Editor();
    await append(target, editor.paragraph("하나"));
    await inTenant(target, (tx) => compactStoredState(tx, target.documentId));
    await append(target, editor.paragraph("둘"));
    await append(target, editor.paragraph("셋"));

    // 1. A compaction merges the tail and holds its transaction open.
    const compaction = holdTransaction(app.db, target.tenantId, (tx) =>
      compactStoredState(tx, target.documentId),
    );
    const compactionPid = await compaction.pid;
    // 2. A lock request on document_updates queues behind the compaction; every later reader
    //    of that table queues behind it, while the documents table stays free.
    let lockPid!: number;
    let lockPidKnown!: () => void;
    const pidKnown = new Promise<void>((resolve) => {
      lockPidKnown = resolve;
    });
    const lock = superuser.sql.begin(async (sql) => {
      [{ pid: lockPid }] = (await sql`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      lockPidKnown();
      await sql`lock table document_updates in access exclusive mode`;
    });
    await pidKnown;
    await waitUntilBlockedBy(superuser.sql, compactionPid);
    // 3. A load starts: whatever it reads of document_updates waits until the compaction commits.
    let loaded: Awaited<ReturnType<typeof stored>> | undefined;
    const load = stored(target).then((state) => {
      loaded = state;
    });
    await waitUntilBlockedBy(superuser.sql, lockPid, () => loaded !== undefined);
    // 4. The compaction commits; then the lock is taken and let go at once; then the load goes on.
    compaction.release();
    await compaction.done;
    await lock;
    await load;

    expect(textOf(loaded!.parts)).toBe("하나\n둘\n셋");
  });
});

describe("versions", () => {
  let target: Agency;
  const editor = new Editor();

  beforeAll(async () => {
    target = await agency();
    await append(target, editor.paragraph("보고서 초안"));
  });

  it("names the current stored state, with the name trimmed", async () => {
    await append(target, editor.paragraph("<검토> & 보완"));
    const id = await createNamedVersion(app.db, { ...target, name: "  결재 상신 전 \n" });
    expect(id).toEqual(expect.any(String));
    const [row] = await inTenant(target, (tx) =>
      tx.select().from(documentVersions).where(eq(documentVersions.id, id!)),
    );
    expect(row).toMatchObject({
      tenantId: target.tenantId,
      documentId: target.documentId,
      kind: "named",
      name: "결재 상신 전",
      createdBy: target.userId,
      contentText: "보고서 초안\n<검토> & 보완",
    });
    expect(textOf([row!.state])).toBe("보고서 초안\n<검토> & 보완");
  });

  it.each([
    ["one character", "가", "가"],
    [`${MAX_VERSION_NAME} characters`, "가".repeat(MAX_VERSION_NAME), "가".repeat(MAX_VERSION_NAME)],
    [
      `${MAX_VERSION_NAME} characters outside the BMP`,
      "📄".repeat(MAX_VERSION_NAME),
      "📄".repeat(MAX_VERSION_NAME),
    ],
    ["spaces around 100 characters", `  ${"나".repeat(MAX_VERSION_NAME)}  `, "나".repeat(MAX_VERSION_NAME)],
  ])("accepts a name of %s", async (_case, name, kept) => {
    const id = await createNamedVersion(app.db, { ...target, name });
    const version = await inTenant(target, (tx) => previewVersion(tx, target.documentId, id!));
    expect(version!.name).toBe(kept);
  });

  it.each([
    ["an empty name", ""],
    ["a name of spaces", " \t\n "],
    [`${MAX_VERSION_NAME + 1} characters`, "가".repeat(MAX_VERSION_NAME + 1)],
    [`${MAX_VERSION_NAME + 1} characters outside the BMP`, "📄".repeat(MAX_VERSION_NAME + 1)],
  ])("refuses %s with a RangeError, writing nothing", async (_case, name) => {
    const before = (await everything(target)).versions.length;
    await expect(createNamedVersion(app.db, { ...target, name })).rejects.toThrow(RangeError);
    expect((await everything(target)).versions).toHaveLength(before);
  });

  it("answers null for a document the tenant does not have", async () => {
    expect(
      await createNamedVersion(app.db, { ...target, documentId: randomUUID(), name: "없음" }),
    ).toBeNull();
  });

  it("lists versions newest first and previews one as text and HTML", async () => {
    const own = await agency();
    const writer = new Editor();
    await append(own, writer.paragraph("첫 판"));
    const first = await createNamedVersion(app.db, { ...own, name: "1차" });
    await append(own, writer.paragraph("둘째 판 <b>"));
    const second = await createNamedVersion(app.db, { ...own, name: "2차" });
    const auto = await inTenant(own, (tx) =>
      saveVersion(tx, {
        tenantId: own.tenantId,
        documentId: own.documentId,
        kind: "auto",
        state: Y.encodeStateAsUpdate(writer.doc),
        contributors: [own.userId],
      }),
    );

    const listed = await inTenant(own, (tx) => listVersions(tx, own.documentId));
    expect(listed.map((version) => version.id)).toEqual([auto, second, first]);
    expect(listed.map((version) => [version.kind, version.name])).toEqual([
      ["auto", null],
      ["named", "2차"],
      ["named", "1차"],
    ]);
    expect(listed[0]!.contributors).toEqual([own.userId]);
    expect(listed[1]!.createdBy).toBe(own.userId);
    expect(listed[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(listed[2]!.createdAt.getTime());
    expect(listed[0]).not.toHaveProperty("state");

    const preview = await inTenant(own, (tx) => previewVersion(tx, own.documentId, first!));
    expect(preview).toMatchObject({
      id: first,
      kind: "named",
      name: "1차",
      text: "첫 판",
      html: "<p>첫 판</p>",
    });
    const later = await inTenant(own, (tx) => previewVersion(tx, own.documentId, second!));
    expect(later).toMatchObject({ text: "첫 판\n둘째 판 <b>", html: "<p>첫 판</p><p>둘째 판 &lt;b&gt;</p>" });

    // another document's version, or no version at all: null
    expect(await inTenant(own, (tx) => previewVersion(tx, target.documentId, first!))).toBeNull();
    expect(await inTenant(own, (tx) => previewVersion(tx, own.documentId, randomUUID()))).toBeNull();
    expect(await inTenant(own, (tx) => listVersions(tx, randomUUID()))).toEqual([]);
  });
});

describe("restoreVersion", () => {
  const received: CollabNotice[] = [];
  let unlisten: (() => Promise<void>) | undefined;
  const watched = new Set<string>();

  beforeAll(async () => {
    const subscription = await app.sql.listen(COLLAB_CHANNEL, (payload) => {
      const notice = parseCollabNotice(payload);
      if (notice && watched.has(notice.documentId)) received.push(notice);
    });
    unlisten = () => subscription.unlisten();
  });
  afterAll(async () => {
    await unlisten?.();
  });

  async function until(condition: () => boolean, what: string) {
    const deadline = Date.now() + 5000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("appends the update to the version's body, records a restore version and tells the servers", async () => {
    const target = await agency();
    watched.add(target.documentId);
    const editor = new Editor();
    await append(target, editor.paragraph("원래 문단"));
    const versionId = await createNamedVersion(app.db, { ...target, name: "원본" });
    await append(target, editor.paragraph("나중에 쓴 문단"));
    await inTenant(target, (tx) => compactStoredState(tx, target.documentId));
    await append(target, editor.paragraph("더 나중"));
    const before = await everything(target);

    const restoredId = await restoreVersion(app.db, {
      ...target,
      versionId: versionId!,
      userId: target.userId,
    });
    expect(restoredId).toEqual(expect.any(String));

    const after = await everything(target);
    // one new update row: the restore, on top of the history (the snapshot is untouched)
    expect(after.updates).toHaveLength(before.updates.length + 1);
    expect(after.document!.state).toEqual(before.document!.state);
    const restoreRow = after.updates.find((row) => !before.updates.some((old) => old.seq === row.seq))!;
    const doc = await readStoredDocument(app.db, target.tenantId, target.documentId);
    expect(projectDocument(doc!).text).toBe("원래 문단");
    doc!.destroy();

    // the restore version
    const restored = after.versions.find((version) => version.id === restoredId)!;
    expect(restored).toMatchObject({
      kind: "restore",
      name: null,
      createdBy: target.userId,
      contributors: [target.userId],
      contentText: "원래 문단",
    });
    const listed = await inTenant(target, (tx) => listVersions(tx, target.documentId));
    expect(listed[0]!.id).toBe(restoredId);

    // the notice names the appended row; an editor still at the old state gets the restore from it
    await until(() => received.some((notice) => notice.documentId === target.documentId), "the notice");
    expect(received.filter((notice) => notice.documentId === target.documentId)).toEqual([
      { kind: "update", tenantId: target.tenantId, documentId: target.documentId, seq: restoreRow.seq },
    ]);
    const update = await inTenant(target, (tx) => readUpdate(tx, target.documentId, restoreRow.seq));
    Y.applyUpdate(editor.doc, update!);
    expect(projectDocument(editor.doc).text).toBe("원래 문단");
  });

  it("restores an empty document's version onto an empty document", async () => {
    const target = await agency();
    const versionId = await createNamedVersion(app.db, { ...target, name: "빈 문서" });
    const restoredId = await restoreVersion(app.db, {
      ...target,
      versionId: versionId!,
      userId: target.userId,
    });
    expect(restoredId).not.toBeNull();
    const doc = await readStoredDocument(app.db, target.tenantId, target.documentId);
    expect(projectDocument(doc!).text).toBe("");
    doc!.destroy();
  });

  it("answers null, changing nothing, for an unknown version or document", async () => {
    const target = await agency();
    watched.add(target.documentId);
    await append(target, new Editor().paragraph("내용"));
    const before = await everything(target);
    expect(
      await restoreVersion(app.db, { ...target, versionId: randomUUID(), userId: target.userId }),
    ).toBeNull();
    const other = await agency();
    const otherVersion = await createNamedVersion(app.db, { ...other, name: "다른 문서" });
    // another document's version id, on this document
    expect(
      await restoreVersion(app.db, { ...target, versionId: otherVersion!, userId: target.userId }),
    ).toBeNull();
    expect(
      await restoreVersion(app.db, {
        ...target,
        documentId: randomUUID(),
        versionId: otherVersion!,
        userId: target.userId,
      }),
    ).toBeNull();
    expect(await everything(target)).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.filter((notice) => notice.documentId === target.documentId)).toEqual([]);
  });
});

describe("the tenant boundary", () => {
  let mine: Agency;
  let theirs: Agency;
  let theirVersion: string;
  let theirSeq: number;

  beforeAll(async () => {
    mine = await agency();
    theirs = await agency();
    const editor = new Editor();
    await append(theirs, editor.paragraph("다른 기관의 비공개 문서"));
    await inTenant(theirs, (tx) => compactStoredState(tx, theirs.documentId));
    theirSeq = await append(theirs, editor.paragraph("둘째 문단"));
    theirVersion = (await createNamedVersion(app.db, { ...theirs, name: "그쪽 판" }))!;
    await inTenant(theirs, (tx) =>
      writeProjection(tx, theirs.documentId, { text: "다른 기관의 비공개 문서", html: "<p>비공개</p>" }),
    );
  });

  /** Runs `fn` in my tenant against their document. */
  const asMe = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(app.db, mine.tenantId, fn);

  it("shows another tenant's document to none of the reading functions", async () => {
    const before = await everything(theirs);
    expect(await asMe((tx) => readStoredState(tx, theirs.documentId))).toBeNull();
    expect(await asMe((tx) => readUpdate(tx, theirs.documentId, theirSeq))).toBeNull();
    expect(await asMe((tx) => listVersions(tx, theirs.documentId))).toEqual([]);
    expect(await asMe((tx) => previewVersion(tx, theirs.documentId, theirVersion))).toBeNull();
    expect(await readStoredDocument(app.db, mine.tenantId, theirs.documentId)).toBeNull();
    // …nor to my own document's id paired with their version
    expect(await asMe((tx) => previewVersion(tx, mine.documentId, theirVersion))).toBeNull();
    expect(await everything(theirs)).toEqual(before);
  });

  it("lets none of the writing functions change another tenant's document", async () => {
    const before = await everything(theirs);
    const update = new Editor().paragraph("침입");

    expect(await asMe((tx) => compactStoredState(tx, theirs.documentId))).toBe(0);
    await asMe((tx) => writeProjection(tx, theirs.documentId, { text: "변조", html: "<p>변조</p>" }));
    expect(
      await createNamedVersion(app.db, { ...mine, documentId: theirs.documentId, name: "훔친 판" }),
    ).toBeNull();
    expect(
      await restoreVersion(app.db, {
        ...mine,
        documentId: theirs.documentId,
        versionId: theirVersion,
        userId: mine.userId,
      }),
    ).toBeNull();
    // a restore of my document to their version finds no such version
    expect(
      await restoreVersion(app.db, { ...mine, versionId: theirVersion, userId: mine.userId }),
    ).toBeNull();

    // Appends and versions naming their tenant are refused by RLS; naming mine, by the key.
    expect(
      (await pgError(asMe((tx) => appendUpdate(tx, theirs.tenantId, theirs.documentId, update))))?.code,
    ).toBe(RLS_VIOLATION);
    expect(
      (await pgError(asMe((tx) => appendUpdate(tx, mine.tenantId, theirs.documentId, update))))?.code,
    ).toBe(FK_VIOLATION);
    expect(
      (
        await pgError(
          asMe((tx) =>
            saveVersion(tx, {
              tenantId: theirs.tenantId,
              documentId: theirs.documentId,
              kind: "auto",
              state: update,
            }),
          ),
        )
      )?.code,
    ).toBe(RLS_VIOLATION);
    expect(
      (
        await pgError(
          asMe((tx) =>
            saveVersion(tx, {
              tenantId: mine.tenantId,
              documentId: theirs.documentId,
              kind: "auto",
              state: update,
            }),
          ),
        )
      )?.code,
    ).toBe(FK_VIOLATION);

    expect(await everything(theirs)).toEqual(before);
    expect((await everything(mine)).versions).toEqual([]);
  });

  it("refuses a direct INSERT of a row with another tenant's tenant_id through the app role", async () => {
    const before = await everything(theirs);
    const data = new Editor().paragraph("직접 삽입");

    expect(
      (
        await pgError(
          asMe((tx) =>
            tx.insert(documents).values({ tenantId: theirs.tenantId, ownerId: theirs.userId, title: "x" }),
          ),
        )
      )?.code,
    ).toBe(RLS_VIOLATION);
    expect(
      (
        await pgError(
          asMe((tx) =>
            tx
              .insert(documentUpdates)
              .values({ tenantId: theirs.tenantId, documentId: theirs.documentId, data }),
          ),
        )
      )?.code,
    ).toBe(RLS_VIOLATION);
    expect(
      (
        await pgError(
          asMe((tx) =>
            tx.insert(documentVersions).values({
              tenantId: theirs.tenantId,
              documentId: theirs.documentId,
              kind: "auto",
              state: data,
            }),
          ),
        )
      )?.code,
    ).toBe(RLS_VIOLATION);
    // Moving my own row into their tenant is refused as well.
    expect(
      (
        await pgError(
          asMe((tx) =>
            tx.update(documents).set({ tenantId: theirs.tenantId }).where(eq(documents.id, mine.documentId)),
          ),
        )
      )?.code,
    ).toBe(RLS_VIOLATION);
    // Outside any tenant (the control plane), tenant tables refuse writes too.
    expect(
      (
        await pgError(
          withControlPlane(app.db, (tx) =>
            tx
              .insert(documentUpdates)
              .values({ tenantId: theirs.tenantId, documentId: theirs.documentId, data }),
          ),
        )
      )?.code,
    ).toBe(RLS_VIOLATION);
    // Updates and deletes of their rows touch nothing.
    const updated = await asMe((tx) =>
      tx.update(documents).set({ title: "변조" }).where(eq(documents.id, theirs.documentId)).returning(),
    );
    expect(updated).toEqual([]);
    const deleted = await asMe((tx) =>
      tx.delete(documentUpdates).where(eq(documentUpdates.documentId, theirs.documentId)).returning(),
    );
    expect(deleted).toEqual([]);
    const deletedVersions = await asMe((tx) =>
      tx.delete(documentVersions).where(eq(documentVersions.documentId, theirs.documentId)).returning(),
    );
    expect(deletedVersions).toEqual([]);

    expect(await everything(theirs)).toEqual(before);
  });
});
