import type { ApiProject } from "@onyxia-ts/core";

/** The stored choice if it still exists, else the personal project (no group), as in Onyxia. */
export function pickProject(
  projects: readonly ApiProject[],
  storedId: string | null,
): ApiProject | undefined {
  return projects.find((p) => p.id === storedId) ?? projects.find((p) => !p.group) ?? projects[0];
}
