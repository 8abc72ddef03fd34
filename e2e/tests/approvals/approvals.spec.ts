import { and, DEMO_PASSWORD, departments, eq, type Tenant, type User, withTenant } from "@nuri/db";
import { buildDepartment } from "@nuri/db/testing";
import { type Browser, type BrowserContext, expect, type Locator, type Page, test } from "@playwright/test";
import { actOnApproval } from "../../../app/app/services/approvals/act-on-approval.server.ts";
import { attachFiles } from "../../../app/app/services/approvals/approval-attachments.server.ts";
import { submitApproval } from "../../../app/app/services/approvals/submit-approval.server.ts";
import { expectAccessible } from "../../fixtures/accessibility.ts";
import {
  actorOf,
  bodyDocumentOf,
  ensureExpenseDelegation,
  retire,
  seedAbsence,
  seedDraft,
  seedSavedLine,
  seedStaff,
  seedSubmittedApproval,
} from "../../fixtures/approvals.ts";
import { closeE2eDatabase, e2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import { demoTenant, pdfText, personOf, textOf, uniqueSuffix } from "../../fixtures/documents.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// 전자결재 in a real browser, against the real app, collab-server and PostgreSQL: each person in
// a browser of their own. A 지출결의서 goes through 검토, a parallel 협조 of two other 과 and the
// 과장's 전결, and its official PDF carries its number; a 반려 is redrafted (재기안) and goes up
// again; a substitute signs 대결 under the 과장's 부재 설정 and the 과장 gives 후결 afterwards;
// 회수 before anyone acts; two people co-draft the body live; a person of another agency finds
// nothing; and every count of the side menu matches its list.

test.afterAll(closeE2eDatabase);
// Several people sign in (argon2) and live editors connect: more than the default 30 s.
test.describe.configure({ timeout: 180_000 });

const TENANT = "digital-gov";
const APPROVALS = `/t/${TENANT}/approvals`;
/** How long to wait for a page behind a sign-in, or for a live editor to connect, on a busy machine. */
const SLOW = { timeout: 20_000 };

interface Person {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations and uncaught errors the page reported (there must be none). */
  problems: string[];
}

const people: Person[] = [];

/** A demo (or seeded) person signed in in a browser of their own, on `path`. */
async function openAs(browser: Browser, loginId: string, path: string, tenant = TENANT): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await signIn(page, { tenant, loginId, password: DEMO_PASSWORD, redirectTo: path, timeout: 20_000 });
  const person = { context, page, problems };
  people.push(person);
  return person;
}

test.afterEach(async () => {
  for (const person of people.splice(0)) {
    expect(person.problems, "CSP violations and page errors").toEqual([]);
    await person.context.close();
  }
});

/** The notice a page shows after an action (role=status). */
const notice = (page: Page, text: string | RegExp) =>
  page.locator(".approval-alert--ok[role=status]").filter({ hasText: text });

/** The rows of the draft's line editor, and the names in them, in order. */
const lineRows = (page: Page) => page.locator("#draft-line tbody tr");
const lineNames = (page: Page) => lineRows(page).locator("td:nth-child(3) strong");

