// The metrics API of the local stack is the real one: metrics-server behind kube-apiserver's
// aggregation layer, scraping the usage KWOK simulates from the pods' annotations. Figures follow
// the annotations, pods without usage have no figure, and the caller's own RBAC decides who reads.
// @stack-components metrics-server
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METRICS_API, USAGE_ANNOTATIONS } from "../components/kubernetes/index.ts";
import {
  createTestNode,
  eventually,
  kube,
  type TestNode,
  uniqueName,
} from "../lib/testing/kube.ts";
import { cpuMillicores, setPodUsage, waitForPodCpu } from "../lib/testing/usage.ts";

const admin = kube();
const ns = uniqueName("stack-metrics");
let node: TestNode;

const pod = (app: string, cpu: string) => ({
  metadata: { name: app, labels: { app }, annotations: { [USAGE_ANNOTATIONS.cpu]: cpu } },
  spec: { ...node.placement, containers: [{ name: "main", image: "busybox" }] },
});

beforeAll(async () => {
  await admin.create("/api/v1/namespaces", { metadata: { name: ns } });
  node = await createTestNode(admin, "stack-metrics-node");
  await admin.create(`/api/v1/namespaces/${ns}/pods`, pod("busy", "250m"));
  await admin.create(`/api/v1/namespaces/${ns}/pods`, pod("silent", "0"));
}, 90_000);

afterAll(async () => {
  await admin.remove(`/api/v1/namespaces/${ns}`);
  await node?.remove();
});

describe("metrics API", () => {
  it("reports the CPU KWOK simulates, per pod and per node, and follows a change", async () => {
    // A pod with no usage (cumulative CPU 0) is dropped by metrics-server: no figure at all.
    await waitForPodCpu(admin, ns, "app", { busy: 250, silent: undefined });
    const nodeMetrics = await admin.get(`${METRICS_API}/nodes/${node.name}`);
    expect(cpuMillicores(nodeMetrics.usage.cpu)).toBeGreaterThan(225);
    expect(cpuMillicores(nodeMetrics.usage.cpu)).toBeLessThan(275);

    await setPodUsage(admin, ns, "app=busy", { cpu: "40m" });
    await waitForPodCpu(admin, ns, "app", { busy: 40, silent: undefined });

    const selected = await admin.get(
      `${METRICS_API}/namespaces/${ns}/pods?labelSelector=app%3Dbusy`,
    );
    expect(selected.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([
      "busy",
    ]);
  }, 120_000);

  it("answers as the caller: 403 without RBAC, the figures once a Role grants them", async () => {
    const carol = kube({ user: "carol" });
    const path = `${METRICS_API}/namespaces/${ns}/pods`;
    expect((await carol.request("GET", path)).status).toBe(403);
    await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
      metadata: { name: "metrics-reader" },
      rules: [{ apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: ["list"] }],
    });
    await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: "carol-metrics" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "metrics-reader" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "carol" }],
    });
    const list = await eventually(() => carol.get(path));
    expect(list.items.some((p: { metadata: { name: string } }) => p.metadata.name === "busy")).toBe(
      true,
    );
    // Only that namespace: the cluster-wide list stays refused.
    expect((await carol.request("GET", `${METRICS_API}/pods`)).status).toBe(403);
  });
});
