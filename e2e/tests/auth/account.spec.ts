import AxeBuilder from "@axe-core/playwright";
import { DEMO_PASSWORD } from "@nuri/db";
import { expect, type Page, test } from "@playwright/test";
import { closeE2eDatabase, seedAgencyWithPerson, seedSetupLink } from "../../fixtures/database.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// The person's own account: signed-in devices, changing the password, a set-up link; and
// the accessibility of every auth page.

test.afterAll(closeE2eDatabase);

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("signed-in devices", () => {
  test("lists both browsers, marks this one, and signs the other out", async ({ browser, page }) => {
    const { tenant, user } = await seedAgencyWithPerson();
    const other = await browser.newContext({
      userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    });
    const otherPage = await other.newPage();
    await signIn(otherPage, {
      tenant: tenant.slug,
      loginId: user.loginId,
      password: DEMO_PASSWORD,
      via: "form",
    });
    await signIn(page, { tenant: tenant.slug, loginId: user.loginId, password: DEMO_PASSWORD, via: "form" });

    await page
      .getByRole("navigation", { name: "내 계정" })
      .getByRole("link", { name: "로그인 중인 기기" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "로그인 중인 기기" })).toBeVisible();
    const items = page.locator(".session-list__item");
    await expect(items).toHaveCount(2);
    await expect(items.filter({ hasText: "지금 이 브라우저" })).toHaveCount(1);
    const firefox = items.filter({ hasText: "Firefox 133 · Linux" });
    await firefox.getByRole("button", { name: /로그아웃시키기/ }).click();
    await expect(page.getByRole("status")).toHaveText("선택한 기기를 로그아웃시켰습니다.");
    await expect(items).toHaveCount(1);

    await otherPage.reload();
    await expect(otherPage).toHaveURL(new RegExp(`/t/${tenant.slug}/sign-in`));
    await other.close();

    // Ending this browser's own session signs it out.
    await items.getByRole("button", { name: /로그아웃시키기/ }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${tenant.slug}/sign-in`));
  });
});

test.describe("changing the password", () => {
  test("checks the policy, then changes it and keeps this browser signed in", async ({ page }) => {
    const { tenant, user } = await seedAgencyWithPerson();
    await signIn(page, { tenant: tenant.slug, loginId: user.loginId, password: DEMO_PASSWORD, via: "form" });
    await page.goto(`/t/${tenant.slug}/account/password`);
    await page.getByLabel("현재 비밀번호").fill(DEMO_PASSWORD);
    await page.getByLabel("새 비밀번호", { exact: true }).fill("short");
    await page.getByLabel("새 비밀번호 확인").fill("short");
    await page.getByRole("button", { name: "비밀번호 변경" }).click();
    await expect(page.getByRole("alert")).toHaveText("입력한 내용을 확인해 주세요.");
    const field = page.getByLabel("새 비밀번호", { exact: true });
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(/10자 이상/);

    await page.getByLabel("현재 비밀번호").fill(DEMO_PASSWORD);
    await field.fill("Nuri-new-pass-2026");
    await page.getByLabel("새 비밀번호 확인").fill("Nuri-new-pass-2026");
    await page.getByRole("button", { name: "비밀번호 변경" }).click();
    await expect(page.getByRole("status")).toContainText("비밀번호를 변경했습니다.");
    await page.goto(`/t/${tenant.slug}/`);
    await expect(
      page.getByRole("heading", { level: 1, name: `안녕하세요, ${user.displayName}님` }),
    ).toBeVisible();
  });
});

test.describe("a set-up link", () => {
  test("lets the person choose a password and signs them in, once", async ({ page }) => {
    const { tenant, user } = await seedAgencyWithPerson({}, { passwordHash: null, displayName: "김새내" });
    const token = await seedSetupLink(tenant, user);
    await page.goto(`/t/${tenant.slug}/set-password/${token}`);
    await expect(page.getByRole("heading", { level: 1, name: "비밀번호 설정" })).toBeVisible();
    await expect(page.getByText("김새내님")).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("비밀번호", { exact: true }).fill("Welcome-to-nuri-1");
    await page.getByLabel("비밀번호 확인").fill("Welcome-to-nuri-1");
    await page.getByRole("button", { name: "비밀번호 설정" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "안녕하세요, 김새내님" })).toBeVisible();

    const again = await page.goto(`/t/${tenant.slug}/set-password/${token}`);
    expect(again?.status()).toBe(404);
    await expect(
      page.getByRole("heading", { level: 1, name: "더 이상 사용할 수 없는 링크입니다" }),
    ).toBeVisible();
  });
});

test.describe("accessibility", () => {
  test("the sign-in pages have no serious violations", async ({ page }) => {
    for (const path of ["/sign-in", "/t/digital-gov/sign-in"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page);
    }
    // With errors shown, too.
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expectAccessible(page);
  });

  test("the signed-in pages have no serious violations", async ({ page }) => {
    const { tenant, user } = await seedAgencyWithPerson();
    await signIn(page, { tenant: tenant.slug, loginId: user.loginId, password: DEMO_PASSWORD, via: "form" });
    for (const path of ["", "account/sessions", "account/password"]) {
      await page.goto(`/t/${tenant.slug}/${path}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page);
    }
  });

  test("the tenant home fits a 360px phone without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, { tenant: "digital-gov", loginId: "admin", password: DEMO_PASSWORD, via: "form" });
    await expect(page.getByRole("navigation", { name: "주 메뉴" })).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });
});