/** Finds a person in the draft's people search and adds them with the button `what`. */
async function addPerson(page: Page, query: string, name: string, what: string) {
  await page.getByLabel("이름, 부서 또는 직위").fill(query);
  await page.getByRole("button", { name: "찾기", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(query)}`));
  const row = page
    .locator("#people tbody tr")
    .filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: what }).click();
}

/** The status word of the document (상태), as the page shows it. */
const statusOf = (page: Page) => page.locator(".approval-facts .approval-status");

/** The 결재란 row of a step holder. */
const signatureRow = (page: Page, name: string) =>
  page
    .locator(".approval-signatures tbody tr")
    .filter({ has: page.getByRole("rowheader", { name, exact: true }) });

/** Waits for the live editor of the body; answers it. */
async function liveBody(page: Page): Promise<Locator> {
  await expect(page.getByRole("status").filter({ hasText: "실시간 연결됨" })).toBeVisible(SLOW);
  const editor = page.getByRole("textbox", { name: "문서 본문" });
  await expect(editor).toBeVisible();
  return editor;
}

async function departmentId(tenant: Tenant, name: string): Promise<string> {
  const [row] = await withTenant(e2eDatabase().db, tenant.id, (tx) =>
    tx
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.tenantId, tenant.id), eq(departments.name, name))),
  );
  if (!row) throw new Error(`no department ${name}`);
  return row.id;
}

let tenant: Tenant;
let demo: Record<string, User>;

test.beforeAll(async () => {
  tenant = await demoTenant(TENANT);
  const loginIds = [
    "admin",
    "kwon.naeun",
    "shin.jaemin",
    "seo.minji",
    "oh.junyoung",
    "hwang.taeyang",
    "ryu.hyunwoo",
    "han.sohee",
  ];
  demo = Object.fromEntries(
    await Promise.all(loginIds.map(async (loginId) => [loginId, await personOf(tenant, loginId)] as const)),
  );
  await ensureExpenseDelegation(tenant, demo.admin!);
});

test("a 지출결의서 goes through 검토, a parallel 협조 of two and the 과장's 전결; its PDF carries its number", async ({
  browser,
}) => {
  const title = `업무추진비 지출결의 ${uniqueSuffix()}`;
  const naeun = await openAs(browser, "kwon.naeun", `${APPROVALS}/new`);
  const page = naeun.page;
  await expect(page.getByRole("heading", { level: 1, name: "기안하기" })).toBeVisible();
  await expectAccessible(page, { what: "기안하기" });
  await page.getByRole("radio", { name: "지출결의서" }).check();
  await page.getByRole("button", { name: "기안문 만들기" }).click();
  await expect(page).toHaveURL(/\/approvals\/[0-9a-f-]{36}\?notice=created$/);
  const path = new URL(page.url()).pathname;
  await expect(notice(page, "기안문을 만들었습니다.")).toBeVisible();

  // The form's fields: the amount in Korean words as it is typed.
  await page.getByLabel("제목", { exact: true }).fill(title);
  await page.getByLabel("지출 금액").fill("500000");
  await expect(page.getByText("금500,000원(금오십만원)")).toBeVisible();
  await page.getByLabel("지출 과목").fill("업무추진비");
  await page.getByLabel("지급 대상").fill("누리상사");
  await page.getByRole("radio", { name: "공개", exact: true }).check();
  await page.getByLabel("보존기간").selectOption("5y");
  // A required field left empty is named beside its input and in the summary at the top.
  await page.getByLabel("지급 대상").fill("");
  await page.getByRole("button", { name: "상신", exact: true }).click();
  const summary = page.getByRole("alert").filter({ hasText: "입력한 내용을 확인해 주세요." });
  await expect(summary.getByRole("link", { name: "지급 대상을(를) 입력해 주세요." })).toBeVisible();
  await expect(page.getByLabel("지급 대상")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, { what: "the draft with a refusal" });
  await page.getByLabel("지급 대상").fill("누리상사");

  // 증빙서류: a file of a kind not allowed is refused beside its input, in words; a receipt
  // goes up with the form (what was typed is saved with it), and one taken off again is gone.
  const receipts = page.getByRole("group", { name: "증빙서류" });
  await receipts.getByLabel("「증빙서류」에 붙일 파일").setInputFiles({
    name: "invoice.exe",
    mimeType: "application/octet-stream",
    buffer: Buffer.from("MZ"),
  });
  await receipts.getByRole("button", { name: "붙이기" }).click();
  await expect(receipts.getByText(/붙일 수 없는 종류의 파일입니다\./)).toBeVisible();
  await expect(receipts.getByLabel("「증빙서류」에 붙일 파일")).toHaveAttribute("aria-invalid", "true");
  await receipts.getByLabel("「증빙서류」에 붙일 파일").setInputFiles([
    { name: "세금계산서.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 세금계산서") },
    { name: "잘못 올린 파일.png", mimeType: "image/png", buffer: Buffer.from("not really a png") },
  ]);
  await receipts.getByRole("button", { name: "붙이기" }).click();
  await expect(notice(page, "파일 2개를 붙였습니다.")).toBeVisible();
  await expect(receipts.getByRole("link", { name: "세금계산서.pdf" })).toBeVisible();
  await expect(page.getByLabel("지급 대상")).toHaveValue("누리상사");
  await receipts.getByRole("button", { name: "잘못 올린 파일.png 빼기" }).click();
  await expect(notice(page, "붙임에서 뺐습니다.")).toBeVisible();
  await expect(receipts.getByRole("listitem")).toHaveCount(1);
  await expectAccessible(page, { what: "the draft with its 증빙서류" });

  // 500,000원 is the 과장's to close by 전결 under the 위임전결 rule.
  await page.getByRole("button", { name: "자동 결재선" }).click();
  await expect(notice(page, "위임전결 규정에 따라 결재선을 다시 만들었습니다.")).toBeVisible();
  await expect(lineNames(page)).toHaveText(["서민지"]);
  await expect(lineRows(page).first()).toContainText("전결");
  await expect(page.getByText("금500,000원(금오십만원)")).toBeVisible();

  // 검토 by the 팀장, 협조 by two 과장 of other 과 side by side, and the 국장 above the 과장.
  await addPerson(page, "신재민", "신재민", "검토로 추가");
  await expect(lineNames(page)).toHaveText(["신재민", "서민지"]);
  await addPerson(page, "황태양", "황태양", "협조로 추가");
  await expect(lineNames(page)).toHaveText(["신재민", "황태양", "서민지"]);
  await addPerson(page, "류현우", "류현우", "협조로 추가");
  await expect(lineNames(page)).toHaveText(["신재민", "황태양", "류현우", "서민지"]);
  await page.getByRole("checkbox", { name: "류현우 협조를 앞 협조와 함께(병렬) 처리" }).check();
  await addPerson(page, "오준영", "오준영", "결재로 추가");
  await expect(lineNames(page)).toHaveText(["신재민", "황태양", "류현우", "서민지", "오준영"]);
  await expect(page.getByRole("checkbox", { name: "류현우 협조를 앞 협조와 함께(병렬) 처리" })).toBeChecked();
  for (const [index, kind] of ["review", "cooperate", "cooperate", "approve", "approve"].entries()) {
    await expect(lineRows(page).nth(index).locator("select")).toHaveValue(kind);
  }
  await expect(lineRows(page).nth(3)).toContainText("전결");
  await expectAccessible(page, { what: "the draft with its line" });

  const body = await liveBody(page);
  await body.click();
  await page.keyboard.type("2026년 업무추진비 지출을 결의합니다.");
  await page.getByLabel("상신 의견 (선택)").fill("검토 부탁드립니다.");
  await page.getByRole("button", { name: "상신", exact: true }).click();
  await expect(notice(page, "상신했습니다.")).toBeVisible();
  await expect(statusOf(page)).toHaveText("진행");
  await expect(page.getByText("이 문서는 읽기만 할 수 있습니다.")).toBeVisible(SLOW);
  await expect(signatureRow(page, "신재민")).toContainText("진행 중");
  await expect(signatureRow(page, "서민지")).toContainText("대기");
  await expectAccessible(page, { what: "the submitted document" });

  // The 검토자 finds it in 결재대기 and passes it on.
  const jaemin = await openAs(browser, "shin.jaemin", APPROVALS);
  await jaemin.page.getByRole("link", { name: title }).click();
  await expect(jaemin.page).toHaveURL((url) => url.pathname === path);
  await expect(jaemin.page.getByText("검토 부탁드립니다.")).toBeVisible();
  await expectAccessible(jaemin.page, { what: "the document at its 검토 step" });
  await jaemin.page.getByRole("button", { name: "검토 완료" }).click();
  await expect(notice(jaemin.page, "승인했습니다.")).toBeVisible();

  // Both 협조자 have it at once; each agrees in their own browser.
  const taeyang = await openAs(browser, "hwang.taeyang", path);
  const hyunwoo = await openAs(browser, "ryu.hyunwoo", path);
  await expect(taeyang.page.getByRole("button", { name: "협조 동의" })).toBeVisible();
  await expect(hyunwoo.page.getByRole("button", { name: "협조 동의" })).toBeVisible();
  await taeyang.page.getByRole("button", { name: "협조 동의" }).click();
  await expect(notice(taeyang.page, "승인했습니다.")).toBeVisible();
  await expect(signatureRow(taeyang.page, "류현우")).toContainText("진행 중");
  await hyunwoo.page.getByLabel("의견", { exact: true }).fill("예산 과목 확인했습니다.");
  await expect(hyunwoo.page.getByText("13/2000자")).toBeVisible();
  await hyunwoo.page.getByRole("button", { name: "협조 동의" }).click();
  await expect(notice(hyunwoo.page, "승인했습니다.")).toBeVisible();

  // The 과장 closes it by 전결: numbered, the 국장's cell reads 전결.
  const minji = await openAs(browser, "seo.minji", path);
  await expect(minji.page.getByRole("button", { name: "승인", exact: true })).toBeVisible();
  await minji.page.getByRole("button", { name: "전결", exact: true }).click();
  await expect(
    notice(minji.page, /전결했습니다\. 문서번호 디지털정부정책과-\d+\(으\)로 등록되었습니다\./),
  ).toBeVisible();
  await expect(statusOf(minji.page)).toHaveText("완료");
  const number = (await minji.page.locator(".approval-number").textContent()) ?? "";
  expect(number).toMatch(/^디지털정부정책과-\d+$/);
  await expect(signatureRow(minji.page, "서민지")).toContainText("전결");
  await expect(signatureRow(minji.page, "오준영")).toContainText("전결");
  await expect(signatureRow(minji.page, "황태양")).toContainText("승인");
  await expect(minji.page.getByText("예산 과목 확인했습니다.")).toBeVisible();
  await expectAccessible(minji.page, { what: "the completed document" });

  // The official document: a PDF with the number, downloaded as a file, never cached.
  const downloading = minji.page.waitForEvent("download");
  await minji.page.getByRole("link", { name: "PDF 내려받기" }).click();
  expect((await downloading).suggestedFilename()).toBe(`${number}.pdf`);
  const pdf = await naeun.page.request.get(`${path}/official.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["content-disposition"]).toMatch(/^attachment; /);
  expect(pdf.headers()["cache-control"]).toContain("no-store");
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const { text } = await pdfText(new Uint8Array(bytes));
  expect(text).toContain(`시행 ${number}`);
  expect(text).toContain("디지털행정부");
  const html = await naeun.page.request.get(`${path}/official.html?download`);
  expect(html.status()).toBe(200);
  expect(html.headers()["content-disposition"]).toMatch(/^attachment; /);
  expect(await html.text()).toContain(number);
  // The 증빙서류 goes with it: the 과장 downloads it, and 붙임 names it.
  const receipt = minji.page.waitForEvent("download");
  await minji.page.getByRole("link", { name: "세금계산서.pdf" }).click();
  expect((await receipt).suggestedFilename()).toBe("세금계산서.pdf");
  // Viewed in the browser, the 기안문 reads as a page, under its own policy (no CSP violation
  // is reported: afterEach checks), with 붙임 and the agency's contacts from 기관 정보.
  await minji.page.getByRole("link", { name: "공문서 보기 (HTML)" }).click();
  await expect(minji.page).toHaveURL((url) => url.pathname === `${path}/official.html`);
  await expect(minji.page.getByText(/세금계산서 1부\.\s+끝\./)).toBeVisible();
  await expect(minji.page.getByText(number, { exact: false }).first()).toBeVisible();
  await expect(minji.page.getByText(/30128/)).toBeVisible();
  await expect(minji.page.getByText(/044-205-1234/)).toBeVisible();
  const sheetWidth = await minji.page
    .locator(".sheet")
    .evaluate((element) => element.getBoundingClientRect().width);
  // 210 mm at 96 dpi: the stylesheet applied
  expect(Math.round(sheetWidth)).toBe(794);

  // The drafter is told, in words, with a link to the document.
  await naeun.page.goto(`/t/${TENANT}/notifications`);
  const told = naeun.page.getByRole("link", {
    name: `‘${title}’의 결재가 끝나 ${number}(으)로 등록되었습니다.`,
  });
  await expect(told).toBeVisible();
  await told.click();
  await expect(naeun.page).toHaveURL((url) => url.pathname === path);
});

