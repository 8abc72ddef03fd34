import { documentShares, documents, eq, sql, users, withTenant } from "@nuri/db";
import { buildDepartment, buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { roleOnDocument } from "./access.server.ts";
import { loadSearchReader, readableBySql } from "./search-access.server.ts";
import {
  matchingDocumentsSql,
  SEARCH_PAGE_SIZE,
  searchDocuments,
  searchKeys,
} from "./search-documents.server.ts";
import { parseSearchQuery, SEARCH_QUERY_MAX_LENGTH, type SearchTerm } from "./search-query.server.ts";
import { refusal, share } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

/** An agency: 디지털정부국 › 디지털정책과 (the searcher's), and 총무과 beside it. */
async function agency() {
  const tenant = await buildTenant(db);
  const bureau = await buildDepartment(db, tenant.id, { name: "디지털정부국" });
  const division = await buildDepartment(db, tenant.id, { name: "디지털정책과", parentId: bureau.id });
  const other = await buildDepartment(db, tenant.id, { name: "총무과" });
  const me = await buildUser(db, tenant.id, { departmentId: division.id, displayName: "권나은" });
  const colleague = await buildUser(db, tenant.id, { departmentId: other.id, displayName: "서민지" });
  const doc = (ownerId: string, fields: Partial<typeof documents.$inferInsert> = {}) =>
    buildDocument(db, tenant.id, ownerId, fields);
  const search = (query: string, page?: number, userId = me.id) =>
    searchDocuments({ db, tenantId: tenant.id, userId }, { query, page });
  const found = async (query: string, userId = me.id) =>
    (await search(query, 1, userId)).hits.map((hit) => hit.id).sort();
  return { tenant, bureau, division, other, me, colleague, doc, search, found };
}

async function searchGramsOf(tenantId: string, documentId: string): Promise<string[]> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx.select({ grams: documents.searchGrams }).from(documents).where(eq(documents.id, documentId)),
  );
  return row!.grams;
}
/** The grams of search_grams: its entries of one or two characters. */
const gramsOf = async (tenantId: string, documentId: string) =>
  (await searchGramsOf(tenantId, documentId)).filter((g) => [...g].length <= 2);
/** The access tokens of search_grams ('u:…', 'd:…', 'a:…'). */
const tokensOf = async (tenantId: string, documentId: string) =>
  (await searchGramsOf(tenantId, documentId)).filter((g) => /^[uda]:/.test(g));

const sorted = (...ids: string[]) => [...ids].sort();

