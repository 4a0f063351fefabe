// Controller readiness (Onyxia `HealthCheckResult`): healthy when ready >= desired.
import type { KubeWorkload } from "./kube-types.ts";
import type { ControllerRef } from "./manifest.ts";

export interface HealthCheckResult {
  healthy: boolean;
  name: string;
  kind: string;
  details: { desired: number; ready: number };
}

/** `workload` undefined: the object is not (yet) in the cluster, reported unhealthy. */
export function controllerHealth(
  ref: ControllerRef,
  workload: KubeWorkload | undefined,
): HealthCheckResult {
  let desired = 1;
  let ready = 0;
  if (workload) {
    if (ref.kind === "DaemonSet") {
      desired = workload.status?.desiredNumberScheduled ?? 0;
      ready = workload.status?.numberReady ?? 0;
    } else {
      // CNPG Cluster: spec.instances / status.readyInstances; apps kinds: replicas (default 1).
      const spec = workload.spec as { replicas?: number; instances?: number } | undefined;
      const status = workload.status as
        { readyReplicas?: number; readyInstances?: number } | undefined;
      desired = ref.kind === "Cluster" ? (spec?.instances ?? 1) : (spec?.replicas ?? 1);
      ready = (ref.kind === "Cluster" ? status?.readyInstances : status?.readyReplicas) ?? 0;
    }
  }
  return { healthy: ready >= desired, name: ref.name, kind: ref.kind, details: { desired, ready } };
}
