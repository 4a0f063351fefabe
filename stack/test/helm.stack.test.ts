// Helm 3 (the pinned CLI) works against the local cluster the way the app will drive it:
// install, upgrade and uninstall, with release records in Secrets, as the admin and as a
// user bound to ClusterRole `admin` in their namespace.
// @stack-components kwok
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helmBinary } from "../../packages/server/src/tools/binaries.ts";
import { kubernetesPaths } from "../components/kubernetes/index.ts";
import {
  createTestNode,
  eventually,
  type K8sObject,
  kube,
  type TestNode,
  uniqueName,
} from "../lib/testing/kube.ts";

const execFileAsync = promisify(execFile);
const admin = kube();
const ns = uniqueName("stack-helm");
let chartDir: string;
let node: TestNode;

async function helm(args: string[], context = "admin") {
  const { stdout } = await execFileAsync(helmBinary(), [...args, "--kube-context", context], {
    env: {
      ...process.env,
      KUBECONFIG: kubernetesPaths(admin.ctx).kubeconfig,
      HELM_CACHE_HOME: path.join(chartDir, ".cache"),
    },
  });
  return stdout;
}

// A tiny chart shaped like a catalog service: a Deployment sized from values, and a ConfigMap.
function writeChart(dir: string) {
  fs.mkdirSync(path.join(dir, "templates"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "Chart.yaml"),
    "apiVersion: v2\nname: tiny\nversion: 0.1.0\nkubeVersion: '>=1.30.0-0'\n",
  );
  fs.writeFileSync(
    path.join(dir, "values.yaml"),
    "replicas: 1\nmessage: hello\nnodeSelector: {}\ntolerations: []\n",
  );
  fs.writeFileSync(
    path.join(dir, "templates", "deployment.yaml"),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: {{ .Release.Name }} }
  template:
    metadata:
      labels: { app: {{ .Release.Name }} }
    spec:
      nodeSelector: {{ toJson .Values.nodeSelector }}
      tolerations: {{ toJson .Values.tolerations }}
      containers:
        - name: main
          image: busybox:1.36
          resources: { requests: { cpu: 100m, memory: 32Mi } }
`,
  );
  fs.writeFileSync(
    path.join(dir, "templates", "configmap.yaml"),
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  message: {{ .Values.message | quote }}
`,
  );
}

const placement = () => path.join(chartDir, "placement.json");

const releaseSecrets = async (namespace: string, release: string) =>
  (
    await admin.get(
      `/api/v1/namespaces/${namespace}/secrets?labelSelector=owner%3Dhelm,name%3D${release}`,
    )
  ).items
    .map((s: K8sObject) => s.metadata.name)
    .sort();

beforeAll(async () => {
  chartDir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-helm-chart-"));
  writeChart(chartDir);
  await admin.create("/api/v1/namespaces", { metadata: { name: ns } });
  // The release's pods go to a node of this file's own, whatever else fills the cluster.
  node = await createTestNode(admin, "stack-helm-node");
  fs.writeFileSync(path.join(chartDir, "placement.json"), JSON.stringify(node.placement));
});

afterAll(async () => {
  await admin.remove(`/api/v1/namespaces/${ns}`);
  await node?.remove();
  fs.rmSync(chartDir, { recursive: true, force: true });
});

describe("helm", () => {
  it("installs, upgrades and uninstalls a release", async () => {
    await helm([
      "install",
      "demo",
      chartDir,
      "-f",
      placement(),
      "-n",
      ns,
      "--wait",
      "--timeout",
      "90s",
    ]);
    expect(
      (await admin.get(`/apis/apps/v1/namespaces/${ns}/deployments/demo`)).status.readyReplicas,
    ).toBe(1);
    expect(await releaseSecrets(ns, "demo")).toEqual(["sh.helm.release.v1.demo.v1"]);

    await helm([
      "upgrade",
      "demo",
      chartDir,
      "-f",
      placement(),
      "-n",
      ns,
      "--set",
      "replicas=2,message=bye",
      "--wait",
      "--timeout",
      "90s",
    ]);
    expect(
      (await admin.get(`/apis/apps/v1/namespaces/${ns}/deployments/demo`)).status.readyReplicas,
    ).toBe(2);
    expect((await admin.get(`/api/v1/namespaces/${ns}/configmaps/demo-config`)).data.message).toBe(
      "bye",
    );
    expect(await releaseSecrets(ns, "demo")).toEqual([
      "sh.helm.release.v1.demo.v1",
      "sh.helm.release.v1.demo.v2",
    ]);

    const listed = JSON.parse(await helm(["list", "-n", ns, "-o", "json"]));
    expect(listed).toMatchObject([{ name: "demo", revision: "2", status: "deployed" }]);

    await helm(["uninstall", "demo", "-n", ns, "--wait"]);
    expect(await releaseSecrets(ns, "demo")).toEqual([]);
    expect(
      (await admin.request("GET", `/apis/apps/v1/namespaces/${ns}/deployments/demo`)).status,
    ).toBe(404);
  });

  it("installs as a user only once they are bound to admin in the namespace", async () => {
    await expect(helm(["install", "mine", chartDir, "-n", ns], "carol")).rejects.toThrow(
      /forbidden/i,
    );
    await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: "carol-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "carol" }],
    });
    // Wait until the authorizer sees the binding, so Helm is not refused half-way.
    await eventually(() => kube({ user: "carol" }).get(`/api/v1/namespaces/${ns}/secrets`));
    await helm(
      ["install", "mine", chartDir, "-f", placement(), "-n", ns, "--wait", "--timeout", "90s"],
      "carol",
    );
    expect(await releaseSecrets(ns, "mine")).toEqual(["sh.helm.release.v1.mine.v1"]);
    await helm(["uninstall", "mine", "-n", ns], "carol");
  });
});
