import { DEMO_PASSWORD } from "@nuri/db";
import { buildDocument } from "@nuri/db/testing";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "../../fixtures/accessibility.ts";
import { closeE2eDatabase, e2eDatabase, seedAgencyWithPerson } from "../../fixtures/database.ts";
import { changeShare, type SeededDocument, seedSharedDocument } from "../../fixtures/documents.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// The document editor with live co-editing, against the real app, collab-server and
// PostgreSQL: two people in two browsers see each other's text and caret, readers cannot
// write, Hangul composed with an IME arrives whole, offline edits merge on reconnecting, a
// removed share ends editing, and people of other agencies find nothing.

test.afterAll(closeE2eDatabase);
// Most tests sign in two or three people, each in a browser of their own.
test.describe.configure({ timeout: 120_000 });

const TENANT = "digital-gov";
/** "Within a second": how soon one person sees the other's typing and caret. */
const LIVE = { timeout: 1_000 };

interface Person {
  context: BrowserContext;
  page: Page;
  editor: ReturnType<Page["getByRole"]>;
  /** Content-Security-Policy violations and uncaught errors the page reported (there must be none). */
  problems: string[];
}

/** Signs a demo person in, in a browser of their own, and opens the document live. */
async function open(browser: Browser, loginId: string, seeded: SeededDocument): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await signIn(page, { tenant: TENANT, loginId, password: DEMO_PASSWORD, redirectTo: seeded.path });
  // Setting up: the page, the editor's code, a ticket, the WebSocket and the first sync.
  await expect(page.getByRole("status").filter({ hasText: "실시간 연결됨" })).toBeVisible({
    timeout: 20_000,
  });
  const editor = page.getByRole("textbox", { name: "문서 본문" });
  await expect(editor).toBeVisible();
  return { context, page, editor, problems };
}

async function closeAll(...people: Person[]) {
  for (const person of people) {
    expect(person.problems, "CSP violations and page errors").toEqual([]);
    await person.context.close();
  }
}

/** Puts the caret at the very end of the text. */
async function toEnd(person: Person) {
  await person.editor.click();
  // The click may land before the editor has taken focus, or on a collaborator's caret label:
  // press again until the selection really sits after the last character.
  await expect(async () => {
    await person.page.keyboard.press("Control+End");
    const atEnd = await person.editor.evaluate((editor) => {
      const selection = editor.ownerDocument.getSelection();
      if (!selection?.isCollapsed || !selection.focusNode || !editor.contains(selection.focusNode))
        return false;
      const rest = editor.ownerDocument.createRange();
      rest.selectNodeContents(editor);
      rest.setStart(selection.focusNode, selection.focusOffset);
      return rest.toString() === "";
    });
    expect(atEnd, "the caret is at the end of the text").toBe(true);
  }).toPass({ timeout: 5_000 });
}

/** Another person's caret in the text, labelled with their name (drawn from data-name). */
const caretOf = (page: Page, name: string) => page.locator(`.collab-caret[data-name="${name}"]`);

