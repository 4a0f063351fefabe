// What a rendered release will ask the cluster for, summed over its objects, the way a
// ResourceQuota counts it: each pod's effective request is max(sum of containers, largest init
// container), times the replicas of its controller; storage is what the PVCs request.
import type { ManifestObject } from "../releases/manifest.ts";
import { tryParseQuantity } from "./quantity.ts";

export interface RequestedResources {
  "requests.cpu": number;
  "requests.memory": number;
  "limits.cpu": number;
  "limits.memory": number;
  "requests.storage": number;
  "requests.nvidia.com/gpu": number;
  pods: number;
  persistentvolumeclaims: number;
}

export type ResourceKey = keyof RequestedResources;

const POD_KEYS = [
  "requests.cpu",
  "requests.memory",
  "limits.cpu",
  "limits.memory",
  "requests.nvidia.com/gpu",
] as const;
type PodKey = (typeof POD_KEYS)[number];

export const emptyResources = (): RequestedResources => ({
  "requests.cpu": 0,
  "requests.memory": 0,
  "limits.cpu": 0,
  "limits.memory": 0,
  "requests.storage": 0,
  "requests.nvidia.com/gpu": 0,
  pods: 0,
  persistentvolumeclaims: 0,
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const get = (v: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), v);

function containerResources(container: unknown): Record<PodKey, number> {
  const amount = (section: "requests" | "limits", name: string) =>
    tryParseQuantity(get(container, "resources", section, name)) ?? 0;
  // Kubernetes defaults a missing request to the limit.
  const limitCpu = amount("limits", "cpu");
  const limitMemory = amount("limits", "memory");
  const gpu = amount("requests", "nvidia.com/gpu") || amount("limits", "nvidia.com/gpu");
  return {
    "requests.cpu": amount("requests", "cpu") || limitCpu,
    "requests.memory": amount("requests", "memory") || limitMemory,
    "limits.cpu": limitCpu,
    "limits.memory": limitMemory,
    "requests.nvidia.com/gpu": gpu,
  };
}

/** One pod's effective resources from its spec (Kubernetes' init-container rule). */
export function podResources(podSpec: unknown): Record<PodKey, number> {
  const containers = get(podSpec, "containers");
  const inits = get(podSpec, "initContainers");
  const out = Object.fromEntries(POD_KEYS.map((k) => [k, 0])) as Record<PodKey, number>;
  for (const c of Array.isArray(containers) ? containers : []) {
    const r = containerResources(c);
    for (const k of POD_KEYS) out[k] += r[k];
  }
  for (const c of Array.isArray(inits) ? inits : []) {
    const r = containerResources(c);
    for (const k of POD_KEYS) out[k] = Math.max(out[k], r[k]);
  }
  return out;
}

function replicas(spec: unknown, key = "replicas"): number {
  const value = get(spec, key);
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 1;
}

function pvcStorage(pvc: unknown): number {
  return tryParseQuantity(get(pvc, "spec", "resources", "requests", "storage")) ?? 0;
}

/** Pods and their template for the workload kinds that start pods at install time. */
function podsOf(object: ManifestObject): { count: number; podSpec: unknown } | undefined {
  switch (object.kind) {
    case "Pod":
      return { count: 1, podSpec: object.spec };
    case "Deployment":
    case "ReplicaSet":
    case "StatefulSet":
    case "ReplicationController":
      return { count: replicas(object.spec), podSpec: get(object.spec, "template", "spec") };
    case "Job":
      return {
        count: replicas(object.spec, "parallelism"),
        podSpec: get(object.spec, "template", "spec"),
      };
    case "DaemonSet":
      // One pod per node: unknown here, counted once as a lower bound.
      return { count: 1, podSpec: get(object.spec, "template", "spec") };
    default:
      return undefined; // CronJobs start nothing at install time
  }
}

export function requestedResources(objects: readonly ManifestObject[]): RequestedResources {
  const total = emptyResources();
  for (const object of objects) {
    const pods = podsOf(object);
    if (pods) {
      const perPod = podResources(pods.podSpec);
      for (const k of POD_KEYS) total[k] += perPod[k] * pods.count;
      total.pods += pods.count;
    }
    if (object.kind === "PersistentVolumeClaim") {
      total["requests.storage"] += pvcStorage(object);
      total.persistentvolumeclaims += 1;
    }
    if (object.kind === "StatefulSet") {
      const templates = get(object.spec, "volumeClaimTemplates");
      const count = replicas(object.spec);
      for (const t of Array.isArray(templates) ? templates : []) {
        total["requests.storage"] += pvcStorage(t) * count;
        total.persistentvolumeclaims += count;
      }
    }
  }
  for (const k of Object.keys(total) as ResourceKey[]) total[k] = Math.round(total[k] * 1e9) / 1e9;
  return total;
}
