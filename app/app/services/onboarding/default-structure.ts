/**
 * The org chart a new tenant starts with, so that its first administrator has somewhere to
 * stand; they rename, add and remove from there. The first department is where the
 * administrator is placed.
 */
export interface DefaultStructure {
  /** Departments in order; `parent: 0` hangs a department under the first one. */
  departments: { name: string; parent: 0 | null }[];
  /** 직위, highest first. */
  positions: string[];
  /** 직급, highest first. */
  ranks: string[];
}

/** The default departments, 직위 and 직급 for an agency (named after it) or a school. */
export function defaultStructure(kind: "agency" | "school", tenantName: string): DefaultStructure {
  if (kind === "school") {
    return {
      departments: [
        { name: "교무실", parent: null },
        { name: "행정실", parent: null },
      ],
      positions: ["교장", "교감", "부장교사", "담임교사", "교사", "행정실장", "주무관"],
      ranks: [],
    };
  }
  return {
    departments: [
      { name: tenantName, parent: null },
      { name: "운영지원과", parent: 0 },
    ],
    positions: ["기관장", "국장", "과장", "팀장", "담당"],
    ranks: ["고위공무원", "서기관", "사무관", "주무관"],
  };
}
