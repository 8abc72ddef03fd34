import { and, documents, eq, type TenantTx } from "@nuri/db";
import { loadApproval, relationsToApproval } from "../approvals/approval-state.server.ts";
import { roleOnDocument } from "../documents/access.server.ts";

// Links to Nuri's own documents and approvals in a message become cards with their title (and
// an approval's status), worked out for each reader: someone who may not open the document or
// the approval sees a card that says only that, never its title. The link itself is what the
// author wrote.

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const LINK = new RegExp(`/t/[a-z0-9-]+/(documents|approvals)/(${UUID})(?![0-9a-f-])`, "g");
/** Cards shown under one message, at most. */
export const CARDS_PER_MESSAGE = 3;

export type LinkCard =
  | { type: "document"; id: string; title: string }
  | { type: "approval"; id: string; title: string; status: string }
  | { type: "document" | "approval"; id: string; hidden: true };

/** The documents and approvals a body links to, in order, each once. */
export function linkedTargets(body: string): { type: "document" | "approval"; id: string }[] {
  const seen = new Set<string>();
  const out: { type: "document" | "approval"; id: string }[] = [];
  for (const match of body.matchAll(LINK)) {
    const type = match[1] === "documents" ? "document" : "approval";
    const id = match[2] ?? "";
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ type, id });
    if (out.length === CARDS_PER_MESSAGE) break;
  }
  return out;
}

/** The cards of several bodies for one reader, by body (same order as `bodies`). */
export async function linkCards(
  tx: TenantTx,
  person: { tenantId: string; userId: string },
  bodies: readonly string[],
): Promise<LinkCard[][]> {
  const targets = bodies.map(linkedTargets);
  const cards = new Map<string, LinkCard>();
  for (const { type, id } of targets.flat()) {
    const key = `${type}:${id}`;
    if (cards.has(key)) continue;
    cards.set(
      key,
      type === "document" ? await documentCard(tx, person, id) : await approvalCard(tx, person, id),
    );
  }
  return targets.map((list) => list.map(({ type, id }) => cards.get(`${type}:${id}`) as LinkCard));
}

async function documentCard(
  tx: TenantTx,
  person: { tenantId: string; userId: string },
  id: string,
): Promise<LinkCard> {
  const role = await roleOnDocument(tx, person.userId, id);
  if (!role) return { type: "document", id, hidden: true };
  const [row] = await tx
    .select({ title: documents.title })
    .from(documents)
    .where(and(eq(documents.tenantId, person.tenantId), eq(documents.id, id)));
  return row ? { type: "document", id, title: row.title } : { type: "document", id, hidden: true };
}

async function approvalCard(
  tx: TenantTx,
  person: { tenantId: string; userId: string },
  id: string,
): Promise<LinkCard> {
  const loaded = await loadApproval(tx, person.tenantId, id);
  if (!loaded) return { type: "approval", id, hidden: true };
  const relations = await relationsToApproval(tx, person.tenantId, loaded, person.userId);
  if (relations.size === 0) return { type: "approval", id, hidden: true };
  return { type: "approval", id, title: loaded.approval.title, status: loaded.approval.status };
}
