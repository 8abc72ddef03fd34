import { compactState, docFromState, projectDocument, restoreUpdate, sendCollabNotice } from "@nuri/collab";
import {
  appendUpdate,
  listVersions,
  MAX_VERSION_NAME,
  previewVersion,
  readStoredState,
  saveVersion,
  type VersionSummary,
} from "@nuri/collab/store";
import { and, documents, documentVersions, eq, recordAudit, type TenantTx, withTenant } from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import {
  type DocumentActor,
  type DocumentPerson,
  peopleNames,
  requireRoleIn,
} from "./history-access.server.ts";
import { diffTexts, type TextDiff } from "./history-diff.server.ts";

// A document's version history: its versions with the people behind them, a version's
// preview, its comparison with the current text, naming the current state, and restoring a
// version. Reading needs the reader role; naming and restoring need editor (or owner) and are
// audited (document.version.create, document.version.restore).

const KEYS = {
  notFound: "documents.history.error.notFound",
  forbidden: "documents.history.error.forbidden",
} as const;

export { MAX_VERSION_NAME };

export interface Person {
  id: string;
  name: string;
}

export interface VersionEntry {
  id: string;
  kind: "auto" | "named" | "restore";
  name: string | null;
  createdAt: Date;
  /** Who named or restored it; null for automatic versions. */
  createdBy: Person | null;
  /** The people whose edits it holds since the version before. */
  contributors: Person[];
}

/** A document's versions, newest first; throws a 404 AppError without access. */
export async function listDocumentHistory(
  person: DocumentPerson,
  documentId: string,
): Promise<VersionEntry[]> {
  return withTenant(person.db, person.tenantId, async (tx) => {
    await requireRoleIn(tx, person, documentId, "reader", KEYS);
    return withPeople(tx, await listVersions(tx, documentId));
  });
}

export interface VersionPreview extends VersionEntry {
  /** The version's body as safe HTML (the collab projection: escaped, allow-listed). */
  html: string;
  text: string;
}

/** One version with its preview; throws a 404 AppError without access or without such a version. */
export async function readVersion(
  person: DocumentPerson,
  input: { documentId: string; versionId: string },
): Promise<VersionPreview> {
  return withTenant(person.db, person.tenantId, async (tx) => {
    await requireRoleIn(tx, person, input.documentId, "reader", KEYS);
    const version = await previewVersion(tx, input.documentId, input.versionId);
    if (!version) throw versionNotFound();
    const [entry] = await withPeople(tx, [version]);
    return { ...entry!, html: version.html, text: version.text };
  });
}

export interface VersionComparison {
  version: VersionEntry;
  /** From the version's text to the current text; null when they are too long or too different. */
  diff: TextDiff | null;
}

/** A version's plain text compared with the document's current text. */
export async function compareWithCurrent(
  person: DocumentPerson,
  input: { documentId: string; versionId: string },
): Promise<VersionComparison> {
  const { version, current } = await withTenant(person.db, person.tenantId, async (tx) => {
    await requireRoleIn(tx, person, input.documentId, "reader", KEYS);
    const version = await previewVersion(tx, input.documentId, input.versionId);
    if (!version) throw versionNotFound();
    const stored = await readStoredState(tx, input.documentId);
    const [entry] = await withPeople(tx, [version]);
    return { version: { ...entry!, text: version.text }, current: stored };
  });
  const doc = docFromState(current?.parts ?? []);
  try {
    const { text } = projectDocument(doc);
    const { text: before, ...entry } = version;
    return { version: entry, diff: diffTexts(before, text) };
  } finally {
    doc.destroy();
  }
}

/** The reasons a version name is refused, checked before anything is stored. */
export function checkVersionName(
  raw: string,
): { ok: true; name: string } | { ok: false; reason: "required" | "tooLong" | "invalid" } {
  const name = raw.trim();
  // Counted in characters (code points), as PostgreSQL's char_length counts them.
  const length = [...name].length;
  if (length === 0) return { ok: false, reason: "required" };
  if (length > MAX_VERSION_NAME) return { ok: false, reason: "tooLong" };
  // Control characters, and lone surrogates that PostgreSQL's UTF-8 cannot hold.
  if (/[\p{Cc}]/u.test(name) || !wellFormed(name)) return { ok: false, reason: "invalid" };
  return { ok: true, name };
}

