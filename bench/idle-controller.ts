// The idle controller's cost: the server's CPU per sample while it watches N services (the real
// controller, the real cache inventory over the namespace watch caches, the real decisions and
// annotation writes), against the CPU of one services listing of a 10-release namespace in the
// same run (the baseline: what the web's poll costs the server).
//
// The releases are fake Helm release Secrets (vscode-lite, lib/fake-releases.ts) fed through a
// fake KubeClient, as in services-scale.ts; the cluster-wide lists (ownership records, PodMetrics)
// and the annotation writes go to an in-memory Kubernetes port that parses JSON text as the real
// client does. Half the services are busy (400m), half idle (3m).
//
// With BENCH_SIGNALS=1 every service also has the chart's HTTP activity signal and the ingress
// signal: a child process (its CPU is not counted) answers both the Services' `/healthz` and
// Prometheus' `/api/v1/query`, so the figure is the controller's own cost of asking 2 × N times.
//
// Run: node --import tsx bench/idle-controller.ts   (no stack needed)
// Env: BENCH_NAMESPACES (200), BENCH_PER_NAMESPACE (10), BENCH_SAMPLES (10), BENCH_SIGNALS (0)
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import {
  chartActivity,
  DEFAULT_INGRESS_QUERY,
  IDLE_ANNOTATION,
  resolveConfig,
  type IdleSuspendConfig,
} from "@onyxia-ts/core";
import {
  activitySignals,
  cacheInventory,
  createIdleController,
  leaderElector,
} from "../packages/server/src/features/idle-suspend/index.ts";
import { namespaceServices } from "../packages/server/src/features/services-list/index.ts";
import { ClusterCaches } from "../packages/server/src/kubernetes/index.ts";
import type { KubeObject, KubernetesPort } from "../packages/server/src/platform/ports.ts";
import { FakeCluster, releaseTemplate } from "./lib/fake-releases.ts";

const namespaces = Number(process.env["BENCH_NAMESPACES"] ?? 200);
const perNamespace = Number(process.env["BENCH_PER_NAMESPACE"] ?? 10);
const samples = Number(process.env["BENCH_SAMPLES"] ?? 10);
const SAMPLE_EVERY_MS = 30_000;

const cluster = new FakeCluster(await releaseTemplate());
for (let i = 0; i < namespaces; i++) cluster.addReleases(`user-u${i}`, `u${i}`, perNamespace);
const { config } = resolveConfig({
  file: {
    name: "bench",
    data: {
      regions: [
        {
          id: "bench",
          services: {
            singleNamespace: false,
            namespacePrefix: "user-",
            idleSuspend: { enabled: true, after: "8h", warnBefore: "1h", sampleEvery: "30s" },
          },
        },
      ],
    },
  },
});
const region = config.regions[0]!;
const idle = region.services.idleSuspend as IdleSuspendConfig;

// PodMetrics as the metrics API would answer (JSON text parsed per list, like the real client).
const metricsText = JSON.stringify(
  cluster.releaseNames().flatMap(([ns, names]) =>
    names.map((name, i) => ({
      metadata: {
        name: `${name}-0`,
        namespace: ns,
        labels: { "app.kubernetes.io/instance": name },
      },
      containers: [{ name: "main", usage: { cpu: i % 2 === 0 ? "400m" : "3m", memory: "20Mi" } }],
    })),
  ),
);
const annotations = new Map<string, string>();
let writes = 0;
let lease: KubeObject | undefined;
let rv = 0;
const port: KubernetesPort = {
  get: async <T>(path: string) => (path.includes("/leases/") ? (lease as T) : undefined),
  list: async <T>(path: string) => {
    if (path.startsWith("/apis/metrics.k8s.io")) return JSON.parse(metricsText) as T[];
    // The ownership records with the annotations written so far.
    return cluster.allOnyxiaSecrets<KubeObject>().map((s) => {
      const value = annotations.get(`${s.metadata?.namespace}/${s.metadata?.name}`);
      return value
        ? { ...s, metadata: { ...s.metadata, annotations: { [IDLE_ANNOTATION]: value } } }
        : s;
    }) as T[];
  },
  create: async <T>(_path: string, body: unknown) => {
    lease = { ...(body as KubeObject), metadata: { resourceVersion: String(++rv) } };
    return lease as T;
  },
  apply: async <T>() => ({}) as T,
  mergePatch: async <T>(path: string, patch: unknown) => {
    if (path.includes("/leases/")) {
      lease = { ...lease, metadata: { resourceVersion: String(++rv) } };
      return lease as T;
    }
    writes++;
    const m = /namespaces\/([^/]+)\/secrets\/(.+)$/.exec(path)!;
    const value = (patch as KubeObject).metadata?.annotations?.[IDLE_ANNOTATION];
    if (value) annotations.set(`${m[1]}/${m[2]}`, value);
    return {} as T;
  },
  remove: async () => true,
  withHeaders: () => port,
  close: () => undefined,
};

