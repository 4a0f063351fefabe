// The local Kubernetes behaves like a real cluster for what the app needs: workloads become
// Ready on KWOK nodes, events are recorded, service-account tokens are signed, RBAC holds.
// @stack-components kwok
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_NODES } from "../components/kubernetes/nodes.ts";
import {
  createTestNode,
  eventually,
  type K8sObject,
  KubeError,
  kube,
  type TestNode,
  uniqueName,
} from "../lib/testing/kube.ts";

const admin = kube();
const ns = uniqueName("stack-k8s");
const labels = { app: "web" };

let node: TestNode;

const podTemplate = (app: string) => ({
  metadata: { labels: { app } },
  spec: {
    ...node.placement,
    containers: [
      { name: app, image: "nginx:1.27", resources: { requests: { cpu: "100m", memory: "64Mi" } } },
    ],
  },
});

beforeAll(async () => {
  await admin.create("/api/v1/namespaces", { metadata: { name: ns } });
  node = await createTestNode(admin, "stack-k8s-node");
});

afterAll(async () => {
  await admin.remove(`/api/v1/namespaces/${ns}`);
  await node?.remove();
});

describe("nodes", () => {
  it("has the fake nodes Ready with their capacity", async () => {
    const nodes = await admin.get("/api/v1/nodes");
    for (const fake of FAKE_NODES) {
      const node = nodes.items.find((n: K8sObject) => n.metadata.name === fake.name);
      expect(node, fake.name).toBeDefined();
      expect(node.status.allocatable.cpu).toBe("16");
      expect(node.status.conditions.find((c: K8sObject) => c.type === "Ready").status).toBe("True");
    }
  });

  it("reports the pinned Kubernetes version", async () => {
    const version = await admin.get("/version");
    expect(version.gitVersion).toMatch(/^v1\.33\.\d+$/);
  });
});

describe("workloads", () => {
  it("runs a Deployment to Ready on KWOK nodes and records events", async () => {
    await admin.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      metadata: { name: "web" },
      spec: { replicas: 2, selector: { matchLabels: labels }, template: podTemplate("web") },
    });
    const deployment = await admin.waitFor(
      `/apis/apps/v1/namespaces/${ns}/deployments/web`,
      (d) => d.status?.readyReplicas === 2 && d.status?.availableReplicas === 2,
    );
    expect(deployment.status.readyReplicas).toBe(2);

    const pods = await admin.get(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dweb`);
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.spec.nodeName).toBe(node.name);
      expect(pod.status.phase).toBe("Running");
      expect(pod.status.podIP).toMatch(/^10\.244\./);
      // The ServiceAccount admission plugin mounted the default SA's token.
      expect(pod.spec.volumes.some((v: K8sObject) => v.name.startsWith("kube-api-access-"))).toBe(
        true,
      );
    }

    const events = await admin.waitFor(`/api/v1/namespaces/${ns}/events`, (list) =>
      ["ScalingReplicaSet", "Scheduled", "SuccessfulCreate"].every((reason) =>
        list.items.some((e: K8sObject) => e.reason === reason),
      ),
    );
    const scaled = events.items.find((e: K8sObject) => e.reason === "ScalingReplicaSet");
    expect(scaled.involvedObject).toMatchObject({ kind: "Deployment", name: "web" });
  });

  it("runs a StatefulSet to Ready", async () => {
    await admin.create(`/api/v1/namespaces/${ns}/services`, {
      metadata: { name: "db" },
      spec: { clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432 }] },
    });
    await admin.create(`/apis/apps/v1/namespaces/${ns}/statefulsets`, {
      metadata: { name: "db" },
      spec: {
        replicas: 2,
        serviceName: "db",
        selector: { matchLabels: { app: "db" } },
        template: podTemplate("db"),
      },
    });
    const sts = await admin.waitFor(
      `/apis/apps/v1/namespaces/${ns}/statefulsets/db`,
      (s) => s.status?.readyReplicas === 2,
      // OrderedReady (the default): db-1 is only created once db-0 is Ready.
      120_000,
    );
    expect(sts.status.currentReplicas).toBe(2);
    const pod = await admin.get(`/api/v1/namespaces/${ns}/pods/db-0`);
    expect(pod.status.conditions.find((c: K8sObject) => c.type === "Ready").status).toBe("True");
  });

  it("signs service-account tokens that the apiserver accepts", async () => {
    // The serviceaccount controller creates `default` in every namespace.
    await admin.waitFor(`/api/v1/namespaces/${ns}/serviceaccounts/default`, () => true);
    const request = await admin.create(`/api/v1/namespaces/${ns}/serviceaccounts/default/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { expirationSeconds: 600 },
    });
    const review = await admin.create("/apis/authentication.k8s.io/v1/tokenreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenReview",
      spec: { token: request.status.token },
    });
    expect(review.status.authenticated).toBe(true);
    expect(review.status.user.username).toBe(`system:serviceaccount:${ns}:default`);
  });
});

describe("RBAC", () => {
  it("refuses an unbound impersonated user, then allows them once bound to admin", async () => {
    const dave = admin.as({ impersonate: "dave", groups: ["team-b"] });
    await expect(dave.get(`/api/v1/namespaces/${ns}/pods`)).rejects.toMatchObject({ status: 403 });

    await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: "dave-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "dave" }],
    });
    const pods = await eventually(() => dave.get(`/api/v1/namespaces/${ns}/pods`));
    expect(pods.kind).toBe("PodList");
    // Bound in this namespace only.
    await expect(dave.get("/api/v1/namespaces/default/pods")).rejects.toBeInstanceOf(KubeError);
  });

  it("authenticates the test people by static token, with their groups", async () => {
    const alice = admin.as({ user: "alice" });
    const review = await alice.create("/apis/authentication.k8s.io/v1/selfsubjectreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "SelfSubjectReview",
    });
    expect(review.status.userInfo.username).toBe("alice");
    expect(review.status.userInfo.groups).toEqual(expect.arrayContaining(["team-a", "admins"]));
    await expect(alice.get(`/api/v1/namespaces/${ns}/pods`)).rejects.toMatchObject({ status: 403 });
  });

  it("lets a group binding grant access to every member", async () => {
    await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: "team-a-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "team-a" }],
    });
    await admin.waitFor(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/team-a-admin`,
      () => true,
    );
    const bobs = await eventually(() =>
      admin.as({ user: "bob" }).get(`/api/v1/namespaces/${ns}/pods`),
    );
    expect(bobs.kind).toBe("PodList");
    await expect(
      admin.as({ user: "carol" }).get(`/api/v1/namespaces/${ns}/pods`),
    ).rejects.toMatchObject({
      status: 403,
    });
  });
});
