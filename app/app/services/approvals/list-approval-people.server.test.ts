import { departments, eq, withTenant } from "@nuri/db";
import { buildDepartment, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { outcome } from "../documents/test-helpers.server.ts";
import { buildApprovalAgency, retire } from "./draft-test-helpers.server.ts";
import {
  listApprovalDepartments,
  PEOPLE_QUERY_MAX,
  PEOPLE_SEARCH_LIMIT,
  searchApprovalPeople,
} from "./list-approval-people.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

type Agency = Awaited<ReturnType<typeof buildApprovalAgency>>;

const search = (a: Agency, query: string, as: { id: string } = a.drafter) =>
  searchApprovalPeople({ db, tenantId: a.tenant.id, userId: as.id }, { query });
const names = (people: { name: string }[]) => people.map((p) => p.name);

describe("searchApprovalPeople", () => {
  it("finds people by name, department or 직위, the most senior first, with their department path", async () => {
    const a = await buildApprovalAgency(db);
    expect(await search(a, "서민")).toEqual([
      {
        id: a.head.id,
        name: "서민지",
        positionName: "과장",
        departmentId: a.division.id,
        departmentName: "디지털정부정책과",
        departmentPath: "디지털정부국 / 디지털정부정책과",
      },
    ]);
    expect(names(await search(a, "정책과"))).toEqual(["서민지", "신재민", "이도윤"]);
    expect(names(await search(a, "과장"))).toEqual(["서민지", "한지수"]);
    expect(names(await search(a, "디지털정부국"))).toEqual(["오준영"]);
    // LIKE's wildcards are plain characters
    expect(await search(a, "%")).toEqual([]);
  });

  it("offers the searcher's own department for an empty query, never the searcher", async () => {
    const a = await buildApprovalAgency(db);
    expect(names(await search(a, "  "))).toEqual(["서민지", "신재민", "이도윤"]);
    expect(names(await search(a, "권나은"))).toEqual([]);
  });

  it("leaves out disabled people and pupils, and answers at most the limit", async () => {
    const a = await buildApprovalAgency(db);
    await retire(db, a.tenant.id, a.head.id);
    await buildUser(db, a.tenant.id, { displayName: "학생", departmentId: a.division.id, role: "student" });
    expect(names(await search(a, ""))).toEqual(["신재민", "이도윤"]);
    const team = await buildDepartment(db, a.tenant.id, { name: "대형팀" });
    for (let i = 0; i < PEOPLE_SEARCH_LIMIT + 5; i++) {
      await buildUser(db, a.tenant.id, {
        displayName: `팀원${String(i).padStart(2, "0")}`,
        departmentId: team.id,
      });
    }
    const found = await search(a, "대형팀");
    expect(found).toHaveLength(PEOPLE_SEARCH_LIMIT);
    expect(found[0]!.name).toBe("팀원00");
  });

  it("refuses a too long query", async () => {
    const a = await buildApprovalAgency(db);
    await search(a, "가".repeat(PEOPLE_QUERY_MAX));
    expect(await outcome(search(a, "가".repeat(PEOPLE_QUERY_MAX + 1)))).toBe(
      "400 approvals.people.query-too-long",
    );
  });

  it("does not find the people of another agency", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const found = await search(mine, "서민지");
    expect(found.map((p) => p.id)).toEqual([mine.head.id]);
    expect(await search(mine, "", theirs.drafter)).toEqual([]);
  });
});

describe("listApprovalDepartments", () => {
  it("lists the agency's open departments as a tree, and none of another agency", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const closed = await buildDepartment(db, mine.tenant.id, { name: "폐지된과" });
    await withTenant(db, mine.tenant.id, (tx) =>
      tx.update(departments).set({ closedAt: new Date() }).where(eq(departments.id, closed.id)),
    );
    const listed = await listApprovalDepartments({ db, tenantId: mine.tenant.id });
    expect(listed.map((d) => [d.path, d.depth])).toEqual([
      ["디지털정부국", 0],
      ["디지털정부국 / 디지털정부정책과", 1],
      ["운영지원과", 0],
    ]);
    expect(listed.map((d) => d.id)).not.toContain(theirs.support.id);
  });
});
