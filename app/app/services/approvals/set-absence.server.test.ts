import { approvalAbsences, eq, withTenant } from "@nuri/db";
import { buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { refusal } from "../documents/test-helpers.server.ts";
import { auditEntries } from "../org/test-helpers.server.ts";
import { substitutesFor } from "./approval-state.server.ts";
import { cancelAbsence } from "./cancel-absence.server.ts";
import { listAbsences } from "./list-absences.server.ts";
import { MAX_ABSENCE_DAYS, MAX_ABSENCE_REASON, setAbsence } from "./set-absence.server.ts";
import { buildApprovalAgency } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

// 2026-03-02 01:00 in Seoul.
const NOW = new Date("2026-03-01T16:00:00Z");

async function absenceRows(tenantId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.select().from(approvalAbsences).where(eq(approvalAbsences.tenantId, tenantId)),
  );
}

function signableFor(tenantId: string, userId: string, at: Date) {
  return withTenant(db, tenantId, (tx) => substitutesFor(tx, tenantId, userId, at));
}

describe("부재 설정", () => {
  it("sets an absence from the first day's 00:00 to the day after the last, in Seoul", async () => {
    const a = await buildApprovalAgency(db);
    const absence = await setAbsence(a.as(a.chief), {
      substituteId: a.substitute.id,
      startsOn: "2026-03-02",
      endsOn: "2026-03-04",
      reason: " 연가 ",
      now: NOW,
    });
    expect(absence).toMatchObject({
      userId: a.chief.id,
      userName: "서민지",
      substituteId: a.substitute.id,
      substituteName: "최유진",
      startsOn: "2026-03-02",
      endsOn: "2026-03-04",
      startsAt: new Date("2026-03-01T15:00:00Z"),
      endsAt: new Date("2026-03-04T15:00:00Z"),
      reason: "연가",
      current: true,
    });
    // The substitute may sign for the chief exactly within those days.
    expect(await signableFor(a.tenant.id, a.substitute.id, NOW)).toEqual([a.chief.id]);
    expect(await signableFor(a.tenant.id, a.substitute.id, new Date("2026-03-04T14:59:59Z"))).toEqual([
      a.chief.id,
    ]);
    expect(await signableFor(a.tenant.id, a.substitute.id, new Date("2026-03-04T15:00:00Z"))).toEqual([]);
    expect((await auditEntries(db, a.tenant.id)).at(-1)).toMatchObject({
      action: "approval.absence.set",
      targetId: absence.id,
      actorId: a.chief.id,
      details: { substituteId: a.substitute.id, startsOn: "2026-03-02", endsOn: "2026-03-04" },
    });
  });

  it(`allows ${MAX_ABSENCE_DAYS} days at most, starting today or later, one day being enough`, async () => {
    const a = await buildApprovalAgency(db);
    const me = a.as(a.chief);
    const longest = await setAbsence(me, {
      substituteId: a.substitute.id,
      startsOn: "2026-03-02",
      endsOn: "2026-05-30",
      now: NOW,
    });
    expect(longest.endsAt.getTime() - longest.startsAt.getTime()).toBe(MAX_ABSENCE_DAYS * 86_400_000);
    await cancelAbsence(me, { absenceId: longest.id, now: NOW });
    const tooLong = await refusal(
      setAbsence(me, {
        substituteId: a.substitute.id,
        startsOn: "2026-03-02",
        endsOn: "2026-05-31",
        now: NOW,
      }),
    );
    expect(tooLong).toMatchObject({
      field: "endsOn",
      messageKey: "approvals.absence.error.tooLong",
      params: { max: 90 },
    });
    const oneDay = await setAbsence(me, {
      substituteId: a.substitute.id,
      startsOn: "2026-03-03",
      endsOn: "2026-03-03",
      now: NOW,
    });
    expect(oneDay).toMatchObject({ startsOn: "2026-03-03", endsOn: "2026-03-03", current: false });
    // 23:59 on 1 March in Seoul: 1 March is still today.
    const lateEvening = new Date("2026-03-01T14:59:00Z");
    const b = await buildApprovalAgency(db);
    expect(
      (
        await setAbsence(b.as(b.chief), {
          substituteId: b.substitute.id,
          startsOn: "2026-03-01",
          endsOn: "2026-03-01",
          now: lateEvening,
        })
      ).current,
    ).toBe(true);
  });

  it("refuses bad input with translated field errors and writes nothing", async () => {
    const a = await buildApprovalAgency(db);
    const me = a.as(a.chief);
    await setAbsence(me, {
      substituteId: a.substitute.id,
      startsOn: "2026-03-10",
      endsOn: "2026-03-12",
      now: NOW,
    });
    const retired = await buildUser(db, a.tenant.id, { displayName: "퇴직자", status: "disabled" });
    const rowsBefore = await absenceRows(a.tenant.id);
    const auditBefore = (await auditEntries(db, a.tenant.id)).length;
    const base = { substituteId: a.substitute.id, startsOn: "2026-03-02", endsOn: "2026-03-03", now: NOW };
    const cases: [Partial<Parameters<typeof setAbsence>[1]>, string, string][] = [
      [{ substituteId: "" }, "substituteId", "approvals.absence.error.substituteRequired"],
      [{ substituteId: a.chief.id }, "substituteId", "approvals.absence.error.substituteSelf"],
      [{ substituteId: retired.id }, "substituteId", "approvals.absence.error.substituteNotFound"],
      [{ substituteId: "someone" }, "substituteId", "approvals.absence.error.substituteNotFound"],
      [{ startsOn: "2026-02-30" }, "startsOn", "approvals.absence.error.dateInvalid"],
      [{ endsOn: "03/03/2026" }, "endsOn", "approvals.absence.error.dateInvalid"],
      [{ startsOn: "2026-03-05", endsOn: "2026-03-04" }, "endsOn", "approvals.absence.error.endBeforeStart"],
      [{ startsOn: "2026-03-01" }, "startsOn", "approvals.absence.error.inPast"],
      [{ reason: "가".repeat(MAX_ABSENCE_REASON + 1) }, "reason", "approvals.absence.error.reasonTooLong"],
      // Overlapping the absence of 10–12 March, by a day at either end or around it.
      [{ startsOn: "2026-03-08", endsOn: "2026-03-10" }, "startsOn", "approvals.absence.error.overlap"],
      [{ startsOn: "2026-03-12", endsOn: "2026-03-14" }, "startsOn", "approvals.absence.error.overlap"],
      [{ startsOn: "2026-03-09", endsOn: "2026-03-13" }, "startsOn", "approvals.absence.error.overlap"],
    ];
    for (const [change, field, messageKey] of cases) {
      expect(await refusal(setAbsence(me, { ...base, ...change })), messageKey).toMatchObject({
        field,
        messageKey,
        status: 400,
      });
    }
    expect(await absenceRows(a.tenant.id)).toEqual(rowsBefore);
    expect(await auditEntries(db, a.tenant.id)).toHaveLength(auditBefore);
    // The days next to it are free.
    await setAbsence(me, { ...base, startsOn: "2026-03-13", endsOn: "2026-03-14" });
    await setAbsence(me, { ...base, startsOn: "2026-03-08", endsOn: "2026-03-09" });
  });

  it("cancels one's own absence: the substitute may no longer sign, and the days are free again", async () => {
    const a = await buildApprovalAgency(db);
    const me = a.as(a.chief);
    const absence = await setAbsence(me, {
      substituteId: a.substitute.id,
      startsOn: "2026-03-02",
      endsOn: "2026-03-06",
      now: NOW,
    });
    // The substitute cannot cancel it for them: to them it does not exist.
    expect(
      await refusal(cancelAbsence(a.as(a.substitute), { absenceId: absence.id, now: NOW })),
    ).toMatchObject({ status: 404, messageKey: "approvals.absence.error.notFound" });
    await cancelAbsence(me, { absenceId: absence.id, now: NOW });
    expect(await signableFor(a.tenant.id, a.substitute.id, NOW)).toEqual([]);
    expect(await listAbsences(me, { now: NOW })).toEqual({ mine: [], covering: [] });
    expect((await refusal(cancelAbsence(me, { absenceId: absence.id, now: NOW }))).status).toBe(404);
    expect((await auditEntries(db, a.tenant.id)).at(-1)).toMatchObject({
      action: "approval.absence.cancel",
      targetId: absence.id,
    });
    const again = await setAbsence(me, {
      substituteId: a.director.id,
      startsOn: "2026-03-02",
      endsOn: "2026-03-06",
      now: NOW,
    });
    expect(again.substituteName).toBe("김도윤");

    const ended = await refusal(
      cancelAbsence(me, { absenceId: again.id, now: new Date("2026-03-07T00:00:00Z") }),
    );
    expect(ended).toMatchObject({ status: 400, messageKey: "approvals.absence.error.alreadyEnded" });
  });

  it("lists my absences and those I cover, under way or to come, by start", async () => {
    const a = await buildApprovalAgency(db);
    const later = await setAbsence(a.as(a.chief), {
      substituteId: a.substitute.id,
      startsOn: "2026-04-01",
      endsOn: "2026-04-03",
      now: NOW,
    });
    const sooner = await setAbsence(a.as(a.chief), {
      substituteId: a.drafter.id,
      startsOn: "2026-03-02",
      endsOn: "2026-03-02",
      now: NOW,
    });
    const covered = await setAbsence(a.as(a.director), {
      substituteId: a.chief.id,
      startsOn: "2026-03-05",
      endsOn: "2026-03-06",
      now: NOW,
    });
    await setAbsence(a.as(a.cooperator), {
      substituteId: a.substitute.id,
      startsOn: "2026-03-05",
      endsOn: "2026-03-06",
      now: NOW,
    });
    const listed = await listAbsences(a.as(a.chief), { now: NOW });
    expect(listed.mine.map((absence) => absence.id)).toEqual([sooner.id, later.id]);
    expect(listed.mine.map((absence) => absence.current)).toEqual([true, false]);
    expect(listed.covering).toEqual([
      expect.objectContaining({ id: covered.id, userName: "김도윤", substituteName: "서민지" }),
    ]);
    // Once 2 March is over in Seoul, that absence leaves the list.
    const after = await listAbsences(a.as(a.chief), { now: new Date("2026-03-02T15:00:00Z") });
    expect(after.mine.map((absence) => absence.id)).toEqual([later.id]);
  });

  it("does not find an absence of another agency, nor a substitute there", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const their = await setAbsence(theirs.as(theirs.chief), {
      substituteId: theirs.substitute.id,
      startsOn: "2026-03-02",
      endsOn: "2026-03-04",
      now: NOW,
    });
    expect(await listAbsences(mine.as(mine.chief), { now: NOW })).toEqual({ mine: [], covering: [] });
    expect(
      await refusal(cancelAbsence(mine.as(mine.chief), { absenceId: their.id, now: NOW })),
    ).toMatchObject({
      status: 404,
    });
    // Someone of the other agency cannot be named substitute here.
    expect(
      await refusal(
        setAbsence(mine.as(mine.chief), {
          substituteId: theirs.substitute.id,
          startsOn: "2026-03-02",
          endsOn: "2026-03-04",
          now: NOW,
        }),
      ),
    ).toMatchObject({ field: "substituteId", messageKey: "approvals.absence.error.substituteNotFound" });
    expect(await absenceRows(mine.tenant.id)).toEqual([]);
    expect((await listAbsences(theirs.as(theirs.chief), { now: NOW })).mine).toEqual([their]);
  });
});
