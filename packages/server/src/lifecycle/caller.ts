// The caller as the write side needs it: the request's caller plus the region's cluster, a
// writer carrying the caller's rights, and helm's identity.
import type { Caller } from "../domain/caller.ts";
import type { HelmIdentity } from "../helm/index.ts";
import { kubeRequestHeaders } from "../user/index.ts";
import { KubernetesUnavailableError } from "../kubernetes/index.ts";
import type { KubeWriter } from "./kube-writer.ts";
import { helmIdentityFor } from "./identity.ts";
import type { LifecycleRuntime, RegionCluster } from "./runtime.ts";

export interface LifecycleCaller extends Caller {
  cluster: RegionCluster;
  /** Kubernetes calls on the caller's releases, with the caller's rights (impersonation or token). */
  asCaller: KubeWriter;
  identity: HelmIdentity;
}

export async function lifecycleCaller(
  caller: Caller,
  runtime: LifecycleRuntime,
): Promise<LifecycleCaller> {
  const cluster = await runtime.cluster(caller.region).catch((error: unknown) => {
    // No cluster configured: what needs none (validation, dry runs) still works; the rest fails
    // with this error at its first Kubernetes call.
    if (error instanceof KubernetesUnavailableError) return unavailable(error);
    throw error;
  });
  return {
    ...caller,
    cluster,
    asCaller: cluster.kube.withHeaders(kubeRequestHeaders(caller.kube)),
    identity: helmIdentityFor(caller.region, caller.kube, cluster.kubeconfig),
  };
}

function unavailable(error: KubernetesUnavailableError): RegionCluster {
  const fail = () => Promise.reject(error);
  const kube: KubeWriter = {
    get: fail,
    list: fail,
    create: fail,
    apply: fail,
    mergePatch: fail,
    remove: fail,
    withHeaders: () => kube,
    close: () => undefined,
  };
  return { kube, kubeconfig: undefined };
}
