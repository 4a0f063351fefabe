// Who may act on a release in a shared (group) namespace: the owner, and anyone for orphans.
// Users come from a test resolver (header x-test-user) instead of OIDC tokens: authentication is
// not what this file tests, and the resolver gives two members of one group in one process.
// @stack-components kwok
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import type { User, UserResolver } from "../src/user/index.ts";
import { lifecycleConfig } from "./lifecycle/fixtures.ts";
import { admin, helmSecrets, useStackKubeconfig } from "./lifecycle/stack-app.ts";

const groupPrefix = `lg${randomBytes(2).toString("hex")}-`;
const ns = `${groupPrefix}team-x`;
let app: FastifyInstance;

const testUsers: UserResolver = {
  resolve: async (request) => {
    const idep = String(request.headers["x-test-user"] ?? "alice");
    const user: User = {
      idep,
      email: `${idep}@example.org`,
      nomComplet: idep,
      ip: "127.0.0.1",
      groups: ["team-x"],
      roles: [],
      attributes: { email: `${idep}@example.org` },
    };
    return user;
  },
};

beforeAll(async () => {
  useStackKubeconfig();
  app = await buildApp({
    config: lifecycleConfig({
      region: {
        groupNamespacePrefix: groupPrefix,
        namespaceAnnotationsDynamic: { enabled: true, userAttributes: ["email"] },
      },
    }),
    users: testUsers,
    webDistDirectory: null,
  });
  await app.onyxia.catalogs.start();
});

afterAll(async () => {
  await app?.close();
  await admin.remove(`/api/v1/namespaces/${ns}`);
});

const as = (user: string) => ({ "x-test-user": user, "onyxia-project": ns });
const launch = async (user: string, name: string) => {
  const r = await app.inject({
    method: "PUT",
    url: "/api/my-lab/app",
    headers: as(user),
    payload: {
      catalogId: "examples",
      packageName: "postgres-lite",
      name,
      options: { global: { suspend: false } },
    },
  });
  expect(r.statusCode, r.body).toBe(200);
};
const del = (user: string, query: string) =>
  app.inject({ method: "DELETE", url: `/api/my-lab/app?${query}`, headers: as(user) });

describe("a group namespace", () => {
  it("is created for the group: owner label and a Group RoleBinding", async () => {
    await launch("alice", "alice-db");
    const namespace = await admin.get(`/api/v1/namespaces/${ns}`);
    expect(namespace.metadata.labels.onyxia_owner).toBe("team-x");
    expect(namespace.metadata.annotations.onyxia_email).toBe("alice@example.org");
    expect(Number(namespace.metadata.annotations.onyxia_last_login_timestamp)).toBeGreaterThan(
      Date.now() - 600_000,
    );
    const binding = await admin.get(
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/full_control_namespace`,
    );
    expect(binding.subjects[0]).toMatchObject({ kind: "Group", name: "team-x" });
  });

  it("only the owner may delete, suspend, rename or edit a service, shared or not", async () => {
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/my-lab/app/share",
          headers: as("alice"),
          payload: { serviceID: "alice-db", share: true },
        })
      ).statusCode,
    ).toBe(200);
    const denied = await del("bob", "path=alice-db");
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toBe(
      "Service alice-db is shared with the project; only its owner may delete it",
    );
    for (const [action, payload] of [
      ["suspend", { serviceID: "alice-db" }],
      ["rename", { serviceID: "alice-db", friendlyName: "mine now" }],
      ["upgrade", { serviceID: "alice-db", options: {} }],
    ] as const) {
      const r = await app.inject({
        method: "POST",
        url: `/api/my-lab/app/${action}`,
        headers: as("bob"),
        payload,
      });
      expect(r.statusCode, action).toBe(403);
    }
    expect((await helmSecrets(ns, "alice-db")).length).toBeGreaterThan(0);
  });

  it("any member may delete an orphan (no Onyxia secret)", async () => {
    await launch("alice", "ghost-db");
    await admin.remove(`/api/v1/namespaces/${ns}/secrets/sh.onyxia.release.v1.ghost-db`);
    const r = await del("bob", "path=ghost-db");
    expect(r.statusCode, r.body).toBe(200);
    expect(await helmSecrets(ns, "ghost-db")).toEqual([]);
  });

  it("bulk delete removes the caller's services only", async () => {
    await launch("bob", "bob-db");
    const r = await del("bob", "path=x&bulk=true");
    expect(r.statusCode).toBe(200);
    expect(r.json().deleted).toEqual(["bob-db"]);
    expect(await helmSecrets(ns, "bob-db")).toEqual([]);
    expect((await helmSecrets(ns, "alice-db")).length).toBeGreaterThan(0);
  });

  it("onboarding for the group refreshes it; another group is refused", async () => {
    const ok = await app.inject({
      method: "POST",
      url: "/api/onboarding",
      headers: { "x-test-user": "bob" },
      payload: { group: "team-x" },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ namespace: ns, created: false });
    const other = await app.inject({
      method: "POST",
      url: "/api/onboarding",
      headers: { "x-test-user": "bob" },
      payload: { group: "team-y" },
    });
    expect(other.statusCode).toBe(403);
  });
});
