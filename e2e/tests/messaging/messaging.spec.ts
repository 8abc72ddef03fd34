import { randomBytes } from "node:crypto";
import {
  DEMO_PASSWORD,
  eq,
  messageAttachments,
  type Tenant,
  tenants,
  type User,
  withControlPlane,
  withTenant,
} from "@nuri/db";
import { buildUser } from "@nuri/db/testing";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { createChannel } from "../../../app/app/services/messaging/channels.server.ts";
import { postMessage } from "../../../app/app/services/messaging/messages.server.ts";
import type { MessagingActor } from "../../../app/app/services/messaging/messaging-actor.server.ts";
import { expectAccessible } from "../../fixtures/accessibility.ts";
import {
  closeE2eDatabase,
  demoPasswordHash,
  e2eDatabase,
  seedAgencyWithPerson,
} from "../../fixtures/database.ts";
import { signIn } from "../../fixtures/sign-in.ts";

// The messenger in real browsers against the real app and PostgreSQL: two people chat live,
// the "안 읽음" mark under a message drops as the other reads it, a 확인 요청 is answered and
// counted, and a private channel (its page, its messages' receipts, its live stream) is a 404
// to a person outside it and to a person of another agency.

test.afterAll(closeE2eDatabase);
test.describe.configure({ timeout: 90_000 });

const TENANT = "digital-gov";

async function demoAgency(): Promise<Tenant> {
  const [tenant] = await withControlPlane(e2eDatabase().db, (tx) =>
    tx.select().from(tenants).where(eq(tenants.slug, TENANT)),
  );
  if (!tenant) throw new Error(`the demo agency ${TENANT} is not seeded`);
  return tenant;
}

/** A fresh person of the demo agency (so their unread counts start at nothing). */
async function freshPerson(tenant: Tenant, displayName: string): Promise<User> {
  return buildUser(e2eDatabase().db, tenant.id, {
    displayName,
    loginId: `msg.${randomBytes(4).toString("hex")}`,
    passwordHash: await demoPasswordHash(),
  });
}

const actor = (user: User): MessagingActor => ({
  db: e2eDatabase().db,
  tenantId: user.tenantId,
  userId: user.id,
  role: user.role,
});

interface Person {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

async function openAs(browser: Browser, user: User, path: string, tenant = TENANT): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await signIn(page, { tenant, loginId: user.loginId, password: DEMO_PASSWORD, redirectTo: path });
  return { context, page, problems };
}

async function closeAll(...people: Person[]) {
  for (const person of people) {
    expect(person.problems, "CSP violations and page errors").toEqual([]);
    await person.context.close();
  }
}

function messageNamed(page: Page, text: string) {
  return page.locator("li.message").filter({ hasText: text });
}

