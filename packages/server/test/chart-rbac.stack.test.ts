// The Helm chart's ClusterRole is enough for the server, and no more: the chart is installed into
// the local cluster (KWOK runs no container, so the image doesn't matter), then the server runs on
// this host with the chart's ServiceAccount token as its kubeconfig (helm included) and onboards,
// launches, lists, suspends and deletes. The same token is refused what the role leaves out.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { apiRequest } from "../../../stack/components/kubernetes/api.ts";
import { kubernetesPaths } from "../../../stack/components/kubernetes/index.ts";
import { buildApp } from "../src/app.ts";
import { repoRoot } from "../src/config/paths.ts";
import { helmBinary } from "../src/tools/index.ts";
import { lifecycleConfig } from "./lifecycle/fixtures.ts";
import { admin, helmSecrets, runPrefix, type Loose } from "./lifecycle/stack-app.ts";

const prefix = runPrefix("rb");
const userNs = `${prefix}default`;
const chartNs = `${prefix}system`;
const releaseName = `${prefix}onyxia`.replace(/-$/, "");
const fullName = `${releaseName}-onyxia-ts`;
const scratch = mkdtempSync(path.join(tmpdir(), "onyxia-ts-chart-rbac-"));
const adminKubeconfig = kubernetesPaths(admin.ctx).kubeconfig;
let token = "";
let app: FastifyInstance;
const savedKubeconfig = process.env.KUBECONFIG;

const helmAsAdmin = (...args: string[]) =>
  execFileSync(helmBinary(), args, {
    encoding: "utf8",
    env: { ...process.env, KUBECONFIG: adminKubeconfig, HOME: scratch },
  });
const asServiceAccount = (method: string, apiPath: string, body?: unknown) =>
  apiRequest(admin.ctx, method, apiPath, body, { token });

beforeAll(async () => {
  helmAsAdmin(
    "install",
    releaseName,
    path.join(repoRoot, "charts/onyxia-ts"),
    "--namespace",
    chartNs,
    "--create-namespace",
    "--set",
    "api.replicaCount=1",
    "--set",
    "podDisruptionBudget.enabled=false",
  );
  // A short-lived token of the chart's ServiceAccount (TokenRequest), as a pod would mount.
  const request = await admin.create(
    `/api/v1/namespaces/${chartNs}/serviceaccounts/${fullName}/token`,
    {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { expirationSeconds: 3600 },
    },
  );
  token = request.status.token;
  expect(token).toBeTruthy();
  // The admin kubeconfig with its user replaced by the ServiceAccount's token.
  const kubeconfig = parse(readFileSync(adminKubeconfig, "utf8")) as Loose;
  kubeconfig.users = [{ name: "onyxia-ts", user: { token } }];
  for (const context of kubeconfig.contexts) context.context.user = "onyxia-ts";
  const file = path.join(scratch, "kubeconfig");
  writeFileSync(file, stringify(kubeconfig), { mode: 0o600 });
  process.env.KUBECONFIG = file;
  // As the chart's Deployment sets them: onboarding binds the namespace role to the server.
  process.env.ONYXIA_NAMESPACE_ACCESS_CLUSTER_ROLE = `${fullName}-namespace`;
  process.env.ONYXIA_NAMESPACE_ACCESS_SERVICE_ACCOUNT = `${chartNs}:${fullName}`;
  app = await buildApp({
    config: lifecycleConfig({
      region: {
        namespacePrefix: prefix,
        quotas: { userEnabled: true, user: { "requests.memory": "16Gi", "count/pods": "20" } },
      },
    }),
    webDistDirectory: null,
  });
  await app.onyxia.catalogs.start();
}, 300_000);

