// The server side of bench/memory.ts, in its own process (run with --expose-gc): the real app
// (buildApp) with both shared catalogs, and releases fed through a fake KubeClient
// (lib/fake-cluster-app.ts). Answers the parent's messages with memory figures taken after full GCs.
import path from "node:path";
import type { MultipleServicesMode } from "@onyxia-ts/core";
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
const context = await fakeClusterApp({ repos, mode });
const { app } = context;
process.send?.({ url: context.url, figures: await measure("1-start") });

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
