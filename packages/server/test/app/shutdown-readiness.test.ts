// Issue 15 item 4: readiness turns true only once the catalogs have loaded and every region's
// API server answered, and false again at shutdown; a graceful shutdown lets a request in flight
// finish, ends event streams with an SSE `retry:` hint, and refuses new connections.
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { gracefulShutdown, SHUTDOWN_RETRY_MS } from "../../src/http/shutdown.ts";
import { createNoAuthResolver, type UserResolver } from "../../src/user/index.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { fakeHelm } from "../support/fake-helm.ts";
import { fakeKubeClient } from "../support/fake-kube-client.ts";
import { fakeKubernetes } from "../support/fake-kubernetes.ts";
import { configWith } from "./fixtures.ts";

let app: FastifyInstance | undefined;
afterEach(async () => {
  if (app && !app.onyxia.lifecycle.closing) await app.close();
  app = undefined;
});

const readiness = async (a: FastifyInstance) => {
  const response = await a.inject({ url: "/api/public/readiness" });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
};

describe("readiness", () => {
  it("is false until the catalogs loaded and the API server answered, and at shutdown", async () => {
    const kube = fakeKubernetes();
    const client = fakeKubeClient(kube);
    let apiServerUp = false;
    const getJson = client.getJson.bind(client);
    client.getJson = async <T>(path: string, ...rest: unknown[]) => {
      if (path === "/version" && !apiServerUp) throw new Error("connection refused");
      if (path === "/version") return { gitVersion: "v1.34.0" } as T;
      return getJson<T>(path, ...(rest as []));
    };
    app = await buildApp({
      config: lifecycleConfig(),
      webDistDirectory: null,
      platform: { clients: { local: client }, helm: fakeHelm(kube) },
    });
    expect(await readiness(app)).toEqual({
      status: 503,
      body: {
        status: "DOWN",
        reasons: ["catalogs not loaded yet", "Kubernetes API not reached yet"],
      },
    });
    await app.onyxia.catalogs.start();
    const primed = app.onyxia.platform.prime(5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await readiness(app)).toEqual({
      status: 503,
      body: { status: "DOWN", reasons: ["Kubernetes API not reached yet"] },
    });
    apiServerUp = true;
    await primed;
    expect(await readiness(app)).toEqual({ status: 200, body: { status: "UP" } });
    // Liveness (/public/ip) does not depend on any of it.
    app.onyxia.lifecycle.beginShutdown(SHUTDOWN_RETRY_MS);
    expect(await readiness(app)).toEqual({
      status: 503,
      body: { status: "DOWN", reasons: ["shutting down"] },
    });
    expect((await app.inject({ url: "/api/public/ip" })).statusCode).toBe(200);
    await app.close();
  });
});

describe("graceful shutdown", () => {
  it("finishes the request in flight, ends event streams with retry, refuses new connections", async () => {
    const kube = fakeKubernetes();
    const client = fakeKubeClient(kube);
    client.served.set("/api/v1/namespaces/user-default/events", []);
    // Requests marked slow wait in authentication until the test lets them through.
    const noAuth = createNoAuthResolver();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const users: UserResolver = {
      resolve: async (request) => {
        if (request.headers["x-test-slow"]) {
          held++;
          await gate;
        }
        return noAuth.resolve(request);
      },
    };
    app = await buildApp({
      config: lifecycleConfig(),
      webDistDirectory: null,
      users,
      platform: {
        clients: { local: client },
        kubernetes: { local: kube },
        helm: fakeHelm(kube),
        eventWatchLingerMs: 0,
      },
    });
    await app.onyxia.catalogs.start();
    const base = await app.listen({ port: 0, host: "127.0.0.1" });

    const stream = await fetch(`${base}/api/my-lab/events`);
    expect(stream.status).toBe(200);
    const streamText = stream.text();
    const inFlight = fetch(`${base}/api/user/info`, { headers: { "x-test-slow": "1" } });
    for (let i = 0; i < 200 && held === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(held).toBe(1);

    const closing = gracefulShutdown(app, 10_000);
    // The stream ends at once, telling its client when to come back.
    const text = await streamText;
    expect(text).toContain(`retry: ${SHUTDOWN_RETRY_MS}\n`);
    // Not accepting any more.
    await expect(fetch(`${base}/api/public/ip`)).rejects.toThrow();
    // The request in flight still gets its answer, then the shutdown completes.
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ idep: expect.any(String) });
    expect(await closing).toBe("drained");
    expect(app.onyxia.lifecycle.openStreams).toBe(0);
  });

  it("reports an expired grace when a request does not finish in time", async () => {
    const noAuth = createNoAuthResolver();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    app = await buildApp({
      config: configWith({ catalogs: [] }),
      webDistDirectory: null,
      users: {
        resolve: async (request) => {
          held++;
          await gate;
          return noAuth.resolve(request);
        },
      },
      platform: { kubernetes: { default: fakeKubernetes() } },
    });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const inFlight = fetch(`${base}/api/user/info`).catch(() => undefined);
    for (let i = 0; i < 200 && held === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await gracefulShutdown(app, 50)).toBe("expired");
    release();
    await inFlight;
  });
});
