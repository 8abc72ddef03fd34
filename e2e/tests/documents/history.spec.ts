import { createHash } from "node:crypto";
import { DEMO_PASSWORD, documentImages, documentVersions, withTenant } from "@nuri/db";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "../../fixtures/accessibility.ts";
import { closeE2eDatabase, e2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import {
  addParagraph,
  auditOf,
  demoTenant,
  makePng,
  p,
  personOf,
  seedDocument,
  seedPerson,
  seedShare,
  signedInPage,
  textOf,
  uniqueSuffix,
} from "../../fixtures/documents.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// A document's version history in the browser: naming the current state, previewing a version,
// comparing it with the current text and restoring it (the stored state changes); who may do
// what; and that people of another agency, or without access, find nothing at all.

test.afterAll(closeE2eDatabase);
// Several sign-ins and accessibility checks each: more than the default 30 s on a shared machine.
test.describe.configure({ timeout: 120_000 });

const TENANT = "digital-gov";

test("an editor names a version, previews it, compares it with the current text and restores it", async ({
  page,
}) => {
  const tenant = await demoTenant();
  const admin = await personOf(tenant, "admin");
  const document = await seedDocument(tenant, admin, {
    title: `버전 기록 시험 ${uniqueSuffix()}`,
    body: [p(["누리 업무 보고 본문입니다."])],
  });
  const base = `/t/${TENANT}/documents/${document.id}`;
  await signIn(page, {
    tenant: TENANT,
    loginId: "admin",
    password: DEMO_PASSWORD,
    redirectTo: `${base}/history`,
  });
  await expect(page.getByRole("heading", { level: 1, name: "버전 기록" })).toBeVisible();
  await expect(page.getByText("아직 저장된 버전이 없습니다.")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("버전 이름").fill("결재 상신 전");
  await page.getByRole("button", { name: "버전 저장" }).click();
  await expect(page.getByRole("status")).toHaveText("‘결재 상신 전’ 버전을 저장했습니다.");
  const named = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 3, name: /결재 상신 전/ }) });
  await expect(named.getByText("이름 붙인 버전")).toBeVisible();
  await expect(named.getByText("박지원")).toBeVisible();
  await expect(page.getByLabel("버전 이름")).toHaveValue("");
  await expectAccessible(page);

  // Someone edits the document after the version was named.
  await addParagraph(tenant, document.id, "나중에 추가한 문단입니다.");

  await named.getByRole("link", { name: "결재 상신 전 미리보기" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("이름 붙인 버전 결재 상신 전");
  await expect(page.locator(".history-preview")).toHaveText("누리 업무 보고 본문입니다.");
  await expect(page.getByRole("link", { name: "미리보기", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expectAccessible(page);

  await page.getByRole("link", { name: "현재 문서와 비교" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "이 버전과 현재 문서 비교" })).toBeVisible();
  await expect(page.getByText("추가 1곳, 삭제 0곳")).toBeVisible();
  // the inserted text, with the words a screen reader announces around it
  await expect(page.locator(".history-diff ins")).toHaveText("[추가 시작]나중에 추가한 문단입니다.[추가 끝]");
  await expect(page.locator(".history-diff del")).toHaveCount(0);
  await expectAccessible(page);

  await page.getByText("이 버전으로 복원하기").click();
  await expect(
    page.getByText("복원하면 문서의 현재 내용이 이 버전의 내용으로 바뀝니다.", { exact: false }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "복원", exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === `${base}/history` && url.search === "?restored=1");
  await expect(page.getByRole("status")).toHaveText(
    "버전을 복원했습니다. 복원 전 내용도 버전 기록에 남아 있습니다.",
  );
  // The stored document is the version's again; the history records the restore first.
  expect(await textOf(tenant, document.id)).toBe("누리 업무 보고 본문입니다.");
  const newest = page.getByRole("region", { name: "버전 목록" }).getByRole("listitem").first();
  await expect(newest.getByRole("heading", { level: 3 })).toContainText("복원");
  await expect(newest.getByText("박지원").first()).toBeVisible();
  const audit = await auditOf(tenant, document.id);
  expect(audit.map((entry) => entry.action)).toEqual(["document.version.create", "document.version.restore"]);
  expect(audit[0]).toMatchObject({ actorId: admin.id, details: { name: "결재 상신 전" } });
});

test("a version name longer than 100 characters is refused in Korean, and the name is kept", async ({
  page,
}) => {
  const tenant = await demoTenant();
  const admin = await personOf(tenant, "admin");
  const document = await seedDocument(tenant, admin, {
    title: `이름 길이 시험 ${uniqueSuffix()}`,
    body: [p(["본문"])],
  });
  const base = `/t/${TENANT}/documents/${document.id}`;
  await signIn(page, {
    tenant: TENANT,
    loginId: "admin",
    password: DEMO_PASSWORD,
    redirectTo: `${base}/history`,
  });
  const long = "가".repeat(101);
  await page.getByLabel("버전 이름").fill(long);
  await page.getByRole("button", { name: "버전 저장" }).click();
  await expect(page.getByRole("alert")).toHaveText("버전 이름은 100자 이내로 입력해 주세요.");
  await expect(page.getByLabel("버전 이름")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("버전 이름")).toHaveValue(long);
  await expectAccessible(page);
  // exactly 100 characters are fine
  await page.getByLabel("버전 이름").fill("가".repeat(100));
  await page.getByRole("button", { name: "버전 저장" }).click();
  await expect(page.getByRole("status")).toContainText("버전을 저장했습니다.");
});

test("a reader sees the history but may neither name nor restore a version", async ({ browser }) => {
  const tenant = await demoTenant();
  const admin = await personOf(tenant, "admin");
  const reader = await seedPerson(tenant, { name: "열람자" });
  const document = await seedDocument(tenant, admin, {
    title: `열람 시험 ${uniqueSuffix()}`,
    body: [p(["읽기만 하는 문서"])],
  });
  await seedShare(tenant, document, reader, "reader");
  const [version] = await withTenant(e2eDatabase().db, tenant.id, (tx) =>
    tx
      .insert(documentVersions)
      .values({
        tenantId: tenant.id,
        documentId: document.id,
        kind: "auto",
        state: new Uint8Array([0, 0]),
        contributors: [admin.id],
      })
      .returning(),
  );
  const base = `/t/${TENANT}/documents/${document.id}`;
  const { page, close } = await signedInPage(browser, TENANT, reader.loginId, `${base}/history`);
  await expect(page.getByRole("heading", { level: 1, name: "버전 기록" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3 })).toContainText("자동 저장");
  await expect(page.getByLabel("버전 이름")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("link", { name: /미리보기$/ }).click();
  await expect(page.getByText("이 버전에는 내용이 없습니다.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "이 버전으로 복원" })).toHaveCount(0);

  const origin = new URL(page.url()).origin;
  const name = await page.request.post(`${base}/history`, {
    form: { intent: "name", name: "몰래" },
    headers: { Origin: origin },
  });
  expect(name.status()).toBe(403);
  const restore = await page.request.post(`${base}/history/${version!.id}`, {
    form: { intent: "restore" },
    headers: { Origin: origin },
  });
  expect(restore.status()).toBe(403);
  expect((await auditOf(tenant, document.id)).map((entry) => entry.action)).toEqual([]);
  await close();
});

test("people of another agency, and people without access, find no history, version, export or image", async ({
  browser,
}) => {
  const tenant = await demoTenant();
  const admin = await personOf(tenant, "admin");
  const document = await seedDocument(tenant, admin, {
    title: `비공개 시험 ${uniqueSuffix()}`,
    body: [p(["기관 내부 문서"])],
  });
  const png = makePng(2, 2);
  const [version, image] = await withTenant(e2eDatabase().db, tenant.id, async (tx) => [
    (
      await tx
        .insert(documentVersions)
        .values({
          tenantId: tenant.id,
          documentId: document.id,
          kind: "named",
          name: "내부",
          state: new Uint8Array([0, 0]),
        })
        .returning()
    )[0]!,
    (
      await tx
        .insert(documentImages)
        .values({
          tenantId: tenant.id,
          documentId: document.id,
          contentType: "image/png",
          sizeBytes: png.length,
          sha256: createHash("sha256").update(png).digest(),
          data: png,
          createdBy: admin.id,
        })
        .returning()
    )[0]!,
  ]);
  const base = `/t/${TENANT}/documents/${document.id}`;
  const paths = [
    `${base}/history`,
    `${base}/history/${version.id}`,
    `${base}/history/${version.id}?view=compare`,
    `${base}/export/pdf`,
    `${base}/export/md`,
    `${base}/images/${image.id}`,
  ];

  const { tenant: elsewhere, user: stranger } = await seedAgencyWithPerson();
  const foreign = await signedInPage(browser, elsewhere.slug, stranger.loginId);
  const colleague = await seedPerson(tenant, { name: "권한없음" });
  const noAccess = await signedInPage(browser, TENANT, colleague.loginId);
  for (const { page } of [foreign, noAccess]) {
    for (const path of paths) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(`${path} ${response.status()}`).toBe(`${path} 404`);
    }
    const headers = { Origin: new URL(page.url()).origin };
    const upload = await page.request.post(`${base}/images`, {
      multipart: { file: { name: "a.png", mimeType: "image/png", buffer: png } },
      headers,
    });
    expect(upload.status()).toBe(404);
    const name = await page.request.post(`${base}/history`, { form: { intent: "name", name: "x" }, headers });
    expect(name.status()).toBe(404);
    const restore = await page.request.post(`${base}/history/${version.id}`, {
      form: { intent: "restore" },
      headers,
    });
    expect(restore.status()).toBe(404);
  }
  // The page a person of another agency lands on says nothing of the document.
  await foreign.page.goto(`${base}/history`);
  await expect(
    foreign.page.getByRole("heading", { level: 1, name: "페이지를 찾을 수 없습니다" }),
  ).toBeVisible();
  await expect(foreign.page.getByText("기관 내부 문서")).toHaveCount(0);
  await foreign.close();
  await noAccess.close();
  expect(await auditOf(tenant, document.id)).toEqual([]);
});
