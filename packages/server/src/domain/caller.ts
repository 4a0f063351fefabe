// Who acts, where: the authenticated user, the region and project they act in (ONYXIA-REGION and
// ONYXIA-PROJECT), and whose rights Kubernetes and helm calls carry. Resolved once per request
// (http/request-caller.ts) and handed to features; `sharedNamespace` and `owner` are decided here
// and nowhere else.
import type { NamespaceOwner, Region } from "@onyxia-ts/core";
import type { KubeIdentity, Project, User } from "../user/index.ts";

export interface Caller {
  user: User;
  region: Region;
  projects: Project[];
  project: Project;
  /** Whose rights Kubernetes and helm calls for this request use (region authenticationMode). */
  kube: KubeIdentity;
  /** Group projects and the single namespace are shared by several people. */
  sharedNamespace: boolean;
  /** Who a namespace created for this project belongs to. */
  owner: NamespaceOwner;
}

export function callerOf(parts: {
  user: User;
  region: Region;
  projects: Project[];
  project: Project;
  kube: KubeIdentity;
}): Caller {
  const group = parts.project.group;
  return {
    ...parts,
    sharedNamespace: group !== undefined || parts.region.services.singleNamespace,
    owner: group !== undefined ? { kind: "group", group } : { kind: "user", idep: parts.user.idep },
  };
}
