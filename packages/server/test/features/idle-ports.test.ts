// The idle controller's real adapters that need no cluster: PodMetrics summed per release, the
// metrics API missing, the webhook (a real local HTTP server) and the audit line.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Region } from "@onyxia-ts/core";
import {
  regionNamespaces,
  webhookNotifier,
  type IdleNotice,
} from "../../src/features/idle-suspend/index.ts";
import { idleAuditEntry } from "../../src/http/idle-controllers.ts";
import { KubernetesApiError } from "../../src/kubernetes/index.ts";
import { cpuByRelease, podMetricsUsage } from "../../src/platform/pod-metrics.ts";
import { fakeKubernetes } from "../support/fake-kubernetes.ts";

const pod = (ns: string, name: string, release: string | undefined, ...cpu: string[]) => ({
  metadata: {
    name,
    namespace: ns,
    labels: (release ? { "app.kubernetes.io/instance": release } : {}) as Record<string, string>,
  },
  containers: cpu.map((c, i) => ({ name: `c${i}`, usage: { cpu: c, memory: "1Mi" } })),
});

describe("PodMetrics per release", () => {
  it("sums containers and pods of a release, in millicores, per namespace", () => {
    const usage = cpuByRelease([
      pod("user-a", "jup-0", "jup", "120m", "30m"),
      pod("user-a", "jup-1", "jup", "250000n"),
      pod("user-b", "jup-0", "jup", "1"),
      pod("user-a", "stray", undefined, "5"),
    ]);
    expect(usage).toEqual(
      new Map([
        ["user-a/jup", 150.25],
        ["user-b/jup", 1000],
      ]),
    );
  });

  it("answers undefined (activity unknown) when the metrics API is not there", async () => {
    const kube = fakeKubernetes();
    kube.failOn(
      "list",
      /metrics\.k8s\.io/,
      new KubernetesApiError(404, "/apis/metrics.k8s.io", "not found"),
    );
    expect(await podMetricsUsage(kube).releaseCpu()).toBeUndefined();
    kube.clearFailures();
    kube.failOn(
      "list",
      /metrics\.k8s\.io/,
      new KubernetesApiError(403, "/apis/metrics.k8s.io", "forbidden"),
    );
    await expect(podMetricsUsage(kube).releaseCpu()).rejects.toThrow("403");
  });
});

describe("the idle webhook and audit line", () => {
  let server: Server;
  let url: string;
  const received: unknown[] = [];
  let status = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=s3cret`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const notice: IdleNotice = {
    kind: "warn",
    region: "r",
    namespace: "user-a",
    release: "jup",
    friendlyName: "My notebook",
    owner: "a",
    chart: "jupyter",
    reason: "idle for 7 h",
    idleSince: "2026-11-30T01:00:00.000Z",
    suspendAt: "2026-11-30T09:00:00.000Z",
    signals: ["cpu"],
    activity: "CPU 3m below 50m",
    cpuMillicores: 3,
    cpuBelowMillicores: 50,
  };

  it("POSTs the notice, and names the URL without its token when the hook fails", async () => {
    await webhookNotifier(url)(notice);
    expect(received.at(-1)).toMatchObject({
      type: "service.idle.warn",
      release: "jup",
      cpuMillicores: 3,
    });
    status = 500;
    const error = await webhookNotifier(url)(notice).catch((e: Error) => e);
    expect(String(error)).toContain("HTTP 500");
    expect(String(error)).not.toContain("s3cret");
    await expect(webhookNotifier(undefined)(notice)).resolves.toBeUndefined();
  });

  it("audits an automatic pause with its reason and figures", () => {
    const entry = idleAuditEntry(
      { ...notice, kind: "suspend", outcome: "ok", durationMs: 12 },
      "idle-1",
    );
    expect(entry).toMatchObject({
      user: "system:idle-suspend",
      action: "idle-suspend",
      project: "user-a",
      release: "jup",
      status: 200,
      reason: "idle for 7 h",
      figures: { owner: "a", cpuMillicores: 3, cpuBelowMillicores: 50 },
    });
  });
});

describe("a region's namespaces", () => {
  const region = (services: Record<string, unknown>) =>
    ({
      services: {
        singleNamespace: false,
        namespacePrefix: "user-",
        groupNamespacePrefix: "projet-",
        ...services,
      },
    }) as unknown as Region;
  it("are its user and group prefixes, or its one shared namespace", () => {
    const owns = regionNamespaces(region({}), "onyxia");
    expect(["user-a", "projet-b", "admbench-1", "onyxia"].filter(owns)).toEqual([
      "user-a",
      "projet-b",
    ]);
    const single = regionNamespaces(region({ singleNamespace: true }), "onyxia");
    expect(["user-a", "onyxia"].filter(single)).toEqual(["onyxia"]);
  });
});
