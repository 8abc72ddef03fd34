import AxeBuilder from "@axe-core/playwright";
import { DEMO_PASSWORD } from "@nuri/db";
import { expect, type Page, test } from "@playwright/test";
import { closeE2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// The tenant administrator's pages, as the demo agency's administrator: the org chart, adding
// a person who then chooses a password, who may see the pages at all, the audit log, and the
// accessibility of every page in Korean.

test.afterAll(closeE2eDatabase);

const TENANT = "digital-gov";
const suffix = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function signInAsAdmin(page: Page, redirectTo = `/t/${TENANT}/admin`) {
  await signIn(page, { tenant: TENANT, loginId: "admin", password: DEMO_PASSWORD, redirectTo });
}

test("the admin creates a department and sees it in the org chart", async ({ page }) => {
  const name = `시험팀${suffix()}`;
  await signInAsAdmin(page, `/t/${TENANT}/admin/departments`);
  await expect(page.getByRole("heading", { level: 1, name: "부서 관리" })).toBeVisible();
  const form = page
    .locator("form")
    .filter({ has: page.getByLabel("부서 이름", { exact: true }) })
    .last();
  await form.getByLabel("부서 이름", { exact: true }).fill(name);
  await form.getByLabel("상위 부서").selectOption({ label: "디지털정부국" });
  await form.getByRole("button", { name: "추가" }).click();
  await expect(page.getByRole("status")).toHaveText(`부서 ‘${name}’을(를) 추가했습니다.`);
  const chart = page.getByRole("region", { name: "조직도" });
  await expect(chart.getByText(name, { exact: true })).toBeVisible();

  // Moving 디지털정부국 under its new child would make a cycle: refused, in Korean.
  const edit = chart.locator("details").filter({
    has: page.locator("summary", { hasText: /^디지털정부국 수정$/ }),
  });
  await edit.locator("summary").click();
  await edit.getByLabel("상위 부서").selectOption({ label: `디지털정부국 / ${name}` });
  await edit.getByRole("button", { name: "옮기기" }).click();
  await expect(page.getByRole("alert").first()).toHaveText(
    "부서를 자기 자신이나 그 하위 부서 아래로 옮길 수 없습니다.",
  );
});

test("the admin adds a person, who opens the set-up link, chooses a password and signs in", async ({
  page,
  browser,
}) => {
  const loginId = `e2e.${suffix()}`;
  await signInAsAdmin(page, `/t/${TENANT}/admin/people/new`);
  await page.getByLabel("이름", { exact: true }).fill("시험사용자");
  await page.getByLabel("아이디").fill(loginId);
  await page.getByLabel("부서", { exact: true }).selectOption({ label: "디지털정부국 / 디지털서비스과" });
  await page.getByLabel("직위").selectOption({ label: "담당" });
  await page.getByRole("button", { name: "등록" }).click();
  await expect(page.getByText("시험사용자 님을 등록했습니다.")).toBeVisible();
  const url = await page.getByLabel("비밀번호 설정 링크").inputValue();
  expect(url).toMatch(new RegExp(`/t/${TENANT}/set-password/[^/]+$`));

  // The same login id again: a field error in Korean, and what was typed stays.
  await page.getByLabel("이름", { exact: true }).fill("다른사람");
  await page.getByLabel("아이디").fill(loginId);
  await page.getByRole("button", { name: "등록" }).click();
  await expect(page.getByText("이미 쓰고 있는 아이디입니다.")).toBeVisible();
  await expect(page.getByLabel("이름", { exact: true })).toHaveValue("다른사람");
  await expect(page.getByLabel("아이디")).toHaveAttribute("aria-invalid", "true");

  // The person list shows them as waiting for set-up.
  await page.goto(`/t/${TENANT}/admin/people?q=${loginId}`);
  const row = page.getByRole("row").filter({ hasText: loginId });
  await expect(row.getByText("설정 대기")).toBeVisible();

  const password = "Nuri-e2e-Passw0rd!";
  const fresh = await browser.newContext();
  const newcomer = await fresh.newPage();
  await newcomer.goto(url);
  await newcomer.getByLabel("비밀번호", { exact: true }).fill(password);
  await newcomer.getByLabel("비밀번호 확인").fill(password);
  await newcomer.getByRole("button", { name: "비밀번호 설정" }).click();
  await expect(newcomer).toHaveURL((u) => u.pathname === `/t/${TENANT}/`);
  await fresh.close();

  const again = await browser.newContext();
  const signedIn = await again.newPage();
  await signIn(signedIn, { tenant: TENANT, loginId, password });
  // Not an administrator: the admin pages do not exist for them.
  const response = await signedIn.goto(`/t/${TENANT}/admin`);
  expect(response?.status()).toBe(404);
  await again.close();
});

test("a person who is not an administrator gets 404 on every admin page", async ({ page }) => {
  await signIn(page, { tenant: TENANT, loginId: "kwon.naeun", password: DEMO_PASSWORD });
  for (const path of [
    "admin",
    "admin/departments",
    "admin/positions",
    "admin/people",
    "admin/people/import",
    "admin/audit",
    "admin/agency",
  ]) {
    const response = await page.goto(`/t/${TENANT}/${path}`);
    expect(response?.status(), path).toBe(404);
  }
  const post = await page.request.post(`/t/${TENANT}/admin/departments`, {
    form: { intent: "create", name: "몰래" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(post.status()).toBe(404);
  const contacts = await page.request.post(`/t/${TENANT}/admin/agency`, {
    form: {
      postalCode: "12345",
      address: "몰래 바꾼 주소",
      homepage: "",
      phone: "",
      fax: "",
      senderTitle: "",
    },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(contacts.status()).toBe(404);
});

test("another agency's administrator sees nothing of this agency, and its people stay hidden", async ({
  page,
  browser,
}) => {
  const { tenant, user } = await seedAgencyWithPerson({}, { role: "admin" });
  await signIn(page, { tenant: tenant.slug, loginId: user.loginId, password: DEMO_PASSWORD });
  // Their own admin pages work…
  await page.goto(`/t/${tenant.slug}/admin/people`);
  await expect(page.getByRole("heading", { level: 1, name: "사용자 관리" })).toBeVisible();
  // …but at digital-gov their session opens nothing: a 404, and no person of digital-gov shown.
  const foreign = await page.goto(`/t/${TENANT}/admin/people`);
  expect(foreign?.status()).toBe(404);
  expect((await page.goto(`/t/${TENANT}/admin/agency`))?.status()).toBe(404);
  await expect(page.getByText("kwon.naeun")).toHaveCount(0);

  // And digital-gov's administrator (in a browser of their own) cannot open the other
  // agency's person by id.
  const context = await browser.newContext();
  const adminPage = await context.newPage();
  await signInAsAdmin(adminPage);
  const response = await adminPage.goto(`/t/${TENANT}/admin/people/${user.id}`);
  expect(response?.status()).toBe(404);
  await context.close();
});

test("the audit log lists the administrator's actions and verifies an intact chain", async ({ page }) => {
  await signInAsAdmin(page, `/t/${TENANT}/admin/audit?action=org.`);
  await expect(page.getByRole("heading", { level: 1, name: "감사 기록" })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table.getByText("부서 추가").first()).toBeVisible();
  await expect(table.getByText("사용자 등록").first()).toBeVisible();
  await page.getByRole("button", { name: "무결성 검증" }).click();
  await expect(page.getByRole("status").first()).toContainText("모두 온전하게 이어져 있습니다.");
  await page.goto(`/t/${TENANT}/admin/audit?action=audit.`);
  await expect(page.getByRole("table").getByText("감사 기록 검증").first()).toBeVisible();
});

test("every admin page is accessible in Korean", async ({ page }) => {
  await signInAsAdmin(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { level: 1, name: "기관 관리" })).toBeVisible();
  await expectAccessible(page);
  for (const [path, heading] of [
    ["admin/departments", "부서 관리"],
    ["admin/positions", "직위·직급 관리"],
    ["admin/people", "사용자 관리"],
    ["admin/people/new", "사용자 추가"],
    ["admin/people/import", "사용자 일괄 등록"],
    ["admin/audit", "감사 기록"],
  ] as const) {
    await page.goto(`/t/${TENANT}/${path}`);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page);
  }
  await page.goto(`/t/${TENANT}/admin/people?q=kwon.naeun`);
  await page.getByRole("row").filter({ hasText: "kwon.naeun" }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("사용자 정보");
  await expectAccessible(page);
  // The department edit panel, opened.
  await page.goto(`/t/${TENANT}/admin/departments`);
  await page.getByText("디지털정부국 수정", { exact: true }).click();
  await expectAccessible(page);
});