test("a 반려 with its 의견, and a 재기안 that copies the body and goes up again", async ({ browser }) => {
  const title = `반려 시험 ${uniqueSuffix()}`;
  const approvalId = await seedSubmittedApproval({
    tenant,
    drafter: demo["kwon.naeun"]!,
    title,
    body: ["반려될 문서의 본문입니다."],
    line: [{ kind: "approve", group: 1, assigneeId: demo["seo.minji"]!.id }],
  });
  const path = `${APPROVALS}/${approvalId}`;
  const minji = await openAs(browser, "seo.minji", path);
  // 반려 asks for a reason.
  await minji.page.getByRole("button", { name: "반려", exact: true }).click();
  await expect(minji.page.getByRole("alert")).toHaveText("반려하려면 의견을 입력해 주세요.");
  await expectAccessible(minji.page, { what: "a refused 반려" });
  await minji.page.getByLabel("의견", { exact: true }).fill("예산 과목을 다시 확인해 주세요.");
  await minji.page.getByRole("button", { name: "반려", exact: true }).click();
  await expect(notice(minji.page, "반려했습니다.")).toBeVisible();
  await expect(statusOf(minji.page)).toHaveText("반려");

  const naeun = await openAs(browser, "kwon.naeun", path);
  await expect(statusOf(naeun.page)).toHaveText("반려");
  await expect(naeun.page.locator(".approval-history")).toContainText("예산 과목을 다시 확인해 주세요.");
  await expect(signatureRow(naeun.page, "서민지")).toContainText("반려");
  await naeun.page.getByRole("button", { name: "재기안" }).click();
  await expect(naeun.page).toHaveURL(/\/approvals\/[0-9a-f-]{36}\?notice=redrafted$/);
  expect(new URL(naeun.page.url()).pathname).not.toBe(path);
  await expect(notice(naeun.page, "재기안했습니다.")).toBeVisible();
  await expect(naeun.page.getByLabel("제목", { exact: true })).toHaveValue(title);
  const body = await liveBody(naeun.page);
  await expect(body).toContainText("반려될 문서의 본문입니다.");
  await expect(lineNames(naeun.page)).toHaveText(["서민지"]);
  await naeun.page.getByRole("button", { name: "상신", exact: true }).click();
  await expect(notice(naeun.page, "상신했습니다.")).toBeVisible();
  await expect(statusOf(naeun.page)).toHaveText("진행");
  await expect(naeun.page.getByRole("link", { name: "원래 문서 보기" })).toBeVisible();
});

