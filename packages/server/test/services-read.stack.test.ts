// Services read side against the local stack: releases installed with the pinned helm CLI (as a
// user would), an Onyxia secret written like onyxia-api writes it, then the API through buildApp.
// @stack-components kwok
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { resolveConfig, type Service } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kube, uniqueName } from "../../../stack/lib/testing/kube.ts";
import { pollUntil } from "../../../stack/lib/time.ts";
import { buildApp } from "../src/app.ts";
import { repoRoot } from "../src/config/paths.ts";
import { decodeStats } from "../src/features/services-list/index.ts";
import { eventWatches } from "../src/features/events/index.ts";

const run = promisify(execFile);
const helmBin = path.join(repoRoot, ".tools/bin/helm");
const chart = (name: string) => path.join(repoRoot, "catalogs/examples/repo", name);
const admin = kube();
const b64 = (text: string) => Buffer.from(text).toString("base64");

// A unique prefix gives this file its own personal namespace: <prefix>default (auth mode none).
const prefix = `${uniqueName("svcread")}-`;
const namespace = `${prefix}default`;
const RUNNING = "vscode-lite-111111";
const ORPHAN = "vscode-lite-222222";
const STUCK = "vscode-lite-333333";

async function helm(...args: string[]): Promise<string> {
  const { stdout } = await run(helmBin, [...args, "--namespace", namespace], {
    env: process.env,
    maxBuffer: 64 << 20,
  });
  return stdout;
}

let app: FastifyInstance;
let small: string[] = [];
// Our own fake node, tainted for this file: the shared ones may be full of other tests' pods.
const node = `${prefix}node`;

function fakeNode(name: string, taintValue: string) {
  const resources = { cpu: "16", memory: "64Gi", pods: "110" };
  return {
    metadata: {
      name,
      annotations: { "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" },
      labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", type: "kwok" },
    },
    spec: { taints: [{ key: "onyxia-test/dedicated", value: taintValue, effect: "NoSchedule" }] },
    status: { capacity: resources, allocatable: resources },
  };
}

async function services(): Promise<Service[]> {
  const response = await app.inject({ url: "/api/my-lab/services" });
  expect(response.statusCode).toBe(200);
  return (response.json() as { apps: Service[] }).apps;
}

async function waitForService(
  id: string,
  accept: (s: Service) => boolean,
  timeoutMs = 90_000,
): Promise<Service> {
  let last: Service | undefined;
  const ok = await pollUntil(
    async () => {
      last = (await services()).find((s) => s.id === id);
      return last !== undefined && accept(last);
    },
    timeoutMs,
    500,
  );
  if (!ok)
    throw new Error(`service ${id} never matched; last: ${JSON.stringify(last)?.slice(0, 3000)}`);
  return last as Service;
}

beforeAll(async () => {
  await admin.create("/api/v1/namespaces", { metadata: { name: namespace } });
  await admin.create("/api/v1/nodes", fakeNode(node, namespace));
  const config = resolveConfig({
    file: {
      name: "stack",
      data: {
        catalogs: [],
        regions: [
          {
            id: "stack",
            services: {
              singleNamespace: false,
              namespacePrefix: prefix,
              quotas: { userEnabled: true },
              monitoring: {
                URLPattern: "https://grafana.localhost/d/ns=$NAMESPACE&release=$INSTANCE",
              },
            },
          },
        ],
      },
    },
  }).config;
  app = await buildApp({ config, webDistDirectory: null });

  // Small requests: the fake nodes are shared with every other test.
  small = [
    "--set",
    "resources.requests.memory=16Mi",
    "--set",
    "resources.requests.cpu=1m",
    "--set-json",
    `nodeSelector=${JSON.stringify({ "kubernetes.io/hostname": node })}`,
    "--set-json",
    `tolerations=${JSON.stringify([{ key: "onyxia-test/dedicated", operator: "Exists", effect: "NoSchedule" }])}`,
  ];
  const common = ["--set", "persistence.enabled=false", "--set", "s3.enabled=false", ...small];
  await helm(
    "install",
    RUNNING,
    chart("vscode-lite-1.0.0.tgz"),
    ...common,
    "--set",
    `ingress.hostname=${RUNNING}.localhost`,
    "--set",
    "security.password=hunter2",
  );
  // As onyxia-api does after an install: the ownership secret, owned by the release's first revision.
  const helmSecret = await admin.get(
    `/api/v1/namespaces/${namespace}/secrets/sh.helm.release.v1.${RUNNING}.v1`,
  );
  await admin.create(`/api/v1/namespaces/${namespace}/secrets`, {
    metadata: {
      name: `sh.onyxia.release.v1.${RUNNING}`,
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "Secret",
          name: helmSecret.metadata.name,
          uid: helmSecret.metadata.uid,
        },
      ],
    },
    type: "onyxia.sh/release.v1",
    data: {
      catalog: b64("ide"),
      owner: b64("default"),
      friendlyName: b64("My VS Code"),
      share: b64("false"),
    },
  });
  // No Onyxia secret: an orphan, which Onyxia would hide.
  await helm(
    "install",
    ORPHAN,
    chart("vscode-lite-1.0.0.tgz"),
    ...common,
    "--set",
    `ingress.hostname=${ORPHAN}.localhost`,
  );
}, 300_000);

