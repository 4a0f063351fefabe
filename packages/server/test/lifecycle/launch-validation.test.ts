// PUT /my-lab/app refusals and dry runs, which never reach the cluster: the kubeconfig points at
// a closed port, so any Kubernetes call would fail with a 503 and these tests would see it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.ts";
import { parseServerTiming } from "../../src/shared/phase-timer.ts";
import { lifecycleConfig } from "./fixtures.ts";

let app: FastifyInstance;
const previous = process.env.KUBECONFIG;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lifecycle-kubeconfig-"));
  const kubeconfig = path.join(dir, "config");
  writeFileSync(
    kubeconfig,
    "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1', insecure-skip-tls-verify: true}}]\n" +
      "users: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n",
  );
  process.env.KUBECONFIG = kubeconfig;
  const moreRegions = {
    single: { singleNamespace: true },
    closed: { allowNamespaceCreation: false },
  };
  app = await buildApp({ config: lifecycleConfig({ moreRegions }), webDistDirectory: null });
  await app.onyxia.catalogs.start();
});

afterAll(async () => {
  await app.close();
  if (previous === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = previous;
});

const put = (payload: object) => app.inject({ method: "PUT", url: "/api/my-lab/app", payload });

describe("PUT /my-lab/app refusals", () => {
  it.each([
    [
      { catalogId: "nope", packageName: "vscode-lite", packageVersion: "1.0.0" },
      'Unknown catalog "nope"',
    ],
    [
      { catalogId: "examples", packageName: "nope", packageVersion: "1.0.0" },
      'Chart "nope" not found in catalog "examples"',
    ],
    [
      { catalogId: "examples", packageName: "vscode-lite", packageVersion: "9.9.9" },
      'Version "9.9.9" of chart "vscode-lite" not found in catalog "examples"',
    ],
  ])("404 naming what is unknown: %j", async (payload, detail) => {
    const r = await put({ ...payload, options: {} });
    expect(r.statusCode).toBe(404);
    expect(r.headers["content-type"]).toContain("application/problem+json");
    expect(r.json().detail).toBe(detail);
  });

  it("400 Validation failed with errors[] for options that break the resolved schema", async () => {
    const r = await put({
      catalogId: "examples",
      packageName: "postgres-lite",
      packageVersion: "1.2.0",
      options: { global: { suspend: "yes" }, service: { port: "x" } },
    });
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.title).toBe("Validation failed");
    expect(body.errors).toEqual(expect.arrayContaining(["/global/suspend: must be boolean"]));
    expect(body.errors.length).toBeGreaterThanOrEqual(1);
  });

  it.each(["x; rm -rf /", "$(id)", "a`b`", "--set=x", "UPPER", "a".repeat(54)])(
    "400 for the release name %j",
    async (name) => {
      const r = await put({
        catalogId: "examples",
        packageName: "postgres-lite",
        packageVersion: "1.2.0",
        name,
        options: {},
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().detail).toMatch(/^Invalid release name/);
    },
  );

  it("400 for a malformed version", async () => {
    const r = await put({
      catalogId: "examples",
      packageName: "postgres-lite",
      packageVersion: "1.0 --debug",
      options: {},
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(/^Invalid packageVersion/);
  });
});

describe("PUT /my-lab/app dry run", () => {
  it("returns the rendered manifest, the release name and the commands, without any cluster", async () => {
    const r = await put({
      catalogId: "examples",
      packageName: "postgres-lite",
      packageVersion: "1.2.0",
      name: "pg-dry",
      options: { persistence: { size: "3Gi" } },
      dryRun: true,
    });
    expect(r.statusCode).toBe(200);
    const [manifest] = r.json() as string[];
    expect(manifest).toContain("kind: StatefulSet");
    expect(manifest).toContain("name: pg-dry");
    expect(r.headers["x-onyxia-release"]).toBe("pg-dry");
    const commands = JSON.parse(String(r.headers["x-onyxia-commands"])) as string[];
    expect(commands.at(-1)).toBe(
      "helm template pg-dry examples/postgres-lite --version 1.2.0 --namespace user-default -f values.yaml",
    );
    expect(commands).toHaveLength(1);
    const timing = parseServerTiming(String(r.headers["server-timing"]));
    expect(Object.keys(timing)).toEqual(expect.arrayContaining(["validate", "render", "total"]));
    expect(timing.render).toBeGreaterThan(0);
    expect(timing.total).toBeGreaterThanOrEqual(timing.render!);
  });

  it("generates <chart>-<6 digits> when no name is given", async () => {
    const r = await put({
      catalogId: "examples",
      packageName: "postgres-lite",
      options: {},
      dryRun: true,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers["x-onyxia-release"]).toMatch(/^postgres-lite-\d{6}$/);
  });

  it("a chart that fails to render: 400 naming the chart and helm's reason", async () => {
    const r = await put({
      catalogId: "test-charts",
      packageName: "broken-render",
      packageVersion: "0.1.0",
      options: {},
      dryRun: true,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(
      /^chart broken-render 0\.1\.0 failed to render: .*always fails to render/,
    );
  });
});

describe("other refusals before any cluster call", () => {
  it("onboarding: 409 in a single-namespace region, 400 when namespace creation is off", async () => {
    const single = await app.inject({
      method: "POST",
      url: "/api/onboarding",
      payload: {},
      headers: { "onyxia-region": "single" },
    });
    expect(single.statusCode).toBe(409);
    const closed = await app.inject({
      method: "POST",
      url: "/api/onboarding",
      payload: {},
      headers: { "onyxia-region": "closed" },
    });
    expect(closed.statusCode).toBe(400);
    expect(closed.json().detail).toMatch(/allowNamespaceCreation is false/);
  });

  it.each(["rename", "share", "suspend", "resume", "rollback", "diff", "upgrade"])(
    "%s: 400 for a malformed serviceID",
    async (action) => {
      const r = await app.inject({
        method: "POST",
        url: `/api/my-lab/app/${action}`,
        payload: {
          serviceID: "x$(reboot)",
          friendlyName: "n",
          share: true,
          revision: 1,
          options: {},
        },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().detail).toMatch(/^Invalid serviceID/);
    },
  );

  it("delete: 400 for a malformed path", async () => {
    const r = await app.inject({ method: "DELETE", url: "/api/my-lab/app?path=..%2Fetc" });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(/^Invalid path/);
  });
});