test("a 대결 under the 과장's 부재 설정, and the 후결 the 과장 gives afterwards", async ({ browser }) => {
  const suffix = uniqueSuffix();
  // People of a department of their own: a new 과장 in a demo 과 would become its head, and the
  // automatic lines of the other tests would go to them.
  const unit = `대결시험과${suffix}`;
  const division = (
    await buildDepartment(e2eDatabase().db, tenant.id, {
      name: unit,
      parentId: await departmentId(tenant, "디지털정부국"),
    })
  ).id;
  const drafter = await seedStaff(tenant, {
    name: `기안자${suffix}`,
    departmentId: division,
    positionName: "담당",
  });
  const chief = await seedStaff(tenant, {
    name: `부재과장${suffix}`,
    departmentId: division,
    positionName: "과장",
  });
  const substitute = await seedStaff(tenant, {
    name: `대결자${suffix}`,
    departmentId: division,
    positionName: "팀장",
  });
  await seedAbsence(tenant, chief, substitute);
  const title = `대결 시험 ${suffix}`;
  const approvalId = await seedSubmittedApproval({
    tenant,
    drafter,
    title,
    line: [{ kind: "approve", group: 1, assigneeId: chief.id }],
  });
  const path = `${APPROVALS}/${approvalId}`;

  // The substitute finds it in their 결재대기 and signs 대결.
  const sub = await openAs(browser, substitute.loginId, APPROVALS);
  await sub.page.getByRole("link", { name: title }).click();
  await expect(sub.page).toHaveURL((url) => url.pathname === path);
  const proxy = sub.page.getByRole("button", { name: `대결 (부재과장${suffix} 과장 대신)` });
  await expect(proxy).toBeVisible();
  await expectAccessible(sub.page, { what: "the document a substitute may sign" });
  await proxy.click();
  // The 과장's was the last step: the 대결 completes the document.
  await expect(notice(sub.page, `결재가 완료되어 문서번호 ${unit}-1(으)로 등록되었습니다.`)).toBeVisible();
  await expect(statusOf(sub.page)).toHaveText("완료");
  await expect(signatureRow(sub.page, `부재과장${suffix}`)).toContainText(
    `대결(대결자${suffix}) · 후결 필요`,
  );

  // The 과장, back, owes 후결: it waits in their 결재대기 until they give it.
  const back = await openAs(browser, chief.loginId, APPROVALS);
  await back.page.getByRole("link", { name: title }).click();
  await back.page.getByRole("button", { name: "후결", exact: true }).click();
  await expect(notice(back.page, "후결했습니다.")).toBeVisible();
  await expect(signatureRow(back.page, `부재과장${suffix}`)).toContainText(
    `대결(대결자${suffix}) · 후결 완료`,
  );
  await expect(back.page.getByRole("button", { name: "후결", exact: true })).toHaveCount(0);
  await back.page.goto(APPROVALS);
  await expect(back.page.getByRole("link", { name: title })).toHaveCount(0);
});

