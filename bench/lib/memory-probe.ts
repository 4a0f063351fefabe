// Memory figures of a server process, taken after full GCs (when run with --expose-gc): RSS split
// into anonymous memory and mapped files (the node binary's code), V8 heap used/total, external
// memory, code, and each heap space. Preloaded into a server that is not ours to change (node
// --import ./bench/lib/memory-probe.ts dist/main.js, with an IPC channel), it answers each
// {probe: "memory"} message; bench processes import memoryBreakdown directly.
// Plain type-strippable TypeScript: Node 24 runs it without a loader.
import { readFileSync } from "node:fs";
import { getHeapCodeStatistics, getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";

export interface MemoryFigures {
  rss: number;
  /** Anonymous resident memory: heap, malloc, buffers. */
  rssAnon: number;
  /** Resident pages of mapped files (mostly the node binary's code). */
  rssFile: number;
  /** Peak RSS of the process so far. */
  peakRss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Compiled code and bytecode (with their metadata) in the heap. */
  code: number;
  /** Committed size of each V8 heap space (new space, old space, large objects…). */
  spaces: Record<string, number>;
}

function status(): Record<"rss" | "rssAnon" | "rssFile" | "peakRss", number> {
  const text = readFileSync("/proc/self/status", "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(text)?.[1]) * 1024;
  return { rss: kb("VmRSS"), rssAnon: kb("RssAnon"), rssFile: kb("RssFile"), peakRss: kb("VmHWM") };
}

export async function memoryBreakdown(snapshotPath?: string): Promise<MemoryFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (snapshotPath) writeHeapSnapshot(snapshotPath);
  const usage = process.memoryUsage();
  const code = getHeapCodeStatistics();
  return {
    ...status(),
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    code: code.code_and_metadata_size + code.bytecode_and_metadata_size,
    spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size])),
  };
}

// Preloaded (the parent sets BENCH_MEMORY_PROBE=1): answer the parent's questions.
if (process.send && process.env["BENCH_MEMORY_PROBE"] === "1")
  process.on("message", (message: { probe?: string; snapshot?: string }) => {
    if (message?.probe === "memory")
      void memoryBreakdown(message.snapshot).then((figures) =>
        process.send?.({ probe: "memory", figures }),
      );
  });
