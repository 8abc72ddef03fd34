import { readFile } from "node:fs/promises";
import {
  and,
  approvalDelegationRules,
  DEMO_PASSWORD,
  type Department,
  eq,
  positions,
  type Tenant,
  type User,
  users,
  withTenant,
} from "@nuri/db";
import { buildDepartment, buildTenant } from "@nuri/db/testing";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { actOnApproval } from "../../../app/app/services/approvals/act-on-approval.server.ts";
import { circulateApproval } from "../../../app/app/services/approvals/circulate-approval.server.ts";
import { createApproval } from "../../../app/app/services/approvals/create-approval.server.ts";
import { submitApproval } from "../../../app/app/services/approvals/submit-approval.server.ts";
import { type DraftLineStep, updateDraft } from "../../../app/app/services/approvals/update-draft.server.ts";
import { expectAccessible } from "../../fixtures/accessibility.ts";
import { actorOf, formIdOf } from "../../fixtures/approvals.ts";
import { closeE2eDatabase, demoPasswordHash, e2eDatabase } from "../../fixtures/database.ts";
import { uniqueSuffix } from "../../fixtures/documents.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// The 전자결재 pages around the documents, in a real browser against the real app: the nine
// 문서함 with their counts (each count equals its list), the filters, 부재 설정, 결재선 관리, the
// 결재대장 and its CSV, and the administrators' 서식 and 위임전결 pages; each passes axe. The
// people are of a fresh agency of their own, so that every box holds exactly what this file put
// there; the approvals go through the app's services (상신, 승인, 전결, 반려, 공람), as people do.
// Students, members on administrators' pages and people of another agency get 404.

test.afterAll(closeE2eDatabase);
// Several sign-ins (argon2) and axe on most pages: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 180_000 });

interface Agency {
  tenant: Tenant;
  division: Department;
  other: Department;
  /** The person with documents in every box. */
  me: User;
  drafter: User;
  chief: User;
  director: User;
  cooperator: User;
  retiring: User;
  moving: User;
  admin: User;
  titles: Record<"waiting1" | "waiting2" | "upcoming" | "mine" | "completed" | "delegated", string>;
}

/** How many documents each of 나결재's boxes holds after the seed. */
const EXPECTED = {
  waiting: 2,
  upcoming: 1,
  in_progress: 1,
  completed: 2,
  rejected: 1,
  drafts: 1,
  cc: 1,
  received: 1,
  circulation: 1,
} as const;

const BOX_NAMES = {
  waiting: "결재대기",
  upcoming: "결재예정",
  in_progress: "진행",
  completed: "완료",
  rejected: "반려",
  drafts: "기안함",
  cc: "참조함",
  received: "부서 수신함",
  circulation: "공람함",
} as const;

let seeded: Promise<Agency> | undefined;

/** The agency of this file, seeded once (the tests of one file share a worker). */
function agency(): Promise<Agency> {
  seeded ??= seedAgency();
  return seeded;
}

