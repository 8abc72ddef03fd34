import { seededRandom } from "../shared/stats.ts";

// Generated Korean administrative text: titles like "2026년 디지털정부 추진 계획" and bodies of
// a few hundred to a few thousand characters. Words are Sino-Korean morphemes of public
// administration and compounds of two of them (정보보호, 예산집행 — written joined or spaced, as
// Korean spacing allows both), drawn with Zipf weights, so that a few words are in most
// documents and most words in few, as in a real ministry's files; plus people's names (each in
// a few dozen documents), places, dates and amounts. Deterministic for a seed.

// Morphemes, the most frequent first.
const MORPHEMES = (
  "계획 추진 사업 운영 관리 결과 보고 지원 개선 방안 현황 정책 검토 기관 예산 회의 교육 시행 자료 " +
  "평가 서비스 시스템 공공 행정 정보 부서 일정 변경 협조 요청 분석 실적 성과 구축 도입 확대 협력 " +
  "기준 절차 점검 조치 대책 디지털 데이터 정부 안전 시설 환경 규정 법령 개정 위원회 심의 승인 결재 " +
  "문서 통계 조사 홍보 행사 계약 구매 용역 인사 채용 복무 출장 민원 처리 안내 공고 지침 감사 보안 " +
  "보호 개인 플랫폼 전환 혁신 표준 연계 통합 고도화 유지 보수 장애 복구 학교 학생 교사 학부모 " +
  "급식 돌봄 상담 입학 졸업 성적 학사 집행 결산 이월 재원 국고 보조금 기금 지방 재정 세입 세출 " +
  "클라우드 인공지능 탄소 중립 재난 대응 훈련 비상 재택 유연 근무 청렴 예방 규제 시범 실증 공모 " +
  "선정 협약 착수 납품 검수 준공 공개 청구 이의 소송 자문 해석 질의 회신 주민 복지 보건 의료 " +
  "고용 산업 경제 주택 교통 도로 철도 항만 해양 농업 산림 에너지 기후 대기 수질 폐기물 문화 " +
  "관광 체육 청소년 가족 아동 노인 다문화 국제 통일 치안 소방 방재 샌드박스 행정심판 모니터링"
).split(" ");

const SURNAMES = "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 전 홍 남궁 선우 제갈 독고".split(" ");
const GIVEN = (
  "민 서 지 하 준 우 연 현 수 영 은 진 호 윤 성 재 훈 경 혜 나 린 아 빈 율 원 석 규 태 희 주 " +
  "도 예 유 승 동 상 철 미 정 용"
).split(" ");
const PLACES =
  "세종 서울 부산 대구 인천 광주 대전 울산 수원 청주 전주 춘천 제주 창원 포항 안동 목포 여수".split(" ");
const PARTICLES_AFTER_BATCHIM = ["을", "은", "이", "과", "으로", "의", "에", "에서", "만", "도"];
const PARTICLES_AFTER_VOWEL = ["를", "는", "가", "와", "로", "의", "에", "에서", "만", "도"];
// Sentence endings after a noun: [after a final consonant, after a vowel].
const ENDINGS: readonly (readonly [string, string])[] = [
  ["합니다.", "합니다."],
  ["하였습니다.", "하였습니다."],
  ["할 예정입니다.", "할 예정입니다."],
  ["하여 주시기 바랍니다.", "하여 주시기 바랍니다."],
  ["이 필요합니다.", "가 필요합니다."],
  ["을 검토하였습니다.", "를 검토하였습니다."],
  ["에 반영하겠습니다.", "에 반영하겠습니다."],
  ["을 보고드립니다.", "를 보고드립니다."],
  ["을 알려 드립니다.", "를 알려 드립니다."],
  ["이 있었습니다.", "가 있었습니다."],
];
const TITLE_KINDS = [
  "추진 계획",
  "결과 보고",
  "운영 계획",
  "개선 방안",
  "회의 결과",
  "현황 보고",
  "협조 요청",
  "시행 안내",
  "검토 의견",
  "기본 계획",
  "세부 추진 계획",
  "실적 보고",
  "점검 결과",
];

// The first morphemes are the vocabulary of every document (계획, 추진, 사업…); the rest are
// topical: each document is about a handful of them, the popular topics more often.
const CORE = MORPHEMES.slice(0, 30);
const TOPICAL = MORPHEMES.slice(30);
const TOPIC_SIZE = 8;

/** Zipf-like picking: index i has weight 1/(i+1)^s. */
function zipfPicker<T>(items: readonly T[], s: number, random: () => number): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += 1 / (i + 1) ** s;
    cumulative.push(total);
  }
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

/** True when the last syllable of `word` has a final consonant (받침). */
function hasBatchim(word: string): boolean {
  const code = word.charCodeAt(word.length - 1);
  return code >= 0xac00 && code <= 0xd7a3 && (code - 0xac00) % 28 !== 0;
}

export interface GeneratedDocument {
  title: string;
  body: string;
}

