import { and, approvalCounters, departments, eq, openDatabase, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "../../errors.server.ts";
import { actOnApproval } from "./act-on-approval.server.ts";
import {
  actingAs,
  buildApprovalAgency,
  buildSubmittedApproval,
  eventsOf,
  readApproval,
  stepsOf,
} from "./test-helpers.server.ts";

const { app, owner, urls } = connectTestDatabase();
const db = app.db;

// Completions run concurrently through a pool as large as a busy app server's.
const busy = openDatabase(urls.appUrl, { max: 12, applicationName: "nuri-test-busy" });
afterAll(() => busy.close());

async function counterOf(tenantId: string, departmentId: string, year: number) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ lastSerial: approvalCounters.lastSerial })
      .from(approvalCounters)
      .where(
        and(
          eq(approvalCounters.tenantId, tenantId),
          eq(approvalCounters.departmentId, departmentId),
          eq(approvalCounters.year, year),
        ),
      ),
  );
  return row?.lastSerial ?? null;
}

describe("completeApproval", () => {
  it("numbers 200 documents of one department completing at once exactly 1 to 200", async () => {
    const a = await buildApprovalAgency(db);
    const formId = a.forms.get("general")!;
    const total = 200;
    const seedStarted = performance.now();
    const seeded = await Promise.all(
      Array.from({ length: total }, (_, index) =>
        buildSubmittedApproval(busy.db, a.tenant.id, {
          drafterId: a.drafter.id,
          departmentId: a.division.id,
          formId,
          title: `동시 완료 ${index + 1}`,
          steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }],
        }),
      ),
    );
    const seedMs = performance.now() - seedStarted;

    const ctx = actingAs(busy.db, a.tenant.id, a.chief);
    const started = performance.now();
    const results = await Promise.all(
      seeded.map(({ approval }) =>
        actOnApproval(ctx, { approvalId: approval.id, action: { type: "approve" } }),
      ),
    );
    const completeMs = performance.now() - started;
    console.info(
      `[approvals] seeded ${total} approvals in ${Math.round(seedMs)} ms; ${total} concurrent completions took ${Math.round(completeMs)} ms (${(completeMs / total).toFixed(1)} ms each) over 12 connections`,
    );

    const serials = results.map((result) => result.registration!.registrationSerial).sort((x, y) => x - y);
    expect(serials).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    for (const result of results) {
      expect(result.status).toBe("completed");
      expect(result.registration!.registrationNumber).toBe(
        `디지털정부정책과-${result.registration!.registrationSerial}`,
      );
    }
    const stored = await Promise.all(
      seeded.map(({ approval }) => readApproval(db, a.tenant.id, approval.id)),
    );
    expect(new Set(stored.map((row) => row!.registrationNumber)).size).toBe(total);
    expect(stored.every((row) => row!.status === "completed" && row!.bodySha256?.length === 32)).toBe(true);
    expect(await counterOf(a.tenant.id, a.division.id, results[0]!.registration!.registrationYear)).toBe(
      total,
    );
  }, 120_000);

  it("leaves no gap when a completion fails after taking its number", async () => {
    const a = await buildApprovalAgency(db);
    const line = [{ kind: "approve" as const, group: 1, assigneeId: a.chief.id }];
    const first = await a.submit({ steps: line, title: "첫 문서" });
    const failing = await a.submit({ steps: line, title: "강제 실패 문서" });
    const third = await a.submit({ steps: line, title: "셋째 문서" });
    const approve = (approvalId: string) =>
      actOnApproval(a.as(a.chief), { approvalId, action: { type: "approve" } });

    expect((await approve(first.approval.id)).registration!.registrationSerial).toBe(1);
    // The failure comes after the counter was taken: a trigger refuses the completing update
    // of this one document (the statement that writes its number).
    const fn = `fail_completion_${a.tenant.id.replaceAll("-", "")}`;
    await owner.sql.unsafe(`
      create function ${fn}() returns trigger language plpgsql as $$
      begin
        if new.id = '${failing.approval.id}' and new.status = 'completed' then
          raise exception 'forced failure after numbering';
        end if;
        return new;
      end $$;
      create trigger ${fn} before update on approvals for each row execute function ${fn}();`);
    try {
      const error = await approve(failing.approval.id).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).not.toBeNull();
      expect(error).not.toBeInstanceOf(AppError);
      expect(String((error as Error).cause)).toContain("forced failure after numbering");
      // the failing statement carried the number the counter had given it
      expect((error as Error).message).toContain("디지털정부정책과-2");
      // nothing of the failed completion stayed
      const year = (await readApproval(db, a.tenant.id, first.approval.id))!.registrationYear!;
      expect(await counterOf(a.tenant.id, a.division.id, year)).toBe(1);
      expect((await readApproval(db, a.tenant.id, failing.approval.id))!.status).toBe("in_progress");
      expect((await stepsOf(db, a.tenant.id, failing.approval.id)).map((step) => step.status)).toEqual([
        "pending",
      ]);
      expect((await eventsOf(db, a.tenant.id, failing.approval.id)).map((event) => event.action)).toEqual([
        "submit",
      ]);

      // the next completion gets the number the failed one had taken
      expect((await approve(third.approval.id)).registration!.registrationNumber).toBe("디지털정부정책과-2");
    } finally {
      await owner.sql.unsafe(`drop trigger ${fn} on approvals; drop function ${fn}();`);
    }
    expect((await approve(failing.approval.id)).registration!.registrationNumber).toBe("디지털정부정책과-3");
  });

  it("restarts the serial with the year in Asia/Seoul and uses the department's name at completion", async () => {
    const a = await buildApprovalAgency(db);
    const line = [{ kind: "approve" as const, group: 1, assigneeId: a.chief.id }];
    const approve = async (now: Date) => {
      const { approval } = await a.submit({ steps: line });
      return (
        await actOnApproval(a.as(a.chief), { approvalId: approval.id, action: { type: "approve" }, now })
      ).registration!;
    };
    // 23:59:59 on 31 December in Seoul
    expect(await approve(new Date("2025-12-31T14:59:59Z"))).toMatchObject({
      registrationNumber: "디지털정부정책과-1",
      registrationYear: 2025,
      effectiveDate: "2025-12-31",
    });
    // 00:30 on 1 January in Seoul, still 31 December in UTC
    expect(await approve(new Date("2025-12-31T15:30:00Z"))).toMatchObject({
      registrationNumber: "디지털정부정책과-1",
      registrationYear: 2026,
      effectiveDate: "2026-01-01",
    });
    await withTenant(db, a.tenant.id, (tx) =>
      tx
        .update(departments)
        .set({ name: "디지털정부혁신과" })
        .where(and(eq(departments.tenantId, a.tenant.id), eq(departments.id, a.division.id))),
    );
    expect(await approve(new Date("2026-02-02T01:00:00Z"))).toMatchObject({
      registrationNumber: "디지털정부혁신과-2",
      registrationYear: 2026,
    });
    // another department counts on its own
    const { approval } = await buildSubmittedApproval(db, a.tenant.id, {
      drafterId: a.cooperator.id,
      departmentId: a.support.id,
      steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }],
    });
    const other = await actOnApproval(a.as(a.chief), {
      approvalId: approval.id,
      action: { type: "approve" },
      now: new Date("2026-02-02T01:00:00Z"),
    });
    expect(other.registration!.registrationNumber).toBe("운영지원과-1");
  });
});
