import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { DEMO_PASSWORD } from "@nuri/db";
import { expect, type Page, test } from "@playwright/test";
import { closeE2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import {
  auditOf,
  demoTenant,
  docxDocumentXml,
  el,
  makePng,
  p,
  pdfText,
  personOf,
  seedDocument,
  seedPerson,
  seedShare,
  setBody,
  signedInPage,
  text,
  uniqueSuffix,
} from "../../fixtures/documents.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// Exports and images in the browser: an image uploaded through the route and served only to
// people who may read the document; each export format downloaded from the history page and
// opened (the PDF's text read back, the DOCX unzipped, the HTML shown in the browser).

test.afterAll(closeE2eDatabase);
// Several sign-ins, uploads of 10 MiB and four exports each: more than the default 30 s on a
// shared machine.
test.describe.configure({ timeout: 120_000 });

const TENANT = "digital-gov";
const PNG = makePng(40, 30, [31, 111, 235]);

/** Uploads a file through the images route as the page's signed-in person. */
function upload(page: Page, documentId: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  return page.request.post(`/t/${TENANT}/documents/${documentId}/images`, {
    multipart: { file },
    headers: { Origin: new URL(page.url()).origin },
  });
}

test("an image uploaded through the route is served to who may read the document, and to no one else", async ({
  page,
  browser,
}) => {
  const tenant = await demoTenant();
  const admin = await personOf(tenant, "admin");
  const document = await seedDocument(tenant, admin, {
    title: `이미지 시험 ${uniqueSuffix()}`,
    body: [p(["그림이 들어갈 문서"])],
  });
  await signIn(page, { tenant: TENANT, loginId: "admin", password: DEMO_PASSWORD });

  // A PNG named and declared as a JPEG: the stored type comes from its bytes.
  const uploaded = await upload(page, document.id, {
    name: "현장 사진.jpg",
    mimeType: "image/jpeg",
    buffer: PNG,
  });
  expect(uploaded.status()).toBe(201);
  const { src } = (await uploaded.json()) as { src: string };
  expect(src).toMatch(new RegExp(`^/t/${TENANT}/documents/${document.id}/images/[0-9a-f-]{36}$`));

  const served = await page.request.get(src);
  expect(served.status()).toBe(200);
  expect(served.headers()).toMatchObject({
    "content-type": "image/png",
    "x-content-type-options": "nosniff",
    "cache-control": "private, max-age=600",
    "content-disposition": "inline",
  });
  // the site's policy and the image's own, both enforced
  expect(served.headers()["content-security-policy"]!.split(/,\s*/)).toContain("sandbox");
  expect(Buffer.from(await served.body())).toEqual(PNG);

  // The refusals, in Korean.
  const svg = await upload(page, document.id, {
    name: "logo.png",
    mimeType: "image/png",
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  });
  expect(svg.status()).toBe(415);
  expect(await svg.json()).toEqual({
    error: {
      code: "documents.image.type",
      message: "PNG, JPEG, GIF, WebP 형식의 이미지만 올릴 수 있습니다. (SVG는 올릴 수 없습니다.)",
    },
  });
  const oversized = await upload(page, document.id, {
    name: "big.png",
    mimeType: "image/png",
    buffer: Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 + 1 - PNG.length)]),
  });
  expect(oversized.status()).toBe(413);
  expect(((await oversized.json()) as { error: { message: string } }).error.message).toBe(
    "이미지는 10MB 이하만 올릴 수 있습니다.",
  );
  const audit = await auditOf(tenant, document.id);
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({
    action: "document.image.upload",
    actorId: admin.id,
    details: { contentType: "image/png", sizeBytes: PNG.length },
  });

  // The image in the document: the version preview shows it (served under this site's CSP).
  await setBody(tenant, document.id, [p(["그림:"]), el("image", { src, alt: "현장 사진" })]);
  await page.goto(`/t/${TENANT}/documents/${document.id}/history`);
  await page.getByLabel("버전 이름").fill("그림 넣은 판");
  await page.getByRole("button", { name: "버전 저장" }).click();
  await page.getByRole("link", { name: "그림 넣은 판 미리보기" }).click();
  const shown = page.getByRole("img", { name: "현장 사진" });
  await expect(shown).toBeVisible();
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40);

  // A reader gets it; a person of another agency and a colleague without access do not.
  const reader = await seedPerson(tenant, { name: "열람자" });
  await seedShare(tenant, document, reader, "reader");
  const readerPage = await signedInPage(browser, TENANT, reader.loginId);
  expect((await readerPage.page.request.get(src)).status()).toBe(200);
  expect(
    (
      await upload(readerPage.page, document.id, { name: "a.png", mimeType: "image/png", buffer: PNG })
    ).status(),
  ).toBe(403);
  await readerPage.close();
  const { tenant: elsewhere, user: stranger } = await seedAgencyWithPerson();
  const foreign = await signedInPage(browser, elsewhere.slug, stranger.loginId);
  expect((await foreign.page.request.get(src)).status()).toBe(404);
  await foreign.close();
  const colleague = await seedPerson(tenant, { name: "권한없음" });
  const noAccess = await signedInPage(browser, TENANT, colleague.loginId);
  expect((await noAccess.page.request.get(src)).status()).toBe(404);
  await noAccess.close();
});

