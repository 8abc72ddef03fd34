import { DEMO_PASSWORD } from "@nuri/db";
import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "../../fixtures/accessibility.ts";
import { closeE2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import {
  demoTenant,
  readDocument,
  seedDocument,
  seedFolder,
  seedPerson,
  uniqueSuffix,
} from "../../fixtures/documents.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// The documents spaces in a real browser, as a new person of 디지털정부정책과 in the demo agency:
// a 회의록 from its template, found in 내 문서 and 최근 문서, starred, moved into a folder, put
// in the trash and restored, marked 비공개 under 5호; another agency's person finds none of it;
// every page passes axe in Korean (and the list in English) and holds at 360 px.

test.afterAll(closeE2eDatabase);
// Each test walks several pages and runs axe on most of them: more than the default 30 s on a
// busy machine.
test.describe.configure({ timeout: 120_000 });

const TENANT = "digital-gov";
const BASE = `/t/${TENANT}/documents`;
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

async function signInAsNewPerson(page: Page, name: string) {
  const tenant = await demoTenant();
  const person = await seedPerson(tenant, { name, departmentCode: "DIG-POL" });
  await signIn(page, { tenant: TENANT, loginId: person.loginId, password: DEMO_PASSWORD, redirectTo: BASE });
  return { tenant, person };
}

test("a 회의록 from its template: listed, starred, moved into a folder, trashed and restored, made 비공개 under 5호", async ({
  page,
}) => {
  // The whole walk through the workspace, with axe on seven pages.
  test.setTimeout(300_000);
  const { tenant } = await signInAsNewPerson(page, "공간시험");
  const title = `주간 회의록 ${uniqueSuffix()}`;
  const folderName = `회의 자료 ${uniqueSuffix()}`;

  await expect(page.getByRole("heading", { level: 1, name: "내 문서" })).toBeVisible();
  await expect(page.getByText("아직 문서가 없습니다.")).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "주 메뉴" }).getByRole("link", { name: "문서" }),
  ).toHaveAttribute("aria-current", "page");

  // 새 문서 from the 회의록 template; 공개 and 5년 are the defaults.
  await page.getByRole("navigation", { name: "문서함" }).getByRole("link", { name: "새 문서" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "새 문서" })).toBeVisible();
  await expect(page.getByRole("radio", { name: "공개", exact: true })).toBeChecked();
  await expect(page.getByLabel("보존기간")).toHaveValue("5y");
  await expectAccessible(page, { what: "새 문서" });
  await page.getByRole("radio", { name: /^회의록/ }).check();
  await page.getByLabel("제목 (선택)").fill(title);
  await page.getByRole("button", { name: "문서 만들기" }).click();
  // The new document opens in the editor.
  await expect(page).toHaveURL(new RegExp(`${BASE}/${UUID}$`));
  const documentId = new URL(page.url()).pathname.split("/").at(-1)!;
  const created = await readDocument(tenant, documentId);
  expect(created).toMatchObject({ title, disclosure: "public", retention: "5y" });
  expect(created!.contentText).toContain("향후 일정");

  // 내 문서 and 최근 문서 list it.
  await page.goto(BASE);
  const mine = page.getByRole("list", { name: "내 문서" });
  await expect(mine.getByRole("link", { name: title, exact: true })).toBeVisible();
  await expect(mine.getByRole("listitem").filter({ hasText: title })).toContainText("소유자");
  await expectAccessible(page, { what: "내 문서" });
  await page.getByRole("navigation", { name: "문서함" }).getByRole("link", { name: "최근 문서" }).click();
  await expect(
    page.getByRole("list", { name: "최근 문서" }).getByRole("link", { name: title, exact: true }),
  ).toBeVisible();
  await expectAccessible(page, { what: "최근 문서" });

  // Star it from the list; 중요 문서 shows it.
  const star = page.getByRole("button", { name: `${title} 중요 표시` });
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await star.click();
  await expect(page.getByRole("status")).toHaveText("중요 문서로 표시했습니다.");
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("navigation", { name: "문서함" }).getByRole("link", { name: "중요 문서" }).click();
  await expect(
    page.getByRole("list", { name: "중요 문서" }).getByRole("link", { name: title, exact: true }),
  ).toBeVisible();
  await expectAccessible(page, { what: "중요 문서" });

  // A folder in 내 문서, then the document moves into it from its properties page.
  await page.goto(BASE);
  await page.getByText("새 폴더", { exact: true }).click();
  await page.getByLabel("폴더 이름").fill(folderName);
  await page.getByRole("button", { name: "만들기", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(`폴더 ‘${folderName}’을(를) 만들었습니다.`);
  await expect(
    page.getByRole("list", { name: "폴더" }).getByRole("link", { name: folderName }),
  ).toBeVisible();

  await page.getByRole("link", { name: `${title} 속성` }).click();
  await expect(page).toHaveURL(`${BASE}/${documentId}/properties`);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expectAccessible(page, { what: "문서 속성" });
  await page.getByLabel("위치", { exact: true }).selectOption({ label: `내 문서 / ${folderName}` });
  await page.getByRole("button", { name: "옮기기", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("문서를 옮겼습니다.");
  await page.getByRole("navigation", { name: "현재 위치" }).getByRole("link", { name: folderName }).click();
  await expect(page.getByRole("heading", { level: 1, name: folderName })).toBeVisible();
  await expect(
    page.getByRole("list", { name: folderName }).getByRole("link", { name: title, exact: true }),
  ).toBeVisible();
  await expectAccessible(page, { what: "폴더" });
  await page.goto(BASE);
  await expect(page.getByRole("link", { name: title, exact: true })).toHaveCount(0);

  // 비공개 without a ground is refused, in Korean, and nothing changes; with 5호 it is saved.
  await page.goto(`${BASE}/${documentId}/properties`);
  await page.getByRole("radio", { name: "비공개", exact: true }).check();
  await page.getByRole("button", { name: "저장", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "부분공개나 비공개이면 비공개 근거(1~8호)를 하나 이상 골라 주세요.",
  );
  expect((await readDocument(tenant, documentId))?.disclosure).toBe("public");
  await page.getByRole("checkbox", { name: /^5호 감사·감독·검사·시험/ }).check();
  await page.getByRole("button", { name: "저장", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("문서 속성을 저장했습니다.");
  const facts = page.getByRole("region", { name: "문서 정보" });
  await expect(facts.getByText("비공개", { exact: true })).toBeVisible();
  await expect(facts.getByRole("list", { name: /비공개 근거/ })).toContainText("5호 감사·감독·검사·시험");
  expect(await readDocument(tenant, documentId)).toMatchObject({
    disclosure: "private",
    disclosureGrounds: [5],
  });

  // To the trash and back.
  await page.getByRole("button", { name: "휴지통으로 옮기기" }).click();
  await expect(page.getByRole("heading", { level: 1, name: folderName })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("휴지통으로 옮겼습니다");
  await expect(page.getByRole("link", { name: title, exact: true })).toHaveCount(0);
  await page.getByRole("navigation", { name: "문서함" }).getByRole("link", { name: "휴지통" }).click();
  const trash = page.getByRole("list", { name: "휴지통" });
  await expect(trash.getByText(title)).toBeVisible();
  await expectAccessible(page, { what: "휴지통" });
  await page.getByRole("button", { name: `${title} 되살리기` }).click();
  await expect(page.getByRole("status")).toHaveText("문서를 되살렸습니다.");
  await expect(page.getByText("휴지통이 비어 있습니다.")).toBeVisible();
  await page.goto(`${BASE}/${documentId}/properties`);
  await expect(page.getByRole("region", { name: "문서 정보" })).toContainText(`/ ${folderName}`);
  expect((await readDocument(tenant, documentId))?.deletedAt).toBeNull();
});

test("the other lists, 서식 and 부서 문서함 read well and pass axe in Korean", async ({ page }) => {
  await signInAsNewPerson(page, "목록시험");
  for (const [path, heading] of [
    ["shared", "공유 문서함"],
    ["departments", "부서 문서함"],
    ["templates", "서식"],
  ] as const) {
    await page.goto(`${BASE}/${path}`);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page, { what: heading });
  }
  // A person of 디지털정부정책과 has its space and 디지털정부국's above it.
  await page.goto(`${BASE}/departments`);
  await expect(
    page.getByRole("list", { name: "부서 문서함" }).getByRole("link", { name: "디지털정부정책과" }),
  ).toBeVisible();
  await page.getByRole("list", { name: "부서 문서함" }).getByRole("link", { name: "디지털정부국" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "디지털정부국" })).toBeVisible();
  await expectAccessible(page, { what: "부서 문서함 (디지털정부국)" });
});

test("the list reads in English, and holds at 360 px without scrolling sideways", async ({ page }) => {
  const { tenant, person } = await signInAsNewPerson(page, "영문시험");
  await seedDocument(tenant, person, {
    title: `A rather long document title that must wrap on a narrow phone screen ${uniqueSuffix()}`,
  });
  await page.goto(`${BASE}?lang=en`);
  await expect(page.getByRole("heading", { level: 1, name: "My documents" })).toBeVisible();
  for (const label of await page.getByRole("button").allTextContents()) {
    expect(/[\uAC00-\uD7A3]/.test(label), `button "${label}"`).toBe(false);
  }
  await expectAccessible(page, { what: "My documents" });
  await page.goto(`${BASE}?lang=ko`);

  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["", "/new", "/trash"]) {
    await page.goto(`${BASE}${path}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${BASE}${path} at 360 px`).toBeLessThanOrEqual(0);
  }
  await expectAccessible(page, { what: "휴지통 at 360 px" });
});

test("another agency's person gets 404 for the documents, folders and properties, and changes nothing", async ({
  page,
}) => {
  const tenant = await demoTenant();
  const owner = await seedPerson(tenant, { name: "문서주인", departmentCode: "DIG-POL" });
  const document = await seedDocument(tenant, owner, { title: `남의 문서 ${uniqueSuffix()}` });
  const folder = await seedFolder(tenant, owner, `남의 폴더 ${uniqueSuffix()}`);

  const { tenant: other, user } = await seedAgencyWithPerson();
  await signIn(page, { tenant: other.slug, loginId: user.loginId, password: DEMO_PASSWORD });
  // Their own documents page works…
  await page.goto(`/t/${other.slug}/documents`);
  await expect(page.getByRole("heading", { level: 1, name: "내 문서" })).toBeVisible();
  // …but nothing of digital-gov opens: the lists, the folder, the properties page.
  for (const path of [
    "",
    "/recent",
    "/trash",
    "/new",
    `/folders/${folder.id}`,
    `/${document.id}/properties`,
  ]) {
    const response = await page.goto(`${BASE}${path}`);
    expect(response?.status(), `${BASE}${path}`).toBe(404);
  }
  await expect(page.getByText(document.title)).toHaveCount(0);
  // Nor their own agency's URLs with digital-gov's ids.
  for (const path of [`/folders/${folder.id}`, `/${document.id}/properties`]) {
    const response = await page.goto(`/t/${other.slug}/documents${path}`);
    expect(response?.status(), path).toBe(404);
  }
  const origin = new URL(page.url()).origin;
  for (const intent of ["trash", "save", "copy"]) {
    const post = await page.request.post(`${BASE}/${document.id}/properties`, {
      form: { intent, title: "몰래", disclosure: "public", retention: "1y" },
      headers: { Origin: origin },
    });
    expect(post.status(), intent).toBe(404);
    const mine = await page.request.post(`/t/${other.slug}/documents/${document.id}/properties`, {
      form: { intent, title: "몰래", disclosure: "public", retention: "1y" },
      headers: { Origin: origin },
    });
    expect(mine.status(), `${intent} in their own agency`).toBe(404);
  }
  expect(await readDocument(tenant, document.id)).toMatchObject({
    title: document.title,
    retention: "5y",
    deletedAt: null,
  });
});

test("a person of the same agency without access gets 404 on the properties page and the folder", async ({
  page,
}) => {
  const tenant = await demoTenant();
  const owner = await seedPerson(tenant, { name: "주인", departmentCode: "DIG-SVC" });
  const document = await seedDocument(tenant, owner, { title: `비밀 문서 ${uniqueSuffix()}` });
  const folder = await seedFolder(tenant, owner, `개인 폴더 ${uniqueSuffix()}`);
  await signInAsNewPerson(page, "남");
  for (const path of [`/${document.id}/properties`, `/folders/${folder.id}`]) {
    const response = await page.goto(`${BASE}${path}`);
    expect(response?.status(), path).toBe(404);
  }
  const post = await page.request.post(`${BASE}/${document.id}/properties`, {
    form: { intent: "trash" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(post.status()).toBe(404);
  expect((await readDocument(tenant, document.id))?.deletedAt).toBeNull();
});