test("two people chat live, the unread mark drops as the other reads, and a 확인 요청 is counted", async ({
  browser,
}) => {
  const tenant = await demoAgency();
  const sender = await freshPerson(tenant, "김보냄");
  const reader = await freshPerson(tenant, "이받음");
  const name = `주간 회의 ${randomBytes(3).toString("hex")}`;
  const channelId = await createChannel(actor(sender), { kind: "private", name, memberIds: [reader.id] });
  const path = `/t/${TENANT}/messages/${channelId}`;

  const a = await openAs(browser, sender, path);
  await expect(a.page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(a.page.getByRole("status").filter({ hasText: "실시간 연결됨" })).toBeVisible({
    timeout: 15_000,
  });
  const b = await openAs(browser, reader, `/t/${TENANT}/`);

  // A writes; B (not in the channel's page) is not reading it yet: 안 읽음 1.
  const composer = a.page.getByRole("textbox", { name: "메시지", exact: true });
  await composer.fill("**3시** 회의 자료를 올렸습니다");
  await composer.press("Enter");
  const sent = messageNamed(a.page, "회의 자료를 올렸습니다");
  await expect(sent).toBeVisible();
  await expect(sent.locator("strong", { hasText: "3시" })).toBeVisible();
  await expect(sent.getByText("안 읽음 1")).toBeVisible();
  await expect(composer).toHaveValue("");

  // B's menu counts it; B opens the channel, and A's mark drops without A reloading.
  await b.page.reload();
  await expect(b.page.getByRole("link", { name: /메시지.*안 읽은 메시지 1개/ })).toBeVisible();
  await b.page.getByRole("link", { name: /메시지.*안 읽은 메시지 1개/ }).click();
  await b.page.getByRole("link", { name: new RegExp(name) }).click();
  await expect(messageNamed(b.page, "회의 자료를 올렸습니다")).toBeVisible();
  await expect(sent.getByText("안 읽음 1")).toBeHidden({ timeout: 10_000 });
  await expect(b.page.getByRole("status").filter({ hasText: "실시간 연결됨" })).toBeVisible({
    timeout: 15_000,
  });

  // A sends a file; B downloads it.
  await a.page.getByLabel("파일 첨부").setInputFiles({
    name: "회의 자료.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("안건: 예산"),
  });
  await a.page.getByRole("button", { name: "보내기" }).click();
  const fileLink = b.page.getByRole("link", { name: /회의 자료\.txt 내려받기/ });
  await expect(fileLink).toBeVisible({ timeout: 10_000 });
  const download = await b.page.request.get((await fileLink.getAttribute("href")) ?? "");
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe("안건: 예산");

  // B answers; it arrives at A live, and B typing showed first.
  const bComposer = b.page.getByRole("textbox", { name: "메시지", exact: true });
  await bComposer.pressSequentially("확인했습니다, 곧");
  await expect(a.page.getByText("이받음님이 입력 중입니다…")).toBeVisible({ timeout: 10_000 });
  await bComposer.press("Enter");
  await expect(messageNamed(a.page, "확인했습니다, 곧")).toBeVisible({ timeout: 10_000 });

  // A asks for acknowledgement (확인 요청), urgently; B acknowledges; A sees it counted.
  await composer.fill("보안 점검 결과를 확인해 주세요");
  await a.page.getByLabel("중요도").selectOption("urgent");
  await a.page.getByLabel("확인 요청").check();
  await a.page.getByRole("button", { name: "보내기" }).click();
  const asked = messageNamed(a.page, "보안 점검 결과를");
  await expect(asked.getByText("확인 0/1")).toBeVisible();
  await expect(asked.getByText("긴급", { exact: true })).toBeVisible();
  const askedAtB = messageNamed(b.page, "보안 점검 결과를");
  await askedAtB.getByRole("button", { name: "확인했습니다" }).click();
  await expect(askedAtB.getByText("확인함")).toBeVisible();
  await expect(asked.getByText("확인 1/1")).toBeVisible({ timeout: 10_000 });

  // Who read it, by name.
  await asked.locator("summary", { hasText: "읽은 사람" }).click();
  await expect(asked.getByText("읽음 (1)")).toBeVisible();
  await expect(asked.locator(".message__receipts")).toContainText("이받음");

  await expectAccessible(a.page, { what: "the channel page" });
  await b.page.goto(`/t/${TENANT}/messages`);
  await expectAccessible(b.page, { what: "the messenger's start page" });
  await closeAll(a, b);
});

test("a reply in a thread shows under its message live and reaches the follower's notifications", async ({
  browser,
}) => {
  const tenant = await demoAgency();
  const asker = await freshPerson(tenant, "정묻기");
  const answerer = await freshPerson(tenant, "한답변");
  const name = `예산 편성 ${randomBytes(3).toString("hex")}`;
  const channelId = await createChannel(actor(asker), { kind: "public", name, memberIds: [answerer.id] });
  await postMessage(actor(asker), { channelId, body: "내년 예산안 검토 부탁드립니다" });
  const path = `/t/${TENANT}/messages/${channelId}`;

  const a = await openAs(browser, asker, path);
  await expect(a.page.getByRole("status").filter({ hasText: "실시간 연결됨" })).toBeVisible({
    timeout: 15_000,
  });
  const b = await openAs(browser, answerer, path);
  await expect(b.page.getByRole("status").filter({ hasText: "실시간 연결됨" })).toBeVisible({
    timeout: 15_000,
  });
  await messageNamed(b.page, "내년 예산안").getByRole("link", { name: "답글 달기" }).click();
  await expect(b.page.getByRole("heading", { level: 1, name: "스레드" })).toBeVisible();
  await b.page.getByRole("textbox", { name: "메시지", exact: true }).fill("2쪽 @정묻기 수치를 확인해 주세요");
  await b.page.getByRole("button", { name: "보내기" }).click();
  await expect(
    b.page
      .getByRole("list", { name: "답글" })
      .getByRole("paragraph")
      .filter({ hasText: "수치를 확인해 주세요" }),
  ).toBeVisible();
  await expect(b.page.getByText("이 스레드를 팔로우하고 있습니다")).toBeVisible();
  await expectAccessible(b.page, { what: "the thread page" });

  // A sees the reply count appear under the message without reloading, and is notified.
  await expect(messageNamed(a.page, "내년 예산안").getByRole("link", { name: "답글 1개" })).toBeVisible({
    timeout: 10_000,
  });
  await a.page.goto(`/t/${TENANT}/notifications`);
  const notice = a.page.getByRole("link", { name: `한답변님이 #${name}에서 나를 언급했습니다` });
  await expect(notice).toBeVisible();
  await notice.click();
  await expect(a.page.getByRole("heading", { level: 1, name: "스레드" })).toBeVisible();

  // The channel's manager sets its topic and makes the other a manager too.
  await a.page.goto(path);
  const details = a.page.locator("details.messenger-details");
  const openDetails = async () => {
    if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) {
      await details.locator("summary").click();
    }
  };
  await openDetails();
  await a.page.getByLabel("주제", { exact: true }).fill("2027년 예산 편성");
  await a.page.getByRole("button", { name: "주제와 설명 저장" }).click();
  await expect(a.page.getByText("채널 정보를 저장했습니다.")).toBeVisible();
  await expect(a.page.locator(".messenger-channel__meta")).toContainText("2027년 예산 편성");
  await openDetails();
  await a.page.getByRole("button", { name: "한답변 관리자로 지정" }).click();
  await expect(a.page.getByText("참여자의 역할을 바꿨습니다.")).toBeVisible();
  await openDetails();
  await expect(a.page.getByRole("button", { name: "한답변 관리자 해제" })).toBeVisible();
  await expectAccessible(a.page, { what: "the channel page with its details open" });
  await closeAll(a, b);
});