async function seedAgency(): Promise<Agency> {
  const db = e2eDatabase().db;
  const suffix = uniqueSuffix();
  const tenant = await buildTenant(db, { name: `결재함시험청 ${suffix}` });
  const division = await buildDepartment(db, tenant.id, { name: "결재시험과", sortOrder: 1 });
  const other = await buildDepartment(db, tenant.id, { name: "협조시험과", sortOrder: 2 });
  const [director, chief, officer] = await withTenant(db, tenant.id, (tx) =>
    tx
      .insert(positions)
      .values([
        { tenantId: tenant.id, name: "국장", sortOrder: 1 },
        { tenantId: tenant.id, name: "과장", sortOrder: 2 },
        { tenantId: tenant.id, name: "주무관", sortOrder: 3 },
      ])
      .returning(),
  );
  const passwordHash = await demoPasswordHash();
  const person = (
    displayName: string,
    departmentId: string,
    positionId: string,
    role: "member" | "admin" = "member",
  ) =>
    withTenant(db, tenant.id, async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          tenantId: tenant.id,
          loginId: `e2e.inbox.${uniqueSuffix()}${uniqueSuffix()}`,
          displayName,
          departmentId,
          positionId,
          role,
          passwordHash,
        })
        .returning();
      return row!;
    });
  const people = {
    me: await person("나결재", division.id, officer!.id),
    drafter: await person("김기안", division.id, officer!.id),
    chief: await person("서과장", division.id, chief!.id),
    director: await person("최국장", division.id, director!.id),
    cooperator: await person("박협조", other.id, chief!.id),
    retiring: await person("정퇴직", other.id, officer!.id),
    moving: await person("한이동", other.id, officer!.id),
    admin: await person("관리자", division.id, officer!.id, "admin"),
  };
  const { me, drafter, chief: 과장, director: 국장 } = people;
  // 위임전결: the 과장 closes 기안문 (전결 authority is decided from these rules at 상신).
  const generalFormId = await formIdOf(tenant, drafter, "general");
  await withTenant(db, tenant.id, (tx) =>
    tx
      .insert(approvalDelegationRules)
      .values({ tenantId: tenant.id, formId: generalFormId, maxAmount: null, closerPositionId: chief!.id }),
  );

  const titles = {
    waiting1: `검토할 보고 ${suffix}`,
    waiting2: `결재할 보고 ${suffix}`,
    upcoming: `곧 올 보고 ${suffix}`,
    mine: `내가 올린 보고 ${suffix}`,
    completed: `완료된 보고 ${suffix}`,
    delegated: `전결된 보고 ${suffix}`,
  };
  const draft = async (
    who: User,
    title: string,
    line: DraftLineStep[],
    extra: { cc?: string[]; recipients?: string[] } = {},
  ) => {
    const ctx = actorOf(tenant, who);
    const approvalId = await createApproval(ctx, { formId: await formIdOf(tenant, who, "general") });
    await updateDraft(ctx, {
      approvalId,
      title,
      records: { disclosure: "public", disclosureGrounds: [], retention: "5y" },
      line,
      ...extra,
    });
    return approvalId;
  };
  const submitted = async (...args: Parameters<typeof draft>) => {
    const approvalId = await draft(...args);
    await submitApproval(actorOf(tenant, args[0]), { approvalId });
    return approvalId;
  };
  const act = (who: User, approvalId: string, action: Parameters<typeof actOnApproval>[1]["action"]) =>
    actOnApproval(actorOf(tenant, who), { approvalId, action });
  const step = (kind: DraftLineStep["kind"], group: number, who: User, mayCloseByDelegation = false) => ({
    kind,
    group,
    assigneeId: who.id,
    mayCloseByDelegation,
  });

  // 결재대기: a 검토 and a 결재 that are 나결재's turn now.
  await submitted(drafter, titles.waiting1, [step("review", 1, me), step("approve", 2, 과장)]);
  await submitted(drafter, titles.waiting2, [step("approve", 1, me)]);
  // 결재예정: 나결재 signs after the 과장.
  await submitted(drafter, titles.upcoming, [step("review", 1, 과장), step("approve", 2, me)]);
  // 진행: 나결재's own, under way.
  await submitted(me, titles.mine, [step("approve", 1, 과장)]);
  // 완료: one approved by the 과장, one closed by the 과장's 전결 before the 국장.
  const completed = await submitted(me, titles.completed, [step("approve", 1, 과장)]);
  await act(과장, completed, { type: "approve", opinion: "" });
  const delegated = await submitted(me, titles.delegated, [
    step("review", 1, 과장, true),
    step("approve", 2, 국장),
  ]);
  await act(과장, delegated, { type: "close-by-delegation", opinion: "" });
  // 반려.
  const rejected = await submitted(me, `반려된 보고 ${suffix}`, [step("approve", 1, 과장)]);
  await act(과장, rejected, { type: "reject", to: "drafter", opinion: "보완해 주세요." });
  // 기안함: a draft never sent.
  await draft(me, `쓰는 중인 보고 ${suffix}`, [step("approve", 1, 과장)]);
  // 참조함, 부서 수신함, 공람함: others' documents that name 나결재 or the 결재시험과.
  await submitted(drafter, `참조할 보고 ${suffix}`, [step("approve", 1, 과장)], { cc: [me.id] });
  const received = await submitted(drafter, `수신한 보고 ${suffix}`, [step("approve", 1, 과장)], {
    recipients: [division.id],
  });
  await act(과장, received, { type: "approve", opinion: "" });
  const circulated = await submitted(drafter, `공람할 보고 ${suffix}`, [step("approve", 1, 과장)]);
  await act(과장, circulated, { type: "approve", opinion: "" });
  await circulateApproval(actorOf(tenant, drafter), { approvalId: circulated, userIds: [me.id] });

  return { tenant, division, other, ...people, titles };
}

