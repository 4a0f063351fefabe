// The usage source of idle suspend: the Kubernetes metrics API (`metrics.k8s.io/v1beta1`
// PodMetrics, served by metrics-server), summed per release (`app.kubernetes.io/instance` label).
import { INSTANCE_LABEL, tryParseQuantity } from "@onyxia-ts/core";
import { KubernetesApiError } from "../kubernetes/index.ts";
import type { KubernetesPort, UsagePort } from "./ports.ts";

interface PodMetrics {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  containers?: { name?: string; usage?: { cpu?: string } }[];
}

export const POD_METRICS_PATH = "/apis/metrics.k8s.io/v1beta1/pods";

/** Millicores per `<namespace>/<release>` from PodMetrics items (pods without the label are skipped). */
export function cpuByRelease(items: PodMetrics[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of items) {
    const release = pod.metadata?.labels?.[INSTANCE_LABEL];
    const namespace = pod.metadata?.namespace;
    if (!release || !namespace) continue;
    let cores = 0;
    for (const c of pod.containers ?? []) cores += tryParseQuantity(c.usage?.cpu) ?? 0;
    const key = `${namespace}/${release}`;
    out.set(key, (out.get(key) ?? 0) + Math.round(cores * 1000 * 1000) / 1000);
  }
  return out;
}

/** One cluster-wide list per sample, with the server's identity. */
export function podMetricsUsage(kube: KubernetesPort): UsagePort {
  return {
    async releaseCpu() {
      try {
        const items = await kube.list<PodMetrics>(POD_METRICS_PATH, {
          labelSelector: INSTANCE_LABEL,
        });
        return cpuByRelease(items);
      } catch (error) {
        // 404: the API is not registered; 503: registered but metrics-server is not answering.
        if (error instanceof KubernetesApiError && [404, 503].includes(error.status))
          return undefined;
        throw error;
      }
    },
  };
}
