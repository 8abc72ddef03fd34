// The demo agency and school: plain data, turned into rows by seed.ts.

/** Every demo person signs in with this password (README lists it); only demo data uses it. */
export const DEMO_PASSWORD = "nuri-demo-2026";

/** The demo platform operator, who reviews agency applications at /platform. */
export const DEMO_OPERATOR = {
  loginId: "operator",
  name: "누리 운영자",
  password: "nuri-operator-2026",
} as const;

export interface DemoDepartment {
  key: string;
  name: string;
  code: string;
  parent?: string;
  grade?: number;
  classNumber?: number;
}

export interface DemoPerson {
  loginId: string;
  name: string;
  department: string;
  position?: string;
  rank?: string;
  role: "admin" | "member" | "teacher" | "staff" | "student";
  studentNumber?: number;
}

export interface DemoTenant {
  slug: string;
  name: string;
  kind: "agency" | "school";
  agencyCode: string;
  departments: DemoDepartment[];
  positions: string[];
  ranks: string[];
  people: DemoPerson[];
  /** 위임전결: documents of a built-in form up to an amount are closed by a position. */
  delegationRules?: { form: string; maxAmount: number | null; closer: string }[];
  /** The contacts the official document's 결문 prints (fictional: a demo agency). */
  contacts?: { postalCode: string; address: string; homepage: string; phone: string; fax: string };
}

export const DEMO_AGENCY: DemoTenant = {
  slug: "digital-gov",
  name: "디지털행정부",
  kind: "agency",
  agencyCode: "9990001",
  contacts: {
    postalCode: "30128",
    address: "세종특별자치시 도움6로 42 정부세종청사 16동",
    homepage: "https://digital-gov.example.kr",
    phone: "044-205-1234",
    fax: "044-205-8900",
  },
  departments: [
    { key: "minister", name: "장관실", code: "MIN" },
    { key: "planning", name: "기획조정실", code: "PLN" },
    { key: "budget", name: "기획재정담당관", code: "PLN-BUD", parent: "planning" },
    { key: "innovation", name: "혁신행정담당관", code: "PLN-INN", parent: "planning" },
    { key: "support", name: "운영지원과", code: "SUP" },
    { key: "digital", name: "디지털정부국", code: "DIG" },
    { key: "policy", name: "디지털정부정책과", code: "DIG-POL", parent: "digital" },
    { key: "service", name: "디지털서비스과", code: "DIG-SVC", parent: "digital" },
    { key: "data", name: "공공데이터과", code: "DIG-DAT", parent: "digital" },
  ],
  positions: ["장관", "차관", "실장", "국장", "담당관", "과장", "팀장", "담당"],
  // 지출 up to 1,000,000원 전결 by 과장, above by 국장; 휴가 전결 by 과장.
  delegationRules: [
    { form: "expense", maxAmount: 1_000_000, closer: "과장" },
    { form: "expense", maxAmount: null, closer: "국장" },
    { form: "leave", maxAmount: null, closer: "과장" },
  ],
  ranks: ["정무직", "고위공무원", "서기관", "사무관", "주무관"],
  people: [
    {
      loginId: "lee.junghoon",
      name: "이정훈",
      department: "minister",
      position: "장관",
      rank: "정무직",
      role: "member",
    },
    {
      loginId: "choi.seoyeon",
      name: "최서연",
      department: "minister",
      position: "차관",
      rank: "정무직",
      role: "member",
    },
    {
      loginId: "jung.minho",
      name: "정민호",
      department: "planning",
      position: "실장",
      rank: "고위공무원",
      role: "member",
    },
    {
      loginId: "kang.hyejin",
      name: "강혜진",
      department: "budget",
      position: "담당관",
      rank: "서기관",
      role: "member",
    },
    {
      loginId: "yoon.jia",
      name: "윤지아",
      department: "budget",
      position: "담당",
      rank: "사무관",
      role: "member",
    },
    {
      loginId: "cho.sungwoo",
      name: "조성우",
      department: "innovation",
      position: "담당관",
      rank: "서기관",
      role: "member",
    },
    {
      loginId: "jang.haneul",
      name: "장하늘",
      department: "innovation",
      position: "담당",
      rank: "주무관",
      role: "member",
    },
    {
      loginId: "lim.dohyun",
      name: "임도현",
      department: "support",
      position: "과장",
      rank: "서기관",
      role: "member",
    },
    {
      loginId: "admin",
      name: "박지원",
      department: "support",
      position: "담당",
      rank: "주무관",
      role: "admin",
    },
    {
      loginId: "han.sohee",
      name: "한소희",
      department: "support",
      position: "담당",
      rank: "주무관",
      role: "member",
    },
    {
      loginId: "oh.junyoung",
      name: "오준영",
      department: "digital",
      position: "국장",
      rank: "고위공무원",
      role: "member",
    },
    {
      loginId: "seo.minji",
      name: "서민지",
      department: "policy",
      position: "과장",
      rank: "서기관",
      role: "member",
    },
    {
      loginId: "shin.jaemin",
      name: "신재민",
      department: "policy",
      position: "팀장",
      rank: "사무관",
      role: "member",
    },
    {
      loginId: "kwon.naeun",
      name: "권나은",
      department: "policy",
      position: "담당",
      rank: "주무관",
      role: "member",
    },
    {
      loginId: "hwang.taeyang",
      name: "황태양",
      department: "service",
      position: "과장",
      rank: "서기관",
      role: "member",
    },
    {
      loginId: "ahn.yujin",
      name: "안유진",
      department: "service",
      position: "담당",
      rank: "주무관",
      role: "member",
    },
    {
      loginId: "song.minjae",
      name: "송민재",
      department: "service",
      position: "담당",
      rank: "주무관",
      role: "member",
    },
    {
      loginId: "ryu.hyunwoo",
      name: "류현우",
      department: "data",
      position: "과장",
      rank: "서기관",
      role: "member",
    },
    {
      loginId: "jeon.daeun",
      name: "전다은",
      department: "data",
      position: "팀장",
      rank: "사무관",
      role: "member",
    },
    {
      loginId: "hong.gildong",
      name: "홍길동",
      department: "data",
      position: "담당",
      rank: "주무관",
      role: "member",
    },
  ],
};

