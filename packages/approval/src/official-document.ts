import type { Disclosure } from "./records.ts";

// The official document (기안문) as it is printed: the layout of 별지 제1호서식 of
// 「행정업무의 운영 및 혁신에 관한 규정 시행규칙」, as plain text lines and as the pieces the HTML
// and PDF renderers draw. Pure: the caller passes a completed document's data; nothing here
// reads a clock or a database. What we followed, and where:
//
// - 시행규칙 제4조 (기안문의 구성): 두문 = 행정기관명 and 수신란 (with (경유)); 본문 = 제목, 내용,
//   붙임; 결문 = 발신명의, the 직위 and 서명 of 기안자·검토자·협조자·결재권자, 시행 (처리과명-
//   일련번호 and 시행일자), 접수 (번호 and 일자), 우편번호·주소, 홈페이지, 전화·전송, the 공무원's
//   전자우편주소 and 공개구분 — the order of 별지 제1호서식, whose foot reads
//   "기안자 (직위) 서명  검토자 (직위) 서명  결재권자 (직위) 서명" / "협조자 (직위) 서명" /
//   "시행 처리과명-일련번호 (시행일자)  접수 처리과명-일련번호 (접수일자)" /
//   "우 주소 / 홈페이지 주소" / "전화 ( ) 전송 ( ) / 공무원의 전자우편주소 / 공개구분".
// - 수신: one recipient by name; several as "수신자 참조" in the head and a "수신자" line under the
//   발신명의; a 내부결재 document (no recipient) reads "수신 내부결재" and carries no 발신명의.
// - 시행규칙 제7조 (전결·대결 표시): the person who closes the line under delegated authority
//   writes "전결" in their own 서명란 before signing; a substitute writes "대결". The 서명란 follows
//   the 직위, so a cell reads "과장 전결 서민지" (직위, mark, signature). Where a 전결 leaves a
//   superior's 서명란 unsigned, that cell reads "전결" (mark "skipped"); 제7조 also lets the
//   unsigned 서명란 be left out altogether, which a caller does by not passing that signature.
// - 날짜: numbers with a full stop for 연·월·일, "2026. 11. 24." (the 규정's date rule).
// - 끝 표시 (행정업무운영 편람): the text ends with two spaces and "끝."; with attachments the
//   list does: "붙임  1. 계획서 1부." … "2. 명단 1부.  끝."; a single attachment is not numbered.
// - 공개구분: "공개", or the class with the 정보공개법 제9조 제1항 grounds: "부분공개(제5호)",
//   "비공개(제1호, 제5호)".

/** How a signature was given: by the holder, 전결, 대결, or a superior's cell left by a 전결. */
export type OfficialSignatureMark = "none" | "delegated" | "proxy" | "skipped";

/** One 서명란 of the foot, in line order. */
export interface OfficialSignature {
  role: "drafter" | "review" | "cooperate" | "approve";
  /** 직위, e.g. 과장. */
  position: string;
  name: string;
  mark: OfficialSignatureMark;
  /** When the person signed (ISO 8601); null while unsigned, and for a "skipped" cell. */
  signedAt: string | null;
}

/** A completed approval document, as the official document shows it. */
export interface OfficialDocument {
  /** 기관명, e.g. 디지털행정부. */
  agencyName: string;
  /** 수신: departments or agencies; empty for a 내부결재 document. */
  recipients: string[];
  /** 경유. */
  via: string | null;
  title: string;
  /** The frozen body, already allow-listed HTML (the collab projection). */
  bodyHtml: string;
  /** The frozen body as plain text, one paragraph a line. */
  bodyText: string;
  /** 붙임: the attachments' names, e.g. "2027년 사업계획서 1부". */
  attachments: string[];
  /** 발신명의, e.g. 디지털행정부장관. */
  senderTitle: string;
  signatures: OfficialSignature[];
  /** 처리과명-일련번호, e.g. 디지털정부정책과-12. */
  registrationNumber: string;
  /** 시행일자, YYYY-MM-DD. */
  effectiveDate: string;
  /** 접수번호 and 접수일자 (YYYY-MM-DD), once a receiving unit registered the document. */
  receipt: { number: string; date: string } | null;
  postalCode: string;
  address: string;
  homepage: string;
  phone: string;
  fax: string;
  /** 공무원의 전자우편주소. */
  email: string;
  disclosure: { class: Disclosure; grounds: number[] };
}

/** One 서명란 as drawn: the 직위 above, the signature (mark and name) below. */
export interface OfficialSignatureCell {
  role: OfficialSignature["role"];
  mark: OfficialSignatureMark;
  position: string;
  /** "전결" or "대결", shown before the name; null for a plain signature. */
  markLabel: "전결" | "대결" | null;
  /** The signer's name; null where the 서명란 holds no signature (unsigned, or left by a 전결). */
  name: string | null;
  /** The cell as one line of text: "과장 전결 서민지", "국장 전결", "주무관 김하늘". */
  text: string;
}

