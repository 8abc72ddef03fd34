import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.ts";
import { type Directory, IMPORT_LIMITS, normalizePath, planPeopleImport } from "./people-import.ts";

const directory = (): Directory => ({
  departmentsByPath: new Map([
    ["디지털정부국", "d-1"],
    ["디지털정부국 / 디지털서비스과", "d-2"],
  ]),
  positionsByName: new Map([
    ["주무관", "p-1"],
    ["과장", "p-2"],
  ]),
  loginIds: new Set(["admin"]),
  emails: new Set(["admin@example.go.kr"]),
  employeeNumbers: new Set(["E-0001"]),
});

const CSV = [
  "부서,이름,직위,아이디,이메일,사번",
  "디지털정부국/디지털서비스과,김철수,주무관,kim.cs,Kim.CS@example.go.kr,E-1001",
  '"디지털정부국 > 디지털서비스과","이영희, 박",과장,lee.yh,,E-1002',
].join("\r\n");

describe("planning a people import", () => {
  it("reads UTF-8 (with or without a byte order mark) and finds each person's department and position", () => {
    for (const bytes of [
      Buffer.from(CSV, "utf8"),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, "utf8")]),
    ]) {
      const plan = planPeopleImport(bytes, directory());
      expect(plan).toMatchObject({ ok: true, encoding: "utf-8", errors: [] });
      if (!plan.ok) throw new Error("unreachable");
      expect(plan.people).toEqual([
        {
          line: 2,
          departmentId: "d-2",
          departmentPath: "디지털정부국 / 디지털서비스과",
          name: "김철수",
          positionId: "p-1",
          loginId: "kim.cs",
          email: "kim.cs@example.go.kr",
          employeeNumber: "E-1001",
        },
        {
          line: 3,
          departmentId: "d-2",
          departmentPath: "디지털정부국 / 디지털서비스과",
          name: "이영희, 박",
          positionId: "p-2",
          loginId: "lee.yh",
          email: null,
          employeeNumber: "E-1002",
        },
      ]);
    }
  });

  it("reads CP949, as Korean Excel saves CSV", () => {
    const plan = planPeopleImport(iconv.encode(CSV, "cp949"), directory());
    expect(plan).toMatchObject({ ok: true, encoding: "cp949", errors: [] });
    expect(plan.ok && plan.people.map((p) => p.name)).toEqual(["김철수", "이영희, 박"]);
  });

  it("reports every problem of every row with its line, and plans nobody from a bad row", () => {
    const csv = [
      "이름,부서,아이디,이메일,사번,직위",
      "홍길동,없는부서,hong,,,",
      ",디지털정부국,ok.person,,,",
      "김중복,디지털정부국,kim.dup,dup@example.go.kr,,",
      "김중복2,디지털정부국,kim.dup,dup@example.go.kr,,",
      "관리자,디지털정부국,ADMIN,admin@example.go.kr,E-0001,",
      "이상한,디지털정부국,x,not-an-email,,국장",
      "정상인,디지털정부국,good.one,,,",
    ].join("\n");
    const plan = planPeopleImport(Buffer.from(csv), directory());
    if (!plan.ok) throw new Error(`unexpected file problem ${plan.fileProblem}`);
    expect(plan.errors).toEqual([
      { line: 2, field: "departmentPath", problem: "unknown-department", value: "없는부서" },
      { line: 3, field: "name", problem: "required", value: "" },
      { line: 5, field: "loginId", problem: "duplicate-in-file", value: "kim.dup" },
      { line: 5, field: "email", problem: "duplicate-in-file", value: "dup@example.go.kr" },
      { line: 6, field: "loginId", problem: "already-exists", value: "admin" },
      { line: 6, field: "email", problem: "already-exists", value: "admin@example.go.kr" },
      { line: 6, field: "employeeNumber", problem: "already-exists", value: "E-0001" },
      { line: 7, field: "position", problem: "unknown-position", value: "국장" },
      { line: 7, field: "loginId", problem: "invalid-login-id", value: "x" },
      { line: 7, field: "email", problem: "invalid-email", value: "not-an-email" },
    ]);
    expect(plan.people.map((p) => p.loginId)).toEqual(["kim.dup", "good.one"]);
  });

  it.each([
    [Buffer.from("아이디\nabc"), { fileProblem: "missing-columns", missing: ["departmentPath", "name"] }],
    [Buffer.from("부서,이름,아이디\n"), { fileProblem: "empty" }],
    [Buffer.from(""), { fileProblem: "empty" }],
    [Buffer.from('부서,이름,아이디\n"열린 따옴표,김,kim'), { fileProblem: "unterminated-quote" }],
    [Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x81]), { fileProblem: "unknown-encoding" }],
    [Buffer.from("\ufeff부서,이름,아이디\n", "utf16le"), { fileProblem: "unknown-encoding" }],
    [Buffer.from("부서,이름,아이디\n디지털정부국,김\u0000,kim\n"), { fileProblem: "unknown-encoding" }],
    [Buffer.alloc(IMPORT_LIMITS.maxBytes + 1, 0x41), { fileProblem: "too-large" }],
    [
      Buffer.from(`부서,이름,아이디\n${"디지털정부국,김,kim\n".repeat(IMPORT_LIMITS.maxRows + 1)}`),
      { fileProblem: "too-many-rows" },
    ],
  ])("refuses a file it cannot use (%#)", (bytes, expected) => {
    expect(planPeopleImport(bytes, directory())).toMatchObject({ ok: false, ...expected });
  });

  it("accepts exactly the row limit", () => {
    const rows = Array.from(
      { length: IMPORT_LIMITS.maxRows },
      (_, i) => `디지털정부국,사람${i},user${String(i).padStart(4, "0")}`,
    );
    const plan = planPeopleImport(Buffer.from(`부서,이름,아이디\n${rows.join("\n")}`), directory());
    expect(plan.ok && plan.people.length).toBe(IMPORT_LIMITS.maxRows);
  });
});

describe("CSV parsing and paths", () => {
  it("handles doubled quotes and line breaks inside quotes", () => {
    expect(parseCsv('a,"b ""q""","c\nd"\n', 10)).toEqual({ ok: true, rows: [["a", 'b "q"', "c\nd"]] });
  });

  it("normalises the separators people type between departments", () => {
    expect(normalizePath(" 디지털정부국 >디지털서비스과 ")).toBe("디지털정부국 / 디지털서비스과");
    expect(normalizePath("디지털정부국/ 디지털서비스과")).toBe("디지털정부국 / 디지털서비스과");
  });
});
