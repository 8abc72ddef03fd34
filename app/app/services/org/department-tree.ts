import type { Department } from "@nuri/db";

// Pure tree helpers, shared by the services and the pages (so no server-only import).

export interface DepartmentNode {
  id: string;
  parentId: string | null;
  name: string;
  code: string | null;
  closed: boolean;
  /** Names from the root, joined with " / " (what the people import matches). */
  path: string;
  depth: number;
  children: DepartmentNode[];
}

const byOrder = (a: Department, b: Department) =>
  a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, "ko");

/** Arranges departments as a tree, siblings by sort order then name. */
export function arrangeDepartments(rows: Department[]): DepartmentNode[] {
  const byParent = new Map<string | null, Department[]>();
  for (const row of rows) {
    const key = row.parentId ?? null;
    byParent.set(key, [...(byParent.get(key) ?? []), row]);
  }
  const build = (parentId: string | null, prefix: string, depth: number): DepartmentNode[] =>
    (byParent.get(parentId) ?? []).sort(byOrder).map((row) => {
      const path = prefix ? `${prefix} / ${row.name}` : row.name;
      return {
        id: row.id,
        parentId: row.parentId,
        name: row.name,
        code: row.code,
        closed: row.closedAt !== null,
        path,
        depth,
        children: build(row.id, path, depth + 1),
      };
    });
  return build(null, "", 0);
}

/** Every department of the tree, depth first, in display order. */
export function flattenDepartments(nodes: DepartmentNode[]): DepartmentNode[] {
  return nodes.flatMap((node) => [node, ...flattenDepartments(node.children)]);
}