/** The official document laid out: every piece of text in the order of 별지 제1호서식. */
export interface OfficialDocumentLayout {
  agencyName: string;
  /** The recipient, "수신자 참조", or "내부결재". */
  recipient: string;
  /** "수신 …". */
  recipientLine: string;
  /** 경유; "" when there is none. */
  via: string;
  /** "(경유) …", or just "(경유)" when there is none. */
  viaLine: string;
  title: string;
  /** "제목 …". */
  titleLine: string;
  /** The body's paragraphs; the last ends in "  끝." when there are no attachments. */
  content: string[];
  /** Whether "  끝." was added to the content (the HTML adds it to its own copy of the body). */
  contentEnds: boolean;
  /** The attachments as listed after "붙임": "1. … 1부." … "2. … 1부.  끝."; a single one unnumbered. */
  attachmentItems: string[];
  /** "붙임  1. … 1부." … "      2. … 1부.  끝."; empty without attachments. */
  attachmentLines: string[];
  /** 발신명의; null for a 내부결재 document, which is not sent. */
  senderTitle: string | null;
  /** The recipients, "A, B", listed under the 발신명의 when there are several. */
  recipientList: string | null;
  /** "수신자 A, B". */
  recipientListLine: string | null;
  /** 기안자, 검토자 and 결재권자, in line order. */
  signers: OfficialSignatureCell[];
  /** 협조자, in line order. */
  cooperators: OfficialSignatureCell[];
  /** "시행 디지털정부정책과-12 (2026. 11. 24.)". */
  enforcementLine: string;
  /** "접수 민원과-345 (2026. 11. 25.)", or "접수" when not yet received. */
  receiptLine: string;
  /** "우 30112 세종특별자치시 … / https://…". */
  addressLine: string;
  /** "전화 …  전송 … / 전자우편주소 / 공개구분". */
  contactLine: string;
}

/** The text lines of the three parts of the official document. */
export interface OfficialDocumentLines {
  /** 두문: 기관명, 수신, (경유). */
  head: string[];
  /** 본문: 제목, 내용, 붙임 (ending in "끝."). */
  body: string[];
  /** 결문: 발신명의, 수신자, signatures, 시행·접수, address and contacts, 공개구분. */
  foot: string[];
}

const END_MARK = "끝.";
const ATTACHMENT_LABEL = "붙임";
// The items of 붙임 line up under the first one: "붙임" and its two spaces.
const ATTACHMENT_INDENT = " ".repeat(6);

/** A YYYY-MM-DD date the way Korean official documents write it: "2026. 11. 24.". */
export function formatOfficialDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const valid =
    match !== null &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    // Day 0 of the next month is the last day of this one.
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (!valid) throw new RangeError(`Expected a calendar date as YYYY-MM-DD, got "${isoDate}"`);
  return `${year}. ${month}. ${day}.`;
}

/** 공개구분 as printed: "공개", "부분공개(제5호)", "비공개(제1호, 제5호)". */
export function formatOfficialDisclosure(disclosure: OfficialDocument["disclosure"]): string {
  if (disclosure.class === "public") {
    if (disclosure.grounds.length > 0) {
      throw new RangeError("A 공개 document cites no ground; were partial or private meant?");
    }
    return "공개";
  }
  const grounds = [...new Set(disclosure.grounds)].sort((a, b) => a - b);
  if (grounds.length === 0) {
    throw new RangeError(
      `A ${disclosure.class} disclosure cites at least one ground (정보공개법 제9조 제1항)`,
    );
  }
  for (const ground of grounds) {
    if (!Number.isInteger(ground) || ground < 1 || ground > 8) {
      throw new RangeError(`Disclosure grounds are 제1호–제8호, got ${ground}`);
    }
  }
  const label = disclosure.class === "partial" ? "부분공개" : "비공개";
  return `${label}(${grounds.map((ground) => `제${ground}호`).join(", ")})`;
}

/** The 서명란 of one signature: its 직위, its mark and, once signed, the name. */
export function officialSignatureCell(signature: OfficialSignature): OfficialSignatureCell {
  const position = signature.position.trim();
  const markLabel =
    signature.mark === "delegated" || signature.mark === "skipped"
      ? "전결"
      : signature.mark === "proxy"
        ? "대결"
        : null;
  // A superior's cell left by a 전결 holds the mark alone; an unsigned cell is left blank.
  const name = signature.mark === "skipped" || signature.signedAt === null ? null : signature.name.trim();
  const text = [position, markLabel, name].filter((part) => part !== null && part !== "").join(" ");
  return { role: signature.role, mark: signature.mark, position, markLabel, name, text };
}

/** The paragraphs of the plain-text body: blank lines dropped, trailing spaces trimmed. */
function paragraphsOf(bodyText: string): string[] {
  return bodyText
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
}

function withEndMark(line: string): string {
  return `${line}  ${END_MARK}`;
}