afterAll(async () => {
  await app?.close();
  delete process.env.ONYXIA_NAMESPACE_ACCESS_CLUSTER_ROLE;
  delete process.env.ONYXIA_NAMESPACE_ACCESS_SERVICE_ACCOUNT;
  if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedKubeconfig;
  try {
    helmAsAdmin("uninstall", releaseName, "--namespace", chartNs);
  } catch {
    // Not installed: nothing to remove.
  }
  await admin.remove(`/api/v1/namespaces/${userNs}`);
  await admin.remove(`/api/v1/namespaces/${chartNs}`);
  rmSync(scratch, { recursive: true, force: true });
});

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${what}`);
}

describe("the chart's ServiceAccount runs the server", () => {
  let release = "";

  it("is who the server is: the token authenticates as the chart's ServiceAccount", async () => {
    const review = await asServiceAccount(
      "POST",
      "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    );
    expect(review.status).toBe(201);
    expect(JSON.parse(review.body).status.userInfo.username).toBe(
      `system:serviceaccount:${chartNs}:${fullName}`,
    );
  });

  it("onboards: namespace, RoleBinding to admin, quota", async () => {
    const r = await app.inject({ method: "POST", url: "/api/onboarding", payload: {} });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ namespace: userNs, created: true });
    const binding = await admin.get(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${userNs}/rolebindings/full_control_namespace`,
    );
    expect(binding.roleRef.name).toBe("admin");
    const quota = await admin.get(`/api/v1/namespaces/${userNs}/resourcequotas/onyxia-quota`);
    expect(quota.spec.hard["requests.memory"]).toBe("16Gi");
    // The server's own access to the namespace's Secrets: bound here, not cluster-wide.
    const access = await admin.get(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${userNs}/rolebindings/onyxia-server-access`,
    );
    expect(access.roleRef.name).toBe(`${fullName}-namespace`);
    expect(access.subjects).toEqual([
      { kind: "ServiceAccount", name: fullName, namespace: chartNs },
    ]);
    const secrets = await eventually(async () => {
      const r = await asServiceAccount("GET", `/api/v1/namespaces/${userNs}/secrets`);
      return r.status === 200 ? r : undefined;
    }, "the server may list the onboarded namespace's secrets");
    expect(secrets.status).toBe(200);
  });

  it("launches a chart (helm runs with the ServiceAccount's token)", async () => {
    const r = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      payload: {
        catalogId: "examples",
        packageName: "postgres-lite",
        packageVersion: "1.2.0",
        friendlyName: "rbac check",
        options: { global: { suspend: false } },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    release = String(r.headers["x-onyxia-release"]);
    const [secret] = await helmSecrets(userNs, release);
    expect(secret.metadata.labels.status).toBe("deployed");
  });

  it("lists the service", async () => {
    const listed = await eventually(async () => {
      const r = await app.inject({ url: "/api/my-lab/services" });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json() as { apps: { id: string }[] };
      return body.apps.some((a) => a.id === release) ? body : undefined;
    }, `${release} in /my-lab/services`);
    expect(listed.apps.map((a) => a.id)).toContain(release);
  });

  it("suspends it: the StatefulSet goes to 0 replicas", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/api/my-lab/app/suspend",
      payload: { serviceID: release },
    });
    expect(r.statusCode, r.body).toBe(200);
    const sets = (await admin.get(`/apis/apps/v1/namespaces/${userNs}/statefulsets`)).items;
    const set = sets.find(
      (s: Loose) => s.metadata.labels?.["app.kubernetes.io/instance"] === release,
    );
    expect(set.spec.replicas).toBe(0);
  });

  it("deletes it: no release secret left", async () => {
    const r = await app.inject({ method: "DELETE", url: `/api/my-lab/app?path=${release}` });
    expect(r.statusCode, r.body).toBe(200);
    expect(await helmSecrets(userNs, release)).toEqual([]);
  });
});

describe("what the chart's ServiceAccount is refused", () => {
  it.each([
    ["reading nodes", "GET", "/api/v1/nodes"],
    ["reading another namespace's secrets", "GET", "/api/v1/namespaces/kube-system/secrets"],
    ["listing secrets cluster-wide", "GET", "/api/v1/secrets"],
    [
      "watching secrets cluster-wide",
      "GET",
      "/api/v1/secrets?watch=true&labelSelector=owner%3Dhelm",
    ],
    ["deleting a user's namespace", "DELETE", `/api/v1/namespaces/${userNs}`],
    ["listing ClusterRoles", "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles"],
    [
      "creating a ClusterRoleBinding",
      "POST",
      "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
    ],
    [
      "impersonating a user (rbac.impersonation is off)",
      "GET",
      `/api/v1/namespaces/${userNs}/pods`,
    ],
  ])("%s", async (what, method, apiPath) => {
    const body =
      method === "POST"
        ? {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: `${prefix}escalate` },
            roleRef: {
              apiGroup: "rbac.authorization.k8s.io",
              kind: "ClusterRole",
              name: "cluster-admin",
            },
            subjects: [{ kind: "ServiceAccount", name: fullName, namespace: chartNs }],
          }
        : undefined;
    const r = what.startsWith("impersonating")
      ? await apiRequest(admin.ctx, method, apiPath, body, {
          token,
          headers: { "Impersonate-User": "alice" },
        })
      : await asServiceAccount(method, apiPath, body);
    expect(r.status, r.body).toBe(403);
  });

  it("binding cluster-admin in a user's namespace (bind is limited to admin, view, edit)", async () => {
    const r = await asServiceAccount(
      "POST",
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${userNs}/rolebindings`,
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "escalate" },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: "cluster-admin",
        },
        subjects: [{ kind: "ServiceAccount", name: fullName, namespace: chartNs }],
      },
    );
    expect(r.status, r.body).toBe(403);
  });
});

