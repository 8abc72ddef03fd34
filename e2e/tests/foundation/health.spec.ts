import AxeBuilder from "@axe-core/playwright";
import { connectDatabase } from "@nuri/db";
import { expect, type Locator, type Page, test } from "@playwright/test";

// The foundation: the landing page and /health answer from the real database, in Korean first
// and in English, accessibly, and on a 360px phone.

/** The active agencies and schools, counted in the database the app uses. */
async function countActiveTenants(): Promise<{ agencies: number; schools: number }> {
  const url = process.env.NURI_E2E_DATABASE_URL;
  if (!url) throw new Error("NURI_E2E_DATABASE_URL is not set: run the suite through global-setup.ts");
  const database = await connectDatabase(url, { max: 1, applicationName: "nuri-e2e" });
  try {
    const rows = await database.sql<{ kind: "agency" | "school"; count: number }[]>`
      select kind, count(*)::int as count from tenants where status = 'active' group by kind`;
    const of = (kind: string) => rows.find((row) => row.kind === kind)?.count ?? 0;
    return { agencies: of("agency"), schools: of("school") };
  } finally {
    await database.close();
  }
}

/** The value (<dd>) that a term (<dt>) of the status list names. */
function statusValue(status: Locator, term: string): Locator {
  return status
    .locator("div")
    .filter({ has: status.page().getByRole("term").filter({ hasText: term }) })
    .getByRole("definition");
}

/** Collects console errors and uncaught exceptions: a CSP refusal or a hydration error shows here. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test.describe("the landing page", () => {
  test("is in Korean by default and shows the tenants counted in the database", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page).toHaveTitle("누리 — 공공기관 협업 업무공간");
    await expect(page.getByRole("heading", { level: 1, name: "누리" })).toBeVisible();

    const expected = await countActiveTenants();
    expect(expected.agencies + expected.schools).toBeGreaterThanOrEqual(2);
    const status = page.getByRole("region", { name: "서비스 상태" });
    await expect(statusValue(status, "데이터베이스")).toHaveText("정상 응답");
    await expect(statusValue(status, "운영 중인 기관")).toHaveText(`${expected.agencies}곳`);
    await expect(statusValue(status, "운영 중인 학교")).toHaveText(`${expected.schools}곳`);
  });

  test("is in English with ?lang=en", async ({ page }) => {
    await page.goto("/?lang=en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1, name: "Nuri" })).toBeVisible();
    const status = page.getByRole("region", { name: "Service status" });
    await expect(statusValue(status, "Database")).toHaveText("Responding");
    const expected = await countActiveTenants();
    await expect(statusValue(status, "Active agencies")).toHaveText(String(expected.agencies));
    await expect(statusValue(status, "Active schools")).toHaveText(String(expected.schools));
  });

  test("follows the browser's language when nothing else is chosen", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await context.close();
  });

  test("switches language in place with the language links, and remembers the choice", async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "누리" })).toBeVisible();
    // A marker on window survives only a client-side navigation: it proves that the page
    // hydrated, so the nonce-carrying scripts ran under the Content-Security-Policy.
    await page.evaluate(() => Object.assign(window, { nuriMarker: true }));

    const languages = page.getByRole("navigation", { name: "언어 선택" });
    await expect(languages.getByRole("link", { name: "한국어" })).toHaveAttribute("aria-current", "true");
    await languages.getByRole("link", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Nuri" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(
      page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "English" }),
    ).toHaveAttribute("aria-current", "true");
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => "nuriMarker" in window)).toBe(true);

    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });

  test("lets keyboard users skip to the main content", async ({ page }) => {
    await page.goto("/");
    await page.keyboard.press("Tab");
    const skipLink = page.getByRole("link", { name: "본문 바로가기" });
    await expect(skipLink).toBeFocused();
    await expect(skipLink).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });

  for (const lang of ["ko", "en"] as const) {
    test(`has no serious or critical accessibility violations (${lang})`, async ({ page }) => {
      await page.goto(`/?lang=${lang}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
      const severe = results.violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => ({
          rule: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(" ")),
        }));
      expect(severe).toEqual([]);
    });
  }

  test.describe("on a 360px phone", () => {
    test.use({ viewport: { width: 360, height: 740 } });

    for (const lang of ["ko", "en"] as const) {
      test(`fits the screen without sideways scrolling (${lang})`, async ({ page }) => {
        await page.goto(`/?lang=${lang}`);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.getByRole("navigation").getByRole("link").first()).toBeVisible();
        await expect
          .poll(() => page.evaluate(() => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY))
          .toBeLessThanOrEqual(360);
      });
    }
  });

  test("answers an unknown address with a 404 page in the person's language", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "페이지를 찾을 수 없습니다" })).toBeVisible();
    await expect(page.getByRole("link", { name: "첫 화면으로 가기" })).toHaveAttribute("href", "/");

    await page.goto("/no-such-page?lang=en");
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  });
});

test.describe("GET /health", () => {
  test("answers ok with the number of tenants, read from the database", async ({ request }) => {
    const response = await request.get("/health");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(response.headers()["cache-control"]).toBe("no-store");
    const body = (await response.json()) as {
      status: string;
      database: string;
      tenants: number;
      time: string;
    };
    expect(body).toMatchObject({ status: "ok", database: "ok" });
    expect(body.tenants).toBeGreaterThanOrEqual(2);
    expect(Number.isNaN(Date.parse(body.time))).toBe(false);
  });

  test("comes with the security headers", async ({ request }) => {
    const headers = (await request.get("/health")).headers();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  });
});
