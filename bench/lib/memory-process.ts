// The server side of bench/memory.ts, in its own process (run with --expose-gc): the real app
// (buildApp) with both shared catalogs, and releases fed through a fake KubeClient
// (lib/fake-cluster-app.ts). Answers the parent's messages with memory figures taken after full GCs.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MultipleServicesMode } from "@onyxia-ts/core";
import { loaderProcessBeside } from "../../packages/server/src/catalogs/index.ts";
import { addUsersWithReleases, fakeClusterApp } from "./fake-cluster-app.ts";
import { memoryBreakdown, type MemoryFigures } from "./memory-probe.ts";

export type { MemoryFigures };

export type MemoryRequest =
  | { step: "catalogs" }
  | { step: "releases"; total: number; perNamespace: number }
  | { step: "sample-start" }
  | { step: "sample-stop" }
  | { step: "stop" };

const snapshotDir = process.env["BENCH_HEAPSNAPSHOT_DIR"];
const measure = (label: string) =>
  memoryBreakdown(snapshotDir ? path.join(snapshotDir, `${label}.heapsnapshot`) : undefined);

const mode = (process.env["BENCH_MODE"] ?? "latest") as MultipleServicesMode;
const repos = JSON.parse(process.env["BENCH_REPOS"] ?? "{}") as Record<string, string>;
// Bundled (scripts/build-server.mjs), catalogs load in the loader process built beside it, as
// the server's main.ts does.
const context = await fakeClusterApp({
  repos,
  mode,
  ...(import.meta.url.endsWith(".js")
    ? { catalogLoaderProcess: loaderProcessBeside(import.meta.url) }
    : {}),
});
const { app } = context;
process.send?.({ url: context.url, figures: await measure("1-start") });

let users = 0;
let secretBytes = 0;
let sampler: NodeJS.Timeout | undefined;
let peakRss = 0;

process.on("message", async (message: MemoryRequest) => {
  if (message.step === "catalogs") {
    const t = performance.now();
    const loaders = sampleChildrenPeakRss();
    await app.onyxia.catalogs.start();
    const loadMs = performance.now() - t;
    const loaderPeakRss = loaders.stop();
    const failed = app.onyxia.catalogs.health().filter((h) => h.status !== "loaded");
    if (failed.length > 0) throw new Error(`catalogs failed to load: ${JSON.stringify(failed)}`);
    // Serve both catalog routes once, as a first visitor would.
    for (const url of ["/api/public/catalogs", "/api/my-lab/catalogs"])
      await app.inject({ url, headers: { "accept-encoding": "gzip" } });
    process.send?.({ loadMs, loaderPeakRss, figures: await measure(`2-catalogs-${mode}`) });
  } else if (message.step === "releases") {
    const t = performance.now();
    const more = Math.ceil(message.total / message.perNamespace) - users;
    secretBytes += await addUsersWithReleases(context, users, more, message.perNamespace);
    users += more;
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

/**
 * The largest peak RSS (VmHWM) seen among this process's children (the catalog loader process)
 * while sampling, in bytes; 0 when there was none.
 */
function sampleChildrenPeakRss(): { stop(): number } {
  let peak = 0;
  const sample = () => {
    for (const task of readdirSync("/proc/self/task")) {
      let children = "";
      try {
        children = readFileSync(`/proc/self/task/${task}/children`, "utf8");
      } catch {
        continue;
      }
      for (const pid of children.split(" ").filter(Boolean)) {
        try {
          const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
          peak = Math.max(peak, Number(hwm?.[1] ?? 0) * 1024);
        } catch {
          // gone already
        }
      }
    }
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
