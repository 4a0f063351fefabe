// The metrics API (`metrics.k8s.io/v1beta1` PodMetrics) on the local stack, with CPU usage the
// tests set. Served by the API server itself from a CustomResourceDefinition: same URL, same
// list and label-selector semantics as metrics-server behind the aggregation layer, and the
// objects have metrics-server's shape (containers[].usage.cpu, labels copied from the pod).
//
// Why not metrics-server scraping KWOK's simulated kubelet metrics (KWOK `Metric` +
// `ClusterResourceUsage`): metrics-server is reached through the API aggregation layer, which
// needs kube-apiserver started with --requestheader-client-ca-file/--proxy-client-cert-file and
// --enable-aggregator-routing (its Service's ClusterIP is not routable here), and KWOK must be
// started with that configuration; both would mean restarting components other people's tests
// use. See docs/idle-suspend.md.
import type { StackComponent, StackContext } from "../../lib/component.ts";
import { apiRequest } from "./api.ts";

export const POD_METRICS_CRD = "pods.metrics.k8s.io";

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: {
    name: POD_METRICS_CRD,
    // A *.k8s.io group needs this to be accepted as a CRD.
    annotations: {
      "api-approved.kubernetes.io": "unapproved, local stack stand-in for metrics-server",
    },
  },
  spec: {
    group: "metrics.k8s.io",
    scope: "Namespaced",
    names: {
      plural: "pods",
      singular: "podmetrics",
      kind: "PodMetrics",
      listKind: "PodMetricsList",
    },
    versions: [
      {
        name: "v1beta1",
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              timestamp: { type: "string" },
              window: { type: "string" },
              containers: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    name: { type: "string" },
                    usage: { type: "object", additionalProperties: { type: "string" } },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const crdPath = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${POD_METRICS_CRD}`;

async function established(ctx: StackContext): Promise<boolean> {
  const response = await apiRequest(ctx, "GET", crdPath).catch(() => undefined);
  if (response?.status !== 200) return false;
  const conditions = (
    JSON.parse(response.body) as {
      status?: { conditions?: { type: string; status: string }[] };
    }
  ).status?.conditions;
  return conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;
}

export const podMetrics: StackComponent = {
  name: "pod-metrics",
  dependsOn: ["kube-apiserver"],
  build: async () => undefined,
  async start(ctx) {
    // No process: the API server serves it once the definition is in (idempotent).
    const response = await apiRequest(
      ctx,
      "POST",
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
      crd,
    );
    if (response.status !== 201 && response.status !== 409)
      throw new Error(
        `cannot register ${POD_METRICS_CRD}: HTTP ${response.status} ${response.body.slice(0, 300)}`,
      );
  },
  healthy: established,
  env: () => ({}),
};
