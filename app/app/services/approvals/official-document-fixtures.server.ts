import type { OfficialDocument } from "@nuri/approval";

// Completed documents for the official document's HTML and PDF tests: 전결 with 검토 and two
// 협조, 대결 sent to two agencies through a 경유, and a 내부결재 that is not sent at all.

const CONTACTS = {
  agencyName: "디지털행정부",
  senderTitle: "디지털행정부장관",
  postalCode: "30112",
  address: "세종특별자치시 도움6로 42",
  homepage: "https://www.digital.go.kr",
  phone: "044-205-1234",
  fax: "044-205-8900",
} as const;

/** 과장 closes the line under 전결; the 국장 above is left as 전결; two 협조. */
export function delegatedDocument(overrides: Partial<OfficialDocument> = {}): OfficialDocument {
  return {
    ...CONTACTS,
    recipients: ["국가기록원장"],
    via: null,
    title: "2027년 전자결재 전환 계획 보고",
    bodyHtml:
      "<p>1. 관련: 디지털정부정책과-7(2026. 11. 2.)</p><p>2. 2027년 전자결재 전환 계획을 붙임과 같이 보고합니다.</p>",
    bodyText:
      "1. 관련: 디지털정부정책과-7(2026. 11. 2.)\n2. 2027년 전자결재 전환 계획을 붙임과 같이 보고합니다.",
    attachments: ["2027년 전자결재 전환 계획 1부", "추진 일정표 1부"],
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
        position: "보안팀장",
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
    email: "haneul.kim@digital.go.kr",
    disclosure: { class: "public", grounds: [] },
    ...overrides,
  };
}

/** The 과장 signs under 대결 for the absent 국장; sent to two agencies through a 경유. */
export function proxyDocument(overrides: Partial<OfficialDocument> = {}): OfficialDocument {
  return {
    ...CONTACTS,
    recipients: ["행정안전부장관", "국가기록원장"],
    via: "세종특별자치시장",
    title: "개인정보 처리 현황 제출",
    bodyHtml: "<p>2026년 개인정보 처리 현황을 붙임과 같이 제출합니다.</p>",
    bodyText: "2026년 개인정보 처리 현황을 붙임과 같이 제출합니다.",
    attachments: ["개인정보 처리 현황 1부"],
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
    email: "jiwoo.han@digital.go.kr",
    disclosure: { class: "partial", grounds: [6, 5] },
    ...overrides,
  };
}

/** A 내부결재: no recipient, no 발신명의, 비공개 with two grounds, no attachment. */
export function internalDocument(overrides: Partial<OfficialDocument> = {}): OfficialDocument {
  return {
    ...CONTACTS,
    recipients: [],
    via: null,
    title: "2026년 하반기 정보보안 점검 결과 보고",
    bodyHtml: "<p>1. 점검 기간: 2026. 10. 1. ~ 10. 31.</p><p>2. 점검 결과를 아래와 같이 보고합니다.</p>",
    bodyText: "1. 점검 기간: 2026. 10. 1. ~ 10. 31.\n2. 점검 결과를 아래와 같이 보고합니다.",
    attachments: [],
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
    email: "gaeun.moon@digital.go.kr",
    disclosure: { class: "private", grounds: [5, 1] },
    ...overrides,
  };
}