afterAll(async () => {
  await app?.close();
  await admin.remove(`/api/v1/namespaces/${namespace}`);
  await admin.remove(`/api/v1/nodes/${node}`);
});

describe("GET /my-lab/services on the stack", () => {
  it("lists an owned release with its status, ready tasks, urls, notes, env and controllers", async () => {
    // The pod turns ready before the StatefulSet controller counts it: wait for both.
    const s = await waitForService(
      RUNNING,
      (x) => x.state === "running" && x.controllers.every((c) => c.healthy),
    );
    expect(s).toMatchObject({
      status: "deployed",
      chart: "vscode-lite-1.0.0",
      subtitle: "vscode-lite-1.0.0",
      namespace,
      revision: "1",
      owner: "default",
      catalogId: "ide",
      friendlyName: "My VS Code",
      share: false,
      orphan: false,
      suspendable: true,
      suspended: false,
      urls: [`https://${RUNNING}.localhost`],
      monitoring: { url: `https://grafana.localhost/d/ns=${namespace}&release=${RUNNING}` },
    });
    expect(s.tasks).toHaveLength(1);
    expect(s.tasks[0]?.id).toBe(`${RUNNING}-0`);
    expect(s.tasks[0]?.containers.every((c) => c.ready)).toBe(true);
    expect(s.controllers).toEqual([
      { healthy: true, name: RUNNING, kind: "StatefulSet", details: { desired: 1, ready: 1 } },
    ]);
    expect(s.postInstallInstructions).toContain("hunter2");
    // As onyxia-api returns it (the NOTES section of `helm get all`): trimmed text between newlines.
    expect(s.postInstallInstructions).toMatch(/^\n\S[\s\S]*\S\n$/);
    expect(s.env).toMatchObject({
      "security.password": "hunter2",
      "persistence.enabled": "false",
      "ingress.hostname": `${RUNNING}.localhost`,
    });
    expect(s.updated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? \+0000 UTC$/);
    expect(Math.abs(s.startedAt - Date.now())).toBeLessThan(10 * 60_000);
  });

  it("shows a release without an Onyxia secret as an orphan, so it can be deleted", async () => {
    const s = await waitForService(ORPHAN, (x) => x.state === "running");
    expect(s).toMatchObject({
      orphan: true,
      owner: null,
      catalogId: null,
      friendlyName: null,
      chart: "vscode-lite-1.0.0",
    });
  });

  it("shows a release whose pod can never be scheduled as failed, with the reasons", async () => {
    // --wait makes Helm mark the release failed when the pod is not ready in time.
    await expect(
      helm(
        "install",
        STUCK,
        chart("vscode-lite-1.0.0.tgz"),
        "--set",
        "persistence.enabled=false",
        "--set-string",
        "nodeSelector.onyxia-test/no-such-node=true",
        "--wait",
        "--timeout",
        "5s",
      ),
    ).rejects.toThrow(/context deadline exceeded|timed out/);
    const s = await waitForService(
      STUCK,
      (x) => x.state === "failed" && x.problems.some((p) => p.reason === "Unschedulable"),
    );
    expect(s.status).toBe("failed");
    expect(s.stateReason).toMatch(/context deadline exceeded|timed out/);
    expect(s.stateReason).toContain("Unschedulable");
  });

  it("answers one service, 404 for an unknown one, and the equivalent commands when asked", async () => {
    const one = await app.inject({ url: `/api/my-lab/app?serviceId=${RUNNING}&withCommands=true` });
    expect(one.statusCode).toBe(200);
    expect(one.json().id).toBe(RUNNING);
    expect(JSON.parse(String(one.headers["onyxia-commands"]))).toContain(
      `helm get notes ${RUNNING} --namespace ${namespace}`,
    );
    const missing = await app.inject({ url: "/api/my-lab/app?serviceId=nothing-here" });
    expect(missing.statusCode).toBe(404);
    const list = await app.inject({
      url: "/api/my-lab/services",
      headers: { "onyxia-with-commands": "true" },
    });
    expect(JSON.parse(String(list.headers["onyxia-commands"]))).toEqual([
      `helm list --namespace ${namespace}`,
    ]);
  });

  it("agrees with helm list on the releases and their revisions", async () => {
    const listed = JSON.parse(await helm("list", "--all", "--output", "json")) as {
      name: string;
      revision: string;
      status: string;
    }[];
    const ours = await services();
    for (const release of listed) {
      const s = ours.find((x) => x.id === release.name);
      expect(s?.revision).toBe(release.revision);
      expect(s?.status).toBe(release.status);
    }
    expect(ours.map((s) => s.id).sort()).toEqual(listed.map((r) => r.name).sort());
  });

  it("decodes each release once: later listings reuse the memo", async () => {
    await services();
    const before = decodeStats.decoded;
    await services();
    await app.inject({ url: `/api/my-lab/app?serviceId=${RUNNING}` });
    expect(decodeStats.decoded).toBe(before);
  });

  it("sees a deletion through the watch", async () => {
    await helm("uninstall", STUCK);
    const ok = await pollUntil(
      async () => !(await services()).some((s) => s.id === STUCK),
      30_000,
      250,
    );
    expect(ok).toBe(true);
  });
});

