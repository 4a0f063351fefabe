// Issue 17, the admin view over in-memory fakes: the whole app (routes, the authenticate-first
// hook, the audit hook) with a fake Kubernetes port, the fake raw client the cluster-wide watches
// list from, and the fake helm. Two users' namespaces hold releases; admins are the "ops" group.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ADMIN_NOTICE_ANNOTATION,
  IDLE_SINCE_ANNOTATION,
  onyxiaSecretObject,
  type AdminCapacityResponse,
  type AdminQuotasResponse,
  type AdminServicesResponse,
} from "@onyxia-ts/core";
import { buildApp } from "../../src/app.ts";
import type { AuditEntry } from "../../src/http/protections/index.ts";
import type { User } from "../../src/user/index.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { fakeHelm, type FakeHelm } from "../support/fake-helm.ts";
import { fakeKubeClient } from "../support/fake-kube-client.ts";
import { fakeKubernetes, type FakeKubernetes } from "../support/fake-kubernetes.ts";

let app: FastifyInstance;
let kube: FakeKubernetes;
let helm: FakeHelm;
const audit: AuditEntry[] = [];
const NOW = Date.parse("2026-11-30T12:00:00Z");

const person = (idep: string, groups: string[]): User => ({
  idep,
  email: "",
  nomComplet: idep,
  ip: "127.0.0.1",
  groups,
  roles: [],
  attributes: {},
});
const USERS: Record<string, User> = {
  root: person("root", ["ops"]),
  alice: person("alice", []),
  bob: person("bob", []),
};
const as = (idep: string) => ({ "x-test-user": idep });

async function release(
  namespace: string,
  name: string,
  owner: string,
  options: {
    cpu?: string;
    memory?: string;
    gpu?: string;
    friendlyName?: string;
    idleSince?: string;
  } = {},
) {
  await helm.install(
    { release: name, namespace, identity: {} },
    { kind: "archive", path: "x", chart: "vscode-lite", version: "1.0.0" },
    { global: { suspend: false } },
  );
  const record = onyxiaSecretObject({
    release: name,
    namespace,
    catalogId: "examples",
    owner,
    friendlyName: options.friendlyName ?? name,
    share: false,
  }) as { metadata: { name: string; annotations?: Record<string, string> } };
  if (options.idleSince)
    record.metadata.annotations = { [IDLE_SINCE_ANNOTATION]: options.idleSince };
  kube.objects.set(`/api/v1/namespaces/${namespace}/secrets/${record.metadata.name}`, record);
  kube.objects.set(`/api/v1/namespaces/${namespace}/pods/${name}-0`, {
    metadata: {
      name: `${name}-0`,
      namespace,
      labels: { "app.kubernetes.io/instance": name },
    },
    spec: {
      nodeName: options.gpu ? "gpu-1" : "cpu-1",
      containers: [
        {
          name: "main",
          resources: {
            requests: { cpu: options.cpu ?? "100m", memory: options.memory ?? "128Mi" },
            ...(options.gpu ? { limits: { "nvidia.com/gpu": options.gpu } } : {}),
          },
        },
      ],
    },
    status: { phase: "Running", containerStatuses: [{ name: "main", ready: true }] },
  });
}

