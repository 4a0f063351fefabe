// The server side of bench/memory.ts, in its own process (run with --expose-gc): the real app
// (buildApp) with both shared catalogs, and releases fed through a fake KubeClient
// (lib/fake-releases.ts). Answers the parent's messages with memory figures taken after a full GC.
import { writeHeapSnapshot } from "node:v8";
import path from "node:path";
import { resolveConfig, type MultipleServicesMode } from "@onyxia-ts/core";
import { buildApp } from "../../packages/server/src/app.ts";
import { FakeCluster, releaseTemplate } from "./fake-releases.ts";

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export type MemoryRequest =
  | { step: "catalogs" }
  | { step: "releases"; total: number; perNamespace: number }
  | { step: "sample-start" }
  | { step: "sample-stop" }
  | { step: "stop" };

const gc = (globalThis as { gc?: () => void }).gc;
const snapshotDir = process.env["BENCH_HEAPSNAPSHOT_DIR"];

async function measure(label: string): Promise<MemoryFigures> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (snapshotDir) writeHeapSnapshot(path.join(snapshotDir, `${label}.heapsnapshot`));
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

const mode = (process.env["BENCH_MODE"] ?? "latest") as MultipleServicesMode;
const repos = JSON.parse(process.env["BENCH_REPOS"] ?? "{}") as Record<string, string>;
const cluster = new FakeCluster(await releaseTemplate());
const { config } = resolveConfig({
  file: {
    name: "bench",
    data: {
      catalogs: Object.entries(repos).map(([id, location]) => ({
        id,
        location,
        multipleServicesMode: mode,
      })),
      regions: [{ id: "bench", services: { singleNamespace: false, namespacePrefix: "user-" } }],
      audit: { sink: "none" },
      security: { rateLimit: { max: 0 } },
    },
  },
});
const app = await buildApp({
  config,
  webDistDirectory: null,
  // Given, so a bundled build of this file does not look for the repository's package.json.
  build: { version: "bench", timestamp: 0 },
  platform: { clients: { bench: cluster.client() } },
  // The user is named by a header (the bench has no OIDC provider): one namespace per user.
  users: {
    resolve: async (request) => {
      const idep = String(request.headers["x-bench-user"] ?? "default");
      return { idep, email: "", nomComplet: idep, ip: "", groups: [], roles: [], attributes: {} };
    },
  },
});
const address = await app.listen({ host: "127.0.0.1", port: 0 });
const started = await measure("1-start");
process.send?.({ url: address, figures: started });

let users = 0;
let secretBytes = 0;
let sampler: NodeJS.Timeout | undefined;
let peakRss = 0;

process.on("message", async (message: MemoryRequest) => {
  if (message.step === "catalogs") {
    const t = performance.now();
    await app.onyxia.catalogs.start();
    const loadMs = performance.now() - t;
    const failed = app.onyxia.catalogs.health().filter((h) => h.status !== "loaded");
    if (failed.length > 0) throw new Error(`catalogs failed to load: ${JSON.stringify(failed)}`);
    // Serve both catalog routes once, as a first visitor would.
    for (const url of ["/api/public/catalogs", "/api/my-lab/catalogs"])
      await app.inject({ url, headers: { "accept-encoding": "gzip" } });
    process.send?.({ loadMs, figures: await measure(`2-catalogs-${mode}`) });
  } else if (message.step === "releases") {
    const t = performance.now();
    while (users * message.perNamespace < message.total) {
      const user = `u${String(users++).padStart(5, "0")}`;
      secretBytes += cluster.addReleases(`user-${user}`, user, message.perNamespace);
      const reply = await app.inject({
        url: "/api/my-lab/services",
        headers: { "x-bench-user": user },
      });
      const apps = (reply.json() as { apps?: unknown[] }).apps?.length;
      if (reply.statusCode !== 200 || apps !== message.perNamespace)
        throw new Error(
          `listing of ${user}: ${reply.statusCode}, ${apps} apps: ${reply.body.slice(0, 300)}`,
        );
    }
    const fillMs = performance.now() - t;
    process.send?.({
      users,
      secretBytes,
      fillMs,
      figures: await measure(`3-releases-${message.total}`),
    });
  } else if (message.step === "sample-start") {
    peakRss = process.memoryUsage().rss;
    sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    process.send?.({ ok: true });
  } else if (message.step === "sample-stop") {
    clearInterval(sampler);
    process.send?.({ peakRss });
  } else if (message.step === "stop") {
    await app.close();
    process.exit(0);
  }
});