describe("the search grams trigger", () => {
  it("keeps every 1- and 2-character piece of the words of title and body, lower-cased and composed", async () => {
    const a = await agency();
    // 한국 typed as decomposed jamo (NFD), as some editors and file names deliver it
    const doc = await a.doc(a.me.id, {
      title: "AI 정부",
      contentText: "\u1112\u1161\u11ab\u1100\u116e\u11a8, 예!",
    });
    expect(await gramsOf(a.tenant.id, doc.id)).toEqual(
      ["a", "ai", "i", "부", "예", "정", "정부", "한", "한국", "국"].sort(),
    );
  });

  it("recomputes on a new title or body, and not when neither changed", async () => {
    const a = await agency();
    const doc = await a.doc(a.me.id, { title: "가나", contentText: "" });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(documents).set({ contentText: "다라" }).where(eq(documents.id, doc.id)),
    );
    expect(await gramsOf(a.tenant.id, doc.id)).toEqual(["가", "가나", "나", "다", "다라", "라"].sort());
    // emptied by hand: an update that leaves title, body and access alone does not run the trigger
    await withTenant(db, a.tenant.id, async (tx) => {
      await tx.execute(sql`update documents set search_grams = '{}' where id = ${doc.id}`);
      await tx.update(documents).set({ title: "가나", sizeBytes: 10 }).where(eq(documents.id, doc.id));
    });
    expect(await searchGramsOf(a.tenant.id, doc.id)).toEqual([]);
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(documents).set({ title: "마" }).where(eq(documents.id, doc.id)),
    );
    expect(await gramsOf(a.tenant.id, doc.id)).toEqual(["다", "다라", "라", "마"].sort());
  });

  it("cuts only the first 50,000 characters of a body, and marks the document so search still reads it all", async () => {
    const a = await agency();
    const long = await a.doc(a.me.id, {
      title: "긴 문서",
      contentText: `${"가".repeat(50_000)} 뷁 똠방각하`,
    });
    const other = await a.doc(a.me.id, { title: "긴 문서", contentText: `${"가".repeat(50_000)} 다른 말` });
    const all = await searchGramsOf(a.tenant.id, long.id);
    expect(all).toContain("x:partial");
    expect(all).not.toContain("뷁");
    expect((await gramsOf(a.tenant.id, long.id)).length).toBeLessThan(10);
    expect(await a.found("뷁")).toEqual([long.id]);
    expect(await a.found("똠방각하")).toEqual([long.id]);
    expect(await a.found("문서 뷁")).toEqual([long.id]);
    expect(await a.found("가")).toEqual(sorted(long.id, other.id));
    const short = await a.doc(a.me.id, { title: "짧은 문서", contentText: "뷁" });
    expect(await searchGramsOf(a.tenant.id, short.id)).not.toContain("x:partial");
  });

  it("keeps the access tokens: owner, department space, link, and every share as it comes and goes", async () => {
    const a = await agency();
    const doc = await a.doc(a.me.id, { title: "토큰", contentText: "" });
    expect(await tokensOf(a.tenant.id, doc.id)).toEqual([`u:${a.me.id}`]);
    await withTenant(db, a.tenant.id, (tx) =>
      tx
        .update(documents)
        .set({ departmentId: a.division.id, linkAccess: "agency" })
        .where(eq(documents.id, doc.id)),
    );
    await share(db, a.tenant.id, doc.id, a.me.id, { kind: "user", id: a.colleague.id }, "reader");
    await share(db, a.tenant.id, doc.id, a.me.id, { kind: "department", id: a.other.id }, "reader");
    expect(await tokensOf(a.tenant.id, doc.id)).toEqual(
      [
        `u:${a.me.id}`,
        `u:${a.colleague.id}`,
        `d:${a.division.id}`,
        `d:${a.other.id}`,
        `a:${a.tenant.id}`,
      ].sort(),
    );
    // the grams stay as they were
    expect(await gramsOf(a.tenant.id, doc.id)).toEqual(["큰", "토", "토큰"].sort());
    await withTenant(db, a.tenant.id, async (tx) => {
      await tx.delete(documentShares).where(eq(documentShares.documentId, doc.id));
      await tx
        .update(documents)
        .set({ departmentId: null, linkAccess: "off", ownerId: a.colleague.id })
        .where(eq(documents.id, doc.id));
    });
    expect(await tokensOf(a.tenant.id, doc.id)).toEqual([`u:${a.colleague.id}`]);
    expect(await gramsOf(a.tenant.id, doc.id)).toEqual(["큰", "토", "토큰"].sort());
  });
});

