// The API process of bench/services-scale.ts, bundled and run as production runs the server
// (`npm run serve`'s Node options): the real app over a fake KubeClient (lib/fake-cluster-app.ts).
// Answers the parent: {fill: n} adds users (10 releases each) up to n and replies with memory
// figures after full GCs (run with --expose-gc); {gc: "start" | "stop"} counts the garbage
// collections in between (count, total and longest pause, by kind).
import { PerformanceObserver, constants } from "node:perf_hooks";
import { addUsersWithReleases, fakeClusterApp } from "./fake-cluster-app.ts";
import { memoryBreakdown } from "./memory-probe.ts";

export type ScaleRequest = { fill: number } | { gc: "start" | "stop" };
export interface GcStats {
  count: number;
  totalMs: number;
  maxMs: number;
  /** Mark-compact (full) collections among them. */
  major: number;
}
export type ScaleReply =
  | { url: string }
  | { filled: number; heapUsed: number; rss: number; external: number; fillMs: number }
  | { gc: GcStats };

const perNamespace = Number(process.env["BENCH_PER_NAMESPACE"] ?? 10);
const namespaces = Number(process.env["BENCH_NAMESPACES"] ?? 1000);
// Every namespace stays watched for the run (the default keeps the 500 most recent).
const context = await fakeClusterApp({ maxNamespaces: namespaces + 1 });
let filled = 0;
let stats: GcStats = { count: 0, totalMs: 0, maxMs: 0, major: 0 };
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    stats.count++;
    stats.totalMs += entry.duration;
    stats.maxMs = Math.max(stats.maxMs, entry.duration);
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) stats.major++;
  }
});

process.on("message", async (message: ScaleRequest) => {
  if ("gc" in message) {
    if (message.gc === "start") {
      stats = { count: 0, totalMs: 0, maxMs: 0, major: 0 };
      observer.observe({ entryTypes: ["gc"] });
      process.send?.({ gc: stats } satisfies ScaleReply);
    } else {
      // Entries are delivered asynchronously: let the last ones arrive.
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      process.send?.({ gc: stats } satisfies ScaleReply);
    }
    return;
  }
  const t = performance.now();
  await addUsersWithReleases(context, filled, message.fill - filled, perNamespace);
  filled = message.fill;
  const fillMs = performance.now() - t;
  const m = await memoryBreakdown();
  process.send?.({
    filled,
    heapUsed: m.heapUsed,
    rss: m.rss,
    external: m.external,
    fillMs,
  } satisfies ScaleReply);
});
process.send?.({ url: context.url } satisfies ScaleReply);
