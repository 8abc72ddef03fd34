import { expect, test } from "@playwright/test";

// What the server refuses before any route sees the request.

test.describe("a state-changing request", () => {
  // /health takes no POST (405), so these requests change nothing and count as no sign-in failure.
  const form = { anything: "x" };

  test("from another origin is refused (CSRF)", async ({ request, baseURL }) => {
    const foreign = await request.post("/health", { form, headers: { Origin: "https://evil.example" } });
    expect(foreign.status()).toBe(403);
    const none = await request.post("/health", { form, headers: { Origin: "" } });
    expect(none.status()).toBe(403);
    const own = await request.post("/health", { form, headers: { Origin: baseURL! } });
    expect(own.status()).toBe(405);
  });

  test("larger than a form may be is refused before it is read", async ({ request, baseURL }) => {
    const big = await request.post("/health", {
      headers: { Origin: baseURL!, "Content-Type": "application/x-www-form-urlencoded" },
      data: `loginId=${"a".repeat(70 * 1024)}`,
    });
    expect(big.status()).toBe(413);
    expect(await big.text()).toContain("요청이 너무 큽니다");
  });
});
