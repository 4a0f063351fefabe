// authenticationMode "impersonate": helm and the release calls run as the user (the admin
// kubeconfig impersonates them), so Kubernetes RBAC — the RoleBinding onboarding creates — is
// what allows or refuses each action.
// @stack-components kwok
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin, helmSecrets, runPrefix, stackApp } from "./lifecycle/stack-app.ts";

const prefix = runPrefix("li");
const ns = `${prefix}default`;
let app: FastifyInstance;

beforeAll(async () => {
  app = await stackApp({
    region: {
      namespacePrefix: prefix,
      authenticationMode: "impersonate",
      usernamePrefix: "onyxia:",
    },
  });
});

afterAll(async () => {
  await app?.close();
  await admin.remove(`/api/v1/namespaces/${ns}`);
});

describe("impersonate mode", () => {
  it("launches as the user, bound to the namespace by the RoleBinding", async () => {
    const r = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      payload: {
        catalogId: "examples",
        packageName: "postgres-lite",
        name: "pg-as-user",
        options: { global: { suspend: false } },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    const binding = await admin.get(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/full_control_namespace`,
    );
    expect(binding.subjects[0]).toMatchObject({ kind: "User", name: "onyxia:default" });
    expect((await helmSecrets(ns, "pg-as-user")).length).toBe(1);
  });

  it("without the RoleBinding, Kubernetes refuses and the API says so (403)", async () => {
    await admin.remove(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/full_control_namespace`,
    );
    const r = await app.inject({
      method: "POST",
      url: "/api/my-lab/app/suspend",
      payload: { serviceID: "pg-as-user" },
    });
    expect(r.statusCode, r.body).toBe(403);
    expect(r.json().detail).toMatch(/onyxia:default/);
  });
});
