import { describe, expect, it } from "vitest";
import {
  formatOfficialDate,
  formatOfficialDisclosure,
  type OfficialDocument,
  officialDocumentLayout,
  officialDocumentLines,
  officialSignatureCell,
} from "./official-document.ts";

// Golden text of the official document (별지 제1호서식) for the three shapes a completed
// document takes: 전결 with 검토 and 협조, 대결, and a 내부결재 that is not sent anywhere.

const CONTACTS = {
  postalCode: "30112",
  address: "세종특별자치시 도움6로 42",
  homepage: "https://www.digital.go.kr",
  phone: "044-205-1234",
  fax: "044-205-8900",
} as const;

/** (a) 과장 closes the line under 전결; the 국장 above is left as 전결; two 협조. */
function delegatedDocument(): OfficialDocument {
  return {
    agencyName: "디지털행정부",
    recipients: ["국가기록원장"],
    via: null,
    title: "2027년 전자결재 전환 계획 보고",
    bodyHtml:
      "<p>1. 관련: 디지털정부정책과-7(2026. 11. 2.)</p><p>2. 2027년 전자결재 전환 계획을 붙임과 같이 보고합니다.</p>",
    bodyText:
      "1. 관련: 디지털정부정책과-7(2026. 11. 2.)\n2. 2027년 전자결재 전환 계획을 붙임과 같이 보고합니다.\n",
    attachments: ["2027년 전자결재 전환 계획 1부", "추진 일정표 1부"],
    senderTitle: "디지털행정부장관",
    signatures: [
      {
        role: "drafter",
        position: "주무관",
        name: "김하늘",
        mark: "none",
        signedAt: "2026-11-23T09:10:00+09:00",
      },
      {
        role: "review",
        position: "사무관",
        name: "박정우",
        mark: "none",
        signedAt: "2026-11-23T15:02:00+09:00",
      },
      {
        role: "cooperate",
        position: "예산팀장",
        name: "이도윤",
        mark: "none",
        signedAt: "2026-11-24T09:30:00+09:00",
      },
      {
        role: "cooperate",
        position: "정보보호팀장",
        name: "최서연",
        mark: "none",
        signedAt: "2026-11-24T09:41:00+09:00",
      },
      {
        role: "approve",
        position: "과장",
        name: "서민지",
        mark: "delegated",
        signedAt: "2026-11-24T11:00:00+09:00",
      },
      { role: "approve", position: "국장", name: "정태오", mark: "skipped", signedAt: null },
    ],
    registrationNumber: "디지털정부정책과-12",
    effectiveDate: "2026-11-24",
    receipt: null,
    ...CONTACTS,
    email: "haneul.kim@digital.go.kr",
    disclosure: { class: "public", grounds: [] },
  };
}

/** (b) The 과장 signs under 대결 for the absent 국장; sent to two agencies through a 경유. */
function proxyDocument(): OfficialDocument {
  return {
    agencyName: "디지털행정부",
    recipients: ["행정안전부장관", "국가기록원장"],
    via: "세종특별자치시장",
    title: "개인정보 처리 현황 제출",
    bodyHtml: "<p>2026년 개인정보 처리 현황을 붙임과 같이 제출합니다.</p>",
    bodyText: "2026년 개인정보 처리 현황을 붙임과 같이 제출합니다.",
    attachments: ["개인정보 처리 현황 1부."],
    senderTitle: "디지털행정부장관",
    signatures: [
      {
        role: "drafter",
        position: "주무관",
        name: "한지우",
        mark: "none",
        signedAt: "2026-11-30T10:00:00+09:00",
      },
      {
        role: "review",
        position: "팀장",
        name: "오세린",
        mark: "none",
        signedAt: "2026-11-30T13:00:00+09:00",
      },
      {
        role: "approve",
        position: "과장",
        name: "윤하람",
        mark: "proxy",
        signedAt: "2026-12-01T08:50:00+09:00",
      },
    ],
    registrationNumber: "개인정보보호과-208",
    effectiveDate: "2026-12-01",
    receipt: { number: "기록정책과-345", date: "2026-12-02" },
    ...CONTACTS,
    email: "jiwoo.han@digital.go.kr",
    disclosure: { class: "partial", grounds: [6, 5] },
  };
}

