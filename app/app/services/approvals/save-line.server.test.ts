import { flagSavedLine, MAX_LINE_STEPS } from "@nuri/approval";
import { and, approvalSavedLines, departments, eq, users, withTenant } from "@nuri/db";
import { buildDepartment, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { refusal } from "../documents/test-helpers.server.ts";
import { deleteSavedLine } from "./delete-saved-line.server.ts";
import { listSavedLines } from "./list-saved-lines.server.ts";
import {
  MAX_SAVED_LINE_CC,
  MAX_SAVED_LINE_RECIPIENTS,
  MAX_SAVED_LINES,
  type SaveLineInput,
  saveLine,
} from "./save-line.server.ts";
import { type ApprovalAgency, buildApprovalAgency } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

/** 서민지 검토 → 박지원 ∥ 이정훈 협조 → 김도윤 결재, 참조 한가람, 수신 운영지원과. */
function usualLine(a: ApprovalAgency, name = "국장 보고"): SaveLineInput {
  return {
    name,
    steps: [
      { kind: "review", group: 1, assigneeId: a.chief.id },
      { kind: "cooperate", group: 2, assigneeId: a.cooperator.id },
      { kind: "cooperate", group: 2, assigneeId: a.secondCooperator.id },
      { kind: "approve", group: 3, assigneeId: a.director.id },
    ],
    cc: [a.outsider.id],
    recipients: [a.support.id],
  };
}

async function lineRows(tenantId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.select().from(approvalSavedLines).where(eq(approvalSavedLines.tenantId, tenantId)),
  );
}

async function changePerson(tenantId: string, userId: string, change: Partial<typeof users.$inferInsert>) {
  await withTenant(db, tenantId, (tx) =>
    tx
      .update(users)
      .set(change)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, userId))),
  );
}

