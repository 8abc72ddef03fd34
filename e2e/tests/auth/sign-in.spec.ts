import { DEMO_PASSWORD, eq, sessions, sql, withTenant } from "@nuri/db";
import { expect, test } from "@playwright/test";
import { closeE2eDatabase, e2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import { signIn, signOut } from "../../fixtures/sign-in.ts";

// Signing in and out, the lock after repeated failures, the idle timeout, and what a person of
// one agency sees of another.

test.afterAll(closeE2eDatabase);

test.describe("signing in", () => {
  test("the demo admin signs in on the agency's page, sees the home, and signs out", async ({ page }) => {
    await signIn(page, { tenant: "digital-gov", loginId: "admin", password: DEMO_PASSWORD, via: "form" });
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page.getByRole("heading", { level: 1, name: "안녕하세요, 박지원님" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "주 메뉴" });
    await expect(nav.getByRole("link", { name: "홈" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "관리" })).toHaveAttribute("href", "/t/digital-gov/admin");
    await expect(page.getByRole("heading", { level: 2, name: "결재 대기" })).toBeVisible();
    await expect(page.getByText("대기 중인 결재가 없습니다.")).toBeVisible();
    await expect(page.getByText("디지털행정부").first()).toBeVisible();

    await signOut(page, "digital-gov");
    await expect(page.getByRole("status")).toHaveText("로그아웃되었습니다.");
    await expect(page.getByRole("navigation", { name: "주 메뉴" })).toHaveCount(0);
    await page.goto("/t/digital-gov/");
    await expect(page).toHaveURL(/\/t\/digital-gov\/sign-in\?redirectTo=%2Ft%2Fdigital-gov%2F$/);
  });

  test("the public sign-in page takes the agency's code and brings the person to their agency", async ({
    page,
  }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "로그인" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "로그인" })).toBeVisible();
    await page.getByLabel("기관").fill("9990001");
    await page.getByLabel("아이디").fill("admin");
    await page.getByLabel("비밀번호").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(page).toHaveURL(/\/t\/digital-gov\/$/);
  });

  test("a wrong password, an unknown person and an unknown agency read the same", async ({ page }) => {
    const { tenant, user } = await seedAgencyWithPerson();
    const cases: Array<[agency: string, loginId: string]> = [
      [tenant.slug, user.loginId],
      [tenant.slug, "no-such-person"],
      ["no-such-agency", user.loginId],
    ];
    await page.goto("/sign-in");
    for (const [agency, loginId] of cases) {
      await page.getByLabel("기관").fill(agency);
      await page.getByLabel("아이디").fill(loginId);
      await page.getByLabel("비밀번호").fill("not-the-password-1");
      await page.getByRole("button", { name: "로그인" }).click();
      await expect(page.getByRole("alert")).toHaveText("아이디 또는 비밀번호가 올바르지 않습니다.");
      await expect(page.getByLabel("아이디")).toHaveValue(loginId);
    }
  });

  test("after five wrong passwords the account is locked, even for the right one", async ({ page }) => {
    const { tenant, user } = await seedAgencyWithPerson();
    await page.goto(`/t/${tenant.slug}/sign-in`);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel("아이디").fill(user.loginId);
      await page.getByLabel("비밀번호").fill(`wrong-password-${attempt}`);
      await page.getByRole("button", { name: "로그인" }).click();
      const alert = page.getByRole("alert");
      if (attempt < 5) await expect(alert).toHaveText("아이디 또는 비밀번호가 올바르지 않습니다.");
      else await expect(alert).toContainText("계정이 잠겼습니다");
    }
    await expect(page.getByRole("alert")).toContainText(/\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}까지/);
    await page.getByLabel("아이디").fill(user.loginId);
    await page.getByLabel("비밀번호").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "로그인" }).click();
    await expect(page.getByRole("alert")).toContainText("계정이 잠겼습니다");
    await expect(page).toHaveURL(new RegExp(`/t/${tenant.slug}/sign-in`));
  });

  test("an idle session ends, and the sign-in page says why", async ({ page }) => {
    const { tenant, user } = await seedAgencyWithPerson({ sessionIdleMinutes: 5 });
    await signIn(page, { tenant: tenant.slug, loginId: user.loginId, password: DEMO_PASSWORD, via: "form" });
    await withTenant(e2eDatabase().db, tenant.id, (tx) =>
      tx
        .update(sessions)
        .set({ lastSeenAt: sql`now() - interval '10 minutes'` })
        .where(eq(sessions.tenantId, tenant.id)),
    );
    await page.reload();
    await expect(page).toHaveURL(new RegExp(`/t/${tenant.slug}/sign-in\\?`));
    await expect(page.getByRole("status")).toHaveText(
      "장시간 사용하지 않아 로그아웃되었습니다. 다시 로그인해 주세요.",
    );
    await expect(page.getByRole("navigation", { name: "주 메뉴" })).toHaveCount(0);
  });
});

test.describe("another agency", () => {
  test("a person signed in at one agency gets a 404 and no data for any page of another", async ({
    page,
  }) => {
    const { tenant, user } = await seedAgencyWithPerson();
    await signIn(page, { tenant: tenant.slug, loginId: user.loginId, password: DEMO_PASSWORD, via: "form" });
    for (const path of [
      "/t/digital-gov/",
      "/t/digital-gov/account/sessions",
      "/t/digital-gov/account/password",
      "/t/digital-gov/admin",
      "/t/digital-gov/admin/people",
      "/t/digital-gov/admin/audit",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      // not in the page, and not in the data sent along for hydration either
      expect(await page.content(), path).not.toContain("디지털행정부");
      const body = page.locator("body");
      // No one of the demo agency, none of its departments, not even its name.
      for (const text of ["디지털행정부", "박지원", "조성우", "기획조정실", "장관실", "로그인 중인 기기"]) {
        await expect(body).not.toContainText(text);
      }
      await expect(page.getByRole("navigation", { name: "주 메뉴" })).toHaveCount(0);
    }
    // Their own agency still knows them.
    await page.goto(`/t/${tenant.slug}/`);
    await expect(
      page.getByRole("heading", { level: 1, name: `안녕하세요, ${user.displayName}님` }),
    ).toBeVisible();
  });

  test("a visitor who is not signed in is sent to the agency's sign-in page", async ({ page }) => {
    await page.goto("/t/digital-gov/account/sessions");
    await expect(page).toHaveURL(/\/t\/digital-gov\/sign-in\?redirectTo=/);
  });

  test("an unknown or pending agency answers 404", async ({ page }) => {
    const { tenant } = await seedAgencyWithPerson({ status: "pending" });
    for (const path of ["/t/no-such-agency/", `/t/${tenant.slug}/sign-in`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
    }
  });
});
