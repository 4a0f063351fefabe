// POST /onboarding: create or refresh the namespace of the caller's project (or of one of their
// groups), with its RoleBinding and quota, and say how.
import type { Caller } from "../../domain/caller.ts";
import { callerOf } from "../../domain/caller.ts";
import { ForbiddenError } from "../../domain/errors.ts";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import type { EventSink } from "../../platform/ports.ts";
import { namespaceCommands, onboard } from "./namespace.ts";

/** The caller acting in the project of `group` (their personal project when undefined); 403 for a group they are not in. */
export function callerForGroup(caller: Caller, group: string | undefined): Caller {
  let project = caller.projects[0];
  if (group !== undefined) {
    project = caller.projects.find((p) => p.group === group);
    if (!project)
      throw new ForbiddenError(
        `You are not a member of group ${JSON.stringify(group.slice(0, 100))}`,
      );
  }
  if (!project) throw new ForbiddenError("You have no project in this region");
  return callerOf({ ...caller, project });
}

export async function onboardProject(deps: { events: EventSink }, caller: ActingCaller) {
  const namespace = caller.project.namespace;
  const request = {
    namespace,
    owner: caller.owner,
    region: caller.region,
    roles: caller.user.roles,
    attributes: caller.user.attributes,
    serverAccess: caller.serverAccess,
  };
  const { created } = await onboard(caller.server, request);
  if (created)
    deps.events({
      type: "onboarding.createNamespace",
      username: caller.user.idep,
      namespace,
      region: caller.region.id,
    });
  return { namespace, created, commands: namespaceCommands(request) };
}