test("a private channel is a 404 to a non-member and to another agency: page, receipts and live stream", async ({
  browser,
}) => {
  const tenant = await demoAgency();
  const owner = await freshPerson(tenant, "박주인");
  const outsider = await freshPerson(tenant, "최바깥");
  const channelId = await createChannel(actor(owner), { kind: "private", name: "인사 협의" });
  const { id: messageId } = await postMessage(actor(owner), {
    channelId,
    body: "비공개 안건입니다",
    attachments: [{ filename: "인사안.txt", data: new TextEncoder().encode("비공개 첨부") }],
  });
  const [attachment] = await withTenant(e2eDatabase().db, tenant.id, (tx) =>
    tx
      .select({ id: messageAttachments.id })
      .from(messageAttachments)
      .where(eq(messageAttachments.messageId, messageId)),
  );
  const other = await seedAgencyWithPerson();

  const paths = (slug: string) => [
    `/t/${slug}/messages/${channelId}`,
    `/t/${slug}/messages/${channelId}/receipts/${messageId}`,
    `/t/${slug}/messages/${channelId}/events`,
    `/t/${slug}/messages/${channelId}/attachments/${attachment?.id}`,
  ];
  const inside = await openAs(browser, outsider, `/t/${TENANT}/messages`);
  for (const path of paths(TENANT)) {
    const response = await inside.page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text()).not.toContain("비공개 안건");
  }
  await inside.page.goto(`/t/${TENANT}/messages/${channelId}`);
  await expect(inside.page.getByText("비공개 안건입니다")).toHaveCount(0);
  // Search does not reach into it either.
  await inside.page.goto(`/t/${TENANT}/messages`);
  await inside.page.getByRole("searchbox", { name: "메시지 검색" }).fill("비공개 안건");
  await inside.page.getByRole("searchbox", { name: "메시지 검색" }).press("Enter");
  await expect(
    inside.page.getByRole("status").filter({ hasText: "들어 있는 메시지가 없습니다" }),
  ).toBeVisible();
  await expectAccessible(inside.page, { what: "the search page" });
  await expect(inside.page.getByText("인사 협의")).toHaveCount(0);

  const elsewhere = await openAs(browser, other.user, `/t/${other.tenant.slug}/messages`, other.tenant.slug);
  // In their own agency's URL (the channel is not there) and in the channel's agency's URL alike.
  for (const path of [...paths(other.tenant.slug), ...paths(TENANT)]) {
    const response = await elsewhere.page.request.get(path);
    expect(response.status(), path).toBe(404);
  }
  await closeAll(inside, elsewhere);
});

