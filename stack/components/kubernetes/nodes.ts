// The simulated nodes KWOK manages: realistic capacity so resource requests from catalog
// charts schedule (or fail to) as they would on a small real cluster.
import type { StackContext } from "../../lib/component.ts";
import { apiRequest } from "./api.ts";
import { RESOURCE_METRICS_PATH_ANNOTATION, resourceMetricsPath } from "./kwok-usage.ts";
import { KUBERNETES_VERSION } from "./versions.ts";

/** Nodes carrying this annotation are the ones our KWOK controller manages. */
export const KWOK_NODE_ANNOTATION = { key: "kwok.x-k8s.io/node", value: "fake" } as const;

interface FakeNode {
  name: string;
  zone: string;
  extraLabels?: Record<string, string>;
  extraResources?: Record<string, string>;
}

export const FAKE_NODES: readonly FakeNode[] = [
  { name: "kwok-node-1", zone: "zone-a" },
  { name: "kwok-node-2", zone: "zone-b" },
  // For services that request `nvidia.com/gpu` (Onyxia's GPU flavours).
  {
    name: "kwok-gpu-node-1",
    zone: "zone-a",
    extraLabels: { "nvidia.com/gpu.present": "true", "nvidia.com/gpu.product": "Fake-GPU" },
    extraResources: { "nvidia.com/gpu": "2" },
  },
];

function nodeManifest(node: FakeNode) {
  const resources = {
    cpu: "16",
    memory: "64Gi",
    pods: "110",
    "ephemeral-storage": "200Gi",
    ...node.extraResources,
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: node.name,
      annotations: {
        [KWOK_NODE_ANNOTATION.key]: KWOK_NODE_ANNOTATION.value,
        "node.alpha.kubernetes.io/ttl": "0",
        // metrics-server scrapes KWOK's simulated resource metrics there (kwok-usage.ts).
        [RESOURCE_METRICS_PATH_ANNOTATION]: resourceMetricsPath(node.name),
      },
      labels: {
        "kubernetes.io/hostname": node.name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "topology.kubernetes.io/zone": node.zone,
        type: "kwok",
        ...node.extraLabels,
      },
    },
    spec: {},
    status: {
      capacity: resources,
      allocatable: resources,
      nodeInfo: {
        architecture: "amd64",
        operatingSystem: "linux",
        kubeletVersion: KUBERNETES_VERSION,
        kubeProxyVersion: KUBERNETES_VERSION,
      },
    },
  };
}

/** Creates the fake nodes; existing ones get their labels and capacity brought up to date. */
export async function ensureFakeNodes(ctx: StackContext): Promise<void> {
  for (const node of FAKE_NODES) {
    const manifest = nodeManifest(node);
    const created = await apiRequest(ctx, "POST", "/api/v1/nodes", manifest);
    if (created.status === 201) continue;
    if (created.status !== 409)
      throw new Error(`creating node ${node.name}: HTTP ${created.status} ${created.body}`);
    for (const [path, body] of [
      [`/api/v1/nodes/${node.name}`, { metadata: manifest.metadata }],
      [`/api/v1/nodes/${node.name}/status`, { status: manifest.status }],
    ] as const) {
      const patched = await apiRequest(ctx, "PATCH", path, body);
      if (patched.status !== 200)
        throw new Error(`updating node ${node.name}: HTTP ${patched.status} ${patched.body}`);
    }
  }
}

/** True when every fake node reports Ready (KWOK's node stages set it). */
export async function fakeNodesReady(ctx: StackContext): Promise<boolean> {
  const response = await apiRequest(ctx, "GET", "/api/v1/nodes");
  if (response.status !== 200) return false;
  const list = JSON.parse(response.body) as {
    items: {
      metadata: { name: string };
      status?: { conditions?: { type: string; status: string }[] };
    }[];
  };
  return FAKE_NODES.every((node) =>
    list.items.some(
      (item) =>
        item.metadata.name === node.name &&
        item.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
    ),
  );
}