async function openAs(browser: Browser, tenant: Tenant, person: User, path: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, {
    tenant: tenant.slug,
    loginId: person.loginId,
    password: DEMO_PASSWORD,
    redirectTo: path,
  });
  return page;
}

/** Today (and `days` later) in Asia/Seoul, as a date input takes it. */
function seoulDay(days = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

test("every box's count in the menu equals its list, for a person with documents in all nine", async ({
  browser,
}) => {
  const { tenant, me, titles } = await agency();
  const base = `/t/${tenant.slug}/approvals`;
  const page = await openAs(browser, tenant, me, base);

  // The frame: 결재 leads here, is current, and carries the 결재대기 count in words.
  const main = page.getByRole("navigation", { name: "주 메뉴" });
  const approvals = main.getByRole("link", { name: /^결재/ });
  await expect(approvals).toHaveAttribute("href", base);
  await expect(approvals).toHaveAttribute("aria-current", "page");
  await expect(approvals).toHaveAccessibleName("결재 결재대기 2건");

  const menu = page.getByRole("navigation", { name: "전자결재 메뉴" });
  await expect(menu.getByRole("link", { name: "기안하기" })).toHaveAttribute("href", `${base}/new`);
  for (const [box, expected] of Object.entries(EXPECTED) as [keyof typeof EXPECTED, number][]) {
    const link = menu.getByRole("link", { name: `${BOX_NAMES[box]} ${expected}건`, exact: true });
    await link.click();
    await expect(page.getByRole("heading", { level: 1, name: BOX_NAMES[box] })).toBeVisible();
    await expect(link).toHaveAttribute("aria-current", "page");
    await expect(page.locator(`[data-box-count="${box}"]`)).toHaveText(String(expected));
    const table = page.getByRole("table", { name: BOX_NAMES[box] });
    await expect(table.locator("tbody tr")).toHaveCount(expected);
    await expect(page.locator(".approvals-total")).toHaveText(`모두 ${expected}건`);
  }

  // 결재대기 lists both, with the person's step in words, and passes axe.
  await menu.getByRole("link", { name: /^결재대기/ }).click();
  const waiting = page.getByRole("table", { name: "결재대기" });
  const review = waiting.getByRole("row").filter({ hasText: titles.waiting1 });
  await expect(review).toContainText("검토 (진행)");
  await expect(review).toContainText("김기안");
  await expect(review).toContainText("결재시험과");
  await expect(review.getByRole("link", { name: titles.waiting1 })).toHaveAttribute(
    "href",
    new RegExp(`^${base}/[0-9a-f-]{36}$`),
  );
  await expectAccessible(page, { what: "결재대기" });

  // 완료 carries the numbers and the completion day, Korean style.
  await menu.getByRole("link", { name: /^완료/ }).click();
  const done = page.getByRole("table", { name: "완료" });
  await expect(done.getByRole("row").filter({ hasText: titles.completed })).toContainText(/결재시험과-\d+/);
  await expect(done.getByRole("row").filter({ hasText: titles.completed })).toContainText(
    /\d{4}\. \d{1,2}\. \d{1,2}\./,
  );

  // 참조함 marks the unread document in words, not by colour alone.
  await menu.getByRole("link", { name: /^참조함/ }).click();
  await expect(page.getByRole("table", { name: "참조함" }).getByRole("row").nth(1)).toContainText("안 읽음");
  await expectAccessible(page, { what: "참조함" });

  // Filters: a title, a drafter by name, a form; a backwards period is refused in words (400).
  await page.goto(base);
  await page.getByLabel("제목 또는 문서번호").fill(titles.waiting2);
  await page.getByRole("button", { name: "검색", exact: true }).click();
  await expect(page.getByRole("table", { name: "결재대기" }).locator("tbody tr")).toHaveCount(1);
  await expect(page.locator(".approvals-total")).toHaveText("모두 1건");
  await page.getByRole("link", { name: "조건 지우기" }).click();
  await expect(page.locator(".approvals-total")).toHaveText("모두 2건");
  await expect(page.getByLabel("제목 또는 문서번호")).toHaveValue("");
  await page.getByLabel("기안자", { exact: true }).fill("김기안");
  await page.getByLabel("서식", { exact: true }).selectOption({ label: "기안문" });
  await page.getByRole("button", { name: "검색", exact: true }).click();
  await expect(page).toHaveURL(/drafter=/);
  await expect(page.getByRole("table", { name: "결재대기" }).locator("tbody tr")).toHaveCount(2);
  await page.getByLabel("기안자", { exact: true }).fill("없는사람");
  await page.getByRole("button", { name: "검색", exact: true }).click();
  await expect(page.getByText("그 이름의 기안자를 찾지 못했습니다.")).toBeVisible();
  const backwards = await page.goto(`${base}?from=${seoulDay(1)}&to=${seoulDay()}`);
  expect(backwards?.status()).toBe(400);
  await expect(page.getByText("종료일은 시작일과 같거나 그 뒤여야 합니다.")).toBeVisible();
  await expect(page.getByLabel("종료일")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, { what: "검색 조건 오류" });
  expect((await page.goto(`${base}/box/nonsense`))?.status()).toBe(404);

  // The home's approvals card counts the 결재대기 and leads to it.
  await page.goto(`/t/${tenant.slug}/`);
  const card = page.getByRole("region", { name: "결재 대기" });
  await expect(card).toContainText("결재할 문서가 2건 있습니다.");
  await card.getByRole("link", { name: "결재대기 문서함 열기" }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));
  await page.context().close();
});