test("each export downloads from the history page and opens with the document's Korean text", async ({
  page,
  browser,
}, testInfo) => {
  const tenant = await demoTenant();
  const admin = await personOf(tenant, "admin");
  const title = `2026년 디지털정부 업무 보고 ${uniqueSuffix()}`;
  const document = await seedDocument(tenant, admin, {
    title,
    body: [p(["준비 중"])],
    disclosure: "partial",
    disclosureGrounds: [5],
    retention: "10y",
  });
  await signIn(page, { tenant: TENANT, loginId: "admin", password: DEMO_PASSWORD });
  const uploaded = await upload(page, document.id, {
    name: "조직도.png",
    mimeType: "image/png",
    buffer: PNG,
  });
  const { src } = (await uploaded.json()) as { src: string };
  await setBody(tenant, document.id, [
    el("heading", { level: 2 }, [text(["추진 배경"])]),
    p(["공공기관 협업 업무공간을 구축합니다."]),
    el("bulletList", {}, [
      el("listItem", {}, [p(["클라우드 전환"])]),
      el("listItem", {}, [p(["데이터 개방"])]),
    ]),
    el("image", { src, alt: "조직도" }),
  ]);
  await page.goto(`/t/${TENANT}/documents/${document.id}/history`);

  const files: Record<string, { name: string; bytes: Buffer; path: string }> = {};
  for (const [format, label] of [
    ["pdf", "PDF로 내보내기"],
    ["docx", "워드 문서(DOCX)로 내보내기"],
    ["md", "마크다운으로 내보내기"],
    ["html", "HTML로 내보내기"],
  ] as const) {
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: label }).click();
    const download = await downloading;
    // saved under its own extension, so that the browser opens the HTML file as HTML
    const path = testInfo.outputPath(`export.${format}`);
    await download.saveAs(path);
    files[format] = { name: download.suggestedFilename(), bytes: await readFile(path), path };
  }

  expect(files.pdf!.name).toBe(`${title}.pdf`);
  expect(files.pdf!.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const pdf = await pdfText(files.pdf!.bytes);
  const flat = pdf.text.replace(/\s+/g, "");
  for (const expected of [
    title,
    "부분공개(5호)",
    "10년",
    "추진 배경",
    "공공기관 협업 업무공간을 구축합니다.",
    "클라우드 전환",
  ]) {
    expect(flat).toContain(expected.replace(/\s+/g, ""));
  }

  expect(files.docx!.name).toBe(`${title}.docx`);
  const xml = docxDocumentXml(files.docx!.bytes);
  expect(xml).toContain("공공기관 협업 업무공간을 구축합니다.");
  expect(xml).toContain("부분공개(5호)");

  expect(files.md!.name).toBe(`${title}.md`);
  const markdown = files.md!.bytes.toString("utf8");
  expect(markdown).toContain(`# ${title}`);
  expect(markdown).toContain("| 디지털행정부 | 부분공개(5호) | 10년 |");
  expect(markdown).toContain("- 클라우드 전환\n- 데이터 개방");
  expect(markdown).toContain(`![조직도](data:image/png;base64,${PNG.toString("base64")})`);

  // The HTML file opens on its own, off the site, with its image embedded.
  expect(files.html!.name).toBe(`${title}.html`);
  const offline = await browser.newContext();
  const opened = await offline.newPage();
  await opened.goto(pathToFileURL(files.html!.path).href);
  await expect(opened.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(opened.getByText("공공기관 협업 업무공간을 구축합니다.")).toBeVisible();
  const image = opened.getByRole("img", { name: "조직도" });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40);
  await offline.close();

  const exports = (await auditOf(tenant, document.id)).filter((entry) => entry.action === "document.export");
  expect(exports.map((entry) => entry.details.format)).toEqual(["pdf", "docx", "md", "html"]);
});

test("a reader may export; an unknown format, a colleague without access and another agency get 404", async ({
  browser,
}) => {
  const tenant = await demoTenant();
  const admin = await personOf(tenant, "admin");
  const document = await seedDocument(tenant, admin, {
    title: `열람자 내보내기 ${uniqueSuffix()}`,
    body: [p(["읽기 전용 본문"])],
  });
  const reader = await seedPerson(tenant, { name: "열람자" });
  await seedShare(tenant, document, reader, "reader");
  const base = `/t/${TENANT}/documents/${document.id}/export`;

  const readerPage = await signedInPage(browser, TENANT, reader.loginId);
  const markdown = await readerPage.page.request.get(`${base}/md`);
  expect(markdown.status()).toBe(200);
  expect(markdown.headers()["content-disposition"]).toBe(
    `attachment; filename="document.md"; filename*=UTF-8''${encodeURIComponent(document.title)}.md`,
  );
  expect(await markdown.text()).toContain("읽기 전용 본문");
  expect((await readerPage.page.request.get(`${base}/exe`)).status()).toBe(404);
  await readerPage.close();

  const colleague = await seedPerson(tenant, { name: "권한없음" });
  const noAccess = await signedInPage(browser, TENANT, colleague.loginId);
  expect((await noAccess.page.request.get(`${base}/md`)).status()).toBe(404);
  await noAccess.close();
  const { tenant: elsewhere, user: stranger } = await seedAgencyWithPerson();
  const foreign = await signedInPage(browser, elsewhere.slug, stranger.loginId);
  expect((await foreign.page.request.get(`${base}/pdf`)).status()).toBe(404);
  await foreign.close();

  const audit = await auditOf(tenant, document.id);
  expect(audit.map((entry) => [entry.action, entry.actorId, entry.details.format])).toEqual([
    ["document.export", reader.id, "md"],
  ]);
});