function attachmentItemsOf(attachments: readonly string[]): string[] {
  const names = attachments.map((name) => name.trim()).filter((name) => name !== "");
  // Each item is a sentence of its own: "계획서 1부."
  const items = names.map((name) => (name.endsWith(".") ? name : `${name}.`));
  const numbered = items.length === 1 ? items : items.map((item, index) => `${index + 1}. ${item}`);
  return numbered.map((item, index) => (index === numbered.length - 1 ? withEndMark(item) : item));
}

/** The official document laid out in the order of 별지 제1호서식, for the text, HTML and PDF. */
export function officialDocumentLayout(doc: OfficialDocument): OfficialDocumentLayout {
  const recipients = doc.recipients.map((name) => name.trim()).filter((name) => name !== "");
  const internal = recipients.length === 0;
  const recipient = internal ? "내부결재" : recipients.length === 1 ? recipients[0]! : "수신자 참조";
  const via = doc.via?.trim() ?? "";

  const attachmentItems = attachmentItemsOf(doc.attachments);
  const attachmentLines = attachmentItems.map(
    (item, index) => `${index === 0 ? `${ATTACHMENT_LABEL}  ` : ATTACHMENT_INDENT}${item}`,
  );
  const paragraphs = paragraphsOf(doc.bodyText);
  const last = paragraphs.at(-1);
  // The drafter may have written the 끝 already; a second one would be a mistake on paper.
  const alreadyEnds = last?.trimEnd().endsWith(END_MARK) === true;
  const contentEnds = attachmentLines.length === 0 && !alreadyEnds;
  const content = !contentEnds
    ? paragraphs
    : last === undefined
      ? [END_MARK]
      : [...paragraphs.slice(0, -1), withEndMark(last)];

  const cells = doc.signatures.map(officialSignatureCell);
  const receipt = doc.receipt
    ? `접수 ${doc.receipt.number.trim()} (${formatOfficialDate(doc.receipt.date)})`
    : "접수";
  const homepage = doc.homepage.trim();
  const phoneAndFax = [
    doc.phone.trim() && `전화 ${doc.phone.trim()}`,
    doc.fax.trim() && `전송 ${doc.fax.trim()}`,
  ]
    .filter(Boolean)
    .join("  ");
  const contact = [phoneAndFax, doc.email.trim(), formatOfficialDisclosure(doc.disclosure)]
    .filter((part) => part !== "")
    .join(" / ");

  return {
    agencyName: doc.agencyName.trim(),
    recipient,
    recipientLine: `수신 ${recipient}`,
    via,
    viaLine: via === "" ? "(경유)" : `(경유) ${via}`,
    title: doc.title.trim(),
    titleLine: `제목 ${doc.title.trim()}`,
    content,
    contentEnds,
    attachmentItems,
    attachmentLines,
    senderTitle: internal ? null : doc.senderTitle.trim(),
    recipientList: recipients.length > 1 ? recipients.join(", ") : null,
    recipientListLine: recipients.length > 1 ? `수신자 ${recipients.join(", ")}` : null,
    signers: cells.filter((cell) => cell.role !== "cooperate"),
    cooperators: cells.filter((cell) => cell.role === "cooperate"),
    enforcementLine: `시행 ${doc.registrationNumber.trim()} (${formatOfficialDate(doc.effectiveDate)})`,
    receiptLine: receipt,
    addressLine: [
      [doc.postalCode.trim() && `우 ${doc.postalCode.trim()}`, doc.address.trim()].filter(Boolean).join(" "),
      homepage,
    ]
      .filter((part) => part !== "")
      .join(" / "),
    contactLine: contact,
  };
}

/** The signature row of the foot as one line: the cells, two spaces apart. */
export function officialSignerLine(cells: readonly OfficialSignatureCell[]): string {
  return cells.map((cell) => cell.text).join("  ");
}

/** The 협조자 row of the foot as one line; "협조자" alone when nobody cooperated. */
export function officialCooperatorLine(cells: readonly OfficialSignatureCell[]): string {
  return cells.length === 0 ? "협조자" : `협조자  ${officialSignerLine(cells)}`;
}

/** The official document as plain text lines, part by part (두문, 본문, 결문). */
export function officialDocumentLines(doc: OfficialDocument): OfficialDocumentLines {
  const layout = officialDocumentLayout(doc);
  const foot: string[] = [];
  if (layout.senderTitle !== null) foot.push(layout.senderTitle);
  if (layout.recipientListLine !== null) foot.push(layout.recipientListLine);
  foot.push(
    officialSignerLine(layout.signers),
    officialCooperatorLine(layout.cooperators),
    layout.enforcementLine,
    layout.receiptLine,
    layout.addressLine,
    layout.contactLine,
  );
  return {
    head: [layout.agencyName, layout.recipientLine, layout.viaLine],
    body: [layout.titleLine, ...layout.content, ...layout.attachmentLines],
    foot,
  };
}