test("부재 설정: a substitute found by search, set for three days, seen by the substitute, then cancelled", async ({
  browser,
}) => {
  const { tenant, me, chief } = await agency();
  const path = `/t/${tenant.slug}/approvals/absence`;
  const page = await openAs(browser, tenant, me, path);
  await expect(page.getByRole("heading", { level: 1, name: "부재 설정" })).toBeVisible();
  await expect(page.getByText("설정한 부재가 없습니다.")).toBeVisible();
  await expectAccessible(page, { what: "부재 설정" });

  await page.getByRole("searchbox", { name: "대결자 찾기" }).fill("서과장");
  await page.getByRole("button", { name: "찾기", exact: true }).click();
  await page.getByRole("radio", { name: "서과장 (결재시험과 · 과장)" }).check();
  // The last day before the first is refused beside its field.
  await page.getByLabel("시작일").fill(seoulDay(2));
  await page.getByLabel("종료일").fill(seoulDay());
  await page.getByRole("button", { name: "부재 설정하기" }).click();
  await expect(page.getByText("종료일은 시작일과 같거나 그 뒤여야 합니다.")).toBeVisible();
  await expect(page.getByLabel("종료일")).toHaveAttribute("aria-invalid", "true");

  await page.getByRole("radio", { name: "서과장 (결재시험과 · 과장)" }).check();
  await page.getByLabel("시작일").fill(seoulDay());
  await page.getByLabel("종료일").fill(seoulDay(2));
  await page.getByLabel("사유").fill("연가");
  await page.getByRole("button", { name: "부재 설정하기" }).click();
  await expect(page.getByRole("status")).toHaveText("부재를 설정했습니다. 서과장 님이 대결합니다.");
  const mine = page.getByRole("table", { name: "나의 부재 설정" });
  await expect(mine.locator("tbody tr")).toHaveCount(1);
  await expect(mine.locator("tbody tr")).toContainText("서과장");
  await expect(mine.locator("tbody tr")).toContainText("부재 중");
  await expect(mine.locator("tbody tr")).toContainText("연가");
  await expectAccessible(page, { what: "부재 설정 (설정 후)" });

  // The substitute sees it under "내가 대결하는 부재".
  const substitute = await openAs(browser, tenant, chief, path);
  await expect(
    substitute.getByRole("table", { name: "내가 대결하는 부재" }).locator("tbody tr"),
  ).toContainText("나결재");
  await substitute.context().close();

  await mine.getByRole("button", { name: /부재 설정 취소$/ }).click();
  await expect(page.getByRole("status")).toHaveText("부재 설정을 취소했습니다.");
  await expect(page.getByText("설정한 부재가 없습니다.")).toBeVisible();
  await page.context().close();
});

