import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { type Database, openDatabase, tenantApplications, tenants, withControlPlane } from "@nuri/db";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "../../fixtures/sign-in.ts";

// 기관 가입 신청 and the operators' console: from an application to the new agency's first
// administrator signed in, in a real browser against the seeded demo (operator / its password).

const OPERATOR = { loginId: "operator", password: "nuri-operator-2026" };
const unique = () => randomBytes(4).toString("hex");

let database: Database | undefined;
function db() {
  const url = process.env.NURI_E2E_DATABASE_URL;
  if (!url) throw new Error("NURI_E2E_DATABASE_URL is not set: run the suite through global-setup.ts");
  database ??= openDatabase(url, { max: 1, applicationName: "nuri-e2e-onboarding" });
  return database.db;
}
test.afterAll(async () => {
  await database?.close();
  database = undefined;
});

/** A pending application written straight into the database (the form itself is rate-limited per address). */
async function seedApplication(name: string): Promise<{ id: string; slug: string }> {
  const slug = `e2e-${unique()}`;
  const id = await withControlPlane(db(), async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({ slug, name, kind: "agency", status: "pending" })
      .returning();
    const [application] = await tx
      .insert(tenantApplications)
      .values({
        tenantId: tenant!.id,
        contactName: "정담당",
        contactEmail: "contact@example.go.kr",
        contactPhone: "044-123-4567",
        adminName: "한관리",
        adminLoginId: "admin",
        adminEmail: "admin@example.go.kr",
      })
      .returning();
    return application!.id;
  });
  return { id, slug };
}

async function signInAsOperator(page: Page) {
  await page.goto("/platform/sign-in");
  await page.getByLabel("운영자 아이디").fill(OPERATOR.loginId);
  await page.getByLabel("비밀번호").fill(OPERATOR.password);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/platform/applications");
  await expect(page.getByRole("heading", { level: 1, name: "가입 신청 목록" })).toBeVisible();
}

async function expectNoSevereViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const severe = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
  expect(severe).toEqual([]);
}