describe("searchDocuments: terms", () => {
  it("finds one- and two-character Hangul terms through the grams, and not pieces that span words", async () => {
    const a = await agency();
    const plan = await a.doc(a.me.id, {
      title: "2026년 디지털정부 추진 계획",
      contentText: "예산 집행 결과",
    });
    const other = await a.doc(a.me.id, { title: "회의록", contentText: "정보보호 위원회" });
    expect(await a.found("정")).toEqual(sorted(plan.id, other.id));
    expect(await a.found("정부")).toEqual([plan.id]);
    expect(await a.found("예")).toEqual([plan.id]);
    expect(await a.found("집행")).toEqual([plan.id]);
    expect(await a.found("산집")).toEqual([]); // 예산 집행: not one word
    expect(await a.found("뷁")).toEqual([]);
    expect(await a.found("보위")).toEqual([]);
  });

  it("finds terms of three or more characters anywhere, Latin letters in any case", async () => {
    const a = await agency();
    const plan = await a.doc(a.me.id, {
      title: "Cloud Migration 계획",
      contentText: "디지털정부 플랫폼 구축",
    });
    expect(await a.found("디지털정부")).toEqual([plan.id]);
    expect(await a.found("플랫폼")).toEqual([plan.id]);
    expect(await a.found("cloud")).toEqual([plan.id]);
    expect(await a.found("MIGRATION")).toEqual([plan.id]);
    expect(await a.found('"정부 플랫폼"')).toEqual([plan.id]);
    expect(await a.found('"디지털 정부"')).toEqual([]);
    expect(await a.found("클라우드")).toEqual([]);
  });

  it("ANDs several words, short and long alike", async () => {
    const a = await agency();
    const both = await a.doc(a.me.id, { title: "예산 집행 결과", contentText: "디지털정부 추진" });
    const one = await a.doc(a.me.id, { title: "예산 편성", contentText: "디지털정부 추진" });
    expect(await a.found("예산")).toEqual(sorted(both.id, one.id));
    expect(await a.found("예산 집행")).toEqual([both.id]);
    expect(await a.found("디지털정부 집행")).toEqual([both.id]);
    expect(await a.found("디지털정부 예산 추진")).toEqual(sorted(both.id, one.id));
    expect(await a.found("예산 없는말")).toEqual([]);
  });

  it("treats LIKE's wildcards and escape character as plain characters", async () => {
    const a = await agency();
    const percent = await a.doc(a.me.id, { title: "목표", contentText: "달성률 100% 기록" });
    const plain = await a.doc(a.me.id, { title: "목표", contentText: "달성률 1000 기록" });
    const underscore = await a.doc(a.me.id, { title: "파일", contentText: "plan_v2.hwp" });
    const letter = await a.doc(a.me.id, { title: "파일", contentText: "planXv2.hwp" });
    const backslash = await a.doc(a.me.id, { title: "경로", contentText: "C:\\temp 폴더" });
    const five = await a.doc(a.me.id, { title: "인상", contentText: "5% 인상" });
    const fifty = await a.doc(a.me.id, { title: "인상", contentText: "55 인상" });
    expect(await a.found("100%")).toEqual([percent.id]);
    expect(await a.found("100")).toEqual(sorted(percent.id, plain.id));
    expect(await a.found("plan_v2")).toEqual([underscore.id]);
    expect(await a.found("plan")).toEqual(sorted(underscore.id, letter.id));
    expect(await a.found("C:\\temp")).toEqual([backslash.id]);
    expect(await a.found("5%")).toEqual([five.id]); // short, not one word: grams, then LIKE
    expect(await a.found("5")).toEqual(sorted(five.id, fifty.id));
  });

  it("refuses an empty or too long query, with the limit in the message's parameters", async () => {
    const a = await agency();
    expect((await refusal(a.search("   "))).code).toBe("search.query_empty");
    const long = await refusal(a.search("가".repeat(SEARCH_QUERY_MAX_LENGTH + 1)));
    expect(long).toMatchObject({
      code: "search.query_too_long",
      messageKey: "documents.search.error.tooLong",
      status: 400,
      params: { max: SEARCH_QUERY_MAX_LENGTH },
    });
    expect((await refusal(a.search("%% __"))).code).toBe("search.no_letters");
    await expect(a.search("가".repeat(SEARCH_QUERY_MAX_LENGTH))).resolves.toMatchObject({ total: 0 });
  });
});

