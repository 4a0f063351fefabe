import type { Project } from "../../ports/apiTypes.ts";

/** The stored choice if it still exists, else the personal project (no group), as in Onyxia. */
export function pickProject(
  projects: readonly Project[],
  storedId: string | null,
): Project | undefined {
  return projects.find((p) => p.id === storedId) ?? projects.find((p) => !p.group) ?? projects[0];
}