function wellFormed(value: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/**
 * Names the document's current stored state as a version (editors and owners) and audits
 * `document.version.create`. The stored state trails live edits by at most the collab-server's
 * batch delay. Returns the version's id.
 */
export async function nameCurrentVersion(
  ctx: DocumentActor,
  input: { documentId: string; name: string },
): Promise<string> {
  const checked = checkVersionName(input.name);
  if (!checked.ok) {
    throw new AppError(
      `documents.history.name.${checked.reason}`,
      `documents.history.name.error.${checked.reason}`,
      400,
      {
        max: MAX_VERSION_NAME,
      },
    );
  }
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRoleIn(tx, ctx, input.documentId, "editor", KEYS);
    const stored = await readStoredState(tx, input.documentId);
    if (!stored) throw versionNotFound();
    const id = await saveVersion(tx, {
      tenantId: ctx.tenantId,
      documentId: input.documentId,
      kind: "named",
      name: checked.name,
      state: compactState(stored.parts),
      createdBy: ctx.userId,
    });
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.version.create",
      target: { type: "document", id: input.documentId },
      ip: ctx.ip,
      details: { versionId: id, name: checked.name },
    });
    return id;
  });
}

/**
 * Restores a version as a new change (editors and owners): appends the update that turns the
 * current body into the version's, records a `restore` version, tells every collab-server
 * holding the document to apply the update (on commit), and audits `document.version.restore`,
 * all in one transaction. It is restoreVersion of @nuri/collab/store with the role check and the
 * audit entry inside its transaction. Returns the restore version's id.
 */
export async function restoreDocumentVersion(
  ctx: DocumentActor,
  input: { documentId: string; versionId: string },
): Promise<string> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRoleIn(tx, ctx, input.documentId, "editor", KEYS);
    // The row lock orders this restore after (and before) compactions of the same document.
    const [locked] = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, input.documentId)))
      .for("no key update");
    if (!locked) throw versionNotFound();
    const [version] = await tx
      .select({ state: documentVersions.state, kind: documentVersions.kind, name: documentVersions.name })
      .from(documentVersions)
      .where(
        and(
          eq(documentVersions.tenantId, ctx.tenantId),
          eq(documentVersions.documentId, input.documentId),
          eq(documentVersions.id, input.versionId),
        ),
      );
    if (!version) throw versionNotFound();
    const stored = await readStoredState(tx, input.documentId);
    if (!stored) throw versionNotFound();
    const update = restoreUpdate(stored.parts, version.state);
    const seq = await appendUpdate(tx, ctx.tenantId, input.documentId, update);
    const restored = await saveVersion(tx, {
      tenantId: ctx.tenantId,
      documentId: input.documentId,
      kind: "restore",
      state: compactState([...stored.parts, update]),
      createdBy: ctx.userId,
      contributors: [ctx.userId],
    });
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.version.restore",
      target: { type: "document", id: input.documentId },
      ip: ctx.ip,
      details: { versionId: input.versionId, restoreVersionId: restored, versionKind: version.kind },
    });
    await sendCollabNotice(tx, { kind: "update", tenantId: ctx.tenantId, documentId: input.documentId, seq });
    return restored;
  });
}

function versionNotFound(): AppError {
  return new AppError("documents.history.not-found", "documents.history.error.notFound", 404);
}

/** Versions with the names of their creators and contributors. */
async function withPeople(tx: TenantTx, versions: readonly VersionSummary[]): Promise<VersionEntry[]> {
  const names = await peopleNames(
    tx,
    versions.flatMap((version) => [
      ...(version.createdBy ? [version.createdBy] : []),
      ...version.contributors,
    ]),
  );
  const person = (id: string): Person => ({ id, name: names.get(id) ?? "" });
  return versions.map((version) => ({
    id: version.id,
    kind: version.kind,
    name: version.name,
    createdAt: version.createdAt,
    createdBy: version.createdBy ? person(version.createdBy) : null,
    contributors: version.contributors.map(person),
  }));
}
