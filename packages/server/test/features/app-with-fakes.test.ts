// The whole HTTP app over fake ports (buildApp({ platform })): routes, the composition root and
// the one error handler, with no cluster and no helm process.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { fakeHelm, type FakeHelm } from "../support/fake-helm.ts";
import { fakeKubernetes, type FakeKubernetes } from "../support/fake-kubernetes.ts";

let app: FastifyInstance;
let kube: FakeKubernetes;
let helm: FakeHelm;

beforeAll(async () => {
  kube = fakeKubernetes();
  helm = fakeHelm(kube);
  app = await buildApp({
    config: lifecycleConfig(),
    webDistDirectory: null,
    platform: { kubernetes: { local: kube }, helm, random: () => 0.5 },
  });
  await app.onyxia.catalogs.start();
});
afterAll(() => app.close());

const launchBody = (name: string, options: object = {}) => ({
  catalogId: "examples",
  packageName: "postgres-lite",
  packageVersion: "1.2.0",
  name,
  options,
});

describe("the app over fake ports", () => {
  it("launches (200 [manifest], release header) and deletes", async () => {
    const put = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      payload: launchBody("pg-1"),
    });
    expect(put.statusCode).toBe(200);
    expect(put.headers["x-onyxia-release"]).toBe("pg-1");
    expect((put.json() as string[])[0]).toContain("kind: Deployment");
    expect(helm.releases.has("user-default/pg-1")).toBe(true);
    const del = await app.inject({ method: "DELETE", url: "/api/my-lab/app?path=pg-1" });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ path: "pg-1", success: true });
    expect(helm.releases.has("user-default/pg-1")).toBe(false);
  });

  it("answers 409 Quota exceeded as problem+json", async () => {
    await kube.apply("/api/v1/namespaces/user-default/resourcequotas/tiny", {
      metadata: { name: "tiny" },
      spec: { hard: { "requests.memory": "64Mi" } },
    });
    const put = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      payload: launchBody("pg-2"),
    });
    expect(put.statusCode).toBe(409);
    expect(put.headers["content-type"]).toContain("application/problem+json");
    expect(put.json()).toMatchObject({ title: "Quota exceeded", status: 409 });
    expect(helm.releases.has("user-default/pg-2")).toBe(false);
    await kube.remove("/api/v1/namespaces/user-default/resourcequotas/tiny");
  });

  it("answers 400 'Helm failed' when helm fails, and 404 for a service that is not there", async () => {
    helm.failOn("install");
    const put = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      payload: launchBody("pg-3"),
    });
    expect(put.statusCode).toBe(400);
    expect(put.json()).toMatchObject({ title: "Helm failed" });
    const suspend = await app.inject({
      method: "POST",
      url: "/api/my-lab/app/suspend",
      payload: { serviceID: "pg-3" },
    });
    expect(suspend.statusCode).toBe(404);
    expect(suspend.json().detail).toBe("Service pg-3 not found in namespace user-default");
  });
});