beforeAll(async () => {
  kube = fakeKubernetes();
  helm = fakeHelm(kube);
  const client = fakeKubeClient(kube);
  app = await buildApp({
    config: lifecycleConfig({
      extra: { admin: { roles: ["ops"], "node-pool-label": "pool" } },
    }),
    webDistDirectory: null,
    platform: {
      clients: { local: client },
      kubernetes: { local: kube },
      helm,
      clock: { now: () => NOW },
      readAccess: { ttlMs: 0 },
    },
    users: { resolve: async (r) => USERS[String(r.headers["x-test-user"])] ?? null },
    audit: { write: (entry) => audit.push(entry) },
  });
  await app.onyxia.catalogs.start();
  await release("user-alice", "alice-code", "alice", {
    cpu: "2",
    memory: "4Gi",
    friendlyName: '=HYPERLINK("http://evil")',
    idleSince: "2026-11-30T06:00:00Z",
  });
  await release("user-alice", "alice-gpu", "alice", { cpu: "1", memory: "1Gi", gpu: "1" });
  await release("user-bob", "bob-code", "bob", { cpu: "500m", memory: "512Mi" });
  // Not a project namespace: never listed.
  await release("kube-system", "infra", "nobody");
  kube.objects.set("/api/v1/namespaces/user-alice/resourcequotas/onyxia-quota", {
    metadata: { name: "onyxia-quota", namespace: "user-alice" },
    status: {
      hard: { "requests.cpu": "8", "requests.memory": "16Gi" },
      used: { "requests.cpu": "3", "requests.memory": "5Gi" },
    },
  });
  for (const [name, pool, gpu] of [
    ["cpu-1", "standard", "0"],
    ["cpu-2", "standard", "0"],
    ["gpu-1", "gpu", "2"],
  ] as const)
    kube.objects.set(`/api/v1/nodes/${name}`, {
      metadata: { name, labels: { pool } },
      status: { allocatable: { cpu: "16", memory: "64Gi", "nvidia.com/gpu": gpu } },
    });
});
afterAll(() => app.close());
beforeEach(() => void (audit.length = 0));

