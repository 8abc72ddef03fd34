import { DEMO_PASSWORD } from "@nuri/db";
import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "../../fixtures/accessibility.ts";
import { closeE2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import { demoTenant, rareHangulPair, seedDocument, seedPerson } from "../../fixtures/documents.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// 문서 검색 in a real browser: a Korean document found by a two-character term and by a phrase,
// the results announced, the term marked; bad input answered in Korean; a person of another
// agency finds nothing of it, even searching for the same words, and gets 404 on the page; axe.

test.afterAll(closeE2eDatabase);

const TENANT = "digital-gov";
const SEARCH = `/t/${TENANT}/documents/search`;

async function searchFor(page: Page, query: string) {
  const form = page.getByRole("search", { name: "문서 검색" });
  await form.getByLabel("검색어").fill(query);
  await form.getByRole("button", { name: "검색" }).click();
}

test("finds a Korean document by a two-character term and by a phrase, and marks the term", async ({
  page,
}) => {
  const agency = await demoTenant(TENANT);
  const person = await seedPerson(agency, { name: "검색시험" });
  const rare = rareHangulPair();
  const title = `2026년 디지털정부 추진 계획 ${rare}`;
  const document = await seedDocument(agency, person, {
    title,
    contentText: `1. 추진 배경\n이 문서는 ${rare} 사업의 세부 추진 일정과 예산 집행 계획을 담고 있습니다.`,
  });

  await signIn(page, {
    tenant: TENANT,
    loginId: person.loginId,
    password: DEMO_PASSWORD,
    redirectTo: SEARCH,
  });
  await expect(page.getByRole("heading", { level: 1, name: "문서 검색" })).toBeVisible();
  await expectAccessible(page);

  await searchFor(page, rare);
  await expect(page).toHaveURL((url) => url.pathname === SEARCH && url.searchParams.get("q") === rare);
  await expect(page.getByRole("status")).toHaveText(`‘${rare}’ 검색 결과 1건`);
  const results = page.getByRole("list", { name: "검색 결과" });
  const hit = results.getByRole("listitem");
  await expect(hit).toHaveCount(1);
  const link = hit.getByRole("link", { name: title });
  await expect(link).toHaveAttribute("href", `/t/${TENANT}/documents/${document.id}`);
  await expect(hit.locator("p mark")).toHaveText(rare);
  await expect(hit.locator("p")).toContainText(`${rare} 사업의 세부 추진 일정`);
  await expect(hit.getByText("검색시험")).toBeVisible();
  await expectAccessible(page);

  await searchFor(page, `"${rare} 사업의 세부 추진" 예산`);
  await expect(page.getByRole("status")).toHaveText(`‘"${rare} 사업의 세부 추진" 예산’ 검색 결과 1건`);
  await expect(results.getByRole("link", { name: title })).toBeVisible();

  // a phrase the body does not contain as written
  await searchFor(page, `"${rare} 추진"`);
  await expect(page.getByRole("status")).toHaveText(
    `‘"${rare} 추진"’이(가) 들어 있는 문서가 없습니다. 다른 검색어로 찾아보세요.`,
  );
  await expect(page.getByRole("list", { name: "검색 결과" })).toHaveCount(0);
});

test("answers an empty or too long query with a message in Korean", async ({ page }) => {
  const agency = await demoTenant(TENANT);
  const person = await seedPerson(agency, { name: "검색시험" });
  await signIn(page, {
    tenant: TENANT,
    loginId: person.loginId,
    password: DEMO_PASSWORD,
    redirectTo: SEARCH,
  });

  await searchFor(page, "   ");
  await expect(page.getByRole("alert")).toHaveText("검색어를 입력해 주세요.");
  await expect(page.getByLabel("검색어")).toHaveAttribute("aria-invalid", "true");

  const response = await page.goto(`${SEARCH}?q=${encodeURIComponent("가".repeat(101))}`);
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toHaveText("검색어는 100자 이하로 입력해 주세요.");
  await expect(page.getByLabel("검색어")).toHaveValue("가".repeat(101));
  await expectAccessible(page);
});

test("a person of another agency finds nothing of this agency's, even with the same words", async ({
  page,
}) => {
  const agency = await demoTenant(TENANT);
  const owner = await seedPerson(agency, { name: "검색시험" });
  const rare = rareHangulPair();
  const words = { title: `${rare} 보안 점검 결과`, contentText: `${rare} 정보보호 점검 결과를 보고합니다.` };
  await seedDocument(agency, owner, { ...words, title: `디지털행정부 ${words.title}` });
  const { tenant: theirs, user: outsider } = await seedAgencyWithPerson({}, { displayName: "이웃기관사람" });
  const ownDocument = await seedDocument(theirs, outsider, {
    ...words,
    title: `이웃기관 ${words.title}`,
  });

  await signIn(page, { tenant: theirs.slug, loginId: outsider.loginId, password: DEMO_PASSWORD });
  const response = await page.goto(`${SEARCH}?q=${encodeURIComponent(rare)}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(rare)).toHaveCount(0);

  // In their own agency the same words find their document only.
  for (const query of [rare, `"${rare} 정보보호 점검"`, "정보보호 점검 결과"]) {
    await page.goto(`/t/${theirs.slug}/documents/search?q=${encodeURIComponent(query)}`);
    const results = page.getByRole("list", { name: "검색 결과" });
    await expect(results.getByRole("link", { name: `이웃기관 ${words.title}` })).toHaveAttribute(
      "href",
      `/t/${theirs.slug}/documents/${ownDocument.id}`,
    );
    await expect(page.getByRole("status")).toHaveText(`‘${query}’ 검색 결과 1건`);
    await expect(page.getByText("디지털행정부")).toHaveCount(0);
  }
});
