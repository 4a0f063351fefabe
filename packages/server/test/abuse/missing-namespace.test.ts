// Issue 11, item 9: a user whose namespace does not exist yet (before onboarding, or deleted by
// an operator) gets an empty listing, not a 403; a refusal on a namespace that exists stays 403.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/app.ts";
import { lifecycleConfig } from "../lifecycle/fixtures.ts";
import { fakeHelm } from "../support/fake-helm.ts";
import { fakeKubeClient, type FakeKubeClient } from "../support/fake-kube-client.ts";
import { fakeKubernetes, type FakeKubernetes } from "../support/fake-kubernetes.ts";

let app: FastifyInstance;
let kube: FakeKubernetes;
let client: FakeKubeClient;

beforeAll(async () => {
  kube = fakeKubernetes();
  client = fakeKubeClient(kube);
  client.allowReads = false; // impersonate mode: nobody is bound in a namespace that is not there
  app = await buildApp({
    config: lifecycleConfig({ region: { authenticationMode: "impersonate" } }),
    webDistDirectory: null,
    platform: {
      clients: { local: client },
      kubernetes: { local: kube },
      helm: fakeHelm(kube),
      readAccess: { ttlMs: 0 },
    },
  });
});
afterAll(() => app.close());

describe("GET /my-lab/services without a namespace", () => {
  it("answers an empty list while the namespace does not exist, and 403 once it exists unbound", async () => {
    const missing = await app.inject({ url: "/api/my-lab/services" });
    expect(missing.statusCode).toBe(200);
    expect(missing.json()).toEqual({ apps: [], groups: [] });
    await kube.create("/api/v1/namespaces", { metadata: { name: "user-default" } });
    const refused = await app.inject({ url: "/api/my-lab/services" });
    expect(refused.statusCode).toBe(403);
  });
});
