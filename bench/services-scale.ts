// Services listing at scale: GET /api/my-lab/services for one user (10 releases) when the server
// watches 1 namespace, then when it watches 1,000 namespaces holding 10,000 releases, in one run:
// p95 of both (a user's listing must not pay for everyone's) and the memory each release costs.
//
// The releases are fake Helm release Secrets (vscode-lite, lib/fake-releases.ts) fed through a
// fake KubeClient: 10,000 real Secrets (and their watches) are more than the local apiserver
// takes in reasonable time on this 2-core machine. Caches, decoding and listing are the real ones.
//
// The two servers (1 namespace, all of them) run side by side as production runs (the bundle,
// `npm run serve`'s Node options) and their load runs take turns, BENCH_ROUNDS times: on a shared
// machine the load average moves more between runs than the cluster's size moves a listing.
// The process with every release also counts its garbage collections during each run. The last
// run adds as many connections listing other users' services (a random user each request)
// while the one user's p95 is measured.
//
// Run: node --import tsx bench/services-scale.ts   (no stack needed)
// Env: BENCH_NAMESPACES (1000), BENCH_PER_NAMESPACE (10), BENCH_DURATION (5),
//      BENCH_CONNECTIONS (10), BENCH_ROUNDS (3), BENCH_API_NODE_ARGS (Node options of the API
//      processes instead of `npm run serve`'s)
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { httpLoadTest } from "./lib/http-load.ts";
import type { LoadResult } from "./lib/load-test.ts";
import { serveFlags } from "./lib/production-server.ts";
import type { GcStats, ScaleReply, ScaleRequest } from "./lib/scale-process.ts";

const namespaces = Number(process.env["BENCH_NAMESPACES"] ?? 1000);
const perNamespace = Number(process.env["BENCH_PER_NAMESPACE"] ?? 10);
const durationSeconds = Number(process.env["BENCH_DURATION"] ?? 5);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 10);
const rounds = Number(process.env["BENCH_ROUNDS"] ?? 3);
const root = fileURLToPath(new URL("..", import.meta.url));

type Filled = Extract<ScaleReply, { filled: number }>;

/** An API process (lib/scale-process.ts, bundled) run with `npm run serve`'s Node options. */
async function startApi(entry: string): Promise<{
  url: string;
  child: ChildProcess;
  ask: <T extends ScaleReply>(request: ScaleRequest) => Promise<T>;
}> {
  const serve = serveFlags();
  const nodeArgs = process.env["BENCH_API_NODE_ARGS"]?.split(" ").filter(Boolean) ?? serve.nodeArgs;
  const child = fork(entry, {
    execArgv: [...nodeArgs, "--expose-gc"],
    env: { ...process.env, ...serve.env, ONYXIA_TS_HOME: root },
  });
  const ask = <T extends ScaleReply>(request: ScaleRequest | null) =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`API process exited (${code})`));
      child.once("exit", onExit);
      child.once("message", (m) => {
        child.off("exit", onExit);
        resolve(m as T);
      });
      if (request) child.send(request);
    });
  const { url } = await ask<Extract<ScaleReply, { url: string }>>(null);
  return { url, child, ask };
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