const GRADES = [1, 2, 3, 4, 5, 6];
const CLASSES = [1, 2];
// Homeroom teachers, one per class, in grade order; students are named from the lists below.
const TEACHERS = [
  "김하은",
  "이서준",
  "박지우",
  "최민서",
  "정예준",
  "강서윤",
  "조도윤",
  "윤하린",
  "장시우",
  "임지호",
  "한수아",
  "오은우",
];
const FAMILY = [
  "김",
  "이",
  "박",
  "최",
  "정",
  "강",
  "조",
  "윤",
  "장",
  "임",
  "한",
  "오",
  "서",
  "신",
  "권",
  "황",
];
const GIVEN = [
  "민준",
  "서연",
  "도윤",
  "하윤",
  "시우",
  "지유",
  "주원",
  "서아",
  "하준",
  "지아",
  "은우",
  "수아",
];
const STUDENTS_PER_CLASS = 3;

function schoolDepartments(): DemoDepartment[] {
  const offices: DemoDepartment[] = [
    { key: "principal", name: "교장실", code: "PRN" },
    { key: "teachers", name: "교무실", code: "TCH" },
    { key: "admin-office", name: "행정실", code: "ADM" },
  ];
  const homerooms = GRADES.flatMap((grade) =>
    CLASSES.map((classNumber) => ({
      key: `homeroom-${grade}-${classNumber}`,
      name: `${grade}학년 ${classNumber}반`,
      code: `G${grade}C${classNumber}`,
      grade,
      classNumber,
    })),
  );
  return [...offices, ...homerooms];
}

function schoolPeople(): DemoPerson[] {
  const staff: DemoPerson[] = [
    { loginId: "principal", name: "문정희", department: "principal", position: "교장", role: "teacher" },
    { loginId: "vice", name: "배성민", department: "teachers", position: "교감", role: "teacher" },
    { loginId: "admin", name: "남궁현", department: "admin-office", position: "행정실장", role: "admin" },
    { loginId: "staff", name: "하지민", department: "admin-office", position: "주무관", role: "staff" },
  ];
  const teachers: DemoPerson[] = [];
  const students: DemoPerson[] = [];
  let n = 0;
  for (const [i, grade] of GRADES.entries()) {
    for (const [j, classNumber] of CLASSES.entries()) {
      const homeroom = `homeroom-${grade}-${classNumber}`;
      teachers.push({
        loginId: `t${grade}-${classNumber}`,
        name: TEACHERS[i * CLASSES.length + j]!,
        department: homeroom,
        position: "담임교사",
        role: "teacher",
      });
      for (let number = 1; number <= STUDENTS_PER_CLASS; number++, n++) {
        students.push({
          loginId: `s${grade}${classNumber}${String(number).padStart(2, "0")}`,
          name: `${FAMILY[n % FAMILY.length]}${GIVEN[(n * 5) % GIVEN.length]}`,
          department: homeroom,
          role: "student",
          studentNumber: number,
        });
      }
    }
  }
  return [...staff, ...teachers, ...students];
}

export const DEMO_SCHOOL: DemoTenant = {
  slug: "nuri-es",
  name: "누리초등학교",
  kind: "school",
  agencyCode: "9990002",
  departments: schoolDepartments(),
  positions: ["교장", "교감", "부장교사", "담임교사", "교사", "행정실장", "주무관"],
  ranks: [],
  people: schoolPeople(),
};

export const DEMO_TENANTS = [DEMO_AGENCY, DEMO_SCHOOL];
