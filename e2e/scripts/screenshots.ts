import { mkdirSync } from "node:fs";
import { DEMO_PASSWORD } from "@nuri/db";
import { freePort } from "@nuri/db/embedded";
import { chromium } from "@playwright/test";
import { launchNuri, ROOT } from "../../scripts/launch.ts";

// `pnpm --filter @nuri/e2e screenshots`: refreshes docs/screenshots/*.png from a running Nuri
// with the demo data (build the app first). The README shows one of them.

const OUT = `${ROOT}docs/screenshots`;
const PAGES: { name: string; path: string; signedIn?: boolean; width?: number }[] = [
  { name: "home", path: "/" },
  { name: "sign-in", path: "/t/digital-gov/sign-in" },
  { name: "tenant-home", path: "/t/digital-gov/", signedIn: true },
  { name: "tenant-home-mobile", path: "/t/digital-gov/", signedIn: true, width: 360 },
  { name: "admin-people", path: "/t/digital-gov/admin/people", signedIn: true },
  { name: "admin-departments", path: "/t/digital-gov/admin/departments", signedIn: true },
  { name: "apply", path: "/apply" },
];

mkdirSync(OUT, { recursive: true });
const nuri = await launchNuri({
  dataDir: `${ROOT}.data/screenshots-postgres`,
  appPort: await freePort(),
  collabPort: await freePort(),
  env: { DATABASE_URL: undefined, DATABASE_OWNER_URL: undefined },
  log: () => {},
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  const context = await browser.newContext({
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    baseURL: nuri.appUrl,
  });
  const page = await context.newPage();
  let signedIn = false;
  for (const shot of PAGES) {
    if (shot.signedIn && !signedIn) {
      await page.goto("/t/digital-gov/sign-in");
      await page.getByLabel("아이디").fill("admin");
      await page.getByLabel("비밀번호").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "로그인" }).click();
      await page.waitForURL(/\/t\/digital-gov\/$/);
      signedIn = true;
    }
    await page.setViewportSize({ width: shot.width ?? 1280, height: 800 });
    const response = await page.goto(shot.path);
    if (!response?.ok()) {
      console.warn(`skipped ${shot.name}: ${shot.path} answered ${response?.status()}`);
      continue;
    }
    await page.screenshot({ path: `${OUT}/${shot.name}.png`, fullPage: true });
    console.log(`docs/screenshots/${shot.name}.png`);
  }
} finally {
  await browser.close();
  await nuri.stop();
}