describe("saved lines", () => {
  it("saves a line with each person's department and position of today, and lists it unflagged", async () => {
    const a = await buildApprovalAgency(db);
    const saved = await saveLine(a.as(a.drafter), usualLine(a, "  국장 보고 "));
    expect(saved).toMatchObject({
      name: "국장 보고",
      steps: [
        {
          kind: "review",
          group: 1,
          assigneeName: "서민지",
          departmentName: "디지털정부정책과",
          positionName: "과장",
          flag: null,
        },
        { kind: "cooperate", group: 2, assigneeName: "박지원", departmentName: "운영지원과", flag: null },
        { kind: "cooperate", group: 2, assigneeName: "이정훈", departmentName: "정보보호정책과", flag: null },
        { kind: "approve", group: 3, assigneeName: "김도윤", positionName: "국장", flag: null },
      ],
      cc: [{ id: a.outsider.id, name: "한가람", active: true }],
      recipients: [{ id: a.support.id, name: "운영지원과", closed: false }],
      flags: [],
    });
    const [row] = await lineRows(a.tenant.id);
    expect(row).toMatchObject({ ownerId: a.drafter.id, name: "국장 보고" });
    expect(row!.line.steps[0]).toEqual({
      kind: "review",
      group: 1,
      assigneeId: a.chief.id,
      departmentId: a.division.id,
      positionId: a.positions.chief.id,
    });
    expect(await listSavedLines(a.as(a.drafter))).toEqual([saved]);
    // Lines are the owner's own.
    expect(await listSavedLines(a.as(a.chief))).toEqual([]);
  });

  it("flags before 상신 an approver who has retired or moved since the line was saved", async () => {
    const a = await buildApprovalAgency(db);
    await saveLine(a.as(a.drafter), usualLine(a));
    await changePerson(a.tenant.id, a.director.id, { status: "disabled" });
    await changePerson(a.tenant.id, a.chief.id, { departmentId: a.support.id });
    await changePerson(a.tenant.id, a.cooperator.id, { positionId: a.positions.officer.id });
    const [line] = await listSavedLines(a.as(a.drafter));
    expect(line!.flags).toEqual([
      { index: 0, assigneeId: a.chief.id, problem: "moved" },
      { index: 1, assigneeId: a.cooperator.id, problem: "moved" },
      { index: 3, assigneeId: a.director.id, problem: "retired" },
    ]);
    expect(line!.steps.map((step) => step.flag)).toEqual(["moved", "moved", null, "retired"]);
    expect(line!.steps[0]!.departmentName).toBe("운영지원과");
    // The same answer as the rule over the stored snapshot and today's directory.
    const [row] = await lineRows(a.tenant.id);
    const people = await withTenant(db, a.tenant.id, (tx) =>
      tx.select().from(users).where(eq(users.tenantId, a.tenant.id)),
    );
    const directory = new Map(
      people.map((p) => [
        p.id,
        { active: p.status === "active", departmentId: p.departmentId, positionId: p.positionId },
      ]),
    );
    expect(line!.flags).toEqual(flagSavedLine(row!.line.steps, directory));
  });

  it("replaces a line by id, keeping the name unique among the owner's lines", async () => {
    const a = await buildApprovalAgency(db);
    const me = a.as(a.drafter);
    const first = await saveLine(me, usualLine(a, "국장 보고"));
    const second = await saveLine(me, {
      name: "과장 전결",
      steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }],
    });
    const taken = await refusal(saveLine(me, { ...usualLine(a, "과장 전결"), lineId: first.id }));
    expect(taken).toMatchObject({ field: "name", messageKey: "approvals.savedLines.error.nameTaken" });
    const replaced = await saveLine(me, {
      lineId: second.id,
      name: "과장 결재",
      steps: [
        { kind: "review", group: 1, assigneeId: a.substitute.id },
        { kind: "approve", group: 2, assigneeId: a.chief.id },
      ],
    });
    expect(replaced).toMatchObject({ id: second.id, name: "과장 결재", cc: [], recipients: [] });
    expect(replaced.steps.map((step) => step.assigneeName)).toEqual(["최유진", "서민지"]);
    // Another person may use the same name for a line of their own.
    await saveLine(a.as(a.substitute), {
      name: "국장 보고",
      steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }],
    });
    expect((await listSavedLines(me)).map((line) => line.name)).toEqual(["과장 결재", "국장 보고"]);
  });

  it("refuses a line that could not be submitted, or names nobody valid, and writes nothing", async () => {
    const a = await buildApprovalAgency(db);
    const me = a.as(a.drafter);
    await saveLine(me, usualLine(a, "기존"));
    const retired = await buildUser(db, a.tenant.id, { displayName: "퇴직자", status: "disabled" });
    const closed = await buildDepartment(db, a.tenant.id, { name: "폐지된 과", closedAt: new Date() });
    const before = await lineRows(a.tenant.id);
    const approve = (assigneeId: string, group = 1) => ({ kind: "approve" as const, group, assigneeId });
    const many = await Promise.all(
      Array.from({ length: MAX_LINE_STEPS + 1 }, (_, i) =>
        buildUser(db, a.tenant.id, { displayName: `결재자${i}` }),
      ),
    );
    const cases: [SaveLineInput, string, string][] = [
      [{ name: " ", steps: [approve(a.chief.id)] }, "name", "approvals.savedLines.error.nameRequired"],
      [
        { name: "가".repeat(61), steps: [approve(a.chief.id)] },
        "name",
        "approvals.savedLines.error.nameTooLong",
      ],
      [{ name: "기존", steps: [approve(a.chief.id)] }, "name", "approvals.savedLines.error.nameTaken"],
      [{ name: "빈 결재선", steps: [] }, "steps", "approvals.savedLines.problem.empty"],
      [
        { name: "본인", steps: [approve(a.drafter.id)] },
        "steps",
        "approvals.savedLines.problem.drafterInLine",
      ],
      [
        { name: "검토로 끝남", steps: [{ kind: "review", group: 1, assigneeId: a.chief.id }] },
        "steps",
        "approvals.savedLines.problem.mustEndWithApprove",
      ],
      [
        { name: "병렬 결재", steps: [approve(a.chief.id), approve(a.director.id)] },
        "steps",
        "approvals.savedLines.problem.parallelOnlyCooperate",
      ],
      [
        {
          name: "두 번",
          steps: [{ kind: "review", group: 1, assigneeId: a.chief.id }, approve(a.chief.id, 2)],
        },
        "steps",
        "approvals.savedLines.problem.duplicatePerson",
      ],
      [
        {
          name: "너무 긺",
          steps: many.map((person, i) => ({
            kind: i === many.length - 1 ? "approve" : "review",
            group: i + 1,
            assigneeId: person.id,
          })),
        },
        "steps",
        "approvals.savedLines.problem.tooManySteps",
      ],
      [
        { name: "이상한 단계", steps: [{ kind: "sign" as "approve", group: 1, assigneeId: a.chief.id }] },
        "steps",
        "approvals.savedLines.error.stepInvalid",
      ],
      [
        { name: "퇴직자", steps: [approve(retired.id)] },
        "steps",
        "approvals.savedLines.error.personNotFound",
      ],
      [
        { name: "참조 퇴직자", steps: [approve(a.chief.id)], cc: [retired.id] },
        "cc",
        "approvals.savedLines.error.personNotFound",
      ],
      [
        { name: "폐지 부서", steps: [approve(a.chief.id)], recipients: [closed.id] },
        "recipients",
        "approvals.savedLines.error.departmentNotFound",
      ],
      [
        {
          name: "참조 많음",
          steps: [approve(a.chief.id)],
          cc: many.slice(0, MAX_SAVED_LINE_CC + 1).map((p) => p.id),
        },
        "cc",
        "approvals.savedLines.error.tooManyCc",
      ],
      [
        {
          name: "수신 많음",
          steps: [approve(a.chief.id)],
          recipients: Array.from({ length: MAX_SAVED_LINE_RECIPIENTS + 1 }, () => crypto.randomUUID()),
        },
        "recipients",
        "approvals.savedLines.error.tooManyRecipients",
      ],
    ];
    for (const [input, field, messageKey] of cases) {
      expect(await refusal(saveLine(me, input)), messageKey).toMatchObject({
        field,
        messageKey,
        status: 400,
      });
    }
    const tooMany = await refusal(saveLine(me, cases[8]![0]));
    expect(tooMany.params).toMatchObject({ max: MAX_LINE_STEPS });
    expect(await lineRows(a.tenant.id)).toEqual(before);
    // Closing a recipient department later shows it as closed.
    await withTenant(db, a.tenant.id, (tx) =>
      tx
        .update(departments)
        .set({ closedAt: new Date() })
        .where(and(eq(departments.tenantId, a.tenant.id), eq(departments.id, a.support.id))),
    );
    expect((await listSavedLines(me))[0]!.recipients).toEqual([
      { id: a.support.id, name: "운영지원과", closed: true },
    ]);
  });

  it(`keeps at most ${MAX_SAVED_LINES} lines per person`, async () => {
    const a = await buildApprovalAgency(db);
    const me = a.as(a.drafter);
    const line = {
      steps: [
        {
          kind: "approve",
          group: 1,
          assigneeId: a.chief.id,
          departmentId: a.division.id,
          positionId: a.positions.chief.id,
        },
      ],
      cc: [],
      recipients: [],
    } as const;
    await withTenant(db, a.tenant.id, (tx) =>
      tx.insert(approvalSavedLines).values(
        Array.from({ length: MAX_SAVED_LINES - 1 }, (_, i) => ({
          tenantId: a.tenant.id,
          ownerId: a.drafter.id,
          name: `결재선 ${String(i).padStart(2, "0")}`,
          line: { steps: [...line.steps], cc: [], recipients: [] },
        })),
      ),
    );
    const last = await saveLine(me, usualLine(a, "마지막"));
    const full = await refusal(saveLine(me, usualLine(a, "하나 더")));
    expect(full).toMatchObject({
      field: "name",
      messageKey: "approvals.savedLines.error.tooMany",
      params: { max: MAX_SAVED_LINES },
    });
    // Replacing one is not adding one; a colleague still has room of their own.
    await saveLine(me, { ...usualLine(a, "마지막 수정"), lineId: last.id });
    await saveLine(a.as(a.substitute), usualLine(a, "하나 더"));
    expect(await listSavedLines(me)).toHaveLength(MAX_SAVED_LINES);
    await deleteSavedLine(me, { lineId: last.id });
    await saveLine(me, usualLine(a, "하나 더"));
  });

  it("deletes one's own line only", async () => {
    const a = await buildApprovalAgency(db);
    const line = await saveLine(a.as(a.drafter), usualLine(a));
    expect(await refusal(deleteSavedLine(a.as(a.chief), { lineId: line.id }))).toMatchObject({
      status: 404,
      messageKey: "approvals.savedLines.error.notFound",
    });
    expect(
      await refusal(saveLine(a.as(a.substitute), { ...usualLine(a, "가로채기"), lineId: line.id })),
    ).toMatchObject({
      status: 404,
    });
    await deleteSavedLine(a.as(a.drafter), { lineId: line.id });
    expect(await listSavedLines(a.as(a.drafter))).toEqual([]);
    expect((await refusal(deleteSavedLine(a.as(a.drafter), { lineId: line.id }))).status).toBe(404);
  });

  it("does not find a saved line of another agency, nor its people", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const their = await saveLine(theirs.as(theirs.drafter), usualLine(theirs));
    const me = mine.as(mine.drafter);
    expect(await listSavedLines(me)).toEqual([]);
    expect(await refusal(deleteSavedLine(me, { lineId: their.id }))).toMatchObject({ status: 404 });
    expect(await refusal(saveLine(me, { ...usualLine(mine), lineId: their.id }))).toMatchObject({
      status: 404,
    });
    expect(await refusal(saveLine(me, usualLine(theirs)))).toMatchObject({
      field: "steps",
      messageKey: "approvals.savedLines.error.personNotFound",
    });
    expect(
      await refusal(saveLine(me, { ...usualLine(mine), recipients: [theirs.support.id] })),
    ).toMatchObject({ field: "recipients", messageKey: "approvals.savedLines.error.departmentNotFound" });
    expect(await lineRows(mine.tenant.id)).toEqual([]);
    expect(await listSavedLines(theirs.as(theirs.drafter))).toEqual([their]);
  });
});
