import AxeBuilder from "@axe-core/playwright";
import { DEMO_PASSWORD } from "@nuri/db";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "../../fixtures/sign-in.ts";

// English is the second language: every page renders in it once chosen (the choice is kept in
// a cookie), with English headings and no serious accessibility violations.

const HANGUL = /[\uAC00-\uD7A3]/;

async function expectEnglish(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading, path).toHaveText(/[A-Za-z]{3}/);
  // Headings may hold a person's or agency's Korean name, but never only Korean.
  const text = (await heading.textContent()) ?? "";
  expect(text.replace(/[\uAC00-\uD7A3]+/g, "").trim().length, `${path}: ${text}`).toBeGreaterThan(0);
  // The page's own labels (buttons) are translated: none is Korean.
  for (const label of await page.getByRole("button").allTextContents()) {
    expect(HANGUL.test(label), `${path}: button "${label}"`).toBe(false);
  }
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${path} ${v.id}`)).toEqual([]);
}

test("the public pages read in English", async ({ page }) => {
  await page.goto("/?lang=en");
  for (const path of ["/sign-in", "/t/digital-gov/sign-in", "/apply", "/platform/sign-in"]) {
    await expectEnglish(page, path);
  }
});

// Each page runs axe, which takes seconds on a loaded machine: the pages are split over two
// tests so that neither nears the 30-second limit.
const SIGNED_IN_PAGES = {
  "a signed-in person's own pages read in English": [
    "/t/digital-gov/",
    "/t/digital-gov/account/sessions",
    "/t/digital-gov/account/password",
  ],
  "the administrator's pages read in English": [
    "/t/digital-gov/admin",
    "/t/digital-gov/admin/departments",
    "/t/digital-gov/admin/positions",
    "/t/digital-gov/admin/people",
    "/t/digital-gov/admin/people/new",
    "/t/digital-gov/admin/people/import",
    "/t/digital-gov/admin/audit",
  ],
};

for (const [title, paths] of Object.entries(SIGNED_IN_PAGES)) {
  test(title, async ({ page }) => {
    await signIn(page, { tenant: "digital-gov", loginId: "admin", password: DEMO_PASSWORD });
    await page.goto("/t/digital-gov/?lang=en");
    await expect(page.getByRole("navigation", { name: /main/i })).toContainText("Home");
    for (const path of paths) await expectEnglish(page, path);
  });
}
