// Watches at scale on the local stack's real apiserver (issue 11 item 1, issue 16 item 5):
// N namespaces (300) holding one Helm release each, all listed so the server watches them all
// (7 watches per namespace: 2,100 streams), in ONE run with watches and log streams over HTTP/2
// (the default) and over HTTP/1.1 (one TLS socket per watch, as before; its socket cap raised so
// every namespace is watched rather than starved). Per transport, in the API process: RSS and V8
// heap after start and with the N namespaces watched (after full GCs), the TCP connections to the
// apiserver (from /proc), the time for the first listing of every namespace (list + watch), the
// p95 of one user's listing while N are watched, and how long a change made in every namespace
// takes to show in every listing (the watches at work).
//
// Run: node --import tsx bench/watch-scale.ts   (needs the local stack)
// Env: BENCH_NAMESPACES (300), BENCH_DURATION (5), BENCH_CONNECTIONS (10),
//      BENCH_TRANSPORTS ("http2,http1"), BENCH_CALLS (2000: ordinary calls timed per transport),
//      BENCH_CALL_ROUNDS (2)
//
// First, ordinary calls (GET of a namespace's Secrets, 20 at once) on the HTTP/1.1 keep-alive agent
// and on HTTP/2 sessions, alternated twice: which transport the calls keep.
import http from "node:http";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { connectionsTo } from "../stack/lib/testing/connections.ts";
import { forkApi, reportUrl } from "./lib/api-child.ts";
import { httpLoadTest } from "./lib/http-load.ts";

const N = Number(process.env["BENCH_NAMESPACES"] ?? 300);
const durationSeconds = Number(process.env["BENCH_DURATION"] ?? 5);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const transports = (process.env["BENCH_TRANSPORTS"] ?? "http2,http1").split(",");
const CALLS = Number(process.env["BENCH_CALLS"] ?? 2000);
const CALL_ROUNDS = Number(process.env["BENCH_CALL_ROUNDS"] ?? 2);
const APISERVER_PORT = 36443;

interface Figures {
  rss: number;
  heapUsed: number;
  tcp: number;
  sockets: { calls: number; streams: number; sessions?: number; openStreams?: number };
  watched: number;
  listOnly: number;
}

