// Event-stream storm (issue 11, item 1): 1,000 concurrent GET /api/my-lab/events streams opened
// and dropped in bursts by one user, while other users list their services. Prints the other
// users' GET /api/my-lab/services p50/p95 before, during and after the storm, and the sockets the
// API holds to the Kubernetes API server (per connection budget: calls, streams) before, during
// and after.
//
// The API runs in its own process (serviceAccount mode, a per-run namespace prefix); users are
// told apart by a bench-only header (X-Bench-User) through a custom resolver. Event-stream limits
// are turned off for the storm (the mechanism must hold by itself) and the 429 of the default
// per-user limit is checked at the end.
//
// Run: node --import tsx bench/event-storm.ts   (needs the local stack: `npm run stack:up`)
// Env: BENCH_STREAMS (1000), BENCH_BURSTS (5), BENCH_VICTIMS (5), BENCH_API_NODE_ARGS (Node options
//      of the API process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_KUBE_TRANSPORT=http1
//      and BENCH_KUBE_CALLS=http2 (lib/kube-transport.ts).
import { loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import http from "node:http";
import { forkApi, reportUrl } from "./lib/api-child.ts";

/** A GET answered with its status (the body read, or left streaming when `stream`). */
function get(
  url: string,
  user: string,
  agent: http.Agent,
  options: { signal?: AbortSignal; stream?: boolean } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      url,
      {
        agent,
        headers: { "x-bench-user": user },
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (response) => {
        if (options.stream && response.statusCode === 200) return resolve(200);
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.setTimeout(30_000, () => request.destroy(new Error("timeout")));
  });
}

const STREAMS = Number(process.env["BENCH_STREAMS"] ?? 1000);
const BURSTS = Number(process.env["BENCH_BURSTS"] ?? 5);
const VICTIMS = Number(process.env["BENCH_VICTIMS"] ?? 5);

async function apiProcess(): Promise<void> {
  const { benchRegionConfig } = await import("./lib/bench-config.ts");
  const { buildApp } = await import("../packages/server/src/app.ts");
  const { noAuthUser } = await import("../packages/server/src/user/index.ts");
  const prefix = process.env["BENCH_PREFIX"] as string;
  const limits = JSON.parse(process.env["BENCH_LIMITS"] ?? "{}") as Record<string, number>;
  const config = benchRegionConfig(prefix, {
    settings: { security: { "event-streams": limits } },
  });
  const { benchKubeClients } = await import("./lib/kube-transport.ts");
  const app = await buildApp({
    config,
    webDistDirectory: null,
    platform: await benchKubeClients("bench"),
    users: {
      resolve: async (request) => ({
        ...noAuthUser(request.ip),
        idep: String(request.headers["x-bench-user"] ?? "default"),
      }),
    },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  // A clean exit, so --cpu-prof (BENCH_API_NODE_ARGS) can write its profile.
  process.once("SIGTERM", () => process.exit(0));
  const region = await app.onyxia.platform.region(config.regions[0]!);
  // The server's own figures, less noisy than latencies on a shared machine: CPU time used and
  // the longest event-loop stall since the previous question.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on("message", (m) => {
    if (m === "sockets") {
      const cpu = process.cpuUsage();
      process.send?.({
        sockets: region.client.sockets?.(),
        streams: app.onyxia.eventStreams.open,
        eventWatches: region.eventHubs.watchedNamespaces.length,
        cpuMs: (cpu.user + cpu.system) / 1000,
        loopMaxMs: loop.max / 1e6,
      });
      loop.reset();
    }
  });
  reportUrl(app);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

async function main(): Promise<void> {
  const { createContext } = await import("../stack/lib/context.ts");
  const { isStackUp } = await import("../stack/lib/orchestrator.ts");
  const { readEnvFile } = await import("../stack/lib/env-file.ts");
  const { uniqueName } = await import("../stack/lib/testing/kube.ts");
  const ctx = createContext();
  if (!(await isStackUp(ctx, { only: ["kwok"] }))) throw new Error("the local stack is down");
  Object.assign(process.env, readEnvFile(ctx));
  const prefix = `${uniqueName("storm")}-`;

  async function startApi(limits: Record<string, number>) {
    const { child, url } = await forkApi(
      fileURLToPath(import.meta.url),
      { BENCH_PREFIX: prefix, BENCH_LIMITS: JSON.stringify(limits) },
      (process.env["BENCH_API_NODE_ARGS"] ?? "").split(" ").filter(Boolean),
    );
    const sockets = () =>
      new Promise<{
        sockets: { calls: number; streams: number };
        streams: number;
        eventWatches: number;
        cpuMs: number;
        loopMaxMs: number;
      }>((resolve) => {
        child.once("message", (m) => resolve(m as never));
        child.send("sockets");
      });
    return { child, url, sockets };
  }

  const api = await startApi({ "per-user": 0, max: 0 });
  // Victims' listings on their own connection pool; the storm on another.
  const victimsPool = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const stormPool = new http.Agent({ keepAlive: false, maxSockets: STREAMS + 50 });
  const list = async (user: string) => {
    const t = performance.now();
    const status = await get(`${api.url}/api/my-lab/services`, user, victimsPool);
    if (status !== 200) throw new Error(`listing answered ${status}`);
    return performance.now() - t;
  };
  let cpuBefore = (await api.sockets()).cpuMs;
  async function measure(label: string, ms: number) {
    const times: number[] = [];
    let failures = 0;
    const end = Date.now() + ms;
    await Promise.all(
      Array.from({ length: VICTIMS }, async (_, i) => {
        while (Date.now() < end) {
          try {
            times.push(await list(`victim-${i}`));
          } catch {
            failures++;
          }
          await sleep(20);
        }
      }),
    );
    times.sort((a, b) => a - b);
    const s = await api.sockets();
    const cpuMs = s.cpuMs - cpuBefore;
    cpuBefore = s.cpuMs;
    console.log(
      `${label.padEnd(28)} listings ${String(times.length).padStart(4)}  p50 ${pct(times, 50)!.toFixed(1).padStart(6)} ms  p95 ${pct(times, 95)!.toFixed(1).padStart(6)} ms  max ${(times.at(-1) ?? NaN).toFixed(1).padStart(7)} ms  failed ${failures}  | server CPU ${cpuMs.toFixed(0).padStart(5)} ms, longest stall ${s.loopMaxMs.toFixed(0).padStart(4)} ms | sockets calls ${s.sockets.calls} streams ${s.sockets.streams}  open streams ${s.streams}  event watches ${s.eventWatches}  load ${loadavg()[0]!.toFixed(1)}`,
    );
    return { p95: pct(times, 95)!, sockets: s, cpuMs, loopMaxMs: s.loopMaxMs };
  }

  function openStream(user: string) {
    const abort = new AbortController();
    const opened = get(`${api.url}/api/my-lab/events`, user, stormPool, {
      signal: abort.signal,
      stream: true,
    }).catch(() => 0);
    return { abort: () => abort.abort(), opened };
  }

  try {
    for (let i = 0; i < VICTIMS; i++) await list(`victim-${i}`); // warm: caches synced
    const before = await measure("before", 3000);

    // Bursts: STREAMS/BURSTS streams opened at once by one user, dropped after 300 ms.
    const perBurst = Math.ceil(STREAMS / BURSTS);
    const storm = (async () => {
      for (let b = 0; b < BURSTS; b++) {
        const burst = Array.from({ length: perBurst }, () => openStream("mallory"));
        await sleep(300);
        for (const s of burst) s.abort();
        await Promise.all(burst.map((s) => s.opened));
      }
    })();
    const duringBursts = await measure("during bursts (drop 300ms)", 3000);
    await storm;
    // The bursts' CPU, to the end of the last one (the window above may end before it).
    const stormTail = await measure("end of the bursts", 0);

    // Then all STREAMS held open at once.
    const held = Array.from({ length: STREAMS }, () => openStream("mallory"));
    const statuses = await Promise.all(held.map((s) => s.opened));
    const ok = statuses.filter((s) => s === 200).length;
    const during = await measure(`holding ${ok}/${STREAMS} streams`, 3000);
    for (const s of held) s.abort();
    await sleep(3000);
    const after = await measure("3 s after dropping all", 3000);
    await sleep(35_000); // the shared watch lingers 30 s after its last stream
    const later = await measure("35 s later", 2000);

    // The default limits: one user gets 10 streams, the 11th is a 429.
    api.child.kill();
    const limited = await startApi({});
    api.url = limited.url;
    const ten = Array.from({ length: 11 }, () => openStream("mallory"));
    const codes = await Promise.all(ten.map((s) => s.opened));
    for (const s of ten) s.abort();
    limited.child.kill();

    console.log(
      `\nstreams opened/held: ${ok}/${STREAMS}; victims' p95 before ${before.p95.toFixed(1)} ms, during bursts ${duringBursts.p95.toFixed(1)} ms, holding ${during.p95.toFixed(1)} ms, after ${after.p95.toFixed(1)} ms, later ${later.p95.toFixed(1)} ms`,
    );
    console.log(
      `server CPU per stream opened and dropped in bursts: ${((duringBursts.cpuMs + stormTail.cpuMs) / STREAMS).toFixed(2)} ms (includes the victims' listings of that window); longest event-loop stall during the bursts ${Math.max(duringBursts.loopMaxMs, stormTail.loopMaxMs).toFixed(0)} ms`,
    );
    console.log(
      `apiserver sockets (calls+streams): before ${before.sockets.sockets.calls}+${before.sockets.sockets.streams}, holding ${during.sockets.sockets.calls}+${during.sockets.sockets.streams}, after ${after.sockets.sockets.calls}+${after.sockets.sockets.streams}, later ${later.sockets.sockets.calls}+${later.sockets.sockets.streams}`,
    );
    console.log(
      `default limits: 11 streams of one user -> ${codes.filter((c) => c === 200).length}×200, ${codes.filter((c) => c === 429).length}×429`,
    );
  } finally {
    api.child.kill();
    victimsPool.destroy();
    stormPool.destroy();
  }
  process.exit(0);
}

if (process.env["BENCH_ROLE"] === "api") await apiProcess();
else await main();