test("회수 before the first approver acts, and not once they have", async ({ browser }) => {
  const line = [
    { kind: "review" as const, group: 1, assigneeId: demo["shin.jaemin"]!.id },
    { kind: "approve" as const, group: 2, assigneeId: demo["seo.minji"]!.id },
  ];
  const early = `회수 시험 ${uniqueSuffix()}`;
  const earlyId = await seedSubmittedApproval({ tenant, drafter: demo["kwon.naeun"]!, title: early, line });
  const late = `회수 불가 시험 ${uniqueSuffix()}`;
  const lateId = await seedSubmittedApproval({ tenant, drafter: demo["kwon.naeun"]!, title: late, line });
  await actOnApproval(actorOf(tenant, demo["shin.jaemin"]!), {
    approvalId: lateId,
    action: { type: "approve" },
  });

  const naeun = await openAs(browser, "kwon.naeun", `${APPROVALS}/${earlyId}`);
  await naeun.page.getByRole("button", { name: "회수", exact: true }).click();
  await expect(notice(naeun.page, "회수했습니다.")).toBeVisible();
  await expect(statusOf(naeun.page)).toHaveText("회수");
  // Withdrawn, it is a draft again: its drafter may change it and submit it anew.
  await expect(naeun.page.getByLabel("제목", { exact: true })).toHaveValue(early);
  await expect(naeun.page.getByRole("button", { name: "상신", exact: true })).toBeVisible();
  await expectAccessible(naeun.page, { what: "a withdrawn document" });

  const jaemin = await openAs(browser, "shin.jaemin", APPROVALS);
  await expect(jaemin.page.getByRole("heading", { level: 1, name: "결재대기" })).toBeVisible();
  await expect(jaemin.page.getByRole("link", { name: early })).toHaveCount(0);

  await naeun.page.goto(`${APPROVALS}/${lateId}`);
  await expect(statusOf(naeun.page)).toHaveText("진행");
  await expect(signatureRow(naeun.page, "신재민")).toContainText("승인");
  await expect(naeun.page.getByRole("button", { name: "회수", exact: true })).toHaveCount(0);
});

