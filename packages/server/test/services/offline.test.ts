// The services routes without a reachable cluster: input validation, disabled quotas, and a
// clean 503 when the Kubernetes API does not answer (a real closed port, no mock).
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveConfig, type Region } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { kubeConfigForRegion, KubernetesUnavailableError } from "../../src/kubernetes/index.ts";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function config(services: Record<string, unknown>) {
  return resolveConfig({
    file: { name: "t", data: { regions: [{ id: "r", services }], catalogs: [] } },
  }).config;
}

describe("services routes without a cluster", () => {
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    port = await closedPort();
    app = await buildApp({
      config: config({
        singleNamespace: true,
        server: { URL: `https://127.0.0.1:${port}`, auth: { token: "t0k3n" } },
      }),
      webDistDirectory: null,
    });
  });
  afterAll(() => app.close());

  it.each(["/api/my-lab/services", "/api/my-lab/app?serviceId=vscode-1", "/api/my-lab/events"])(
    "answers 503 with the cause when the API server is unreachable: %s",
    async (url) => {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(503);
      const body = response.json() as { detail: string };
      expect(body.detail).toContain(`https://127.0.0.1:${port}`);
      expect(body.detail).toContain("unreachable");
      expect(body.detail).not.toContain("t0k3n");
    },
  );

  it("refuses invalid names before any Kubernetes call", async () => {
    const bad = await app.inject({ url: "/api/my-lab/app?serviceId=Bad%20Name" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/Invalid serviceId "Bad Name"/);
    expect((await app.inject({ url: "/api/my-lab/app" })).json().detail).toMatch(
      /"serviceId" is required/,
    );
    const logs = await app.inject({ url: "/api/my-lab/app/logs?serviceId=a-1&taskId=--all" });
    expect(logs.statusCode).toBe(400);
    expect(logs.json().detail).toMatch(/Invalid taskId/);
    const container = await app.inject({
      url: "/api/my-lab/app/logs?serviceId=a-1&taskId=p-0&container=a%2Fb",
    });
    expect(container.statusCode).toBe(400);
    const tail = await app.inject({
      url: "/api/my-lab/app/logs?serviceId=a-1&taskId=p-0&tailLines=0",
    });
    expect(tail.statusCode).toBe(400);
  });

  it("answers 403 for the quota when quotas are disabled for the project kind", async () => {
    const response = await app.inject({ url: "/api/my-lab/quota" });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe('Quotas are disabled for personal projects in region "r"');
  });
});

describe("services routes when the Kubernetes URL answers something that is not Kubernetes", () => {
  // A plain-HTTP server where the region says https: the TLS handshake fails (EPROTO). Seen
  // when another process held the configured port; it is an unreachable cluster, not a 500.
  let app: FastifyInstance;
  let server: ReturnType<typeof createHttpServer>;
  let port: number;

  beforeAll(async () => {
    server = createHttpServer((_request, response) => response.end("not kubernetes"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
    app = await buildApp({
      config: config({
        singleNamespace: true,
        server: { URL: `https://127.0.0.1:${port}`, auth: { token: "t0k3n" } },
      }),
      webDistDirectory: null,
    });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(["/api/my-lab/services", "/api/my-lab/app?serviceId=vscode-1"])(
    "answers 503 naming the server: %s",
    async (url) => {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(503);
      expect((response.json() as { detail: string }).detail).toContain(`https://127.0.0.1:${port}`);
    },
  );
});

describe("kubeConfigForRegion", () => {
  const region = (services: Record<string, unknown>): Region => config(services).regions[0]!;

  it("uses the region's server URL and token first", () => {
    const kc = kubeConfigForRegion(
      region({ server: { URL: "https://k8s.example:6443", auth: { token: "abc" } } }),
      {},
    );
    expect(kc.getCurrentCluster()?.server).toBe("https://k8s.example:6443");
    expect(kc.getCurrentUser()?.token).toBe("abc");
  });

  it("reads KUBECONFIG otherwise", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "kc-"));
    try {
      const file = path.join(dir, "config");
      writeFileSync(
        file,
        JSON.stringify({
          apiVersion: "v1",
          kind: "Config",
          clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:7443" } }],
          users: [{ name: "u", user: { token: "x" } }],
          contexts: [{ name: "ctx", context: { cluster: "c", user: "u" } }],
          "current-context": "ctx",
        }),
      );
      expect(
        kubeConfigForRegion(region({}), { kubeconfig: file }).getCurrentCluster()?.server,
      ).toBe("https://127.0.0.1:7443");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says how to configure a cluster when there is none (no silent localhost:8080)", () => {
    expect(() => kubeConfigForRegion(region({}), {})).toThrow(KubernetesUnavailableError);
    expect(() => kubeConfigForRegion(region({}), {})).toThrow(
      /set services.server.URL in the region/,
    );
  });
});
