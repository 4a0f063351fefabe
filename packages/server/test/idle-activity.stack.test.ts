// Idle suspend's activity signals beyond CPU on the local stack: real releases (helm), the
// chart's HTTP signal declared in the test chart notebook-lite's Chart.yaml (Jupyter's
// `/api/status` with the token from the release's values, read from the test-charts catalog), and
// ingress traffic from a real Prometheus (Debian's package, stack/components/prometheus).
//
// The stack routes no traffic to Services and has no ingress controller, so this test runs two
// small HTTP servers of its own: one stands in for the releases' Services (the region's
// activityURLPattern points at it, as an operator running the server outside the cluster would
// point it at a proxy), the other for ingress-nginx's `/metrics` (nginx_ingress_controller_requests
// counters), which Prometheus scrapes every second through the target file this test writes.
// CPU figures are the test's own (3m for every release, through the controller's usage port): the
// metrics API itself is proven by idle-suspend.stack.test.ts; here CPU only has to say "idle".
// @stack-components kwok prometheus
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollUntil } from "../../../stack/lib/time.ts";
import { buildApp } from "../src/app.ts";
import { idleControllerFor, type IdleAuditRecord } from "../src/features/idle-suspend/index.ts";
import { releaseDeps } from "../src/routes/lifecycle/acting.ts";
import { lifecycleConfig } from "./lifecycle/fixtures.ts";
import { FAST_IDLE_SUSPEND, idleReleases } from "./support/idle-releases.ts";
import {
  admin,
  helmSecrets,
  runPrefix,
  useStackKubeconfig,
  type Loose,
} from "./lifecycle/stack-app.ts";

const prometheusUrl = process.env.PROMETHEUS_URL;
const targetsDir = process.env.PROMETHEUS_TARGETS_DIR;
const prefix = runPrefix("idleact");
const ns = `${prefix}default`;
const leaseNs = `${prefix}system`;
const T_START = Date.now();

let app: FastifyInstance;
let services: Server;
let exporter: Server;
let targetFile = "";
const audits: IdleAuditRecord[] = [];
const asked: string[] = [];
/** Requests counted by the stand-in ingress controller, per release (the `traffic` one grows). */
const requests = new Map<string, number>();

const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
};

const { releases, launch, recordOf, service } = idleReleases(() => app, ns);

async function promQuery(query: string): Promise<Loose> {
  const r = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  return (await r.json()) as Loose;
}

beforeAll(async () => {
  if (!prometheusUrl || !targetsDir)
    throw new Error("PROMETHEUS_URL is not set: is the stack's prometheus running?");
  useStackKubeconfig();

  // The releases' Services, as Jupyter's /api/status answers, with each release's own token.
  services = createServer((req, res) => {
    asked.push(req.url ?? "");
    const [, namespace, name, ...rest] = (req.url ?? "").split("/");
    const key = Object.entries(releases).find(([, r]) => r === name)?.[0];
    if (namespace !== ns || rest.join("/") !== "api/status" || !key) {
      res.writeHead(404).end();
      return;
    }
    if (req.headers.authorization !== `token tok-${key}`) {
      res.writeHead(403).end();
      return;
    }
    if (key === "down") {
      res.writeHead(503).end("starting");
      return;
    }
    const at = key === "busy" ? Date.now() : T_START - 3_600_000;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        started: new Date(T_START).toISOString(),
        last_activity: new Date(at).toISOString(),
        connections: 0,
        kernels: 1,
      }),
    );
  });
  const servicesPort = await listen(services);

  // ingress-nginx's /metrics: one counter per release's ingress; `traffic` gets a request per scrape.
  exporter = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    if (releases.traffic) requests.set(releases.traffic, (requests.get(releases.traffic) ?? 0) + 1);
    const lines = ["# TYPE nginx_ingress_controller_requests counter"];
    for (const [release, count] of requests)
      lines.push(
        `nginx_ingress_controller_requests{namespace="${ns}",ingress="${release}",service="${release}",status="200",method="GET",path="/",controller_class="k8s.io/ingress-nginx"} ${count}`,
      );
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(`${lines.join("\n")}\n`);
  });
  const exporterPort = await listen(exporter);
  mkdirSync(targetsDir, { recursive: true });
  targetFile = path.join(targetsDir, `${prefix}ingress.json`);
  writeFileSync(
    targetFile,
    JSON.stringify([{ targets: [`127.0.0.1:${exporterPort}`], labels: { test: prefix } }]),
  );

  app = await buildApp({
    config: lifecycleConfig({
      region: {
        namespacePrefix: prefix,
        idleSuspend: {
          ...FAST_IDLE_SUSPEND,
          activityURLPattern: `http://127.0.0.1:${servicesPort}/$NAMESPACE/$SERVICE$PATH`,
          activityTimeout: "2s",
          prometheus: { URL: prometheusUrl, minWindow: "5s" },
        },
      },
    }),
    webDistDirectory: null,
    idleControllers: false,
  });
  await app.onyxia.catalogs.start();
  await admin.create("/api/v1/namespaces", { metadata: { name: leaseNs } });
  const notebook = (key: string) =>
    launch(key, ["test-charts", "notebook-lite", "0.1.0"], { security: { token: `tok-${key}` } });
  await notebook("busy");
  await notebook("down");
  await notebook("quiet");
  await launch("traffic", ["examples", "postgres-lite", "1.2.0"]);
  for (const key of ["quiet", "traffic"]) requests.set(releases[key]!, 5);

  // Prometheus scrapes the stand-in before the controller's first sample.
  const scraped = await pollUntil(async () => {
    const up = await promQuery(`up{test="${prefix}"}`);
    return up.data?.result?.[0]?.value?.[1] === "1";
  }, 30_000);
  expect(scraped, "Prometheus never scraped the stand-in exporter").toBe(true);
}, 240_000);