test("two people co-draft the body live; after 상신 the drafter's editor is read-only", async ({
  browser,
}) => {
  const title = `공동기안 시험 ${uniqueSuffix()}`;
  const naeun = await openAs(browser, "kwon.naeun", `${APPROVALS}/new`);
  await naeun.page.getByRole("radio", { name: "기안문" }).check();
  await naeun.page.getByRole("button", { name: "기안문 만들기" }).click();
  await expect(naeun.page).toHaveURL(/\?notice=created$/);
  const path = new URL(naeun.page.url()).pathname;
  await naeun.page.getByLabel("제목", { exact: true }).fill(title);
  await naeun.page.getByRole("radio", { name: "공개", exact: true }).check();
  await naeun.page.getByLabel("보존기간").selectOption("3y");
  await addPerson(naeun.page, "신재민", "신재민", "공동기안자로 추가");
  await expect(naeun.page.locator("#draft-co-drafters")).toContainText("신재민");

  const jaemin = await openAs(browser, "shin.jaemin", path);
  await expect(jaemin.page.getByLabel("제목", { exact: true })).toHaveValue(title);
  const mine = await liveBody(naeun.page);
  const theirs = await liveBody(jaemin.page);
  await mine.click();
  await naeun.page.keyboard.type("첫째 문단은 권나은이 씁니다.");
  await expect(theirs).toContainText("첫째 문단은 권나은이 씁니다.", { timeout: 5_000 });
  await theirs.click();
  await jaemin.page.keyboard.press("Control+End");
  await jaemin.page.keyboard.press("Enter");
  await jaemin.page.keyboard.type("둘째 문단은 신재민이 덧붙입니다.");
  await expect(mine).toContainText("둘째 문단은 신재민이 덧붙입니다.", { timeout: 5_000 });
  // A co-drafter writes, but the drafter submits.
  await expect(jaemin.page.getByText("상신은 기안자가 합니다.")).toBeVisible();
  await expectAccessible(jaemin.page, { what: "the draft as a co-drafter sees it" });

  await naeun.page.reload();
  await expect(lineNames(naeun.page)).not.toHaveCount(0);
  await naeun.page.getByRole("button", { name: "상신", exact: true }).click();
  await expect(notice(naeun.page, "상신했습니다.")).toBeVisible();
  await expect(naeun.page.getByText("이 문서는 읽기만 할 수 있습니다.")).toBeVisible(SLOW);
  await expect(naeun.page.getByRole("textbox", { name: "문서 본문" })).toHaveAttribute(
    "contenteditable",
    "false",
  );
  await expect(naeun.page.getByRole("textbox", { name: "문서 본문" })).toContainText(
    "둘째 문단은 신재민이 덧붙입니다.",
  );
  // The co-drafter's open editor loses writing too, without reloading.
  await expect(jaemin.page.getByText("이 문서는 읽기만 할 수 있습니다.")).toBeVisible(SLOW);
});

