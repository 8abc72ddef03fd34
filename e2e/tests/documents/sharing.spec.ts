import { and, DEMO_PASSWORD, documentComments, documentShares, eq, withTenant } from "@nuri/db";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "../../fixtures/accessibility.ts";
import { closeE2eDatabase, e2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import { demoTenant, seedDocument, seedPerson, seedShare, uniqueSuffix } from "../../fixtures/documents.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// Sharing, comments with mentions and notifications, in the demo agency, by fresh people seeded
// for each test: an owner shares beyond their department (with the warning), a commenter
// comments on selected text and mentions the owner, removing access closes an open editor,
// readers and other agencies are refused, and the pages pass axe in Korean.

test.afterAll(closeE2eDatabase);
// Several people sign in per test and live editors sync: slower than a form page.
test.describe.configure({ timeout: 90_000 });
// On a loaded machine argon2 and the first render of the editor page can take more than the
// default five seconds.
const SIGN_IN_TIMEOUT = 30_000;

const opened: BrowserContext[] = [];
test.afterEach(async () => {
  // Open editors keep their collab connections (and the CPU) busy: close them between tests.
  await Promise.all(opened.splice(0).map((context) => context.close()));
});

const TENANT = "digital-gov";
const POLICY_UNIT = "디지털정부정책과";
const SUPPORT_UNIT = "운영지원과";

/** A new browser context signed in as `loginId`, on `path`. */
async function signedIn(browser: Browser, loginId: string, path: string, tenant = TENANT): Promise<Page> {
  const context = await browser.newContext();
  opened.push(context);
  const page = await context.newPage();
  await signIn(page, {
    tenant,
    loginId,
    password: DEMO_PASSWORD,
    redirectTo: path,
    timeout: SIGN_IN_TIMEOUT,
  });
  return page;
}

const documentPath = (documentId: string) => `/t/${TENANT}/documents/${documentId}`;

test("an owner shares with a person of another department after the warning, and they are notified", async ({
  browser,
}) => {
  const tenant = await demoTenant();
  const s = uniqueSuffix();
  const owner = await seedPerson(tenant, { name: `공유자${s}`, departmentName: POLICY_UNIT });
  const colleague = await seedPerson(tenant, { name: `운영담당${s}`, departmentName: SUPPORT_UNIT });
  const doc = await seedDocument(tenant, owner, { title: `하반기 추진계획 ${s}` });

  const page = await signedIn(browser, owner.loginId, `${documentPath(doc.id)}/share`);
  await expect(page.getByRole("heading", { level: 1, name: "공유 설정" })).toBeVisible();
  await page.getByLabel("이름 또는 부서로 찾기").fill(`운영담당${s}`);
  await page.getByRole("button", { name: "찾기" }).click();
  const results = page.getByRole("table", { name: `‘운영담당${s}’ 검색 결과` });
  await results.getByLabel(`운영담당${s}에게 줄 권한`).selectOption({ label: "댓글" });
  await results.getByRole("button", { name: `운영담당${s}에게 공유` }).click();

  // Another department: the page asks first, and nothing is shared yet.
  const warning = page.getByRole("region", { name: "부서 밖으로 공유합니다" });
  await expect(warning).toBeVisible();
  await expect(warning.getByRole("alert")).toContainText(`운영담당${s}은(는) 내 부서 밖에 있습니다.`);
  await expect(page.getByRole("heading", { name: "부서 밖으로 공유합니다" })).toBeFocused();
  const access = page.getByRole("region", { name: "접근 권한이 있는 사람" });
  await expect(access.getByRole("rowheader", { name: new RegExp(`운영담당${s}`) })).toHaveCount(0);
  await expectAccessible(page);

  await warning.getByRole("button", { name: "확인하고 공유" }).click();
  await expect(page.getByRole("status")).toHaveText(`운영담당${s}에게 공유했습니다.`);
  const row = access.getByRole("row").filter({ hasText: `운영담당${s}` });
  await expect(row.getByLabel(`운영담당${s}의 권한`, { exact: true })).toHaveValue("commenter");
  await expect(row).toContainText(SUPPORT_UNIT);
  await expectAccessible(page);

  const [share] = await withTenant(e2eDatabase().db, tenant.id, (tx) =>
    tx.select().from(documentShares).where(eq(documentShares.documentId, doc.id)),
  );
  expect(share).toMatchObject({ granteeKind: "user", granteeId: colleague.id, role: "commenter" });

  // The colleague finds the share among their notifications and opens the document from there.
  const theirs = await signedIn(browser, colleague.loginId, `/t/${TENANT}/notifications`);
  await expect(theirs.getByRole("heading", { level: 1, name: "알림" })).toBeVisible();
  // the frame's 알림 link counts what is unread, and says so to a screen reader
  const personMenu = theirs.getByRole("navigation", { name: "내 계정" });
  await expect(personMenu.getByRole("link", { name: "알림 읽지 않은 알림 1개" })).toBeVisible();
  const link = theirs.getByRole("link", {
    name: `공유자${s} 님이 ‘하반기 추진계획 ${s}’ 문서를 공유했습니다. 권한: 댓글`,
  });
  await expect(link).toHaveAttribute("href", documentPath(doc.id));
  await expectAccessible(theirs);
  await theirs.getByRole("button", { name: "모두 읽음으로 표시" }).click();
  await expect(theirs.getByRole("status")).toHaveText(/알림 \d+개를 읽음으로 표시했습니다\./);
  await expect(theirs.getByText("읽지 않은 알림 0개")).toBeVisible();
  await expect(personMenu.getByRole("link", { name: "알림", exact: true })).toBeVisible();
});

test("a commenter comments on selected text and mentions the owner, but cannot edit the text", async ({
  browser,
}) => {
  const tenant = await demoTenant();
  const s = uniqueSuffix();
  const owner = await seedPerson(tenant, { name: `작성자${s}`, departmentName: POLICY_UNIT });
  const commenter = await seedPerson(tenant, { name: `검토자${s}`, departmentName: POLICY_UNIT });
  const doc = await seedDocument(tenant, owner, { title: `예산 검토 ${s}` });
  await seedShare(tenant, doc, commenter, "commenter");

  // The owner writes a sentence in the live editor.
  const ownerPage = await signedIn(browser, owner.loginId, documentPath(doc.id));
  await expect(ownerPage.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
  await ownerPage.locator("#document-body").click();
  await ownerPage.keyboard.type("예산 집행 계획을 검토합니다.");

  const page = await signedIn(browser, commenter.loginId, documentPath(doc.id));
  await expect(page.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("이 문서에는 댓글만 달 수 있습니다. 본문은 고칠 수 없습니다.")).toBeVisible();
  const body = page.locator("#document-body");
  await expect(body).toContainText("예산 집행 계획을 검토합니다.", { timeout: 20_000 });
  await expect(body).toHaveAttribute("contenteditable", "false");

  // Select the sentence, then comment on it with a mention picked from the list.
  await body.getByText("예산 집행 계획을 검토합니다.").click({ clickCount: 3 });
  const panel = page.getByRole("complementary", { name: "댓글" });
  await panel.getByRole("button", { name: "댓글 달기" }).click();
  await expect(panel.locator("blockquote")).toHaveText("예산 집행 계획을 검토합니다.");
  const box = panel.getByLabel("댓글 내용");
  await expect(box).toBeFocused();
  await box.pressSequentially(`@작성자${s}`);
  const option = panel.getByRole("option", { name: new RegExp(`작성자${s}`) });
  await expect(option).toBeVisible();
  await box.press("Enter");
  await expect(box).toHaveValue(`@작성자${s} `);
  await box.pressSequentially("집행 시기를 확인해 주세요.");
  await panel.getByRole("button", { name: "등록", exact: true }).click();

  const thread = panel.getByRole("article", { name: `검토자${s}의 댓글` });
  await expect(thread.locator("blockquote")).toHaveText("예산 집행 계획을 검토합니다.");
  await expect(thread.locator(".comments-mention")).toHaveText(`@작성자${s}`);
  await expect(thread).toContainText("집행 시기를 확인해 주세요.");
  await expect(panel.getByText("댓글을 남겼습니다.")).toBeAttached();
  // The comments panel; the editor page around it is the editor work's to check.
  await expectAccessible(page, { include: ".comments-panel" });

  // The body did not change: the commenter could not type into it.
  await body.click();
  await page.keyboard.type("몰래 고침");
  await expect(body).not.toContainText("몰래 고침");

  // The owner is told about the mention.
  await ownerPage.goto(`/t/${TENANT}/notifications`);
  const mention = ownerPage.getByRole("link", {
    name: `검토자${s} 님이 ‘예산 검토 ${s}’ 문서의 댓글에서 나를 언급했습니다.`,
  });
  await expect(mention).toHaveAttribute(
    "href",
    new RegExp(`^${documentPath(doc.id)}#comment-[0-9a-f-]{36}$`),
  );
  // It leads to the comment: the owner's panel shows that thread as the active one.
  await mention.click();
  await expect(ownerPage.getByRole("article", { name: `검토자${s}의 댓글` })).toHaveClass(
    /comments-thread--active/,
    { timeout: 15_000 },
  );
});

test("removing a person's access closes their open editor within seconds", async ({ browser }) => {
  const tenant = await demoTenant();
  const s = uniqueSuffix();
  const owner = await seedPerson(tenant, { name: `문서주인${s}`, departmentName: POLICY_UNIT });
  const editor = await seedPerson(tenant, { name: `공동편집${s}`, departmentName: POLICY_UNIT });
  const doc = await seedDocument(tenant, owner, { title: `공동 작성 ${s}` });
  await seedShare(tenant, doc, editor, "editor");

  const editorPage = await signedIn(browser, editor.loginId, documentPath(doc.id));
  await expect(editorPage.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
  await expect(editorPage.locator("#document-body")).toHaveAttribute("contenteditable", "true");

  const ownerPage = await signedIn(browser, owner.loginId, `${documentPath(doc.id)}/share`);
  await ownerPage.getByRole("button", { name: `공동편집${s} 공유 해제` }).click();
  await expect(ownerPage.getByRole("status")).toHaveText("공유를 해제했습니다.");

  await expect(editorPage.getByText("이 문서에 대한 권한이 없어졌습니다.")).toBeVisible({ timeout: 10_000 });
  await expect(editorPage.locator("#document-body")).toHaveAttribute("contenteditable", "false");
});

test("readers read comments but may not write or share; other agencies get 404 everywhere", async ({
  page,
  browser,
}) => {
  const tenant = await demoTenant();
  const s = uniqueSuffix();
  const owner = await seedPerson(tenant, { name: `주인${s}`, departmentName: POLICY_UNIT });
  const reader = await seedPerson(tenant, { name: `열람자${s}`, departmentName: POLICY_UNIT });
  const doc = await seedDocument(tenant, owner, { title: `열람 문서 ${s}` });
  await seedShare(tenant, doc, reader, "reader");
  const base = documentPath(doc.id);

  const readerPage = await signedIn(browser, reader.loginId, base);
  const origin = new URL(readerPage.url()).origin;
  // the document's menu offers a reader no 공유, but still 버전 기록
  const menu = readerPage.getByRole("navigation", { name: "문서 메뉴" });
  await expect(menu.getByRole("link", { name: "버전 기록" })).toBeVisible();
  await expect(menu.getByRole("link", { name: "공유" })).toHaveCount(0);
  expect((await readerPage.goto(`${base}/share`))?.status()).toBe(403);
  expect((await readerPage.request.get(`${base}/comments`)).status()).toBe(200);
  const readerPost = await readerPage.request.post(`${base}/comments`, {
    data: { intent: "create", anchor: null, body: "읽기 권한으로 쓰기" },
    headers: { Origin: origin },
  });
  expect(readerPost.status()).toBe(403);
  const readerShare = await readerPage.request.post(`${base}/share`, {
    form: { intent: "share-agency", role: "editor", confirmBeyondDepartment: "1" },
    headers: { Origin: origin },
  });
  expect(readerShare.status()).toBe(403);

  // A person of another agency, signed in there.
  const { tenant: other, user: stranger } = await seedAgencyWithPerson();
  await signIn(page, {
    tenant: other.slug,
    loginId: stranger.loginId,
    password: DEMO_PASSWORD,
    redirectTo: `/t/${other.slug}/`,
    timeout: SIGN_IN_TIMEOUT,
  });
  for (const path of [
    `${base}/share`,
    `${base}/comments`,
    `${base}/comments/people?q=${encodeURIComponent("주인")}`,
  ]) {
    expect((await page.request.get(path)).status(), path).toBe(404);
  }
  expect((await page.goto(`${base}/share`))?.status()).toBe(404);
  const strangerOrigin = new URL(page.url()).origin;
  const posts = [
    page.request.post(`${base}/comments`, {
      data: { intent: "create", anchor: null, body: "다른 기관" },
      headers: { Origin: strangerOrigin },
    }),
    page.request.post(`${base}/share`, {
      form: { intent: "share-agency", role: "editor", confirmBeyondDepartment: "1" },
      headers: { Origin: strangerOrigin },
    }),
    page.request.post(`${base}/share`, {
      form: { intent: "link", access: "agency", role: "editor", confirmBeyondDepartment: "1" },
      headers: { Origin: strangerOrigin },
    }),
    page.request.post(`/t/${TENANT}/notifications`, {
      form: { intent: "read-all" },
      headers: { Origin: strangerOrigin },
    }),
  ];
  for (const response of await Promise.all(posts)) expect(response.status(), response.url()).toBe(404);
  expect((await page.goto(`/t/${TENANT}/notifications`))?.status()).toBe(404);

  // Nothing changed: the only share is the reader's, and there are no comments.
  const db = e2eDatabase().db;
  const shares = await withTenant(db, tenant.id, (tx) =>
    tx.select().from(documentShares).where(eq(documentShares.documentId, doc.id)),
  );
  expect(shares.map((share) => share.granteeId)).toEqual([reader.id]);
  const comments = await withTenant(db, tenant.id, (tx) =>
    tx
      .select()
      .from(documentComments)
      .where(and(eq(documentComments.tenantId, tenant.id), eq(documentComments.documentId, doc.id))),
  );
  expect(comments).toEqual([]);
});

test("public links are off until the administrator allows them; the policy page passes axe", async ({
  page,
}) => {
  // A fresh agency, so that changing its policy affects no other test.
  const { tenant, user: admin } = await seedAgencyWithPerson({}, { role: "admin" });
  const doc = await seedDocument(tenant, admin, { title: "공개 검토 문서" });
  await signIn(page, {
    tenant: tenant.slug,
    loginId: admin.loginId,
    password: DEMO_PASSWORD,
    redirectTo: `/t/${tenant.slug}/documents/${doc.id}/share`,
    timeout: SIGN_IN_TIMEOUT,
  });
  const link = page.getByRole("region", { name: "링크 공유" });
  await expect(link.getByLabel("링크가 있는 모든 사람 (로그인 불필요)")).toHaveCount(0);
  // Forged anyway: the action refuses it.
  const forged = await page.request.post(`/t/${tenant.slug}/documents/${doc.id}/share`, {
    form: { intent: "link", access: "public", role: "reader", confirmBeyondDepartment: "1" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(forged.status()).toBe(403);

  await page.goto(`/t/${tenant.slug}/admin/document-policy`);
  await expect(page.getByRole("heading", { level: 1, name: "문서 공유 정책" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("checkbox", { name: "공개 링크 허용" }).check();
  await page.getByRole("button", { name: "저장" }).click();
  await expect(page.getByRole("status")).toHaveText("저장했습니다.");

  await page.goto(`/t/${tenant.slug}/documents/${doc.id}/share`);
  await link.getByLabel("링크가 있는 모든 사람 (로그인 불필요)").check();
  await link.getByRole("button", { name: "링크 설정 저장" }).click();
  await page.getByRole("button", { name: "확인하고 공유" }).click();
  await expect(page.getByRole("status")).toHaveText("링크 설정을 저장했습니다.");
  await expect(page.getByRole("rowheader", { name: "링크가 있는 모든 사람" })).toBeVisible();
});