test("결재선 관리: a line of 검토, two parallel 협조 and 결재 is saved, flagged after a retirement and a move, and deleted", async ({
  browser,
}) => {
  const { tenant, me, retiring, moving, division } = await agency();
  const page = await openAs(browser, tenant, me, `/t/${tenant.slug}/approvals/lines`);
  await expect(page.getByRole("heading", { level: 1, name: "결재선 관리" })).toBeVisible();
  await expect(page.getByText("저장한 결재선이 없습니다.")).toBeVisible();
  await expectAccessible(page, { what: "결재선 관리" });

  const kind = page.getByLabel("추가할 단계");
  await page.getByRole("searchbox", { name: "결재자 찾기" }).fill("협조시험과");
  await page.getByRole("button", { name: "찾기", exact: true }).click();
  await kind.selectOption({ label: "검토" });
  await page.getByRole("button", { name: "정퇴직 추가" }).click();
  await expect(page.getByText("정퇴직 님을 검토 단계로 추가했습니다.")).toBeVisible();
  await kind.selectOption({ label: "협조" });
  await page.getByRole("button", { name: "박협조 추가" }).click();
  await page.getByRole("button", { name: "한이동 추가" }).click();
  await page.getByRole("checkbox", { name: "동시 협조" }).check();
  // A line that ends with 협조 is refused in words.
  await page.getByLabel("결재선 이름").fill("정기 보고");
  await page.getByRole("button", { name: "결재선 저장" }).click();
  await expect(page.getByText("결재선의 마지막은 결재권자 한 명의 결재여야 합니다.")).toBeVisible();
  // The line stays while another search finds the approver.
  await page.getByRole("searchbox", { name: "결재자 찾기" }).fill("서과장");
  await page.getByRole("button", { name: "찾기", exact: true }).click();
  await kind.selectOption({ label: "결재" });
  await page.getByRole("button", { name: "서과장 추가" }).click();
  await expect(page.locator(".approvals-builder__step")).toHaveCount(4);
  await page.getByRole("button", { name: "결재선 저장" }).click();
  await expect(page.getByRole("status").filter({ hasText: "저장했습니다" })).toHaveText(
    "결재선 ‘정기 보고’을(를) 저장했습니다.",
  );
  const line = page.locator(".approvals-line").filter({ hasText: "정기 보고" });
  const steps = line.getByRole("list", { name: "결재 단계" }).locator(":scope > li");
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText("1단계");
  await expect(steps.nth(0)).toContainText("검토 정퇴직");
  await expect(steps.nth(1)).toContainText("2단계 · 동시 협조");
  await expect(steps.nth(1)).toContainText("협조 박협조");
  await expect(steps.nth(1)).toContainText("협조 한이동");
  await expect(steps.nth(2)).toContainText("결재 서과장");
  await expect(line.locator(".org-badge")).toHaveCount(0);

  // 정퇴직 retires and 한이동 moves: the saved line says so in words before 상신.
  await withTenant(e2eDatabase().db, tenant.id, async (tx) => {
    await tx
      .update(users)
      .set({ status: "disabled" })
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, retiring.id)));
    await tx
      .update(users)
      .set({ departmentId: division.id })
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, moving.id)));
  });
  await page.reload();
  await expect(line.getByText("퇴직", { exact: true })).toBeVisible();
  await expect(line.getByText("부서 이동", { exact: true })).toBeVisible();
  await expect(line).toContainText("확인이 필요한 결재자가 있습니다.");
  await expectAccessible(page, { what: "결재선 관리 (저장 후)" });

  await line.getByRole("button", { name: "정기 보고 결재선 삭제" }).click();
  await expect(page.getByRole("status").first()).toHaveText("결재선 ‘정기 보고’을(를) 삭제했습니다.");
  await expect(page.getByText("저장한 결재선이 없습니다.")).toBeVisible();
  await page.context().close();
});

