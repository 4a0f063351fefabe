// The region and project a request acts on, from the ONYXIA-REGION / ONYXIA-PROJECT headers.
import type { Region, UnknownRegionPolicy } from "@onyxia-ts/core";
import type { IncomingCall } from "./incoming-call.ts";
import { ForbiddenError, InvalidError } from "../domain/errors.ts";
import type { Project } from "./types.ts";

export const REGION_HEADER = "onyxia-region";
export const PROJECT_HEADER = "onyxia-project";

function header(request: IncomingCall, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}

/**
 * No header: the first region. An unknown id: 400 naming the known ones (policy "reject", our
 * default, because silently acting in another region hides mistakes), or the first region like
 * Onyxia (policy "first", `server.unknown-region: first`).
 */
export function resolveRegion(
  request: IncomingCall,
  regions: readonly Region[],
  policy: UnknownRegionPolicy,
): Region {
  const first = regions[0];
  if (!first) throw new Error("no region configured");
  const id = header(request, REGION_HEADER);
  if (id === undefined) return first;
  const region = regions.find((r) => r.id === id);
  if (region) return region;
  if (policy === "first") return first;
  const known = regions.map((r) => JSON.stringify(r.id)).join(", ");
  throw new InvalidError(
    `Unknown region ${JSON.stringify(id.slice(0, 100))} in the ONYXIA-REGION header; known regions: ${known}`,
  );
}

/** No header: the personal (first) project. A project the user is not a member of: 403. */
export function resolveProject(request: IncomingCall, projects: readonly Project[]): Project {
  const id = header(request, PROJECT_HEADER);
  if (id === undefined) {
    const personal = projects[0];
    if (!personal) throw new ForbiddenError("You have no project in this region");
    return personal;
  }
  const project = projects.find((p) => p.id.toLowerCase() === id.toLowerCase());
  if (!project) {
    throw new ForbiddenError(
      `You are not a member of project ${JSON.stringify(id.slice(0, 100))} (ONYXIA-PROJECT header)`,
    );
  }
  return project;
}