describe("logs, quota and events on the stack", () => {
  it("serves logs only for pods of the release", async () => {
    const foreign = await app.inject({
      url: `/api/my-lab/app/logs?serviceId=${RUNNING}&taskId=${ORPHAN}-0`,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toContain("is not a task of service");
    const badContainer = await app.inject({
      url: `/api/my-lab/app/logs?serviceId=${RUNNING}&taskId=${RUNNING}-0&container=nope`,
    });
    expect(badContainer.statusCode).toBe(404);
    // KWOK pods run no process and the fake nodes have no kubelet: the apiserver fails to reach
    // :10250 (HTTP 500), which we report as 502 with that cause. A real node streams the text.
    const own = await app.inject({
      url: `/api/my-lab/app/logs?serviceId=${RUNNING}&taskId=${RUNNING}-0&tailLines=10&withCommands=true`,
    });
    expect(own.statusCode).toBe(502);
    expect(own.json().detail).toContain(`Cannot read the log of pod "${RUNNING}-0"`);
    expect(own.json().detail).toContain("10250");
  });

  it("answers {} without a quota, then spec and usage from onyxia-quota", async () => {
    expect((await app.inject({ url: "/api/my-lab/quota" })).json()).toEqual({});
    await admin.create(`/api/v1/namespaces/${namespace}/resourcequotas`, {
      metadata: { name: "onyxia-quota" },
      spec: { hard: { "requests.memory": "10Gi", "count/pods": "20" } },
    });
    await admin.waitFor(
      `/api/v1/namespaces/${namespace}/resourcequotas/onyxia-quota`,
      (q) => q.status?.used?.["count/pods"] !== undefined,
    );
    const quota = (await app.inject({ url: "/api/my-lab/quota" })).json();
    expect(quota.spec).toEqual({ "requests.memory": "10Gi", "count/pods": 20 });
    expect(quota.usage["count/pods"]).toBeGreaterThanOrEqual(2);
  });

  it("streams the namespace's Kubernetes events as Server-Sent Events", async () => {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${address.port}/api/my-lab/events`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const events: {
      metadata: { uid: string };
      involvedObject: { namespace: string };
      message: string;
      type: string;
    }[] = [];
    const deadline = Date.now() + 30_000;
    while (events.length === 0 && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const parts = buffer.split("\n\n");
      buffer = parts.pop() ?? "";
      for (const part of parts)
        if (part.startsWith("data:")) events.push(JSON.parse(part.slice(5)));
    }
    expect(eventWatches.open).toBe(1);
    controller.abort();
    // The client left: its Kubernetes watch must end too.
    expect(await pollUntil(async () => eventWatches.open === 0, 10_000, 50)).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]?.involvedObject.namespace).toBe(namespace);
    expect(events[0]?.metadata.uid).toBeTruthy();
    expect(["Normal", "Warning"]).toContain(events[0]?.type);
  });
});