describe("the server really acts with the chart's role", () => {
  it("cannot launch once the chart grants no release resources (helm upgrade with rbac.releaseResources=[])", async () => {
    helmAsAdmin(
      "upgrade",
      releaseName,
      path.join(repoRoot, "charts/onyxia-ts"),
      "--namespace",
      chartNs,
      "--reuse-values",
      "--set-json",
      "rbac.releaseResources=[]",
    );
    const rules = (await admin.get(`/apis/rbac.authorization.k8s.io/v1/clusterroles/${fullName}`))
      .rules as { resources: string[]; verbs: string[] }[];
    expect(
      rules.some((r) => r.resources.includes("statefulsets") && r.verbs.includes("create")),
    ).toBe(false);
    const refused = await eventually(async () => {
      const r = await app.inject({
        method: "PUT",
        url: "/api/my-lab/app",
        payload: {
          catalogId: "examples",
          packageName: "postgres-lite",
          packageVersion: "1.2.0",
          options: { global: { suspend: false } },
        },
      });
      return r.statusCode >= 400 ? r : undefined;
    }, "a refused launch");
    expect(refused.body).toMatch(/forbidden/i);
  });
});

describe("with the admin view on (helm upgrade with admin.roles)", () => {
  const may = async (attributes: Record<string, string>) => {
    const r = await asServiceAccount(
      "POST",
      "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: attributes },
      },
    );
    expect(r.status, r.body).toBe(201);
    return JSON.parse(r.body).status.allowed === true;
  };

  it("lists and watches secrets, pods, nodes and quotas across namespaces, and nothing more", async () => {
    helmAsAdmin(
      "upgrade",
      releaseName,
      path.join(repoRoot, "charts/onyxia-ts"),
      "--namespace",
      chartNs,
      "--reuse-values",
      "--set-json",
      'admin.roles=["ops"]',
    );
    const listed = await eventually(async () => {
      const r = await asServiceAccount("GET", "/api/v1/secrets?limit=1");
      return r.status === 200 ? r : undefined;
    }, "the ServiceAccount may list secrets cluster-wide");
    expect(JSON.parse(listed.body).kind).toBe("SecretList");
    expect((await asServiceAccount("GET", "/api/v1/nodes?limit=1")).status).toBe(200);
    for (const resource of ["secrets", "pods", "nodes", "resourcequotas"])
      for (const verb of ["list", "watch"])
        expect(await may({ verb, resource }), `${verb} ${resource}`).toBe(true);
    // No get of a named Secret, no write, nothing else cluster-wide.
    expect(await may({ verb: "get", resource: "secrets", namespace: "kube-system" })).toBe(false);
    expect(await may({ verb: "delete", resource: "secrets", namespace: "kube-system" })).toBe(
      false,
    );
    expect(await may({ verb: "list", resource: "configmaps" })).toBe(false);
    expect(await may({ verb: "patch", resource: "nodes" })).toBe(false);
  });
});