/** A generator of documents; `seed` makes it repeatable. */
export function documentGenerator(seed: number, options: { minBody?: number; maxBody?: number } = {}) {
  const random = seededRandom(seed);
  const minBody = options.minBody ?? 300;
  const maxBody = options.maxBody ?? 3000;
  const core = zipfPicker(CORE, 1.0, random);
  const topical = zipfPicker(TOPICAL, 1.0, random);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  let topic: string[] = [];
  // half the nouns are common ones; the others the document's topics, alone or as a compound
  // of two (정보보호, 예산 집행: joined or spaced, as Korean spacing allows both)
  const noun = () => {
    if (random() < 0.5) return core();
    const a = pick(topic);
    if (random() < 0.6) return a;
    const b = pick(topic);
    return a === b ? a : `${a}${random() < 0.5 ? " " : ""}${b}`;
  };
  const name = () => pick(SURNAMES) + pick(GIVEN) + pick(GIVEN);

  const word = (): string => {
    const x = random();
    if (x < 0.015) return name();
    if (x < 0.04) return pick(PLACES);
    if (x < 0.07) return `${int(1, 12)}월 ${int(1, 28)}일`;
    if (x < 0.09) return `${int(1, 500)}${pick(["억 원", "백만 원", "건", "명", "개소", "%"])}`;
    return noun();
  };
  const withParticle = (w: string) =>
    w + pick(hasBatchim(w) ? PARTICLES_AFTER_BATCHIM : PARTICLES_AFTER_VOWEL);

  const sentence = (): string => {
    const words: string[] = [];
    const n = int(4, 10);
    for (let i = 0; i < n; i++) {
      const w = word();
      words.push(random() < 0.45 ? withParticle(w) : w);
    }
    const last = MORPHEMES[Math.floor(random() * 30)]!;
    const ending = pick(ENDINGS);
    return `${words.join(" ")} ${last}${hasBatchim(last) ? ending[0] : ending[1]}`;
  };

  const title = (): string => {
    const x = random();
    const year = int(2019, 2027);
    if (x < 0.5) return `${year}년 ${noun()} ${noun()} ${pick(TITLE_KINDS)}`;
    if (x < 0.7)
      return `제${int(1, 12)}차 ${noun()} ${pick(["위원회", "협의회", "실무회의"])} ${pick(TITLE_KINDS)}`;
    if (x < 0.85) return `${pick(PLACES)} ${noun()} ${pick(TITLE_KINDS)}`;
    return `(${pick(["보도자료", "공문", "내부검토", "회의록", "참고"])}) ${noun()} ${pick(TITLE_KINDS)}`;
  };

  // Body lengths skew short: most documents are a page or two, a few run long.
  const bodyLength = () => Math.floor(minBody + (maxBody - minBody) * random() ** 2);

  return (): GeneratedDocument => {
    const chosen = new Set<string>();
    while (chosen.size < TOPIC_SIZE) chosen.add(topical());
    topic = [...chosen];
    const target = bodyLength();
    const paragraphs: string[] = [];
    let length = 0;
    let number = 1;
    while (length < target) {
      const sentences: string[] = [];
      const n = int(2, 5);
      for (let i = 0; i < n; i++) sentences.push(sentence());
      const paragraph = `${number}. ${sentences.join(" ")}`;
      number++;
      paragraphs.push(paragraph);
      length += paragraph.length + 1;
    }
    return { title: title(), body: paragraphs.join("\n").slice(0, target) };
  };
}

/**
 * The terms the benchmark searches for, by kind, from words in nearly every document to words
 * in a few (a person's name): ten of each, the most frequent first. The document frequencies
 * below are those of the generated corpus.
 */
export const QUERY_TERMS = {
  // 계, 정: ~100%; 예, 안: ~90%; 세: 33%; 민, 훈: 15–18%; 학: 13%; 탄: 2%; 뷁: none
  "1 character": ["계", "정", "예", "안", "세", "민", "훈", "학", "탄", "뷁"],
  // 계획 100%, 사업 98%, 예산 80%, 세종 25%, 정부 11%, 보안 4%, 학교 3%, 급식 2.5%, 철도 1.8%, 소송 1.5%
  "2 characters": ["계획", "사업", "예산", "세종", "정부", "보안", "학교", "급식", "철도", "소송"],
  // 13%, 13%, 1.9%, 1.7%, 1.4%, 1.3%, 0.27%, 0.15%, 0.07%, 0.02%
  "3+ characters": [
    "디지털",
    "위원회",
    "클라우드",
    "인공지능",
    "행정심판",
    "모니터링",
    "디지털정부",
    "보안점검",
    "디지털전환",
    "김민준",
  ],
  // 98%, 22%, 2.3%, 1.5%, 1.2%, 0.84%, 0.39%, 0.34%, 0.2%, 0.07%
  "several words": [
    "사업 계획",
    "세종 회의",
    "예산 집행 결과",
    "청렴 교육",
    "디지털 정부",
    "보안 점검",
    "인공지능 도입",
    "데이터 연계",
    "민원 처리",
    "학교 급식",
  ],
} as const;

export type QueryKind = keyof typeof QUERY_TERMS;