/** (c) A 내부결재: no recipient, no 발신명의, 비공개 with two grounds, no attachment. */
function internalDocument(): OfficialDocument {
  return {
    agencyName: "디지털행정부",
    recipients: [],
    via: null,
    title: "2026년 하반기 정보보안 점검 결과 보고",
    bodyHtml: "<p>1. 점검 기간: 2026. 10. 1. ~ 10. 31.</p><p>2. 점검 결과를 아래와 같이 보고합니다.</p>",
    bodyText: "1. 점검 기간: 2026. 10. 1. ~ 10. 31.\n\n2. 점검 결과를 아래와 같이 보고합니다.   ",
    attachments: [],
    senderTitle: "디지털행정부장관",
    signatures: [
      {
        role: "drafter",
        position: "주무관",
        name: "문가은",
        mark: "none",
        signedAt: "2026-11-03T10:00:00+09:00",
      },
      {
        role: "approve",
        position: "과장",
        name: "강도현",
        mark: "none",
        signedAt: "2026-11-04T16:20:00+09:00",
      },
    ],
    registrationNumber: "정보보호담당관-31",
    effectiveDate: "2026-11-04",
    receipt: null,
    ...CONTACTS,
    email: "gaeun.moon@digital.go.kr",
    disclosure: { class: "private", grounds: [5, 1] },
  };
}

describe("officialDocumentLines", () => {
  it("lays out a 전결 document with 검토 and two 협조", () => {
    expect(officialDocumentLines(delegatedDocument())).toEqual({
      head: ["디지털행정부", "수신 국가기록원장", "(경유)"],
      body: [
        "제목 2027년 전자결재 전환 계획 보고",
        "1. 관련: 디지털정부정책과-7(2026. 11. 2.)",
        "2. 2027년 전자결재 전환 계획을 붙임과 같이 보고합니다.",
        "붙임  1. 2027년 전자결재 전환 계획 1부.",
        "      2. 추진 일정표 1부.  끝.",
      ],
      foot: [
        "디지털행정부장관",
        "주무관 김하늘  사무관 박정우  과장 전결 서민지  국장 전결",
        "협조자  예산팀장 이도윤  정보보호팀장 최서연",
        "시행 디지털정부정책과-12 (2026. 11. 24.)",
        "접수",
        "우 30112 세종특별자치시 도움6로 42 / https://www.digital.go.kr",
        "전화 044-205-1234  전송 044-205-8900 / haneul.kim@digital.go.kr / 공개",
      ],
    });
  });

  it("lays out a 대결 document sent to two agencies through a 경유", () => {
    expect(officialDocumentLines(proxyDocument())).toEqual({
      head: ["디지털행정부", "수신 수신자 참조", "(경유) 세종특별자치시장"],
      body: [
        "제목 개인정보 처리 현황 제출",
        "2026년 개인정보 처리 현황을 붙임과 같이 제출합니다.",
        "붙임  개인정보 처리 현황 1부.  끝.",
      ],
      foot: [
        "디지털행정부장관",
        "수신자 행정안전부장관, 국가기록원장",
        "주무관 한지우  팀장 오세린  과장 대결 윤하람",
        "협조자",
        "시행 개인정보보호과-208 (2026. 12. 1.)",
        "접수 기록정책과-345 (2026. 12. 2.)",
        "우 30112 세종특별자치시 도움6로 42 / https://www.digital.go.kr",
        "전화 044-205-1234  전송 044-205-8900 / jiwoo.han@digital.go.kr / 부분공개(제5호, 제6호)",
      ],
    });
  });

  it("lays out a 내부결재 without recipients, 발신명의 or attachments, 비공개 with its grounds", () => {
    expect(officialDocumentLines(internalDocument())).toEqual({
      head: ["디지털행정부", "수신 내부결재", "(경유)"],
      body: [
        "제목 2026년 하반기 정보보안 점검 결과 보고",
        "1. 점검 기간: 2026. 10. 1. ~ 10. 31.",
        "2. 점검 결과를 아래와 같이 보고합니다.  끝.",
      ],
      foot: [
        "주무관 문가은  과장 강도현",
        "협조자",
        "시행 정보보호담당관-31 (2026. 11. 4.)",
        "접수",
        "우 30112 세종특별자치시 도움6로 42 / https://www.digital.go.kr",
        "전화 044-205-1234  전송 044-205-8900 / gaeun.moon@digital.go.kr / 비공개(제1호, 제5호)",
      ],
    });
  });

  it("does not write a second 끝 when the drafter ended the text with one", () => {
    const doc = { ...internalDocument(), bodyText: "보고합니다.  끝." };
    expect(officialDocumentLines(doc).body).toEqual([
      "제목 2026년 하반기 정보보안 점검 결과 보고",
      "보고합니다.  끝.",
    ]);
    expect(officialDocumentLayout(doc).contentEnds).toBe(false);
  });

  it("ends an empty text with 끝 alone, and leaves the text alone when the attachments end", () => {
    const empty = { ...internalDocument(), bodyText: " \n\n" };
    expect(officialDocumentLines(empty).body).toEqual(["제목 2026년 하반기 정보보안 점검 결과 보고", "끝."]);
    const attached = { ...empty, attachments: ["  ", "명단 1부"] };
    expect(officialDocumentLines(attached).body).toEqual([
      "제목 2026년 하반기 정보보안 점검 결과 보고",
      "붙임  명단 1부.  끝.",
    ]);
    expect(officialDocumentLayout(attached).contentEnds).toBe(false);
  });

  it("leaves out empty contact fields instead of printing bare labels", () => {
    const doc = { ...delegatedDocument(), postalCode: "", homepage: " ", fax: "", email: "" };
    const foot = officialDocumentLines(doc).foot;
    expect(foot.at(-2)).toBe("세종특별자치시 도움6로 42");
    expect(foot.at(-1)).toBe("전화 044-205-1234 / 공개");
  });

  it("ignores blank recipient names, so whitespace does not turn a 내부결재 into a sent document", () => {
    const doc = { ...delegatedDocument(), recipients: ["  "] };
    const lines = officialDocumentLines(doc);
    expect(lines.head[1]).toBe("수신 내부결재");
    expect(lines.foot[0]).not.toBe("디지털행정부장관");
  });
});

