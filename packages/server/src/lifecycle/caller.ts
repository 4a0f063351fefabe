// The caller as the write side needs it.
import type { NamespaceOwner } from "@onyxia-ts/core";
import type { CallerContext } from "../routes/caller.ts";
import type { HelmIdentity } from "../helm/index.ts";
import { helmIdentityFor } from "./identity.ts";
import type { LifecycleRuntime, RegionCluster } from "./runtime.ts";

export interface LifecycleCaller extends CallerContext {
  /** Group projects and the single namespace are shared by several people. */
  sharedNamespace: boolean;
  owner: NamespaceOwner;
  cluster: RegionCluster;
  identity: HelmIdentity;
}

export async function lifecycleCaller(caller: CallerContext, runtime: LifecycleRuntime): Promise<LifecycleCaller> {
  const cluster = await runtime.cluster(caller.region);
  const group = caller.project.group;
  return {
    ...caller,
    sharedNamespace: group !== undefined || caller.region.services.singleNamespace,
    owner: group !== undefined ? { kind: "group", group } : { kind: "user", idep: caller.user.idep },
    cluster,
    identity: helmIdentityFor(caller.region, caller.user, cluster.kubeconfig),
  };
}