test("two people co-edit: each sees the other's text and caret, with their name, within a second", async ({
  browser,
}) => {
  const seeded = await seedSharedDocument({ owner: "kwon.naeun", shares: { "seo.minji": "editor" } });
  const naeun = await open(browser, "kwon.naeun", seeded);
  const minji = await open(browser, "seo.minji", seeded);

  await expect(naeun.page.getByRole("heading", { level: 1 })).toHaveText(seeded.document.title);
  await expect(naeun.page.getByText("소유자", { exact: true })).toBeVisible();
  await expect(minji.page.getByText("편집 권한", { exact: true })).toBeVisible();

  await toEnd(naeun);
  await naeun.page.keyboard.type("보고서 초안을 함께 씁니다.");
  await expect(minji.editor).toContainText("보고서 초안을 함께 씁니다.", LIVE);
  await expect(caretOf(minji.page, "권나은")).toBeVisible(LIVE);

  await toEnd(minji);
  await minji.page.keyboard.press("Enter");
  await minji.page.keyboard.type("검토 의견을 덧붙입니다.");
  await expect(naeun.editor).toContainText("검토 의견을 덧붙입니다.", LIVE);
  await expect(caretOf(naeun.page, "서민지")).toBeVisible(LIVE);
  // The name is drawn above the caret, on the person's colour.
  const label = await caretOf(naeun.page, "서민지").evaluate((caret) => {
    const style = getComputedStyle(caret, "::after");
    return { content: style.content, background: style.backgroundColor, color: style.color };
  });
  expect(label).toEqual({
    content: '"서민지"',
    background: expect.stringMatching(/^rgb\(/),
    color: "rgb(255, 255, 255)",
  });

  // Who is here, on both sides; one's own name is marked.
  const presence = (page: Page) =>
    page.getByRole("region", { name: "지금 이 문서에 있는 사람" }).getByRole("listitem");
  await expect(presence(naeun.page)).toHaveText(["권나은 (나)", "서민지"]);
  await expect(presence(minji.page)).toHaveText(["서민지 (나)", "권나은"]);

  // Formatting travels too: a heading typed by one is a heading for the other.
  await toEnd(naeun);
  await naeun.page.keyboard.press("Enter");
  await naeun.page.getByRole("button", { name: "제목 2" }).click();
  await naeun.page.keyboard.type("추진 일정");
  await expect(minji.editor.getByRole("heading", { level: 2, name: "추진 일정" })).toBeVisible(LIVE);

  // When one leaves, the other's list says so.
  await naeun.context.close();
  await expect(presence(minji.page)).toHaveText(["서민지 (나)"]);
  await closeAll(minji);
});

test("a reader sees the text live but cannot change it, and is told so", async ({ browser }) => {
  const seeded = await seedSharedDocument({
    owner: "kwon.naeun",
    shares: { "lee.junghoon": "reader", "choi.seoyeon": "commenter" },
  });
  const owner = await open(browser, "kwon.naeun", seeded);
  await toEnd(owner);
  await owner.page.keyboard.type("결재 전 최종본");

  const reader = await open(browser, "lee.junghoon", seeded);
  await expect(reader.page.getByText("이 문서는 읽기만 할 수 있습니다.")).toBeVisible();
  await expect(reader.page.getByText("읽기 권한", { exact: true })).toBeVisible();
  await expect(reader.editor).toHaveAttribute("aria-readonly", "true");
  await expect(reader.editor).toHaveAttribute("contenteditable", "false");
  await expect(reader.page.getByRole("toolbar")).toHaveCount(0);
  await expect(reader.page.getByText("제목 바꾸기")).toHaveCount(0);
  await expect(reader.editor).toHaveText("결재 전 최종본");

  // Typing, pasting and deleting do nothing to the text.
  await reader.editor.click();
  await reader.page.keyboard.type("몰래 고친 문장");
  await reader.page.keyboard.press("Backspace");
  await reader.page.keyboard.insertText("붙여넣기");
  await expect(reader.editor).toHaveText("결재 전 최종본");

  // The owner's next words still arrive; the owner never sees the reader's; and the reader's
  // connection is still live (the collab-server closes a reader's connection that writes).
  await owner.page.keyboard.type(" (2차)");
  await expect(reader.editor).toHaveText("결재 전 최종본 (2차)");
  await expect(owner.editor).not.toContainText("몰래");
  await expect(reader.page.getByRole("status").filter({ hasText: "실시간 연결됨" })).toBeVisible();

  // A commenter reads the same way (comments come from the comments panel).
  const commenter = await open(browser, "choi.seoyeon", seeded);
  await expect(
    commenter.page.getByText("이 문서에는 댓글만 달 수 있습니다. 본문은 고칠 수 없습니다."),
  ).toBeVisible();
  await expect(commenter.editor).toHaveAttribute("contenteditable", "false");
  await closeAll(owner, reader, commenter);
});

test("Hangul composed with an IME arrives whole at the other browser", async ({ browser }) => {
  const seeded = await seedSharedDocument({ owner: "kwon.naeun", shares: { "seo.minji": "editor" } });
  const writer = await open(browser, "kwon.naeun", seeded);
  const other = await open(browser, "seo.minji", seeded);
  await toEnd(writer);

  // A Korean IME composes each syllable from its letters (ㅎ → 하 → 한) and commits it.
  const cdp = await writer.context.newCDPSession(writer.page);
  const compose = async (steps: string[]) => {
    for (const text of steps) {
      await cdp.send("Input.imeSetComposition", {
        text,
        selectionStart: text.length,
        selectionEnd: text.length,
      });
    }
    await cdp.send("Input.insertText", { text: steps.at(-1)! });
  };
  await compose(["ㅎ", "하", "한"]);
  await compose(["ㄱ", "구", "국"]);
  await compose(["ㅇ", "어"]);
  await writer.page.keyboard.insertText(" 입력");

  await expect(writer.editor).toHaveText("한국어 입력");
  await expect(other.editor).toHaveText("한국어 입력");
  // No stray letters of an unfinished syllable anywhere.
  await expect(other.editor).not.toContainText(/[ㄱ-ㅎㅏ-ㅣ]/);

  // Composing in the middle of the other person's text works as well.
  await toEnd(other);
  await other.page.keyboard.press("Home");
  const otherCdp = await other.context.newCDPSession(other.page);
  for (const text of ["ㅅ", "새", "샐", "새로"]) {
    await otherCdp.send("Input.imeSetComposition", {
      text,
      selectionStart: text.length,
      selectionEnd: text.length,
    });
  }
  await otherCdp.send("Input.insertText", { text: "새로 " });
  await expect(writer.editor).toHaveText("새로 한국어 입력");
  await closeAll(writer, other);
});

test("edits made offline are kept and merge with the others' when the connection comes back", async ({
  browser,
}) => {
  const seeded = await seedSharedDocument({
    owner: "kwon.naeun",
    shares: { "seo.minji": "editor", "lee.junghoon": "reader" },
  });
  const away = await open(browser, "kwon.naeun", seeded);
  const here = await open(browser, "seo.minji", seeded);
  const watcher = await open(browser, "lee.junghoon", seeded);
  await toEnd(away);
  await away.page.keyboard.type("첫 문단");
  await expect(here.editor).toHaveText("첫 문단");

  await away.context.setOffline(true);
  await expect(away.page.getByRole("status").filter({ hasText: "오프라인입니다." })).toBeVisible();
  await away.page.keyboard.type(" — 기차에서 고침");
  await toEnd(here);
  await here.page.keyboard.press("Enter");
  await here.page.keyboard.type("사무실에서 덧붙임");

  // A third person sees the office edit, and not the one made offline; the offline one
  // sees nothing of the office edit.
  await expect(watcher.editor).toContainText("사무실에서 덧붙임");
  await expect(watcher.editor).not.toContainText("기차에서");
  await expect(away.editor).not.toContainText("사무실에서");
  await expect(away.editor).toContainText("첫 문단 — 기차에서 고침");

  await away.context.setOffline(false);
  await expect(
    away.page.getByRole("status").filter({ hasText: "다시 연결되어 오프라인에서 고친 내용을 합쳤습니다." }),
  ).toBeVisible({ timeout: 10_000 });
  for (const person of [away, here, watcher]) {
    await expect(person.editor.locator("p")).toHaveText(["첫 문단 — 기차에서 고침", "사무실에서 덧붙임"]);
  }
  await closeAll(away, here, watcher);
});

test("a share changed while editing takes effect at once: read-only, then access removed", async ({
  browser,
}) => {
  const seeded = await seedSharedDocument({ owner: "kwon.naeun", shares: { "seo.minji": "editor" } });
  const owner = await open(browser, "kwon.naeun", seeded);
  const minji = await open(browser, "seo.minji", seeded);
  await toEnd(minji);
  await minji.page.keyboard.type("아직 편집자");
  await expect(owner.editor).toHaveText("아직 편집자");

  await changeShare(seeded, "seo.minji", "reader");
  await expect(minji.page.getByText("이 문서는 읽기만 할 수 있습니다.")).toBeVisible();
  await expect(minji.editor).toHaveAttribute("contenteditable", "false");
  await expect(minji.page.getByRole("toolbar")).toHaveCount(0);

  await changeShare(seeded, "seo.minji", null);
  await expect(minji.page.getByRole("alert")).toContainText("이 문서에 대한 권한이 없어졌습니다.");
  await expect(minji.page.getByRole("status").filter({ hasText: "연결이 끊겼습니다" })).toBeVisible();
  await expect(minji.editor).toHaveAttribute("contenteditable", "false");
  // The owner goes on, and the one who lost access no longer receives anything.
  await toEnd(owner);
  await owner.page.keyboard.type(" — 이후 내용");
  await expect(owner.editor).toHaveText("아직 편집자 — 이후 내용");
  await expect(minji.editor).toHaveText("아직 편집자");
  await closeAll(owner, minji);
});

test("editors rename the document in place; titles are checked; readers cannot rename", async ({
  browser,
}) => {
  const seeded = await seedSharedDocument({
    owner: "kwon.naeun",
    shares: { "seo.minji": "editor", "lee.junghoon": "reader" },
  });
  const minji = await open(browser, "seo.minji", seeded);
  await minji.page.getByText("제목 바꾸기").click();
  const title = minji.page.getByLabel("문서 제목");
  await title.fill("가".repeat(201));
  await minji.page.getByRole("button", { name: "제목 저장" }).click();
  await expect(minji.page.getByRole("alert")).toHaveText("제목은 200자 이하로 입력해 주세요.");
  await expect(title).toHaveAttribute("aria-invalid", "true");

  await title.fill("  2027년 디지털정부 업무계획  ");
  await minji.page.getByRole("button", { name: "제목 저장" }).click();
  await expect(
    minji.page
      .getByRole("status")
      .filter({ hasText: "제목을 ‘2027년 디지털정부 업무계획’(으)로 바꿨습니다." }),
  ).toBeVisible();
  await expect(minji.page.getByRole("heading", { level: 1 })).toHaveText("2027년 디지털정부 업무계획");
  await expect(minji.page).toHaveTitle("2027년 디지털정부 업무계획 — 누리");
  // The live connection survived the page's revalidation.
  await minji.editor.click();
  await minji.page.keyboard.type("제목을 바꾼 뒤에도");
  await expect(minji.page.getByRole("status").filter({ hasText: "실시간 연결됨" })).toBeVisible();

  // A reader's browser has no form; a hand-made request is refused in words.
  const reader = await open(browser, "lee.junghoon", seeded);
  await expect(reader.page.getByRole("heading", { level: 1 })).toHaveText("2027년 디지털정부 업무계획");
  const refused = await reader.page.request.post(seeded.path, {
    form: { intent: "rename", title: "몰래" },
    headers: { Origin: new URL(reader.page.url()).origin },
  });
  expect(refused.status()).toBe(403);
  await reader.page.reload();
  await expect(reader.page.getByRole("heading", { level: 1 })).toHaveText("2027년 디지털정부 업무계획");
  await closeAll(minji, reader);
});

test("a person of another agency, or without access, gets a 404 for the page and for a ticket", async ({
  page,
  browser,
}) => {
  const seeded = await seedSharedDocument({ owner: "kwon.naeun" });
  const { tenant, user } = await seedAgencyWithPerson();
  await signIn(page, { tenant: tenant.slug, loginId: user.loginId, password: DEMO_PASSWORD });
  const origin = new URL(page.url()).origin;
  expect((await page.goto(seeded.path))?.status()).toBe(404);
  await expect(page.getByText(seeded.document.title)).toHaveCount(0);
  // Their own agency's address with our document's id finds nothing either.
  expect((await page.goto(`/t/${tenant.slug}/documents/${seeded.document.id}`))?.status()).toBe(404);
  for (const path of [`${seeded.path}/ticket`, `/t/${tenant.slug}/documents/${seeded.document.id}/ticket`]) {
    const ticket = await page.request.post(path, { headers: { Origin: origin } });
    expect(ticket.status(), path).toBe(404);
  }
  // And the collab room: a real ticket for a document of their own opens nothing of ours
  // (4403, a ticket for another room), nor does none at all (4401); no document byte comes.
  const theirs = await buildDocument(e2eDatabase().db, tenant.id, user.id, { title: "우리 기관 문서" });
  const theirOwn = await page.request.post(`/t/${tenant.slug}/documents/${theirs.id}/ticket`, {
    headers: { Origin: origin },
  });
  expect(theirOwn.status()).toBe(200);
  const { ticket: theirTicket, url: collabUrl } = (await theirOwn.json()) as { ticket: string; url: string };
  const room = `${collabUrl}/${seeded.tenant.id}/${seeded.document.id}`;
  const answers = await page.evaluate(
    (addresses) =>
      Promise.all(
        addresses.map(
          (address) =>
            new Promise<{ code: number; frames: number }>((resolve) => {
              const socket = new WebSocket(address);
              let frames = 0;
              socket.onmessage = () => frames++;
              socket.onclose = (event) => resolve({ code: event.code, frames });
            }),
        ),
      ),
    [`${room}?ticket=${encodeURIComponent(theirTicket)}`, room],
  );
  expect(answers).toEqual([
    { code: 4403, frames: 0 },
    { code: 4401, frames: 0 },
  ]);

  // A colleague of the same agency with no share: 404 as well, page and ticket.
  const context = await browser.newContext();
  const colleague = await context.newPage();
  await signIn(colleague, { tenant: TENANT, loginId: "seo.minji", password: DEMO_PASSWORD });
  expect((await colleague.goto(seeded.path))?.status()).toBe(404);
  const ticket = await colleague.request.post(`${seeded.path}/ticket`, { headers: { Origin: origin } });
  expect(ticket.status()).toBe(404);
  // While the owner's own ticket is a real one.
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signIn(owner, { tenant: TENANT, loginId: "kwon.naeun", password: DEMO_PASSWORD });
  const own = await owner.request.post(`${seeded.path}/ticket`, { headers: { Origin: origin } });
  expect(own.status()).toBe(200);
  expect(await own.json()).toMatchObject({ ticket: expect.any(String), role: "owner" });
  await context.close();
  await ownerContext.close();
});

test("the editor page is accessible, works from the keyboard, and fits a 360px screen", async ({
  browser,
}) => {
  const seeded = await seedSharedDocument({ owner: "kwon.naeun", shares: { "seo.minji": "editor" } });
  const person = await open(browser, "kwon.naeun", seeded);
  const other = await open(browser, "seo.minji", seeded);
  const { page } = person;

  // The toolbar is one tab stop; arrows move along it; toggles say whether they are on.
  await person.editor.click();
  await page.keyboard.type("굵게 쓸 글");
  await expect(person.editor).toHaveText("굵게 쓸 글");
  // Select the line; the editor may still be settling the typed text, which puts the caret
  // back after it: select until the selection holds.
  await expect(async () => {
    await page.keyboard.press("End");
    await page.keyboard.press("Shift+Home");
    expect(await page.evaluate(() => document.getSelection()?.toString())).toBe("굵게 쓸 글");
  }).toPass({ timeout: 5_000 });
  const toolbar = page.getByRole("toolbar", { name: "서식 도구" });
  await toolbar.getByRole("button", { name: "본문" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(toolbar.getByRole("button", { name: "제목 1" })).toBeFocused();
  await page.keyboard.press("End");
  // Redo is disabled (nothing undone), so the last button that can be used is Undo.
  await expect(toolbar.getByRole("button", { name: "실행 취소" })).toBeFocused();
  await page.keyboard.press("Home");
  await expect(toolbar.getByRole("button", { name: "본문" })).toBeFocused();
  const bold = toolbar.getByRole("button", { name: "굵게" });
  await expect(bold).toHaveAttribute("aria-pressed", "false");
  await bold.focus();
  await page.keyboard.press("Enter");
  await expect(bold).toHaveAttribute("aria-pressed", "true");
  await expect(other.editor.locator("strong")).toHaveText("굵게 쓸 글");
  await expect(page.locator("[role=toolbar] button[tabindex='0']")).toHaveCount(1);

  // A link: refused when unsafe, applied when not.
  await person.editor.click();
  await page.keyboard.press("Shift+Home");
  await toolbar.getByRole("button", { name: "링크" }).click();
  await page.getByLabel("링크 주소").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "링크 적용" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "https://, http:// 또는 mailto: 로 시작하는 주소를 입력해 주세요.",
  );
  await page.getByLabel("링크 주소").fill("www.korea.kr");
  await page.getByRole("button", { name: "링크 적용" }).click();
  await expect(other.editor.locator("a")).toHaveAttribute("href", "https://www.korea.kr");

  // A table and a checklist, the way the projection knows them.
  await toEnd(person);
  await page.keyboard.press("Enter");
  await toolbar.getByRole("button", { name: "할 일 목록" }).click();
  await page.keyboard.type("예산 확인");
  await expect(other.editor.getByRole("checkbox", { name: "할 일 완료: 예산 확인" })).toBeVisible(LIVE);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await toolbar.getByRole("button", { name: "표 넣기" }).click();
  await expect(other.editor.locator("table th")).toHaveCount(3);

  await expectAccessible(page);

  // At 360px nothing runs off the side of the page.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(person.editor).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page, { what: "at 360px" });
  await closeAll(person, other);
});

test("the page shows the saved text before the editor is live, and without JavaScript", async ({
  browser,
}) => {
  const seeded = await seedSharedDocument({ owner: "kwon.naeun" });
  const writer = await open(browser, "kwon.naeun", seeded);
  await toEnd(writer);
  await writer.page.keyboard.type("저장된 본문 <b>태그 아님</b>");
  await closeAll(writer);

  // The sign-in form works without JavaScript too.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, { tenant: TENANT, loginId: "kwon.naeun", password: DEMO_PASSWORD });
  // The collab-server projects the body a moment after the last edit.
  await expect(async () => {
    await page.goto(seeded.path);
    await expect(page.locator(".doc-fallback__body")).toHaveText("저장된 본문 <b>태그 아님</b>", {
      timeout: 500,
    });
  }).toPass({ timeout: 10_000 });
  await expect(page.locator(".doc-fallback__body b")).toHaveCount(0);
  await context.close();
});