describe("officialSignatureCell", () => {
  it("puts the mark in the 서명란, after the 직위 and before the name", () => {
    const base = {
      role: "approve",
      position: " 과장 ",
      name: " 서민지 ",
      signedAt: "2026-11-24T11:00:00+09:00",
    } as const;
    expect(officialSignatureCell({ ...base, mark: "none" }).text).toBe("과장 서민지");
    expect(officialSignatureCell({ ...base, mark: "delegated" })).toEqual({
      role: "approve",
      mark: "delegated",
      position: "과장",
      markLabel: "전결",
      name: "서민지",
      text: "과장 전결 서민지",
    });
    expect(officialSignatureCell({ ...base, mark: "proxy" }).text).toBe("과장 대결 서민지");
    expect(officialSignatureCell({ ...base, mark: "skipped", signedAt: null })).toMatchObject({
      markLabel: "전결",
      name: null,
      text: "과장 전결",
    });
  });

  it("leaves the 서명란 of someone who has not signed blank", () => {
    const cell = officialSignatureCell({
      role: "approve",
      position: "국장",
      name: "정태오",
      mark: "none",
      signedAt: null,
    });
    expect(cell).toMatchObject({ name: null, text: "국장" });
  });
});

describe("formatOfficialDate", () => {
  it.each([
    ["2026-11-24", "2026. 11. 24."],
    ["2026-01-05", "2026. 1. 5."],
    ["2028-02-29", "2028. 2. 29."],
  ])("writes %s as %s", (iso, expected) => {
    expect(formatOfficialDate(iso)).toBe(expected);
  });

  it.each(["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "2026-11-24T00:00:00Z", ""])(
    "refuses %j",
    (value) => {
      expect(() => formatOfficialDate(value)).toThrow(RangeError);
    },
  );

  it("refuses a malformed 시행일자 rather than print a wrong date", () => {
    expect(() => officialDocumentLines({ ...delegatedDocument(), effectiveDate: "24/11/2026" })).toThrow(
      /YYYY-MM-DD/,
    );
  });
});

describe("formatOfficialDisclosure", () => {
  it("writes the class with its grounds in order, each once", () => {
    expect(formatOfficialDisclosure({ class: "public", grounds: [] })).toBe("공개");
    expect(formatOfficialDisclosure({ class: "partial", grounds: [5] })).toBe("부분공개(제5호)");
    expect(formatOfficialDisclosure({ class: "private", grounds: [5, 1, 5] })).toBe("비공개(제1호, 제5호)");
  });

  it.each([
    [{ class: "partial", grounds: [] }, /at least one ground/],
    [{ class: "private", grounds: [9] }, /제1호–제8호/],
    [{ class: "private", grounds: [0] }, /제1호–제8호/],
    [{ class: "partial", grounds: [2.5] }, /제1호–제8호/],
    [{ class: "public", grounds: [1] }, /cites no ground/],
  ] as const)("refuses %j", (disclosure, message) => {
    expect(() =>
      formatOfficialDisclosure({ class: disclosure.class, grounds: [...disclosure.grounds] }),
    ).toThrow(message);
  });
});
