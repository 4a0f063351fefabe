// Services listing at scale: GET /api/my-lab/services for one user (10 releases) when the server
// watches 1 namespace, then when it watches 1,000 namespaces holding 10,000 releases, in one run:
// p95 of both (a user's listing must not pay for everyone's) and the memory each release costs.
//
// The releases are fake Helm release Secrets (vscode-lite, lib/fake-releases.ts) fed through a
// fake KubeClient: 10,000 real Secrets (and their watches) are more than the local apiserver
// takes in reasonable time on this 2-core machine. Caches, decoding and listing are the real ones.
//
// Run: node --import tsx bench/services-scale.ts   (no stack needed)
// Env: BENCH_NAMESPACES (1000), BENCH_PER_NAMESPACE (10), BENCH_DURATION (5), BENCH_CONNECTIONS (10)
import { fork } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { httpLoadTest } from "./lib/http-load.ts";

const namespaces = Number(process.env["BENCH_NAMESPACES"] ?? 1000);
const perNamespace = Number(process.env["BENCH_PER_NAMESPACE"] ?? 10);
const durationSeconds = Number(process.env["BENCH_DURATION"] ?? 5);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 10);

type Reply =
  | { url: string }
  | { filled: number; heapUsed: number; rss: number; external: number; fillMs: number };

if (process.env["BENCH_ROLE"] === "api") await apiProcess();
else await main();

async function apiProcess(): Promise<void> {
  const { resolveConfig } = await import("@onyxia-ts/core");
  const { buildApp } = await import("../packages/server/src/app.ts");
  const { FakeCluster, releaseTemplate } = await import("./lib/fake-releases.ts");
  const cluster = new FakeCluster(await releaseTemplate());
  const { config } = resolveConfig({
    file: {
      name: "bench",
      data: {
        catalogs: [],
        regions: [{ id: "bench", services: { singleNamespace: false, namespacePrefix: "user-" } }],
        audit: { sink: "none" },
      },
    },
  });
  const app = await buildApp({
    config,
    webDistDirectory: null,
    build: { version: "bench", timestamp: 0 },
    // Every namespace stays watched for the run (the default keeps the 500 most recent).
    platform: { clients: { bench: cluster.client() }, maxNamespaces: namespaces + 1 },
    users: {
      resolve: async (request) => {
        const idep = String(request.headers["x-bench-user"] ?? "default");
        return { idep, email: "", nomComplet: idep, ip: "", groups: [], roles: [], attributes: {} };
      },
    },
  });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  const gc = (globalThis as { gc?: () => void }).gc;
  const memory = async () => {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage();
  };
  let filled = 0;
  process.on("message", async (message: { fill: number }) => {
    const t = performance.now();
    for (; filled < message.fill; filled++) {
      const user = `u${String(filled).padStart(5, "0")}`;
      cluster.addReleases(`user-${user}`, user, perNamespace);
      const reply = await app.inject({
        url: "/api/my-lab/services",
        headers: { "x-bench-user": user },
      });
      if (
        reply.statusCode !== 200 ||
        (reply.json() as { apps: unknown[] }).apps.length !== perNamespace
      )
        throw new Error(`listing of ${user}: ${reply.statusCode} ${reply.body.slice(0, 200)}`);
    }
    const fillMs = performance.now() - t;
    const m = await memory();
    process.send?.({
      filled,
      heapUsed: m.heapUsed,
      rss: m.rss,
      external: m.external,
      fillMs,
    } satisfies Reply);
  });
  process.send?.({ url: address } satisfies Reply);
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), {
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: { ...process.env, BENCH_ROLE: "api" },
  });
  const next = () =>
    new Promise<Reply>((resolve, reject) => {
      child.once("message", (m) => resolve(m as Reply));
      child.once("exit", (code) => reject(new Error(`API process exited (${code})`)));
    });
  const ask = (fill: number) => {
    const reply = next();
    child.send({ fill });
    return reply as Promise<Extract<Reply, { filled: number }>>;
  };
  try {
    const { url } = (await next()) as { url: string };
    const listUrl = `${url}/api/my-lab/services`;
    const headers = { "x-bench-user": "u00000", "accept-encoding": "gzip" };
    const loadBefore = loadavg()[0] ?? NaN;
    const one = await ask(1);
    await httpLoadTest("warm-up", listUrl, { durationSeconds: 1, connections, headers });
    const small = await httpLoadTest("1 namespace", listUrl, {
      durationSeconds,
      connections,
      headers,
    });
    const all = await ask(namespaces);
    await httpLoadTest("warm-up", listUrl, { durationSeconds: 1, connections, headers });
    const big = await httpLoadTest("all namespaces", listUrl, {
      durationSeconds,
      connections,
      headers,
    });
    // A different user each request: every listing comes from its own namespace's cache.
    const releases = (n: number) => n * perNamespace;
    const perRelease = (key: "heapUsed" | "rss" | "external") =>
      ((all[key] - one[key]) / (releases(all.filled) - releases(one.filled))).toFixed(0);
    const mib = (n: number) => (n / 1048576).toFixed(1);
    console.log(
      `\nGET /api/my-lab/services for one user (${perNamespace} releases), ${connections} connections, ${durationSeconds} s, ` +
        `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? NaN).toFixed(1)} after (TypeScript through tsx, fake KubeClient):`,
    );
    console.table({
      [`1 namespace watched, ${releases(1)} releases`]: {
        p50: small.p50.toFixed(2),
        p95: small.p95.toFixed(2),
        p99: small.p99.toFixed(2),
        "req/s": small.reqPerSec.toFixed(0),
        "non-2xx+errors": small.non2xx + small.errors,
        "heap MiB": mib(one.heapUsed),
        "RSS MiB": mib(one.rss),
      },
      [`${all.filled} namespaces watched, ${releases(all.filled)} releases`]: {
        p50: big.p50.toFixed(2),
        p95: big.p95.toFixed(2),
        p99: big.p99.toFixed(2),
        "req/s": big.reqPerSec.toFixed(0),
        "non-2xx+errors": big.non2xx + big.errors,
        "heap MiB": mib(all.heapUsed),
        "RSS MiB": mib(all.rss),
      },
    });
    console.log(
      `p95 ratio (all / one namespace): ${(big.p95 / small.p95).toFixed(2)}; ` +
        `filling ${all.filled - one.filled} namespaces (list + decode + first listing) took ${(all.fillMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `memory per release (after GC): heap ${perRelease("heapUsed")} B, external ${perRelease("external")} B, RSS ${perRelease("rss")} B`,
    );
    const ok = big.p95 < 10 && big.non2xx + big.errors === 0;
    console.log(
      `Target p95 < 10 ms with ${releases(all.filled)} releases: ${ok ? "MET" : "NOT MET"}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.kill();
  }
}
