// KWOK's simulated resource usage, served the way a kubelet serves it to metrics-server: a `Metric`
// at /metrics/nodes/{nodeName}/metrics/resource on KWOK's port (Prometheus text, the metric names
// metrics-server's decoder reads), each fake node annotated `metrics.k8s.io/resource-metrics-path`
// so metrics-server scrapes that path, and a `ClusterResourceUsage` whose CPU and memory come from
// the pod's annotations (KWOK's own convention), which is how a test sets a pod's usage.
//
// KWOK integrates the usage into the cumulative CPU counter at each scrape, and metrics-server
// reports the rate between its last two scrapes: a changed annotation shows in the metrics API
// within two `--metric-resolution` periods. A container whose cumulative CPU or memory is 0 is
// dropped by metrics-server (an incomplete measurement): `usage-cpu: "0"` means "no metrics".

/** Pod annotations read by the usage expressions: a quantity each ("250m", "64Mi"). */
export const USAGE_ANNOTATIONS = {
  cpu: "kwok.x-k8s.io/usage-cpu",
  memory: "kwok.x-k8s.io/usage-memory",
} as const;

/** Without annotations a pod uses this much (KWOK's own example defaults). */
export const DEFAULT_USAGE = { cpu: "1m", memory: "1Mi" } as const;

export const RESOURCE_METRICS_PATH_ANNOTATION = "metrics.k8s.io/resource-metrics-path";
export const resourceMetricsPath = (node: string) => `/metrics/nodes/${node}/metrics/resource`;

const containerLabels = [
  { name: "container", value: "container.name" },
  { name: "namespace", value: "pod.metadata.namespace" },
  { name: "pod", value: "pod.metadata.name" },
];

const metric = {
  apiVersion: "kwok.x-k8s.io/v1alpha1",
  kind: "Metric",
  metadata: { name: "resource-metrics" },
  spec: {
    path: resourceMetricsPath("{nodeName}"),
    metrics: [
      {
        name: "node_cpu_usage_seconds_total",
        help: "Cumulative cpu time consumed by the node in core-seconds",
        kind: "counter",
        dimension: "node",
        value: 'node.CumulativeUsage("cpu")',
      },
      {
        name: "node_memory_working_set_bytes",
        help: "Current working set of the node in bytes",
        kind: "gauge",
        dimension: "node",
        value: 'node.Usage("memory")',
      },
      {
        name: "container_start_time_seconds",
        help: "Start time of the container",
        kind: "gauge",
        dimension: "container",
        labels: containerLabels,
        // As KWOK's own example: seconds since the pod's creation, read by metrics-server as an
        // early (1970) start time, which only has to grow between scrapes.
        value: "pod.SinceSecond()",
      },
      {
        name: "container_cpu_usage_seconds_total",
        help: "Cumulative cpu time consumed by the container in core-seconds",
        kind: "counter",
        dimension: "container",
        labels: containerLabels,
        value: 'pod.CumulativeUsage("cpu", container.name)',
      },
      {
        name: "container_memory_working_set_bytes",
        help: "Current working set of the container in bytes",
        kind: "gauge",
        dimension: "container",
        labels: containerLabels,
        value: 'pod.Usage("memory", container.name)',
      },
    ],
  },
};

const fromAnnotation = (resource: keyof typeof USAGE_ANNOTATIONS) => ({
  expression:
    `"${USAGE_ANNOTATIONS[resource]}" in pod.metadata.annotations` +
    ` ? Quantity(pod.metadata.annotations["${USAGE_ANNOTATIONS[resource]}"])` +
    ` : Quantity("${DEFAULT_USAGE[resource]}")`,
});

const usage = {
  apiVersion: "kwok.x-k8s.io/v1alpha1",
  kind: "ClusterResourceUsage",
  metadata: { name: "usage-from-annotations" },
  spec: { usages: [{ usage: { cpu: fromAnnotation("cpu"), memory: fromAnnotation("memory") } }] },
};

/** KWOK's `--config` file: YAML documents (JSON is YAML). */
export const kwokConfigYaml = (): string =>
  [metric, usage].map((doc) => JSON.stringify(doc, null, 2)).join("\n---\n") + "\n";
