// Services listing at scale: GET /api/my-lab/services for one user (10 releases) when the server
// watches 1 namespace, then when it watches 1,000 namespaces holding 10,000 releases, in one run:
// p95 of both (a user's listing must not pay for everyone's) and the memory each release costs.
//
// The releases are fake Helm release Secrets (vscode-lite, lib/fake-releases.ts) fed through a
// fake KubeClient: 10,000 real Secrets (and their watches) are more than the local apiserver
// takes in reasonable time on this 2-core machine. Caches, decoding and listing are the real ones.
//
// Run: node --import tsx bench/services-scale.ts   (no stack needed)
// The last run adds as many connections listing other users' services (a random user each
// request) while the one user's p95 is measured.
//
// Env: BENCH_NAMESPACES (1000), BENCH_PER_NAMESPACE (10), BENCH_DURATION (5), BENCH_CONNECTIONS (10)
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { forkApi } from "./lib/api-child.ts";
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
  const { addUsersWithReleases, fakeClusterApp } = await import("./lib/fake-cluster-app.ts");
  const { memoryBreakdown } = await import("./lib/memory-probe.ts");
  // Every namespace stays watched for the run (the default keeps the 500 most recent).
  const context = await fakeClusterApp({ maxNamespaces: namespaces + 1 });
  let filled = 0;
  process.on("message", async (message: { fill: number }) => {
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
    } satisfies Reply);
  });
  process.send?.({ url: context.url } satisfies Reply);
}

async function main(): Promise<void> {
  const { child, url } = await forkApi(fileURLToPath(import.meta.url), {}, ["--expose-gc"]);
  const ask = (fill: number) =>
    new Promise<Extract<Reply, { filled: number }>>((resolve, reject) => {
      child.once("message", (m) => resolve(m as Extract<Reply, { filled: number }>));
      child.once("exit", (code) => reject(new Error(`API process exited (${code})`)));
      child.send({ fill });
    });
  try {
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
    // Then the same user's listing while as many connections list other users' services, a
    // different user each request (every one of the 1,000 namespaces in turn).
    const others = httpLoadTest("other users", listUrl, {
      durationSeconds,
      connections,
      headers: () => ({
        "x-bench-user": `u${String(1 + Math.floor(Math.random() * (all.filled - 1))).padStart(5, "0")}`,
        "accept-encoding": "gzip",
      }),
    });
    const crowded = await httpLoadTest("all namespaces, others listing", listUrl, {
      durationSeconds,
      connections,
      headers,
    });
    const crowd = await others;
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
      [`same, while ${connections} connections list other users'`]: {
        p50: crowded.p50.toFixed(2),
        p95: crowded.p95.toFixed(2),
        p99: crowded.p99.toFixed(2),
        "req/s": `${crowded.reqPerSec.toFixed(0)} (+${crowd.reqPerSec.toFixed(0)} others, p95 ${crowd.p95.toFixed(2)})`,
        "non-2xx+errors": crowded.non2xx + crowded.errors + crowd.non2xx + crowd.errors,
      },
    });
    console.log(
      `p95 ratio (all / one namespace): ${(big.p95 / small.p95).toFixed(2)}; ` +
        `filling ${all.filled - one.filled} namespaces (list + decode + first listing) took ${(all.fillMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `memory per release (after GC): heap ${perRelease("heapUsed")} B, external ${perRelease("external")} B, RSS ${perRelease("rss")} B`,
    );
    const ok =
      big.p95 < 10 &&
      crowded.p95 < 10 &&
      big.non2xx + big.errors + crowded.non2xx + crowded.errors + crowd.non2xx + crowd.errors === 0;
    console.log(
      `Target p95 < 10 ms with ${releases(all.filled)} releases: ${ok ? "MET" : "NOT MET"}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.kill();
  }
}
