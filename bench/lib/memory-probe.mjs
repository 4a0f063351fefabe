// Preloaded into a server process (node --import ./bench/lib/memory-probe.mjs …) started with an
// IPC channel: answers each "memory" message with the process's memory breakdown, taken after
// full GCs when the process runs with --expose-gc. The server's own code is untouched.
/* global process, globalThis, setImmediate */
import { readFileSync } from "node:fs";
import { getHeapCodeStatistics, getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";

/** RSS split by kind (kB → bytes) from /proc/self/status: anonymous memory vs mapped files (code). */
function procStatus() {
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb("VmRSS"), rssAnon: kb("RssAnon"), rssFile: kb("RssFile"), hwm: kb("VmHWM") };
}

export async function memoryBreakdown(snapshotPath) {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (snapshotPath) writeHeapSnapshot(snapshotPath);
  const usage = process.memoryUsage();
  const code = getHeapCodeStatistics();
  return {
    ...procStatus(),
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    codeAndMetadata: code.code_and_metadata_size + code.bytecode_and_metadata_size,
    spaces: Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [
        s.space_name,
        { size: s.space_size, used: s.space_used_size },
      ]),
    ),
  };
}

if (process.send)
  process.on("message", (message) => {
    if (message?.probe === "memory")
      void memoryBreakdown(message.snapshot).then((figures) =>
        process.send({ probe: "memory", figures }),
      );
  });