const outdir = mkdtempSync(path.join(tmpdir(), "onyxia-bench-scale-"));
execFileSync(
  process.execPath,
  ["scripts/build-server.mjs", "--entry", "bench/lib/scale-process.ts", "--outdir", outdir],
  { cwd: root, stdio: "inherit" },
);
// Two API processes side by side: one watching 1 namespace, one watching them all. Their load
// runs take turns (small, big, big, small, …), so load that moves on the machine moves both.
const [small, big] = await Promise.all([
  startApi(path.join(outdir, "main.js")),
  startApi(path.join(outdir, "main.js")),
]);
try {
  const headers = { "x-bench-user": "u00000", "accept-encoding": "gzip" };
  const loadBefore = loadavg()[0] ?? NaN;
  const smallFilled = await small.ask<Filled>({ fill: 1 });
  const bigOne = await big.ask<Filled>({ fill: 1 });
  const bigAll = await big.ask<Filled>({ fill: namespaces });
  const runs: Record<"small" | "big", LoadResult[]> = { small: [], big: [] };
  const gcs: GcStats[] = [];
  const load = async (which: "small" | "big") => {
    const api = which === "small" ? small : big;
    const url = `${api.url}/api/my-lab/services`;
    await httpLoadTest("warm-up", url, { durationSeconds: 1, connections, headers });
    if (which === "big") await big.ask({ gc: "start" });
    runs[which].push(await httpLoadTest(which, url, { durationSeconds, connections, headers }));
    if (which === "big")
      gcs.push((await big.ask<Extract<ScaleReply, { gc: GcStats }>>({ gc: "stop" })).gc);
  };
  for (let round = 0; round < rounds; round++)
    for (const which of round % 2 === 0 ? (["small", "big"] as const) : (["big", "small"] as const))
      await load(which);

  // Then the same user's listing while as many connections list other users' services, a
  // different user each request (every one of the 1,000 namespaces in turn).
  const listUrl = `${big.url}/api/my-lab/services`;
  const others = httpLoadTest("other users", listUrl, {
    durationSeconds,
    connections,
    headers: () => ({
      "x-bench-user": `u${String(1 + Math.floor(Math.random() * (bigAll.filled - 1))).padStart(5, "0")}`,
      "accept-encoding": "gzip",
    }),
  });
  const crowded = await httpLoadTest("all namespaces, others listing", listUrl, {
    durationSeconds,
    connections,
    headers,
  });
  const crowd = await others;
  const releases = (n: number) => n * perNamespace;
  const perRelease = (key: "heapUsed" | "rss" | "external") =>
    ((bigAll[key] - bigOne[key]) / (releases(bigAll.filled) - releases(bigOne.filled))).toFixed(0);
  const mib = (n: number) => (n / 1048576).toFixed(1);
  const summary = (rs: LoadResult[]) => ({
    "p50 (median)": median(rs.map((r) => r.p50)).toFixed(2),
    "p95 (median)": median(rs.map((r) => r.p95)).toFixed(2),
    "p95 each run": rs.map((r) => r.p95.toFixed(1)).join(" / "),
    "req/s": median(rs.map((r) => r.reqPerSec)).toFixed(0),
    "non-2xx+errors": rs.reduce((n, r) => n + r.non2xx + r.errors, 0),
  });
  console.log(
    `\nGET /api/my-lab/services for one user (${perNamespace} releases), ${connections} connections, ` +
      `${rounds} runs of ${durationSeconds} s each taking turns, load average ${loadBefore.toFixed(1)} before, ` +
      `${(loadavg()[0] ?? NaN).toFixed(1)} after (production bundle, \`npm run serve\`'s Node options, fake KubeClient):`,
  );
  console.table({
    [`1 namespace watched, ${releases(1)} releases`]: {
      ...summary(runs.small),
      "heap MiB": mib(smallFilled.heapUsed),
      "RSS MiB": mib(smallFilled.rss),
    },
    [`${bigAll.filled} namespaces watched, ${releases(bigAll.filled)} releases`]: {
      ...summary(runs.big),
      "heap MiB": mib(bigAll.heapUsed),
      "RSS MiB": mib(bigAll.rss),
    },
    [`same, while ${connections} connections list other users'`]: {
      ...summary([crowded]),
      "req/s": `${crowded.reqPerSec.toFixed(0)} (+${crowd.reqPerSec.toFixed(0)} others, p95 ${crowd.p95.toFixed(2)})`,
      "non-2xx+errors": crowded.non2xx + crowded.errors + crowd.non2xx + crowd.errors,
    },
  });
  const bigP95 = median(runs.big.map((r) => r.p95));
  const smallP95 = median(runs.small.map((r) => r.p95));
  console.log(
    `p95 ratio (all / one namespace, medians): ${(bigP95 / smallP95).toFixed(2)}; ` +
      `filling ${bigAll.filled - bigOne.filled} namespaces (list + decode + first listing) took ${(bigAll.fillMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `garbage collections in the ${releases(bigAll.filled)}-release process during each run: ` +
      gcs
        .map(
          (g) =>
            `${g.count} (${g.major} full), ${g.totalMs.toFixed(0)} ms in all, longest ${g.maxMs.toFixed(1)} ms`,
        )
        .join("; "),
  );
  console.log(
    `memory per release (after GC, 1 → ${bigAll.filled} namespaces): heap ${perRelease("heapUsed")} B, external ${perRelease("external")} B, RSS ${perRelease("rss")} B`,
  );
  const errors = [...runs.small, ...runs.big, crowded, crowd].reduce(
    (n, r) => n + r.non2xx + r.errors,
    0,
  );
  const ok = bigP95 < 10 && errors === 0;
  console.log(
    `Target p95 < 10 ms with ${releases(bigAll.filled)} releases (median of ${rounds} runs): ${ok ? "MET" : "NOT MET"}` +
      (crowded.p95 < 10 ? "" : `; not under concurrent listings (${crowded.p95.toFixed(1)} ms)`),
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  small.child.kill();
  big.child.kill();
  rmSync(outdir, { recursive: true, force: true });
}
