// Pods' CPU as tests want it: set through KWOK's simulated usage (pod annotations read by the
// stack's ClusterResourceUsage), read back from the real metrics API (metrics-server), which
// reports a change within about two scrape periods.
import {
  DEFAULT_USAGE,
  METRICS_API,
  USAGE_ANNOTATIONS,
} from "../../components/kubernetes/index.ts";
import type { K8sObject, Kube } from "./kube.ts";

/** Millicores of a CPU quantity as metrics-server writes it ("249996572n", "3m", "1"). */
export function cpuMillicores(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(n|u|m)?$/.exec(quantity);
  if (!match) throw new Error(`not a CPU quantity: "${quantity}"`);
  const scale = { n: 1e-6, u: 1e-3, m: 1 }[match[2] as "n" | "u" | "m"] ?? 1000;
  return Number(match[1]) * scale;
}

/**
 * Sets the usage KWOK simulates for every pod matching `labelSelector` in `namespace` (waits for
 * at least one to exist). `cpu: "0"` makes metrics-server report no figure for them.
 */
export async function setPodUsage(
  admin: Kube,
  namespace: string,
  labelSelector: string,
  usage: { cpu?: string; memory?: string },
): Promise<string[]> {
  const list = await admin.waitFor(
    `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(labelSelector)}`,
    (l) => l.items.length > 0,
  );
  const annotations = {
    [USAGE_ANNOTATIONS.cpu]: usage.cpu ?? DEFAULT_USAGE.cpu,
    [USAGE_ANNOTATIONS.memory]: usage.memory ?? DEFAULT_USAGE.memory,
  };
  const names: string[] = list.items.map((pod: K8sObject) => pod.metadata.name);
  for (const name of names) {
    const r = await admin.request("PATCH", `/api/v1/namespaces/${namespace}/pods/${name}`, {
      metadata: { annotations },
    });
    if (r.status !== 200) throw new Error(`annotating pod ${name}: HTTP ${r.status}`);
  }
  return names;
}

/** CPU millicores per value of `label` (summed over pods) in the namespace's PodMetrics. */
export async function podCpuBy(
  admin: Kube,
  namespace: string,
  label: string,
): Promise<Map<string, number>> {
  const list = await admin.get(`${METRICS_API}/namespaces/${namespace}/pods`);
  const out = new Map<string, number>();
  for (const pod of list.items as K8sObject[]) {
    const key = pod.metadata.labels?.[label];
    if (key === undefined) continue;
    let total = 0;
    for (const container of pod.containers ?? []) total += cpuMillicores(container.usage.cpu);
    out.set(key, (out.get(key) ?? 0) + total);
  }
  return out;
}

/**
 * Waits until metrics-server reports, per value of `label`, about the expected millicores (±10 %,
 * ±0.5m), and nothing for those expected `undefined`; returns what it last saw.
 */
export async function waitForPodCpu(
  admin: Kube,
  namespace: string,
  label: string,
  expected: Record<string, number | undefined>,
  timeoutMs = 90_000,
): Promise<Map<string, number>> {
  const close = (seen: number | undefined, want: number | undefined) =>
    want === undefined
      ? seen === undefined
      : seen !== undefined && Math.abs(seen - want) <= Math.max(0.5, want * 0.1);
  let seen = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    seen = await podCpuBy(admin, namespace, label);
    if (Object.entries(expected).every(([key, want]) => close(seen.get(key), want))) return seen;
    if (Date.now() >= deadline)
      throw new Error(
        `metrics-server did not report ${JSON.stringify(expected)} (millicores by ${label}) ` +
          `within ${timeoutMs / 1000} s; last: ${JSON.stringify(Object.fromEntries(seen))}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
