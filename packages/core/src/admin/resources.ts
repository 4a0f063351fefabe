// Resource amounts from pods and nodes: CPU in cores, memory in bytes, GPUs (nvidia.com/gpu).
import type { ResourceAmounts } from "../api/admin.ts";
import { tryParseQuantity } from "../lifecycle/quantity.ts";

export const GPU_RESOURCE = "nvidia.com/gpu";

type Resources = Record<string, string | number | undefined> | undefined;

/** A pod as far as its requests go. */
export interface PodResources {
  spec?: {
    nodeName?: string;
    containers?: { name?: string; resources?: { requests?: Resources; limits?: Resources } }[];
    initContainers?: { name?: string; resources?: { requests?: Resources; limits?: Resources } }[];
  };
  status?: { phase?: string };
}

export const zeroAmounts = (): ResourceAmounts => ({ cpu: 0, memory: 0, gpu: 0 });

/** `into` += `add` (returns `into`). */
export function addAmounts(into: ResourceAmounts, add: ResourceAmounts): ResourceAmounts {
  into.cpu += add.cpu;
  into.memory += add.memory;
  into.gpu += add.gpu;
  return into;
}

/** cpu, memory and nvidia.com/gpu of a resource list; missing or invalid values count as 0. */
export function amountsOf(list: Resources): ResourceAmounts {
  return {
    cpu: tryParseQuantity(list?.["cpu"]) ?? 0,
    memory: tryParseQuantity(list?.["memory"]) ?? 0,
    gpu: tryParseQuantity(list?.[GPU_RESOURCE]) ?? 0,
  };
}

/** A finished pod (Succeeded, Failed) holds no resources. */
export const podHoldsResources = (pod: PodResources) =>
  pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed";

/**
 * What the scheduler reserves for a pod: the sum of its containers' requests, or the largest init
 * container's when that is more (per resource). A GPU request defaults to its limit (extended
 * resources may be given as limits only).
 */
export function podRequests(pod: PodResources): ResourceAmounts {
  const containerAmounts = (c: { resources?: { requests?: Resources; limits?: Resources } }) => {
    const requests = amountsOf(c.resources?.requests);
    if (c.resources?.requests?.[GPU_RESOURCE] === undefined)
      requests.gpu = amountsOf(c.resources?.limits).gpu;
    return requests;
  };
  const sum = zeroAmounts();
  for (const c of pod.spec?.containers ?? []) addAmounts(sum, containerAmounts(c));
  for (const c of pod.spec?.initContainers ?? []) {
    const init = containerAmounts(c);
    sum.cpu = Math.max(sum.cpu, init.cpu);
    sum.memory = Math.max(sum.memory, init.memory);
    sum.gpu = Math.max(sum.gpu, init.gpu);
  }
  return sum;
}