const caches = new ClusterCaches(cluster.client(), { maxNamespaces: namespaces + 1 });
// The inventory reads the caches; the records' annotations come from the port (the caches'
// fake watches never deliver the writes).
const inventory = cacheInventory(port, caches, 60_000, (ns) => ns.startsWith("user-"));
const withAnnotations = {
  async releases() {
    return (await inventory.releases()).map((t) => ({
      ...t,
      annotation: annotations.get(`${t.namespace}/sh.onyxia.release.v1.${t.release}`),
    }));
  },
};
let now = Date.now();
const clock = { now: () => now };
/** The stand-in for the Services and Prometheus, in a child process; its base URL. */
async function standIn(): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(req.url.startsWith("/prom/")
          ? '{"status":"success","data":{"resultType":"vector","result":[]}}'
          : JSON.stringify({ status: "expired", lastHeartbeat: Date.now() - 3600000 }));
      }).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  process.on("exit", () => child.kill());
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  return `http://127.0.0.1:${port}`;
}
const withSignals = process.env["BENCH_SIGNALS"] === "1";
const standInUrl = withSignals ? await standIn() : "";
const declared = chartActivity({
  "onyxia-ts.dev/activity-path": "/healthz",
  "onyxia-ts.dev/activity-port": "80",
  "onyxia-ts.dev/activity-field": "lastHeartbeat",
});
const signals = withSignals
  ? activitySignals({
      config: {
        activityURLPattern: `${standInUrl}/$NAMESPACE/$SERVICE$PATH`,
        activityTimeoutMs: 5000,
        prometheus: {
          URL: `${standInUrl}/prom`,
          query: DEFAULT_INGRESS_QUERY,
          minWindowMs: 120_000,
        },
      },
      chartActivity: () => declared,
    })
  : undefined;

const controller = createIdleController({
  region,
  config: idle,
  kube: port,
  inventory: withAnnotations,
  ...(signals ? { signals } : {}),
  usage: {
    releaseCpu: async () =>
      (await import("../packages/server/src/platform/pod-metrics.ts")).cpuByRelease(
        await port.list("/apis/metrics.k8s.io/v1beta1/pods"),
      ),
  },
  elector: leaderElector(port, clock, {
    namespace: "onyxia",
    name: "bench",
    holder: "bench",
    durationMs: 90_000,
  }),
  clock,
  suspend: async () => undefined,
  uninstall: async () => undefined,
  notify: async () => undefined,
  audit: () => undefined,
});

const cpuMs = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

// First sample: fills the caches (list + decode of every release) and writes every first record.
let t = process.cpuUsage();
const first = await controller.tick();
const firstMs = cpuMs(t);
const firstWrites = writes;

// Steady state: one sample per 30 s of (simulated) time.
const perTick: number[] = [];
const writesBefore = writes;
for (let i = 0; i < samples; i++) {
  now += SAMPLE_EVERY_MS;
  t = process.cpuUsage();
  await controller.tick();
  perTick.push(cpuMs(t));
}
perTick.sort((a, b) => a - b);
const median = perTick[Math.floor(perTick.length / 2)]!;

// Baseline: one services listing of a 10-release namespace (what each open My services page costs).
const cache = caches.namespace("user-u0");
await cache.ready(10_000);
const listings = 200;
t = process.cpuUsage();
for (let i = 0; i < listings; i++) {
  cache.generation++; // defeat the memo: each listing rebuilt, as after a change
  JSON.stringify(namespaceServices(cache, { region }));
}
const listingMs = cpuMs(t) / listings;

const n = namespaces * perNamespace;
console.log(
  `idle controller, ${n} services in ${namespaces} namespaces, ${withSignals ? "CPU + HTTP + ingress signals" : "CPU only"} (load ${loadavg()[0]!.toFixed(1)})`,
);
console.log(
  `  first sample (caches filled, ${firstWrites} records written): ${firstMs.toFixed(0)} ms CPU, leader=${first.leader}`,
);
console.log(
  `  steady sample: median ${median.toFixed(1)} ms CPU (min ${perTick[0]!.toFixed(1)}, max ${perTick.at(-1)!.toFixed(1)}), ${((writes - writesBefore) / samples).toFixed(1)} writes/sample`,
);
console.log(
  `  = ${((median / SAMPLE_EVERY_MS) * 100).toFixed(3)} % of one core at one sample per 30 s`,
);
console.log(
  `  baseline: one 10-service listing rebuilt = ${listingMs.toFixed(2)} ms CPU; a sample costs ${(median / listingMs).toFixed(1)} listings`,
);
caches.close();
process.exit(0);