describe("searchDocuments: who sees what", () => {
  it("finds exactly the documents the person may read, and none in the trash", async () => {
    const a = await agency();
    const words = { contentText: "보안 점검 결과" };
    const readable = [
      await a.doc(a.me.id, { title: "내 문서", ...words }),
      await a.doc(a.colleague.id, { title: "과 문서함", departmentId: a.division.id, ...words }),
      await a.doc(a.colleague.id, { title: "국 문서함", departmentId: a.bureau.id, ...words }),
      await a.doc(a.colleague.id, { title: "기관 링크", linkAccess: "agency", ...words }),
    ];
    const sharedWithMe = await a.doc(a.colleague.id, { title: "나에게 공유", ...words });
    await share(db, a.tenant.id, sharedWithMe.id, a.colleague.id, { kind: "user", id: a.me.id }, "reader");
    const sharedWithBureau = await a.doc(a.colleague.id, { title: "국에 공유", ...words });
    await share(
      db,
      a.tenant.id,
      sharedWithBureau.id,
      a.colleague.id,
      { kind: "department", id: a.bureau.id },
      "reader",
    );
    const sharedWithAgency = await a.doc(a.colleague.id, { title: "기관에 공유", ...words });
    await share(db, a.tenant.id, sharedWithAgency.id, a.colleague.id, { kind: "tenant", id: null }, "reader");
    readable.push(sharedWithMe, sharedWithBureau, sharedWithAgency);

    const hidden = [
      await a.doc(a.colleague.id, { title: "남의 문서", ...words }),
      await a.doc(a.colleague.id, { title: "총무과 문서함", departmentId: a.other.id, ...words }),
      await a.doc(a.me.id, { title: "내 휴지통", deletedAt: new Date(), deletedBy: a.me.id, ...words }),
      await a.doc(a.colleague.id, {
        title: "휴지통의 과 문서",
        departmentId: a.division.id,
        deletedAt: new Date(),
        deletedBy: a.colleague.id,
        ...words,
      }),
    ];
    const sharedWithOther = await a.doc(a.colleague.id, { title: "총무과에 공유", ...words });
    await share(
      db,
      a.tenant.id,
      sharedWithOther.id,
      a.colleague.id,
      { kind: "department", id: a.other.id },
      "reader",
    );
    hidden.push(sharedWithOther);

    for (const query of ["보", "보안", "점검 결과", "보안 점검"]) {
      expect(await a.found(query), query).toEqual(sorted(...readable.map((d) => d.id)));
    }
    // the same rule as the document pages' (documentRoleSql), trash aside
    for (const doc of [...readable, ...hidden]) {
      const role = await withTenant(db, a.tenant.id, (tx) => roleOnDocument(tx, a.me.id, doc.id));
      const inTrash = doc.deletedAt !== null;
      expect(role !== null && !inTrash, doc.title).toBe(readable.includes(doc));
    }
  });

  it("does not trust the access tokens alone: a stale token opens nothing", async () => {
    const a = await agency();
    const theirs = await a.doc(a.colleague.id, { title: "남의 문서", contentText: "보안 점검" });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.execute(sql`update documents set search_grams = search_grams || ${`u:${a.me.id}`}::text
        where id = ${theirs.id}`),
    );
    expect(await a.found("보안")).toEqual([]);
    expect(await a.found("보안", a.colleague.id)).toEqual([theirs.id]);
  });

  it("finds nothing for a disabled person", async () => {
    const a = await agency();
    await a.doc(a.me.id, { title: "내 문서", contentText: "보안 점검" });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(users).set({ status: "disabled" }).where(eq(users.id, a.me.id)),
    );
    expect(await a.found("보안")).toEqual([]);
  });

  it("does not find a document of another agency, even with the same words and a link for everyone", async () => {
    const mine = await agency();
    const theirs = await agency();
    const words = { title: "2026년 디지털정부 추진 계획", contentText: "예산 집행 결과 보고" };
    const own = await mine.doc(mine.me.id, words);
    const foreign = await theirs.doc(theirs.me.id, { ...words, linkAccess: "public" });
    await share(db, theirs.tenant.id, foreign.id, theirs.me.id, { kind: "tenant", id: null }, "reader");
    for (const query of ["정", "정부", "디지털정부", "예산 집행", "추진 계획"]) {
      expect(await mine.found(query), query).toEqual([own.id]);
    }
    // their person, pointed at this agency, is no one here
    expect(
      await searchDocuments({ db, tenantId: mine.tenant.id, userId: theirs.me.id }, { query: "정부" }),
    ).toMatchObject({ total: 0, hits: [] });
  });
});

