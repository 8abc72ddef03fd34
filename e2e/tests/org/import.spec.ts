import AxeBuilder from "@axe-core/playwright";
import { DEMO_PASSWORD, positions, withTenant } from "@nuri/db";
import { buildDepartment } from "@nuri/db/testing";
import { expect, type Page, test } from "@playwright/test";
import iconv from "iconv-lite";
import { closeE2eDatabase, e2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import { signIn, signOut } from "../../fixtures/sign-in.ts";

// Importing people from CSV, in an agency of the test's own (an administrator, 행정국 /
// 민원과, the position 주무관): UTF-8 and CP949 files, a preview and then the import, and a
// file with a bad row that imports nobody.

test.afterAll(closeE2eDatabase);

const HEADER = "부서,이름,직위,아이디,이메일,사번";

async function seedAgency() {
  const { tenant, user } = await seedAgencyWithPerson({}, { role: "admin" });
  const db = e2eDatabase().db;
  const bureau = await buildDepartment(db, tenant.id, { name: "행정국" });
  await buildDepartment(db, tenant.id, { name: "민원과", parentId: bureau.id });
  await withTenant(db, tenant.id, (tx) =>
    tx.insert(positions).values({ tenantId: tenant.id, name: "주무관" }),
  );
  return { tenant, admin: user };
}

async function openImport(page: Page) {
  const { tenant, admin } = await seedAgency();
  const path = `/t/${tenant.slug}/admin/people/import`;
  await signIn(page, {
    tenant: tenant.slug,
    loginId: admin.loginId,
    password: DEMO_PASSWORD,
    redirectTo: path,
  });
  return { tenant, path };
}

async function upload(page: Page, buffer: Buffer) {
  await page.getByLabel("CSV 파일").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer });
  await page.getByRole("button", { name: "미리 보기" }).click();
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("a UTF-8 file is previewed, then imported with set-up links", async ({ page, browser }) => {
  const { tenant } = await openImport(page);
  const csv = `\uFEFF${HEADER}\r\n행정국 / 민원과,김하나,주무관,kim.hana,hana@example.go.kr,A-1\r\n행정국,박두리,,park.duri,,\r\n`;
  await upload(page, Buffer.from(csv, "utf8"));
  const preview = page.getByRole("region", { name: "미리 보기 결과" });
  await expect(preview.getByText("파일 인코딩: UTF-8")).toBeVisible();
  await expect(preview.getByRole("table")).toContainText("kim.hana");
  await expect(preview.getByRole("table")).toContainText("행정국 / 민원과");
  await expectAccessible(page);
  await preview.getByRole("button", { name: "2명 등록" }).click();
  await expect(page.getByRole("heading", { name: "2명을 등록했습니다." })).toBeVisible();
  await expect(page.getByLabel("링크: kim.hana")).toHaveValue(new RegExp(`/t/${tenant.slug}/set-password/`));
  const setupLink = await page.getByLabel("링크: kim.hana").inputValue();

  await page.goto(`/t/${tenant.slug}/admin/people`);
  const row = page.getByRole("row").filter({ hasText: "kim.hana" });
  await expect(row).toContainText("민원과");
  await expect(row).toContainText("주무관");
  await expect(row.getByText("설정 대기")).toBeVisible();

  await page.goto(`/t/${tenant.slug}/admin/audit`);
  await expect(page.getByRole("table").getByText("사용자 일괄 등록")).toBeVisible();

  // The imported person opens their link in a browser of their own, chooses a password, and is in.
  const newcomer = await browser.newContext({
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    baseURL: new URL(page.url()).origin,
  });
  try {
    const theirs = await newcomer.newPage();
    await theirs.goto(new URL(setupLink, page.url()).pathname);
    await expect(theirs.getByText("김하나님")).toBeVisible();
    await theirs.getByLabel("비밀번호", { exact: true }).fill("Minwon-kim-2026");
    await theirs.getByLabel("비밀번호 확인").fill("Minwon-kim-2026");
    await theirs.getByRole("button", { name: "비밀번호 설정" }).click();
    await expect(theirs.getByRole("heading", { level: 1, name: "안녕하세요, 김하나님" })).toBeVisible();
    // …and signs in again later with it
    await signOut(theirs, tenant.slug);
    await signIn(theirs, { tenant: tenant.slug, loginId: "kim.hana", password: "Minwon-kim-2026" });
    await expect(theirs.getByRole("heading", { level: 1, name: "안녕하세요, 김하나님" })).toBeVisible();
  } finally {
    await newcomer.close();
  }
});

test("a CP949 file, as Korean Excel saves it, is read and imported", async ({ page }) => {
  const { tenant } = await openImport(page);
  const bytes = iconv.encode(`${HEADER}\r\n행정국 / 민원과,홍길동,주무관,hong.gildong,,\r\n`, "cp949");
  await upload(page, bytes);
  const preview = page.getByRole("region", { name: "미리 보기 결과" });
  await expect(preview.getByText("파일 인코딩: CP949 (EUC-KR)")).toBeVisible();
  await expect(preview.getByRole("table")).toContainText("홍길동");
  await preview.getByRole("button", { name: "1명 등록" }).click();
  await expect(page.getByRole("heading", { name: "1명을 등록했습니다." })).toBeVisible();
  await page.goto(`/t/${tenant.slug}/admin/people?q=hong`);
  await expect(page.getByRole("row").filter({ hasText: "hong.gildong" })).toContainText("홍길동");
});

test("a file with a bad row shows the row's error and imports nobody", async ({ page }) => {
  const { tenant } = await openImport(page);
  const csv = `${HEADER}\n행정국,김하나,,kim.hana,,\n없는국,박두리,,park.duri,,\n`;
  await upload(page, Buffer.from(csv, "utf8"));
  const preview = page.getByRole("region", { name: "미리 보기 결과" });
  await expect(preview.getByText("오류 1건")).toBeVisible();
  const errorRow = preview.getByRole("row").filter({ hasText: "없는국" });
  await expect(errorRow).toContainText("3");
  await expect(errorRow).toContainText("없는 부서입니다.");
  await expect(preview.getByRole("button", { name: /등록$/ })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto(`/t/${tenant.slug}/admin/people`);
  await expect(page.getByRole("row").filter({ hasText: "kim.hana" })).toHaveCount(0);
});

test("an oversized upload is refused before it is read", async ({ page }) => {
  const { path } = await openImport(page);
  const response = await page.request.post(path, {
    multipart: {
      file: { name: "big.csv", mimeType: "text/csv", buffer: Buffer.alloc(1024 * 1024 + 100 * 1024, 0x41) },
    },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(response.status()).toBe(413);
  expect(await response.text()).toContain("파일이 너무 큽니다.");
});

test("the template downloads as UTF-8 with a byte order mark and Korean headers", async ({ page }) => {
  const { path } = await openImport(page);
  const response = await page.request.get(`${path}/template.csv`);
  expect(response.status()).toBe(200);
  const body = await response.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(body.subarray(3).toString("utf8").trim()).toBe(HEADER);
});