async function apiProcess(): Promise<void> {
  const { benchRegionConfig } = await import("./lib/bench-config.ts");
  const { buildApp } = await import("../packages/server/src/app.ts");
  const { noAuthUser } = await import("../packages/server/src/user/index.ts");
  const { createKubeClient, loadKubeconfigFiles } =
    await import("../packages/server/src/kubernetes/index.ts");
  const { memoryBreakdown } = await import("./lib/memory-probe.ts");
  const prefix = process.env["BENCH_PREFIX"] as string;
  const client = await createKubeClient(loadKubeconfigFiles([String(process.env["KUBECONFIG"])]), {
    http2: process.env["BENCH_TRANSPORT"] === "http2",
    maxStreamSockets: 8 * N + 100,
  });
  const config = benchRegionConfig(prefix, {
    settings: { audit: { sink: "none" }, security: { rateLimit: { max: 0 } } },
  });
  const app = await buildApp({
    config,
    webDistDirectory: null,
    build: { version: "bench", timestamp: 0 },
    users: {
      resolve: async (request) => ({
        ...noAuthUser(request.ip),
        idep: String(request.headers["x-bench-user"] ?? "default"),
      }),
    },
    platform: { clients: { bench: client } },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const region = await app.onyxia.platform.region(config.regions[0]!);
  process.on("message", async (m) => {
    if (m !== "figures") return;
    const memory = await memoryBreakdown();
    const stats = region.caches.stats();
    process.send?.({
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      tcp: connectionsTo(APISERVER_PORT),
      sockets: client.sockets?.() ?? { calls: 0, streams: 0 },
      watched: stats.namespaces,
      listOnly: stats.listOnly,
    } satisfies Figures);
  });
  reportUrl(app);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eachLimited<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** The release names of `user`'s listing. */
function listing(url: string, user: string, agent: http.Agent): Promise<string[]> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/api/my-lab/services`, { agent, headers: { "x-bench-user": user } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve((JSON.parse(body) as { apps: { id: string }[] }).apps.map((a) => a.id))
            : reject(new Error(`listing of ${user}: ${res.statusCode} ${body.slice(0, 200)}`)),
        );
      })
      .on("error", reject);
  });
}

async function main(): Promise<void> {
  const { createContext } = await import("../stack/lib/context.ts");
  const { isStackUp } = await import("../stack/lib/orchestrator.ts");
  const { readEnvFile } = await import("../stack/lib/env-file.ts");
  const { kube, uniqueName } = await import("../stack/lib/testing/kube.ts");
  const { releaseSecretText, releaseTemplate } = await import("./lib/fake-releases.ts");
  const { cleanupOnExit } = await import("./lib/namespace-cleanup.ts");
  const ctx = createContext();
  if (!(await isStackUp(ctx, { only: ["kwok"] }))) throw new Error("the local stack is down");
  Object.assign(process.env, readEnvFile(ctx));
  const admin = kube();
  const prefix = `${uniqueName("wscale")}-`;
  const users = Array.from({ length: N }, (_, i) => `u${String(i).padStart(3, "0")}`);
  const template = await releaseTemplate();
  const secret = (user: string, name: string) => {
    const object = JSON.parse(releaseSecretText(template, name, `${prefix}${user}`, 1)) as {
      metadata: Record<string, unknown>;
    };
    for (const key of ["resourceVersion", "uid", "creationTimestamp", "managedFields"])
      delete object.metadata[key];
    return object;
  };
  const cleanup = cleanupOnExit(() =>
    eachLimited(users, 20, (user) => admin.remove(`/api/v1/namespaces/${prefix}${user}`)),
  );
  const loadBefore = loadavg()[0] ?? NaN;
  const rows: Record<string, Record<string, string | number>> = {};
  try {
    await eachLimited(users, 20, async (user) => {
      await admin.create("/api/v1/namespaces", { metadata: { name: `${prefix}${user}` } });
      await admin.create(`/api/v1/namespaces/${prefix}${user}/secrets`, secret(user, "base-1"));
    });
    const { createKubeClient, loadKubeconfigFiles } =
      await import("../packages/server/src/kubernetes/index.ts");
    const calls: Record<string, { times: number[]; seconds: number }> = {};
    const rounds = Array.from({ length: CALL_ROUNDS }, () => ["http1", "http2"]).flat();
    for (const over of rounds) {
      const client = await createKubeClient(
        loadKubeconfigFiles([String(process.env["KUBECONFIG"])]),
        { callsOverHttp2: over === "http2" },
      );
      const path = `/api/v1/namespaces/${prefix}${users[0]}/secrets`;
      for (let i = 0; i < 40; i++) await client.getJson(path); // warm: connections open
      const entry = (calls[over] ??= { times: [], seconds: 0 });
      const t = performance.now();
      await eachLimited(
        Array.from({ length: CALLS / CALL_ROUNDS }, (_, i) => i),
        20,
        async () => {
          const started = performance.now();
          await client.getJson(path);
          entry.times.push(performance.now() - started);
        },
      );
      entry.seconds += (performance.now() - t) / 1000;
      client.close();
    }
    const pct = (sorted: number[], p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
    const callRows: Record<string, Record<string, string>> = {};
    for (const [over, { times, seconds }] of Object.entries(calls)) {
      times.sort((a, b) => a - b);
      callRows[`calls over ${over}`] = {
        "calls/s": (times.length / seconds).toFixed(0),
        "p50 ms": pct(times, 50).toFixed(2),
        "p95 ms": pct(times, 95).toFixed(2),
      };
    }
    for (const transport of transports) {
      const { child, url } = await forkApi(
        fileURLToPath(import.meta.url),
        { BENCH_PREFIX: prefix, BENCH_TRANSPORT: transport },
        ["--expose-gc"],
      );
      const figures = () =>
        new Promise<Figures>((resolve) => {
          child.once("message", (m) => resolve(m as Figures));
          child.send("figures");
        });
      const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
      try {
        await listing(url, "nobody", agent).catch(() => undefined); // the region is built
        const idle = await figures();
        // First listing of every namespace: each cache lists, then watches.
        let t = performance.now();
        await eachLimited(users, 20, async (user) => void (await listing(url, user, agent)));
        const firstMs = performance.now() - t;
        let full = await figures();
        for (let i = 0; i < 120 && (full.sockets.openStreams ?? 0) < 7 * N; i++) {
          await sleep(500);
          full = await figures();
        }
        const load = await httpLoadTest(`one user, ${N} watched`, `${url}/api/my-lab/services`, {
          durationSeconds,
          connections,
          headers: { "x-bench-user": users[0]! },
        });
        // A new release in every namespace: how long until every listing shows it.
        const tag = `vscode-${transport}9`;
        t = performance.now();
        await eachLimited(users, 20, (user) =>
          admin.create(`/api/v1/namespaces/${prefix}${user}/secrets`, secret(user, tag)),
        );
        const createdMs = performance.now() - t;
        const pending = new Set(users);
        while (pending.size > 0 && performance.now() - t < 120_000)
          await eachLimited([...pending], 20, async (user) => {
            if ((await listing(url, user, agent)).includes(tag)) pending.delete(user);
          });
        const seenMs = performance.now() - t;
        const mib = (n: number) => (n / 1048576).toFixed(1);
        rows[transport] = {
          "RSS idle MiB": mib(idle.rss),
          [`RSS ${N} ns MiB`]: mib(full.rss),
          "heap idle MiB": mib(idle.heapUsed),
          [`heap ${N} ns MiB`]: mib(full.heapUsed),
          "KiB/namespace (RSS)": ((full.rss - idle.rss) / N / 1024).toFixed(1),
          "TCP conns": full.tcp,
          "streams/sessions": `${full.sockets.openStreams}/${full.sockets.sessions ?? 0}`,
          "watched/list-only": `${full.watched}/${full.listOnly}`,
          "first listing of all s": (firstMs / 1000).toFixed(1),
          "p50 ms": load.p50.toFixed(2),
          "p95 ms": load.p95.toFixed(2),
          "change seen everywhere s": `${(seenMs / 1000).toFixed(1)} (writes ${(createdMs / 1000).toFixed(1)})${pending.size ? `, ${pending.size} never` : ""}`,
        };
      } finally {
        agent.destroy();
        child.kill();
      }
    }
    console.log(
      `\n${N} namespaces watched by one API process (7 watches each), stack apiserver; load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after:`,
    );
    console.table(rows);
    console.log(`\n${CALLS} GETs per transport, 20 at once, in ${CALL_ROUNDS} alternated rounds:`);
    console.table(callRows);
    if (rows["http2"] && rows["http1"])
      console.log(
        `RSS with ${N} namespaces watched, HTTP/2 / HTTP/1.1: ${(Number(rows["http2"][`RSS ${N} ns MiB`]) / Number(rows["http1"][`RSS ${N} ns MiB`])).toFixed(2)}`,
      );
  } finally {
    await cleanup();
  }
  process.exit(0);
}

if (process.env["BENCH_ROLE"] === "api") await apiProcess();
else await main();