test("결재대장: the department's registered documents with 전결 marked, and the CSV with its header row", async ({
  browser,
}) => {
  const { tenant, me, other, titles } = await agency();
  const path = `/t/${tenant.slug}/approvals/ledger`;
  const page = await openAs(browser, tenant, me, path);
  await expect(page.getByRole("heading", { level: 1, name: "결재대장" })).toBeVisible();
  const year = Number(seoulDay().slice(0, 4));
  const table = page.getByRole("table", { name: `결재시험과 ${year}년 결재대장` });
  await expect(table.locator("tbody tr")).toHaveCount(4);
  const closed = table.getByRole("row").filter({ hasText: titles.delegated });
  await expect(closed).toContainText("서과장");
  await expect(closed).toContainText("전결");
  await expect(closed).toContainText("공개");
  await expect(closed).toContainText("5년");
  await expect(table.getByRole("row").filter({ hasText: titles.completed })).not.toContainText("전결");
  await expectAccessible(page, { what: "결재대장" });

  const link = page.getByRole("link", { name: "CSV로 내려받기" });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe(`결재대장-결재시험과-${year}.csv`);
  const csv = await readFile(await download.path(), "utf8");
  expect(
    csv.startsWith("\uFEFF등록번호,시행일자,제목,기안자,처리과,결재권자,서식,공개구분,보존기간\r\n"),
  ).toBe(true);
  expect(csv).toContain(titles.delegated);
  expect(csv.trimEnd().split("\r\n")).toHaveLength(5);
  const response = await page.request.get((await link.getAttribute("href"))!);
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  expect(response.headers()["content-disposition"]).toContain(
    `filename*=UTF-8''${encodeURIComponent(`결재대장-결재시험과-${year}.csv`)}`,
  );

  // Another department's ledger is its members' and the administrators': 403, in words.
  const refused = await page.goto(`${path}?departmentId=${other.id}`);
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole("alert")).toHaveText(
    "이 부서의 결재대장은 부서원과 기관 관리자만 볼 수 있습니다.",
  );
  await page.context().close();
});

