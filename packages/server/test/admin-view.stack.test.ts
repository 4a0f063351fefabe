// Issue 17 on the local stack: releases installed with the pinned helm CLI in two users'
// namespaces; an admin (group "ops" in admin.roles) sees both through the cluster-wide watches and
// suspends one with a reason (the real helm upgrade of the release-actions code, the record's
// notice, an Event in the owner's namespace); a user who is not an admin gets 403.
// @stack-components kwok
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import {
  ADMIN_NOTICE_ANNOTATION,
  resolveConfig,
  type AdminServicesResponse,
} from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kube, uniqueName } from "../../../stack/lib/testing/kube.ts";
import { pollUntil } from "../../../stack/lib/time.ts";
import { buildApp } from "../src/app.ts";
import { repoRoot } from "../src/config/paths.ts";
import type { AuditEntry } from "../src/http/protections/index.ts";
import type { User } from "../src/user/index.ts";

const run = promisify(execFile);
const helmBin = path.join(repoRoot, ".tools/bin/helm");
const examples = path.join(repoRoot, "catalogs/examples/repo");
const admin = kube();
const b64 = (text: string) => Buffer.from(text).toString("base64");

const prefix = `${uniqueName("adm")}-`;
const nsOf = (user: string) => `${prefix}${user}`;
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
const audit: AuditEntry[] = [];
let app: FastifyInstance;

async function helm(namespace: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(helmBin, [...args, "--namespace", namespace], {
    env: process.env,
    maxBuffer: 64 << 20,
  });
  return stdout;
}

async function install(user: string, release: string): Promise<void> {
  const namespace = nsOf(user);
  await admin.create("/api/v1/namespaces", { metadata: { name: namespace } });
  await helm(
    namespace,
    "install",
    release,
    path.join(examples, "vscode-lite-1.0.0.tgz"),
    // global.suspend in the user values: what makes a release suspendable (as Onyxia reads it).
    "--set",
    "global.suspend=false",
    "--set",
    "persistence.enabled=false",
    "--set",
    "s3.enabled=false",
    "--set",
    `ingress.hostname=${release}.localhost`,
    "--set",
    "resources.requests.cpu=1m",
    "--set",
    "resources.requests.memory=16Mi",
  );
  await admin.create(`/api/v1/namespaces/${namespace}/secrets`, {
    metadata: { name: `sh.onyxia.release.v1.${release}` },
    type: "onyxia.sh/release.v1",
    data: {
      catalog: b64("examples"),
      owner: b64(user),
      friendlyName: b64(`${user}'s code`),
      share: b64("false"),
    },
  });
}

beforeAll(async () => {
  const config = resolveConfig({
    file: {
      name: "stack",
      data: {
        catalogs: [{ id: "examples", location: examples }],
        admin: { roles: ["ops"], "node-pool-label": "type" },
        regions: [
          {
            id: "stack",
            services: {
              singleNamespace: false,
              namespacePrefix: prefix,
              groupNamespacePrefix: `${prefix}g-`,
            },
          },
        ],
      },
    },
  }).config;
  app = await buildApp({
    config,
    webDistDirectory: null,
    users: { resolve: async (r) => USERS[String(r.headers["x-test-user"])] ?? null },
    audit: { write: (entry) => audit.push(entry) },
  });
  await app.onyxia.catalogs.start();
  await Promise.all([install("alice", "code-alice"), install("bob", "code-bob")]);
}, 300_000);

afterAll(async () => {
  await app?.close();
  await Promise.all(["alice", "bob"].map((u) => admin.remove(`/api/v1/namespaces/${nsOf(u)}`)));
});

const as = (user: string) => ({ "x-test-user": user });

describe("the admin view on the stack", () => {
  it("shows an admin both users' services, from the cluster-wide watches", async () => {
    let body: AdminServicesResponse | undefined;
    const ok = await pollUntil(
      async () => {
        const res = await app.inject({
          url: "/api/admin/services?sort=owner&order=asc",
          headers: as("root"),
        });
        expect(res.statusCode, res.body).toBe(200);
        body = res.json() as AdminServicesResponse;
        return body.total === 2;
      },
      60_000,
      500,
    );
    expect(ok, JSON.stringify(body)).toBe(true);
    expect(body!.items.map((s) => [s.namespace, s.release, s.owner, s.chart])).toEqual([
      [nsOf("alice"), "code-alice", "alice", "vscode-lite"],
      [nsOf("bob"), "code-bob", "bob", "vscode-lite"],
    ]);
    expect(body!.items.every((s) => s.suspendable && !s.suspended)).toBe(true);
    // The KWOK nodes are grouped by their "type" label.
    const capacity = await app.inject({ url: "/api/admin/capacity", headers: as("root") });
    expect(capacity.json().pools.map((p: { pool: string }) => p.pool)).toContain("kwok");
  });

  it("refuses a user who is not an admin (403) and changes nothing", async () => {
    const list = await app.inject({ url: "/api/admin/services", headers: as("bob") });
    expect(list.statusCode).toBe(403);
    expect(list.headers["content-type"]).toContain("application/problem+json");
    const suspend = await app.inject({
      method: "POST",
      url: "/api/admin/services/suspend",
      headers: as("bob"),
      payload: { namespace: nsOf("alice"), release: "code-alice", reason: "I do not like it" },
    });
    expect(suspend.statusCode).toBe(403);
    const values = JSON.parse(
      await helm(nsOf("alice"), "get", "values", "code-alice", "-o", "json"),
    );
    expect(values.global.suspend).toBe(false);
  });

  it("lets the admin suspend alice's service with a reason: helm, the owner's record and Event, the audit", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/admin/services/suspend",
      headers: as("root"),
      payload: { namespace: nsOf("alice"), release: "code-alice", reason: "Idle for a week" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ action: "suspend", changed: true });
    const values = JSON.parse(
      await helm(nsOf("alice"), "get", "values", "code-alice", "-o", "json"),
    );
    expect(values.global.suspend).toBe(true);
    const record = await admin.get(
      `/api/v1/namespaces/${nsOf("alice")}/secrets/sh.onyxia.release.v1.code-alice`,
    );
    expect(JSON.parse(record.metadata.annotations[ADMIN_NOTICE_ANNOTATION])).toMatchObject({
      action: "suspend",
      by: "root",
      reason: "Idle for a week",
    });
    const events = await admin.get(`/api/v1/namespaces/${nsOf("alice")}/events`);
    expect(events.items.map((e: { reason: string }) => e.reason)).toContain("AdminSuspended");
    expect(audit.filter((a) => a.action === "admin-suspend" && a.status === 200)).toEqual([
      expect.objectContaining({
        user: "root",
        namespace: nsOf("alice"),
        reason: "Idle for a week",
      }),
    ]);
    // Bob's service is untouched; the listing catches up with the watches.
    const suspended = await pollUntil(
      async () => {
        const list = await app.inject({
          url: "/api/admin/services?state=suspended",
          headers: as("root"),
        });
        const items = (list.json() as AdminServicesResponse).items;
        return items.length === 1 && items[0]!.release === "code-alice";
      },
      60_000,
      500,
    );
    expect(suspended).toBe(true);
  }, 120_000);
});