test("an approver amends the body before signing; later ones see the change; 공람 records who read", async ({
  browser,
}) => {
  const title = `결재 중 수정 시험 ${uniqueSuffix()}`;
  const approvalId = await seedSubmittedApproval({
    tenant,
    drafter: demo["kwon.naeun"]!,
    title,
    body: ["원래 문장입니다."],
    line: [
      { kind: "review", group: 1, assigneeId: demo["shin.jaemin"]!.id },
      { kind: "approve", group: 2, assigneeId: demo["seo.minji"]!.id },
    ],
  });
  const path = `${APPROVALS}/${approvalId}`;
  const bodyId = await bodyDocumentOf(tenant, demo["kwon.naeun"]!, approvalId);

  // The 검토자 may amend the body before passing it on.
  const jaemin = await openAs(browser, "shin.jaemin", path);
  await expect(
    jaemin.page.getByText("결재하기 전에 본문을 고칠 수 있습니다.", { exact: false }),
  ).toBeVisible();
  const body = await liveBody(jaemin.page);
  await body.click();
  await jaemin.page.keyboard.press("Control+End");
  await jaemin.page.keyboard.press("Enter");
  await jaemin.page.keyboard.type("검토자가 덧붙인 문장입니다.");
  // The collab-server stores edits in small batches; the amendment is what is stored at signing.
  await expect.poll(() => textOf(tenant, bodyId), SLOW).toContain("검토자가 덧붙인 문장입니다.");
  await jaemin.page.getByRole("button", { name: "검토 완료" }).click();
  await expect(notice(jaemin.page, "승인했습니다.")).toBeVisible();

  const minji = await openAs(browser, "seo.minji", path);
  const amendments = minji.page.getByRole("region", { name: "결재 중 수정" });
  await expect(amendments).toContainText("신재민 팀장 수정");
  await expect(amendments.locator("ins")).toContainText("검토자가 덧붙인 문장입니다.");
  await expectAccessible(minji.page, { what: "a document with an amendment" });
  await minji.page.getByRole("button", { name: "승인", exact: true }).click();
  await expect(
    notice(minji.page, /결재가 완료되어 문서번호 디지털정부정책과-\d+\(으\)로 등록되었습니다\./),
  ).toBeVisible();

  // 공람: the drafter shows the completed document to a colleague, who is told and reads it.
  const naeun = await openAs(browser, "kwon.naeun", path);
  await naeun.page.getByLabel("공람할 사람 찾기").fill("한소희");
  await naeun.page.getByRole("button", { name: "찾기", exact: true }).click();
  await expect(naeun.page).toHaveURL(/cq=/);
  await naeun.page.getByRole("checkbox", { name: /한소희/ }).check();
  await naeun.page.getByRole("button", { name: "공람하기" }).click();
  await expect(notice(naeun.page, "1명에게 공람했습니다.")).toBeVisible();
  const circulation = naeun.page.getByRole("region", { name: "공람" });
  await expect(circulation.getByRole("listitem").filter({ hasText: "한소희" })).toContainText("읽지 않음");

  const sohee = await openAs(browser, "han.sohee", `/t/${TENANT}/notifications`);
  await sohee.page.getByRole("link", { name: `권나은 님이 ‘${title}’을(를) 공람했습니다.` }).click();
  await expect(sohee.page).toHaveURL((url) => url.pathname === path);
  await expect(sohee.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await naeun.page.reload();
  await expect(circulation.getByRole("listitem").filter({ hasText: "한소희" })).toContainText("읽음");
  await expect(circulation.getByRole("listitem").filter({ hasText: "한소희" })).not.toContainText(
    "읽지 않음",
  );
});

test("a saved line is applied, and a person who retired since is flagged before 상신", async ({
  browser,
}) => {
  const suffix = uniqueSuffix();
  const unit = (
    await buildDepartment(e2eDatabase().db, tenant.id, {
      name: `결재선시험과${suffix}`,
      parentId: await departmentId(tenant, "디지털정부국"),
    })
  ).id;
  const drafter = await seedStaff(tenant, {
    name: `기안자${suffix}`,
    departmentId: unit,
    positionName: "담당",
  });
  const retiree = await seedStaff(tenant, {
    name: `퇴직자${suffix}`,
    departmentId: unit,
    positionName: "팀장",
  });
  await seedSavedLine(tenant, drafter, "자주 쓰는 결재선", [
    { kind: "review", group: 1, assigneeId: retiree.id },
    { kind: "approve", group: 2, assigneeId: demo["seo.minji"]!.id },
  ]);
  await retire(tenant, retiree);
  const approvalId = await seedDraft({ tenant, drafter, title: `결재선 불러오기 ${suffix}`, line: [] });

  const person = await openAs(browser, drafter.loginId, `${APPROVALS}/${approvalId}`);
  const page = person.page;
  await expect(
    page.getByText(`‘자주 쓰는 결재선’: 퇴직자${suffix} — 퇴직 또는 사용 중지된 사람입니다`),
  ).toBeVisible();
  await page.getByLabel("저장된 결재선", { exact: true }).selectOption({ label: "자주 쓰는 결재선" });
  await page.getByRole("button", { name: "불러오기" }).click();
  await expect(notice(page, "저장된 결재선 ‘자주 쓰는 결재선’을(를) 불러왔습니다.")).toContainText(
    `퇴직자${suffix}: 퇴직 또는 사용 중지된 사람입니다`,
  );
  await expect(lineNames(page)).toHaveText([`퇴직자${suffix}`, "서민지"]);
  await expect(lineRows(page).first()).toContainText("재직 중이 아닙니다");
  await page.getByRole("button", { name: "상신", exact: true }).click();
  const refusal = page
    .getByRole("alert")
    .getByRole("link", { name: /퇴직자.* 님은 퇴직했거나 계정이 중지되어 결재할 수 없습니다/ });
  await expect(refusal).toBeVisible();
  await expect(page.getByLabel("1번째 단계 구분")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, { what: "a draft whose line names a retired person" });
  // Replaced by a colleague who is at work, the line goes up.
  await page.getByRole("button", { name: `퇴직자${suffix} 결재선에서 빼기` }).click();
  await expect(lineNames(page)).toHaveText(["서민지"]);
  await page.getByRole("button", { name: "상신", exact: true }).click();
  await expect(notice(page, "상신했습니다.")).toBeVisible();
});

test("a person of another agency, or of no part in it, finds none of it", async ({ browser }) => {
  const title = `타 기관 시험 ${uniqueSuffix()}`;
  const drafter = actorOf(tenant, demo["kwon.naeun"]!);
  const approvalId = await seedDraft({
    tenant,
    drafter: demo["kwon.naeun"]!,
    title,
    line: [{ kind: "approve", group: 1, assigneeId: demo["seo.minji"]!.id }],
  });
  const [file] = await attachFiles(drafter, {
    approvalId,
    files: [{ fieldKey: "files", filename: "대외비 명단.xlsx", bytes: new TextEncoder().encode("명단") }],
  });
  await submitApproval(drafter, { approvalId });
  await actOnApproval(actorOf(tenant, demo["seo.minji"]!), { approvalId, action: { type: "approve" } });
  const path = `${APPROVALS}/${approvalId}`;

  const outsider = await seedAgencyWithPerson();
  const foreign = await openAs(
    browser,
    outsider.user.loginId,
    `/t/${outsider.tenant.slug}/`,
    outsider.tenant.slug,
  );
  const school = await openAs(browser, "admin", "/t/nuri-es/", "nuri-es");
  const colleague = await openAs(browser, "han.sohee", APPROVALS);
  for (const person of [foreign, school, colleague]) {
    const page = person.page;
    expect((await page.request.get(path)).status()).toBe(404);
    expect(
      (
        await page.request.post(`${path}/ticket`, { headers: { Origin: new URL(page.url()).origin } })
      ).status(),
    ).toBe(404);
    expect((await page.request.get(`${path}/official.pdf`)).status()).toBe(404);
    expect((await page.request.get(`${path}/official.html`)).status()).toBe(404);
    expect((await page.request.get(`${path}/attachments/${file!.id}`)).status()).toBe(404);
  }
  // The drafter's own download works: the 404s above are not a broken route.
  const naeun = await openAs(browser, "kwon.naeun", APPROVALS);
  const own = await naeun.page.request.get(`${path}/attachments/${file!.id}`);
  expect(own.status()).toBe(200);
  expect(await own.text()).toBe("명단");
  expect(
    (
      await foreign.page.request.get(
        `/t/${outsider.tenant.slug}/approvals/${approvalId}/attachments/${file!.id}`,
      )
    ).status(),
  ).toBe(404);
  // Under their own agency's address the id means nothing either.
  expect(
    (await foreign.page.request.get(`/t/${outsider.tenant.slug}/approvals/${approvalId}`)).status(),
  ).toBe(404);
  expect((await school.page.request.get(`/t/nuri-es/approvals/${approvalId}/official.pdf`)).status()).toBe(
    404,
  );
  const page = await foreign.page.goto(path);
  expect(page?.status()).toBe(404);
  await expect(foreign.page.getByText(title)).toHaveCount(0);
});

test("every inbox count in the menu matches its list, for each of the four people", async ({ browser }) => {
  for (const loginId of ["kwon.naeun", "shin.jaemin", "hwang.taeyang", "seo.minji"]) {
    const person = await openAs(browser, loginId, APPROVALS);
    const page = person.page;
    await expect(page.locator("[data-box-count]")).toHaveCount(9);
    const boxes = await page
      .locator("[data-box-count]")
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("data-box-count") ?? ""));
    expect(boxes).toHaveLength(9);
    for (const box of boxes) {
      await page.goto(box === "waiting" ? APPROVALS : `${APPROVALS}/box/${box}`);
      const counted = Number(
        ((await page.locator(`[data-box-count="${box}"]`).textContent()) ?? "").replace(/\D/g, ""),
      );
      const total = Number(((await page.locator(".approvals-total").textContent()) ?? "").replace(/\D/g, ""));
      const rows = await page.locator("table.approvals-table tbody tr").count();
      expect(total, `${loginId} ${box}: the menu's count and the list's total`).toBe(counted);
      expect(rows, `${loginId} ${box}: the rows of the list's first page`).toBe(Math.min(counted, 50));
    }
  }
});

