/** A step of a personal saved line, with the department and position its holder had when saved. */
export type SavedLineStep = { assigneeId: string; departmentId: string | null; positionId: string | null };

/** What the org chart says about a person today. */
export type DirectoryEntry = { active: boolean; departmentId: string | null; positionId: string | null };

/** Why a saved step must be looked at before 상신. */
export type SavedLineFlag = { index: number; assigneeId: string; problem: "retired" | "moved" | "missing" };

/**
 * The steps of a saved line whose holder has since left (retired), changed department or
 * position (moved), or is unknown to the agency (missing), so the drafter fixes them before 상신.
 */
export function flagSavedLine(
  steps: readonly SavedLineStep[],
  directory: ReadonlyMap<string, DirectoryEntry>,
): SavedLineFlag[] {
  const flags: SavedLineFlag[] = [];
  steps.forEach((step, index) => {
    const person = directory.get(step.assigneeId);
    const problem = !person
      ? "missing"
      : !person.active
        ? "retired"
        : person.departmentId !== step.departmentId || person.positionId !== step.positionId
          ? "moved"
          : null;
    if (problem) flags.push({ index, assigneeId: step.assigneeId, problem });
  });
  return flags;
}