test("관리: the administrator makes a form of the agency's own, archives and restores it, and adds and deletes 위임전결 rules", async ({
  browser,
}) => {
  const { tenant, admin } = await agency();
  const suffix = uniqueSuffix();
  const page = await openAs(browser, tenant, admin, `/t/${tenant.slug}/admin`);
  await page.getByRole("link", { name: "서식 관리" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "서식 관리" })).toBeVisible();
  await expect(page.getByRole("table", { name: "서식 관리" })).toContainText("지출결의서");
  await expectAccessible(page, { what: "서식 관리" });

  await page.getByRole("link", { name: "새 서식 만들기" }).click();
  const name = `회의실 사용 신청서 ${suffix}`;
  await page.getByLabel("서식 이름").fill(name);
  await page.getByLabel("기본 결재선 단계").selectOption({ label: "1단계" });
  const first = page.getByRole("group", { name: "1번째 항목" });
  await first.getByLabel("키").fill("Room");
  await first.getByLabel("항목 이름").fill("회의실");
  await first.getByLabel("종류").selectOption({ label: "선택" });
  await first.getByLabel("필수 항목").check();
  await first.getByLabel(/^선택지/).fill("대회의실\n소회의실");
  const second = page.getByRole("group", { name: "2번째 항목" });
  await second.getByLabel("키").fill("use_date");
  await second.getByLabel("항목 이름").fill("사용일");
  await second.getByLabel("종류").selectOption({ label: "날짜" });
  await expectAccessible(page, { what: "새 서식" });
  // A key with a capital letter is refused, naming the row.
  await page.getByRole("button", { name: "저장", exact: true }).click();
  await expect(page.getByText(/^1번째 항목의 키는 영문 소문자로 시작하고/)).toBeVisible();
  await first.getByLabel("키").fill("room");
  await page.getByRole("button", { name: "저장", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(`서식 ‘${name}’을(를) 만들었습니다.`);
  const row = page.getByRole("table", { name: "서식 관리" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("기관 서식");
  await expect(row).toContainText("2개");
  await expect(row).toContainText("1단계");
  await expect(row).toContainText("사용 중");

  // Its fields come back for editing; archiving and restoring it.
  await row.getByRole("link", { name: `${name} 서식 고치기` }).click();
  await expect(page.getByRole("group", { name: "1번째 항목" }).getByLabel("키")).toHaveValue("room");
  await expect(page.getByRole("group", { name: "1번째 항목" }).getByLabel(/^선택지/)).toHaveValue(
    "대회의실\n소회의실",
  );
  await page.getByRole("link", { name: "취소" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /서식 고치기$/ })).toHaveCount(0);
  await row.getByRole("button", { name: `${name} 서식 보관` }).click();
  await expect(page.getByRole("status")).toHaveText(
    `서식 ‘${name}’을(를) 보관했습니다. 새 기안에는 나오지 않습니다.`,
  );
  await expect(row).toContainText("보관됨");
  await row.getByRole("button", { name: `${name} 서식 보관 해제` }).click();
  await expect(row).toContainText("사용 중");

  // 위임전결 규정: 지출결의서 up to 1,000,000원 by the 과장, every form without a ceiling by the 국장.
  await page.goto(`/t/${tenant.slug}/admin/approvals/delegation`);
  await expect(page.getByRole("heading", { level: 1, name: "위임전결 규정" })).toBeVisible();
  await expectAccessible(page, { what: "위임전결 규정" });
  await page.getByLabel("서식", { exact: true }).selectOption({ label: "지출결의서" });
  await page.getByLabel("금액 상한").fill("1,000,000");
  await page.getByLabel("전결권자 직위").selectOption({ label: "과장" });
  await page.getByRole("button", { name: "규정 추가" }).click();
  await expect(page.getByRole("status")).toHaveText("위임전결 규정을 추가했습니다.");
  const rules = page.getByRole("table", { name: "위임전결 규정" });
  await expect(rules.getByRole("row").filter({ hasText: "지출결의서" })).toContainText("1,000,000원");
  await expect(rules.getByRole("row").filter({ hasText: "지출결의서" })).toContainText("과장");
  await page.getByLabel("금액 상한").fill("백만원");
  await page.getByLabel("전결권자 직위").selectOption({ label: "국장" });
  await page.getByRole("button", { name: "규정 추가" }).click();
  await expect(page.getByText(/^금액 한도는 0원부터/)).toBeVisible();
  await page.getByLabel("서식", { exact: true }).selectOption({ label: "모든 서식" });
  await page.getByLabel("금액 상한").fill("");
  await page.getByLabel("전결권자 직위").selectOption({ label: "국장" });
  await page.getByRole("button", { name: "규정 추가" }).click();
  await expect(rules.getByRole("row").filter({ hasText: "모든 서식" })).toContainText("상한 없음");
  await expectAccessible(page, { what: "위임전결 규정 (추가 후)" });
  await rules.getByRole("button", { name: "모든 서식, 상한 없음 규정 삭제" }).click();
  await expect(page.getByRole("status")).toHaveText("위임전결 규정을 삭제했습니다.");
  // left: the 지출결의서 rule, and the 기안문 rule the agency was seeded with
  await expect(rules.locator("tbody tr")).toHaveCount(2);
  await expect(rules.getByRole("row").filter({ hasText: "모든 서식" })).toHaveCount(0);
  await page.context().close();
});

test("students, members on administrators' pages, and people of another agency get 404", async ({
  browser,
}) => {
  const { tenant, me } = await agency();
  const base = `/t/${tenant.slug}`;

  // A member of the agency: the administrators' pages do not exist for them.
  const member = await openAs(browser, tenant, me, `${base}/approvals`);
  for (const path of [`${base}/admin/approvals/forms`, `${base}/admin/approvals/delegation`]) {
    expect((await member.request.get(path)).status(), path).toBe(404);
  }
  await member.context().close();

  // A student of a school: no 결재 in the menu or on the home, and the whole subtree is 404.
  const student = await browser.newContext();
  const pupil = await student.newPage();
  await signIn(pupil, { tenant: "nuri-es", loginId: "s1101", password: DEMO_PASSWORD });
  await expect(
    pupil.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: /^결재/ }),
  ).toHaveCount(0);
  await expect(pupil.getByRole("heading", { level: 2, name: "결재 대기" })).toHaveCount(0);
  for (const path of ["", "/box/cc", "/absence", "/lines", "/ledger", "/ledger.csv", "/new"]) {
    expect((await pupil.request.get(`/t/nuri-es/approvals${path}`)).status(), path).toBe(404);
  }
  expect((await pupil.goto("/t/nuri-es/approvals"))?.status()).toBe(404);
  await student.close();

  // The demo agency's administrator: nothing of this agency exists for them.
  const foreign = await browser.newContext();
  const outsider = await foreign.newPage();
  await signIn(outsider, { tenant: "digital-gov", loginId: "admin", password: DEMO_PASSWORD });
  for (const path of [
    "/approvals",
    "/approvals/box/completed",
    "/approvals/absence",
    "/approvals/lines",
    "/approvals/ledger",
    "/approvals/ledger.csv",
    "/admin/approvals/forms",
    "/admin/approvals/delegation",
  ]) {
    expect((await outsider.request.get(`${base}${path}`)).status(), path).toBe(404);
  }
  await foreign.close();
});

test("the 문서함 reads in English once English is chosen", async ({ browser }) => {
  const { tenant, me } = await agency();
  const base = `/t/${tenant.slug}/approvals`;
  const page = await openAs(browser, tenant, me, base);
  await page.goto(`${base}?lang=en`);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Awaiting my approval" })).toBeVisible();
  const menu = page.getByRole("navigation", { name: "Approvals menu" });
  await expect(menu.getByRole("link", { name: "New draft" })).toBeVisible();
  await expect(menu.getByRole("link", { name: "Awaiting my approval 2", exact: true })).toBeVisible();
  const table = page.getByRole("table", { name: "Awaiting my approval" });
  await expect(table.getByRole("columnheader", { name: "Title" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "My step" })).toBeVisible();
  await expect(table.locator("tbody tr").first()).toContainText(/(Review|Approve|Approval)/);
  await expect(page.getByRole("button", { name: "Search", exact: true })).toBeVisible();
  await expectAccessible(page, { what: "Awaiting my approval (English)" });
  await page.goto(`${base}/absence`);
  await expect(page.getByRole("heading", { level: 1, name: "Absence" })).toBeVisible();
  await page.context().close();
});