test("an agency applies, an operator approves, and its first administrator signs in", async ({
  page,
  browser,
}) => {
  const suffix = unique();
  const slug = `haengjeong-${suffix}`;
  const agencyName = `행정혁신처 ${suffix}`;

  await page.goto("/apply");
  await expect(page.getByRole("heading", { level: 1, name: "기관 가입 신청" })).toBeVisible();
  await page.getByLabel("기관명").fill(agencyName);
  await page.getByRole("radio", { name: "기관", exact: true }).check();
  await page.getByLabel("누리 주소").fill(slug);
  await page.getByLabel("담당자 이름").fill("김담당");
  await page.getByLabel("담당자 이메일").fill("contact@example.go.kr");
  await page.getByLabel("담당자 전화번호").fill("02-123-4567");
  await page.getByLabel("관리자 이름").fill("이관리");
  await page.getByLabel("관리자 로그인 아이디").fill("first.admin");
  await page.getByLabel("관리자 이메일").fill("first.admin@example.go.kr");
  await page.getByRole("button", { name: "신청하기" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "가입 신청을 접수했습니다" })).toBeVisible();

  // The pending agency is not reachable yet.
  expect((await page.request.get(`/t/${slug}/`)).status()).toBe(404);

  await signInAsOperator(page);
  await page.getByRole("link", { name: agencyName }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${agencyName} 가입 신청` })).toBeVisible();
  await page.getByRole("button", { name: "승인하기" }).click();
  const setupUrl = page.getByRole("textbox", { name: "계정 설정 링크" });
  await expect(setupUrl).toHaveValue(new RegExp(`/t/${slug}/set-password/[a-z2-7]{32}\\.[a-z2-7]{32}$`));
  await expect(page.getByText("메일이 실제로 발송되지 않았습니다", { exact: false })).toBeVisible();
  const link = await setupUrl.inputValue();

  // The administrator is someone else, in another browser.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto(link);
  const password = `new-admin-pw-${suffix}`;
  const passwordFields = admin.locator("main form input[type=password]");
  await expect(passwordFields.first()).toBeVisible();
  for (const field of await passwordFields.all()) await field.fill(password);
  await admin.locator("main form button[type=submit]").first().click();
  await expect(admin).toHaveURL((url) => url.pathname === `/t/${slug}/`);
  await expect(admin.getByText(agencyName).first()).toBeVisible();
  await adminContext.close();
});

test("an application refuses invalid and taken values, keeping what was typed", async ({ page }) => {
  await page.goto("/apply");
  await page.getByLabel("기관명").fill("중복기관");
  await page.getByLabel("기관코드").fill("12345");
  await page.getByLabel("누리 주소").fill("digital-gov");
  await page.getByLabel("담당자 전화번호").fill("12-34");
  await page.getByRole("button", { name: "신청하기" }).click();

  await expect(page.getByRole("alert")).toContainText("고칠 항목이");
  await expect(page.getByLabel("기관명")).toHaveValue("중복기관");
  await expect(page.getByLabel("기관코드")).toHaveAccessibleDescription(/숫자 7자리/);
  await expect(page.getByLabel("담당자 전화번호")).toHaveAccessibleDescription(
    /전화번호 형식이 올바르지 않습니다/,
  );
  await expect(page.getByLabel("담당자 이름")).toHaveAccessibleDescription("입력해 주세요.");
  await expect(page.getByLabel("누리 주소")).toHaveValue("digital-gov");
});

test("a rejection with its reason shows in the list", async ({ page }) => {
  const name = `반려시험기관 ${unique()}`;
  const { id } = await seedApplication(name);
  await signInAsOperator(page);
  await page.goto(`/platform/applications/${id}`);

  await page.getByRole("button", { name: "반려하기" }).click();
  await expect(page.getByLabel("반려 사유")).toHaveAccessibleDescription("반려 사유를 입력해 주세요.");
  await page.getByLabel("반려 사유").fill("기관 확인이 되지 않습니다.");
  await page.getByRole("button", { name: "반려하기" }).click();
  await expect(page.getByRole("status")).toContainText("신청을 반려했습니다.");

  await page.goto("/platform/applications?status=rejected");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("반려");
  await expect(row).toContainText("사유: 기관 확인이 되지 않습니다.");
  await page.goto("/platform/applications?status=pending");
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
});

test("the console sends visitors without an operator session to its sign-in", async ({ page }) => {
  await page.goto("/platform");
  await expect(page).toHaveURL((url) => url.pathname === "/platform/sign-in");
  await expect(page.getByRole("heading", { level: 1, name: "운영자 로그인" })).toBeVisible();

  await page.getByLabel("운영자 아이디").fill(OPERATOR.loginId);
  await page.getByLabel("비밀번호").fill("wrong-password");
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByRole("alert")).toContainText("로그인하지 못했습니다.");
  await expect(page.getByLabel("운영자 아이디")).toHaveValue(OPERATOR.loginId);
});

test("a tenant administrator's session opens nothing in the console", async ({ page }) => {
  await signIn(page, { tenant: "digital-gov", loginId: "admin", password: "nuri-demo-2026" });
  await page.goto("/platform");
  await expect(page).toHaveURL((url) => url.pathname === "/platform/sign-in");
});

test("an operator signs out", async ({ page }) => {
  await signInAsOperator(page);
  await page.getByRole("button", { name: "로그아웃" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/platform/sign-in");
  await page.goto("/platform");
  await expect(page).toHaveURL((url) => url.pathname === "/platform/sign-in");
});

test("the onboarding pages have no serious or critical accessibility violations (ko)", async ({ page }) => {
  await page.goto("/apply");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSevereViolations(page);

  // With errors shown, too.
  await page.getByRole("button", { name: "신청하기" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectNoSevereViolations(page);

  await page.goto("/apply/received");
  await expect(page.getByRole("heading", { level: 1, name: "가입 신청을 접수했습니다" })).toBeVisible();
  await expectNoSevereViolations(page);

  await page.goto("/platform/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSevereViolations(page);

  const { id } = await seedApplication(`접근성시험기관 ${unique()}`);
  await signInAsOperator(page);
  await expectNoSevereViolations(page);

  await page.goto(`/platform/applications/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoSevereViolations(page);
});