const list = async (query = "", user = "root") => {
  const res = await app.inject({ url: `/api/admin/services${query}`, headers: as(user) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AdminServicesResponse;
};

describe("GET /api/admin/services", () => {
  it("lists every project's services (not other namespaces) with owner, chart, state, requests, idle time", async () => {
    const body = await list();
    expect(body.total).toBe(3);
    expect(body.items.map((s) => `${s.namespace}/${s.release}`).sort()).toEqual([
      "user-alice/alice-code",
      "user-alice/alice-gpu",
      "user-bob/bob-code",
    ]);
    const code = body.items.find((s) => s.release === "alice-code")!;
    expect(code).toMatchObject({
      owner: "alice",
      chart: "vscode-lite",
      chartVersion: "1.0.0",
      catalogId: "examples",
      state: "running",
      suspendable: true,
      suspended: false,
      requests: { cpu: 2, memory: 4 * 2 ** 30, gpu: 0 },
      idleSince: "2026-11-30T06:00:00.000Z",
    });
    expect(body.items.find((s) => s.release === "alice-gpu")!.requests.gpu).toBe(1);
    expect(body.items.find((s) => s.release === "bob-code")!.idleSince).toBeNull();
    expect(body.facets).toEqual({
      projects: ["user-alice", "user-bob"],
      owners: ["alice", "bob"],
      charts: ["vscode-lite"],
    });
  });

  it("filters by project and owner, sorts by requests, pages", async () => {
    expect((await list("?owner=bob")).items.map((s) => s.release)).toEqual(["bob-code"]);
    expect(
      (await list("?project=user-alice&sort=cpu&order=asc")).items.map((s) => s.release),
    ).toEqual(["alice-gpu", "alice-code"]);
    const byMemory = await list("?sort=memory&order=desc&pageSize=2&page=2");
    expect(byMemory.total).toBe(3);
    expect(byMemory.items.map((s) => s.release)).toEqual(["bob-code"]);
    expect((await list("?state=suspended")).total).toBe(0);
    expect((await list("?q=GPU")).items.map((s) => s.release)).toEqual(["alice-gpu"]);
  });

  it("answers 400 naming the bad parameter", async () => {
    for (const [query, named] of [
      ["?sort=size", '"sort" must be one of'],
      ["?order=up", '"order" must be asc or desc'],
      ["?pageSize=100000", '"pageSize" must be an integer from 1 to 500'],
      ["?state=sleeping", '"state" must be one of'],
    ]) {
      const res = await app.inject({ url: `/api/admin/services${query}`, headers: as("root") });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain(named);
    }
  });
});

describe("GET /api/admin/services.csv", () => {
  it("is text/csv with a header row, quoted cells and formulas neutralised", async () => {
    const res = await app.inject({
      url: "/api/admin/services.csv?sort=release&order=asc",
      headers: as("root"),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="services-local-2026-11-30\.csv"$/,
    );
    const lines = res.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "namespace,release,friendlyName,owner,catalog,chart,chartVersion,createdAt,ageSeconds,state,cpuRequested,memoryRequestedBytes,gpuRequested,idleSince,idleSeconds",
    );
    expect(lines).toHaveLength(4);
    // The friendly name starts with "=": prefixed with ' and quoted (it holds quotes and a comma-free text).
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil"")",alice,`);
    expect(lines[1]).toMatch(/,2026-11-30T06:00:00\.000Z,21600$/);
  });
});

describe("GET /api/admin/quotas and /api/admin/capacity", () => {
  it("gives each project's requests against its quota", async () => {
    const res = await app.inject({ url: "/api/admin/quotas", headers: as("root") });
    const { projects } = res.json() as AdminQuotasResponse;
    expect(projects.map((p) => p.namespace)).toEqual(["user-alice", "user-bob"]);
    expect(projects[0]).toEqual({
      namespace: "user-alice",
      services: 2,
      requests: { cpu: 3, memory: 5 * 2 ** 30, gpu: 1 },
      quota: { hard: { cpu: 8, memory: 16 * 2 ** 30 }, used: { cpu: 3, memory: 5 * 2 ** 30 } },
    });
    expect(projects[1]!.quota).toBeNull();
  });

  it("gives allocatable against requested by node pool (the configured label)", async () => {
    const res = await app.inject({ url: "/api/admin/capacity", headers: as("root") });
    const body = res.json() as AdminCapacityResponse;
    expect(body.label).toBe("pool");
    expect(body.pools).toEqual([
      {
        pool: "gpu",
        nodes: 1,
        allocatable: { cpu: 16, memory: 64 * 2 ** 30, gpu: 2 },
        requested: { cpu: 1, memory: 2 ** 30, gpu: 1 },
      },
      {
        pool: "standard",
        nodes: 2,
        allocatable: { cpu: 32, memory: 128 * 2 ** 30, gpu: 0 },
        // alice-code, bob-code and kube-system's pod (every pod on the nodes counts).
        requested: { cpu: 2.6, memory: 4 * 2 ** 30 + 640 * 2 ** 20, gpu: 0 },
      },
    ]);
  });
});

describe("admin routes refuse non-admins", () => {
  it("answers 403 problem+json on every admin route to a user of no admin role", async () => {
    const routes = app.routeInventory.filter((r) => r.url.startsWith("/api/admin/"));
    expect(routes.length).toBe(7);
    for (const route of routes) {
      const res = await app.inject({
        method: route.method as "GET" | "POST",
        url: route.url,
        headers: as("alice"),
        ...(route.method === "POST"
          ? { payload: { namespace: "user-bob", release: "bob-code", reason: "because" } }
          : {}),
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().title).toBe("Not an admin");
    }
    expect(helm.calls.filter((c) => c.release === "bob-code").map((c) => c.operation)).toEqual([
      "install",
    ]);
    // The refusals are audited, with who tried.
    expect(
      audit
        .filter((a) => a.action.startsWith("admin-"))
        .every((a) => a.user === "alice" && a.status === 403),
    ).toBe(true);
  });

  it("tells the web who is an admin (/user/info)", async () => {
    const admin = await app.inject({ url: "/api/user/info", headers: as("root") });
    const user = await app.inject({ url: "/api/user/info", headers: as("alice") });
    expect(admin.json().admin).toBe(true);
    expect(user.json().admin).toBe(false);
  });
});

describe("admin actions", () => {
  it("refuses an action without a reason, or on a namespace that is not a project's", async () => {
    const noReason = await app.inject({
      method: "POST",
      url: "/api/admin/services/suspend",
      headers: as("root"),
      payload: { namespace: "user-bob", release: "bob-code", reason: "  " },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().detail).toContain("reason");
    const missing = await app.inject({
      method: "POST",
      url: "/api/admin/services/suspend",
      headers: as("root"),
      payload: { namespace: "user-bob", release: "bob-code" },
    });
    expect(missing.statusCode).toBe(400);
    const system = await app.inject({
      method: "POST",
      url: "/api/admin/services/delete",
      headers: as("root"),
      payload: { namespace: "kube-system", release: "infra", reason: "cleaning up" },
    });
    expect(system.statusCode).toBe(400);
    expect(system.json().detail).toContain("not a project namespace");
    const absent = await app.inject({
      method: "POST",
      url: "/api/admin/services/suspend",
      headers: as("root"),
      payload: { namespace: "user-bob", release: "nothing-here", reason: "cleaning up" },
    });
    expect(absent.statusCode).toBe(404);
  });

  it("suspends another user's service with the release-actions code, audits the reason and tells the owner", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/admin/services/suspend",
      headers: as("root"),
      payload: { namespace: "user-bob", release: "bob-code", reason: "Holding a GPU for 3 days" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      namespace: "user-bob",
      release: "bob-code",
      action: "suspend",
      changed: true,
    });
    expect(helm.releases.get("user-bob/bob-code")!.at(-1)!.values).toMatchObject({
      global: { suspend: true },
    });
    // The owner's record carries the notice; an Event in their namespace names admin and reason.
    const record = kube.objects.get(
      "/api/v1/namespaces/user-bob/secrets/sh.onyxia.release.v1.bob-code",
    );
    expect(JSON.parse(record!.metadata!.annotations![ADMIN_NOTICE_ANNOTATION]!)).toEqual({
      action: "suspend",
      reason: "Holding a GPU for 3 days",
      by: "root",
      at: new Date(NOW).toISOString(),
    });
    const events = kube.under("/api/v1/namespaces/user-bob/events");
    expect(events.map((e) => e["message"])).toContain(
      "Service bob-code was suspended by the administrator root: Holding a GPU for 3 days",
    );
    // The server's identity, not the admin's (who has no rights in bob's namespace).
    const patch = kube.calls.find((c) => c.method === "mergePatch" && c.path.includes("bob-code"));
    expect(patch?.headers).toEqual({});
    expect(audit).toEqual([
      expect.objectContaining({
        user: "root",
        action: "admin-suspend",
        release: "bob-code",
        namespace: "user-bob",
        reason: "Holding a GPU for 3 days",
        status: 200,
      }),
    ]);
    // Bob sees the notice on his service.
    const mine = await app.inject({
      url: "/api/my-lab/app?serviceId=bob-code",
      headers: as("bob"),
    });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().adminNotice).toMatchObject({ action: "suspend", by: "root" });
  });

  it("resumes and deletes", async () => {
    const resume = await app.inject({
      method: "POST",
      url: "/api/admin/services/resume",
      headers: as("root"),
      payload: { namespace: "user-bob", release: "bob-code", reason: "Appeal accepted" },
    });
    expect(resume.json()).toMatchObject({ action: "resume", changed: true });
    const del = await app.inject({
      method: "POST",
      url: "/api/admin/services/delete",
      headers: as("root"),
      payload: { namespace: "user-alice", release: "alice-gpu", reason: "Abandoned for a month" },
    });
    expect(del.statusCode, del.body).toBe(200);
    expect(helm.releases.has("user-alice/alice-gpu")).toBe(false);
    expect(
      kube.objects.has("/api/v1/namespaces/user-alice/secrets/sh.onyxia.release.v1.alice-gpu"),
    ).toBe(false);
    expect(audit.map((a) => `${a.action} ${a.namespace} ${a.reason}`)).toEqual([
      "admin-resume user-bob Appeal accepted",
      "admin-delete user-alice Abandoned for a month",
    ]);
  });
});