afterAll(async () => {
  if (targetFile) rmSync(targetFile, { force: true });
  await app?.close();
  services?.closeAllConnections();
  services?.close();
  exporter?.closeAllConnections();
  exporter?.close();
  await admin.remove(`/api/v1/namespaces/${ns}`);
  await admin.remove(`/api/v1/namespaces/${leaseNs}`);
});

describe("idle suspend's activity signals on the stack", () => {
  it("keeps services active by HTTP or ingress traffic, leaves one whose signal fails alone, pauses the quiet one", async () => {
    const built = (await idleControllerFor(app.onyxia.config.regions[0]!, {
      platform: app.onyxia.platform,
      releaseDeps: releaseDeps(app.onyxia),
      leaseNamespace: leaseNs,
      holder: "activity",
      leaseDurationMs: 15_000,
      usage: {
        releaseCpu: async () => new Map(Object.values(releases).map((r) => [`${ns}/${r}`, 3])),
      },
      audit: (record) => void audits.push(record),
    }))!;
    const paused = await pollUntil(
      async () => {
        await built.controller.tick();
        return (await service("quiet")).suspended === true;
      },
      90_000,
      1_000,
    );
    await built.controller.stop();
    expect(paused, JSON.stringify({ audits, quiet: await recordOf("quiet") })).toBe(true);

    // The quiet one: every signal answered and none showed activity for the whole window.
    const quiet = audits.filter((a) => a.release === releases.quiet);
    expect(quiet.map((a) => [a.kind, a.outcome])).toEqual([
      ["warn", "ok"],
      ["suspend", "ok"],
    ]);
    expect(quiet[1]!.signals).toEqual(["cpu", "http", "ingress"]);
    expect(quiet[1]!.reason).toMatch(
      /^idle for \d+ s \(CPU 3m below 50m; HTTP last activity \S+, none since; ingress 0 requests in \d+ s\)/,
    );

    // The others were never warned nor paused, each for its own reason.
    for (const key of ["busy", "down", "traffic"]) {
      expect(
        audits.filter((a) => a.release === releases[key]),
        key,
      ).toEqual([]);
      expect((await service(key)).suspended, key).toBe(false);
      expect(await helmSecrets(ns, releases[key]!), key).toHaveLength(1);
    }
    expect(await recordOf("busy")).toMatchObject({ activeBy: ["http"] });
    expect(await recordOf("traffic")).toMatchObject({ activeBy: ["ingress"] });
    expect((await service("down")).idle).toMatchObject({
      status: "unknown",
      unknownSignals: ["http"],
    });
    // Prometheus really counted the traffic (the same query the controller runs).
    const traffic = await promQuery(
      `sum(increase(nginx_ingress_controller_requests{namespace="${ns}",ingress="${releases.traffic}"}[10s]))`,
    );
    expect(Number(traffic.data.result[0].value[1])).toBeGreaterThan(0);

    // Only the releases' own Services were asked, each with its own token (a wrong one answers
    // 403: unknown), and the postgres chart declares no HTTP signal.
    const asked_ = new Set(asked.map((u) => u.split("/").slice(0, 3).join("/")));
    expect(asked_).toEqual(new Set(["busy", "down", "quiet"].map((k) => `/${ns}/${releases[k]}`)));
  }, 150_000);
});