test("the administrator sets how long messages are kept and exports a channel, both audited", async ({
  browser,
}) => {
  const tenant = await demoAgency();
  const member = await freshPerson(tenant, "윤기록");
  const name = `기록 채널 ${randomBytes(3).toString("hex")}`;
  const channelId = await createChannel(actor(member), { kind: "private", name });
  await postMessage(actor(member), { channelId, body: "보존할 기록입니다" });
  const exportPath = `/t/${TENANT}/admin/messaging/channels/${channelId}/export.json`;

  // Not for anyone but the administrator.
  const person = await openAs(browser, member, `/t/${TENANT}/messages`);
  expect((await person.page.request.get(exportPath)).status()).toBe(404);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, {
    tenant: TENANT,
    loginId: "admin",
    password: DEMO_PASSWORD,
    redirectTo: `/t/${TENANT}/admin/messaging`,
  });
  await expect(page.getByRole("heading", { level: 1, name: "메시지 관리" })).toBeVisible();
  await page.getByLabel("정한 기간이 지나면 삭제").check();
  await page.getByLabel("보존 일수").fill("0");
  // The browser itself refuses it (the service refuses it too: retention.server.test.ts).
  expect(
    await page.getByLabel("보존 일수").evaluate((input) => (input as HTMLInputElement).validity.valid),
  ).toBe(false);
  await page.getByLabel("보존 일수").fill("3650");
  await page.getByRole("button", { name: "보존 기간 저장" }).click();
  await expect(page.getByText("메시지 보존 기간을 저장했습니다.")).toBeVisible();
  await expect(page.getByText(/3,650일이 지난 메시지를 삭제합니다/)).toBeVisible();
  await expectAccessible(page, { what: "the messaging administration page" });

  const link = page.getByRole("link", { name: `${name} 내보내기 (JSON)` });
  const response = await page.request.get((await link.getAttribute("href")) ?? "");
  expect(response.status()).toBe(200);
  const exported = (await response.json()) as { channel: { name: string }; messages: { body: string }[] };
  expect(exported.channel.name).toBe(name);
  expect(exported.messages.map((m) => m.body)).toEqual(["보존할 기록입니다"]);

  await page.goto(`/t/${TENANT}/admin/audit`);
  await expect(page.getByText("채널 내보내기").first()).toBeVisible();
  await expect(page.getByText("메시지 보존 기간 변경").first()).toBeVisible();
  // Back to the default, so that nothing else in the suite loses messages.
  await page.goto(`/t/${TENANT}/admin/messaging`);
  await page.getByLabel("영구 보존 (기본)").check();
  await page.getByRole("button", { name: "보존 기간 저장" }).click();
  await expect(page.getByText("지금은 메시지를 영구 보존합니다.")).toBeVisible();
  await context.close();
  await closeAll(person);
});