test("기관 정보: the administrator keeps the 결문's contacts; a wrong number is refused beside its input", async ({
  browser,
}) => {
  const admin = await openAs(browser, "admin", `/t/${TENANT}/admin/agency`);
  const page = admin.page;
  await expect(page.getByRole("heading", { level: 1, name: "기관 정보 (결문)" })).toBeVisible();
  await expect(page.getByLabel("우편번호")).toHaveValue("30128");
  await expect(page.getByText("비워 두면 「디지털행정부장」으로 인쇄됩니다.")).toBeVisible();
  const fax = page.getByLabel("전송");
  const original = await fax.inputValue();
  await fax.fill("0442058900");
  await page.getByRole("button", { name: "저장" }).click();
  await expect(page.getByText("전송 번호는 044-205-1234처럼 하이픈을 넣어 입력하세요.")).toBeVisible();
  await expect(page.getByLabel("전송")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, { what: "기관 정보 with a refusal" });
  await page.getByLabel("전송").fill("044-205-8999");
  await page.getByRole("button", { name: "저장" }).click();
  await expect(page.getByRole("status").filter({ hasText: "기관 정보를 저장했습니다." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("전송")).toHaveValue("044-205-8999");
  // put back as the other tests expect it
  await page.getByLabel("전송").fill(original);
  await page.getByRole("button", { name: "저장" }).click();
  await expect(page.getByRole("status").filter({ hasText: "기관 정보를 저장했습니다." })).toBeVisible();
});
