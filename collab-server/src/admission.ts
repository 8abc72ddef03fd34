import { CloseCode } from "./close-codes.ts";
import { type CollabLimits, Counter } from "./limits.ts";

export interface Seat {
  tenantId: string;
  userId: string;
  room: string;
}

export type Refusal = { code: number; reason: string };

/**
 * Counts this instance's connections by document, person and tenant, and refuses one that
 * would pass a limit, before any database work is done for it.
 */
export class Admission {
  readonly #perDocument = new Counter<string>();
  readonly #perPerson = new Counter<string>();
  readonly #personDocuments = new Map<string, Counter<string>>();
  readonly #personDocumentCount = new Counter<string>();
  readonly #perTenant = new Counter<string>();
  readonly #tenantDocuments = new Map<string, Counter<string>>();
  readonly #tenantDocumentCount = new Counter<string>();

  constructor(private readonly limits: CollabLimits) {}

  /** Takes a seat, or says which limit refuses it. */
  admit(seat: Seat): Refusal | null {
    const person = `${seat.tenantId}/${seat.userId}`;
    const newForPerson = (this.#personDocuments.get(person)?.get(seat.room) ?? 0) === 0;
    const newForTenant = (this.#tenantDocuments.get(seat.tenantId)?.get(seat.room) ?? 0) === 0;
    if (this.#perDocument.get(seat.room) >= this.limits.maxConnectionsPerDocument) {
      return { code: CloseCode.documentFull, reason: "document-connections" };
    }
    if (this.#perPerson.get(person) >= this.limits.maxConnectionsPerPerson) {
      return { code: CloseCode.personLimit, reason: "person-connections" };
    }
    if (newForPerson && this.#personDocumentCount.get(person) >= this.limits.maxDocumentsPerPerson) {
      return { code: CloseCode.personLimit, reason: "person-documents" };
    }
    if (this.#perTenant.get(seat.tenantId) >= this.limits.maxConnectionsPerTenant) {
      return { code: CloseCode.tenantLimit, reason: "tenant-connections" };
    }
    if (newForTenant && this.#tenantDocumentCount.get(seat.tenantId) >= this.limits.maxDocumentsPerTenant) {
      return { code: CloseCode.tenantLimit, reason: "tenant-documents" };
    }
    this.#move(seat, person, 1);
    return null;
  }

  /** Gives a seat back when its connection closes. */
  release(seat: Seat): void {
    this.#move(seat, `${seat.tenantId}/${seat.userId}`, -1);
  }

  #move(seat: Seat, person: string, delta: 1 | -1): void {
    this.#perDocument.add(seat.room, delta);
    this.#perPerson.add(person, delta);
    this.#perTenant.add(seat.tenantId, delta);
    this.#distinct(this.#personDocuments, this.#personDocumentCount, person, seat.room, delta);
    this.#distinct(this.#tenantDocuments, this.#tenantDocumentCount, seat.tenantId, seat.room, delta);
  }

  #distinct(
    byOwner: Map<string, Counter<string>>,
    distinctCount: Counter<string>,
    owner: string,
    room: string,
    delta: 1 | -1,
  ): void {
    let rooms = byOwner.get(owner);
    if (!rooms) {
      rooms = new Counter<string>();
      byOwner.set(owner, rooms);
    }
    const before = rooms.get(room);
    rooms.add(room, delta);
    const after = rooms.get(room);
    if (before === 0 && after > 0) distinctCount.add(owner, 1);
    if (before > 0 && after === 0) distinctCount.add(owner, -1);
    if (distinctCount.get(owner) === 0) byOwner.delete(owner);
  }
}
