// The admin view when Kubernetes refuses the server's ServiceAccount the cluster-wide lists (the
// onyxia-ts chart without its admin view RBAC): a 503 naming the missing permission and the fix,
// not a generic error; once the permission is granted, the same index recovers.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminServicesResponse } from "@onyxia-ts/core";
import { buildApp } from "../../src/app.ts";
import { KubernetesApiError } from "../../src/kubernetes/index.ts";
import type { User } from "../../src/user/index.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { fakeHelm } from "../support/fake-helm.ts";
import { fakeKubeClient } from "../support/fake-kube-client.ts";
import { fakeKubernetes, type FakeKubernetes } from "../support/fake-kubernetes.ts";

let app: FastifyInstance;
let kube: FakeKubernetes;

const root: User = {
  idep: "root",
  email: "",
  nomComplet: "root",
  ip: "127.0.0.1",
  groups: ["ops"],
  roles: [],
  attributes: {},
};

const forbidden = (path: string, resource: string) =>
  new KubernetesApiError(
    403,
    path,
    `${resource} is forbidden: User "system:serviceaccount:onyxia:onyxia-ts" cannot list resource "${resource}" in API group "" at the cluster scope`,
  );

beforeAll(async () => {
  kube = fakeKubernetes();
  app = await buildApp({
    config: lifecycleConfig({ extra: { admin: { roles: ["ops"] } } }),
    webDistDirectory: null,
    platform: {
      clients: { local: fakeKubeClient(kube) },
      kubernetes: { local: kube },
      helm: fakeHelm(kube),
      readAccess: { ttlMs: 0 },
    },
    users: { resolve: async () => root },
    audit: { write: () => {} },
  });
  await app.onyxia.catalogs.start();
});
afterAll(() => app.close());

describe("admin view without the cluster-wide RBAC", () => {
  it("answers 503 naming the refused resources and the chart setting, then recovers once granted", async () => {
    kube.failOn("list", /^\/api\/v1\/secrets$/, forbidden("/api/v1/secrets", "secrets"));
    kube.failOn("list", /^\/api\/v1\/nodes$/, forbidden("/api/v1/nodes", "nodes"));
    for (const url of ["/api/admin/services", "/api/admin/quotas", "/api/admin/capacity"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(503);
      const problem = res.json() as { title: string; detail: string };
      expect(problem.title).toBe("Not permitted by the server's Kubernetes RBAC");
      expect(problem.detail).toMatch(
        /the server's ServiceAccount may not list and watch (secrets, nodes|nodes, secrets) across namespaces/,
      );
      expect(problem.detail).toContain("admin.roles in the onyxia-ts chart's values");
      // Pods and quotas were listed: they are not blamed.
      expect(problem.detail).not.toMatch(/pods|resourcequotas/);
    }

    kube.clearFailures();
    // The watches retry with backoff; the index serves once every first list is in.
    await expect
      .poll(async () => (await app.inject({ url: "/api/admin/services" })).statusCode, {
        timeout: 10_000,
        interval: 200,
      })
      .toBe(200);
    const body = (await app.inject({ url: "/api/admin/services" })).json() as AdminServicesResponse;
    expect(body.total).toBe(0);
  });
});