describe("the two shapes of the search query", () => {
  const termsOf = (query: string): SearchTerm[] => {
    const parsed = parseSearchQuery(query);
    if (!parsed.ok) throw new Error(query);
    return parsed.terms;
  };
  /** The ids the query finds for the person, in the shape asked for. */
  const matching = (a: Awaited<ReturnType<typeof agency>>, query: string, indexed: boolean) =>
    withTenant(db, a.tenant.id, async (tx) => {
      const reader = (await loadSearchReader(tx, a.tenant.id, a.me.id))!;
      const terms = termsOf(query);
      const keys = await searchKeys(tx, terms);
      const table = matchingDocumentsSql(a.tenant.id, terms, { ...keys, indexed }, readableBySql(reader));
      const rows = await tx.execute<{ id: string }>(sql`select m.id from ${table} m`);
      return rows.map((row) => row.id).sort();
    });

  it("takes the indexed shape where provisioning marked the array operators leakproof", async () => {
    // db/src/provision.ts does it as the superuser; the plans at scale are in bench/search
    const a = await agency();
    const keys = await withTenant(db, a.tenant.id, (tx) => searchKeys(tx, termsOf("세종")));
    expect(keys).toEqual({ grams: ["세종"], decided: [true], indexed: true });
  });

  it("finds the same documents in both shapes, long documents and access included", async () => {
    const a = await agency();
    const words = "세종 정부청사 위원회 회의 결과 보고";
    const long = `${"가".repeat(50_000)} 뷁 맺음말 ${words}`;
    await a.doc(a.me.id, { title: "내 문서", contentText: words });
    await a.doc(a.me.id, { title: "긴 문서", contentText: long });
    await a.doc(a.colleague.id, { title: "과 문서", departmentId: a.division.id, contentText: words });
    await a.doc(a.colleague.id, { title: "남의 문서", contentText: words });
    await a.doc(a.colleague.id, { title: "남의 긴 문서", contentText: long });
    await a.doc(a.me.id, { title: "휴지통", contentText: words, deletedAt: new Date(), deletedBy: a.me.id });
    for (const query of ["세", "세종", "위원회", "뷁", "맺음말", "세종 회의", "정부청사 보고", "없는말"]) {
      const indexed = await matching(a, query, true);
      expect(await matching(a, query, false), query).toEqual(indexed);
    }
    expect(await matching(a, "뷁", true)).toHaveLength(1);
    expect(await matching(a, "세종", true)).toHaveLength(3);
  });
});

describe("searchDocuments: results", () => {
  it("ranks title matches first, then the most recently updated, and pages through them", async () => {
    const a = await agency();
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
    const inTitleOld = await a.doc(a.me.id, { title: "예산 보고", contentText: "내용", updatedAt: day(1) });
    const bodies = [];
    for (let i = 0; i < SEARCH_PAGE_SIZE + 4; i++) {
      bodies.push(
        await a.doc(a.me.id, { title: `문서 ${i}`, contentText: "예산 내용", updatedAt: day(10 + i) }),
      );
    }
    const first = await a.search("예산");
    expect(first).toMatchObject({ total: SEARCH_PAGE_SIZE + 5, page: 1, pages: 2 });
    expect(first.hits.map((h) => h.id)).toEqual([
      inTitleOld.id,
      ...bodies
        .slice()
        .reverse()
        .slice(0, SEARCH_PAGE_SIZE - 1)
        .map((d) => d.id),
    ]);
    const second = await a.search("예산", 2);
    expect(second.hits.map((h) => h.id)).toEqual(
      bodies
        .slice(0, 5)
        .reverse()
        .map((d) => d.id),
    );
    expect(await a.search("예산", 3)).toMatchObject({ total: SEARCH_PAGE_SIZE + 5, page: 3, hits: [] });
  });

  it("shows the owner, the date and the body around the first match, terms marked, text as written", async () => {
    const a = await agency();
    const updatedAt = new Date("2026-03-15T01:02:03Z");
    const lead = "가".repeat(100);
    await a.doc(a.colleague.id, {
      title: "<b>보고</b>",
      contentText: `${lead} 이번 <script>예산</script> 집행은 Budget 계획대로 ${"나".repeat(300)}`,
      linkAccess: "agency",
      updatedAt,
    });
    const { hits } = await a.search("예산 budget");
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    expect(hit).toMatchObject({ ownerName: "서민지", updatedAt, title: "<b>보고</b>" });
    expect(hit!.titleSegments).toEqual([{ text: "<b>보고</b>", mark: false }]);
    expect(hit!.snippetCut).toEqual({ before: true, after: true });
    const snippet = hit!.snippet.map((s) => (s.mark ? `[${s.text}]` : s.text)).join("");
    expect(snippet).toMatch(/^가+ 이번 <script>\[예산\]<\/script> 집행은 \[Budget\] 계획대로 나+$/);
    expect(snippet.length).toBeLessThanOrEqual(160 + 4);
  });
});
